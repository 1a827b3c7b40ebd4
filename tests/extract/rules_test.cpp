#include "extract/rules.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "extract/extract.h"
#include "test_util.h"

namespace newsfacts {
namespace {

std::string BuiltinRules() { return std::string(NEWSFACTS_DATA_DIR) + "/rules"; }

TEST_CASE("every built-in rule passes its own examples", "[rules]") {
  auto rules = RuleSet::Load({BuiltinRules()});
  REQUIRE(rules.ok());
  int examples = 0;
  for (const RuleTestResult& r : TestRuleExamples(**rules)) {
    INFO("rule " << r.rule_id << " (" << r.file << ")");
    for (const std::string& f : r.failures) UNSCOPED_INFO(f);
    CHECK(r.failed == 0);
    CHECK(r.passed > 0);  // every rule documents itself with at least one example
    examples += r.passed;
  }
  CHECK(examples > 100);
}

// The rule set of a folder holding one rule file with `yaml` in it (the folder goes; the rules stay).
std::unique_ptr<RuleSet> LoadYaml(const std::string& yaml) {
  testing::TempDir dir;
  testing::WriteFile(dir / "rules.yaml", yaml);
  auto rules = RuleSet::Load({dir.path().string()});
  REQUIRE(rules.ok());
  return std::move(rules).value();
}

// The error of loading a folder holding one rule file, bad.yaml, with `yaml` in it.
std::string LoadError(const std::string& yaml) {
  testing::TempDir dir;
  testing::WriteFile(dir / "bad.yaml", yaml);
  auto rules = RuleSet::Load({dir.path().string()});
  REQUIRE_FALSE(rules.ok());
  return rules.status().message();
}

TEST_CASE("a bad pattern is reported with file, rule id and RE2's message", "[rules]") {
  const std::string msg = LoadError("rules:\n  - id: broken.one\n    pattern: '(unclosed'\n");
  CHECK(msg.find("bad.yaml") != std::string::npos);
  CHECK(msg.find("broken.one") != std::string::npos);
  CHECK(msg.find("missing )") != std::string::npos);
}

TEST_CASE("broken YAML, unknown definitions and unknown types are errors, not crashes", "[rules]") {
  testing::TempDir dir;
  SECTION("yaml") {
    testing::WriteFile(dir / "a.yaml", "rules: [\n  - id: x\n");
    auto rules = RuleSet::Load({dir.path().string()});
    REQUIRE_FALSE(rules.ok());
    CHECK(rules.status().message().find("a.yaml") != std::string::npos);
  }
  SECTION("definition") {
    testing::WriteFile(dir / "a.yaml", "rules:\n  - id: x.y\n    pattern: '{{nope}}'\n");
    auto rules = RuleSet::Load({dir.path().string()});
    REQUIRE_FALSE(rules.ok());
    CHECK(rules.status().message().find("{{nope}}") != std::string::npos);
  }
  SECTION("type") {
    testing::WriteFile(dir / "a.yaml", "rules:\n  - id: x.y\n    type: money\n    pattern: 'a'\n");
    auto rules = RuleSet::Load({dir.path().string()});
    REQUIRE_FALSE(rules.ok());
    CHECK(rules.status().message().find("unknown type") != std::string::npos);
  }
  SECTION("missing folder") {
    auto rules = RuleSet::Load({(dir / "missing")});
    REQUIRE_FALSE(rules.ok());
    CHECK(rules.status().code() == Status::Code::kNotFound);
  }
}

TEST_CASE("a unit rule needs a unit or a cur group, and its examples give no figure", "[rules]") {
  std::string msg = LoadError("rules:\n  - id: unit.x\n    type: unit\n    pattern: '(?P<num>percent)'\n");
  CHECK(msg.find("bad.yaml") != std::string::npos);
  CHECK(msg.find("unit.x") != std::string::npos);
  CHECK(msg.find("needs `unit:` or a `cur` group") != std::string::npos);
  msg = LoadError("rules:\n  - id: unit.x\n    type: unit\n    unit: percent\n    pattern: 'percent'\n"
                  "    examples:\n      - {text: 'a percent', value: 1}\n");
  CHECK(msg.find("unit.x") != std::string::npos);
  CHECK(msg.find("give only `unit`, `match` or `none`") != std::string::npos);
}

TEST_CASE("a unit named without a figure is a unit mention, and a quantity over it wins", "[rules]") {
  auto rules = RuleSet::Load({BuiltinRules()});
  REQUIRE(rules.ok());
  std::vector<Mention> found =
      (*rules)->Find("How do I calculate a percentage? Growth was 28 percent, or 28%, and the % of it.", "");
  REQUIRE(found.size() == 4);
  CHECK(found[0].type == Mention::Type::kUnit);
  CHECK(found[0].text == "percentage");
  CHECK(found[0].quantity.unit == "percent");
  CHECK(found[1].type == Mention::Type::kQuantity);
  CHECK(found[1].text == "28 percent");
  CHECK(found[2].text == "28%");
  CHECK(found[3].type == Mention::Type::kUnit);
  CHECK(found[3].text == "%");
  // A "%" touching a letter or digit is no bare percent ("a%20b" in a link).
  for (const Mention& m : (*rules)->Find("see example.com/a%20b and 30%25", "")) CHECK(m.type != Mention::Type::kUnit);
  // Any unit, from a user's rule: "paid in dollars".
  const std::unique_ptr<RuleSet> custom = LoadYaml(
      "rules:\n  - id: unit.dollar\n    type: unit\n    unit: USD\n    pattern: '\\bdollars?\\b'\n");
  found = custom->Find("They were paid in dollars.", "");
  REQUIRE(found.size() == 1);
  CHECK(found[0].type == Mention::Type::kUnit);
  CHECK(found[0].quantity.unit == "USD");
  CHECK(found[0].rule == "unit.dollar");
  // Or the unit of its `cur` group, from the lexicon; a word the lexicon does not know gives nothing.
  const std::unique_ptr<RuleSet> looked_up = LoadYaml(
      "units:\n  thaler: XTH\n"
      "rules:\n  - id: unit.any\n    type: unit\n    pattern: '\\b(?P<cur>thalers?|zorkmids?)\\b'\n");
  found = looked_up->Find("paid in zorkmids, not in thaler", "");
  REQUIRE(found.size() == 1);
  CHECK(found[0].text == "thaler");
  CHECK(found[0].quantity.unit == "XTH");
}

TEST_CASE("an extra rules folder adds rules and overrides built-ins by id", "[rules]") {
  testing::TempDir dir;
  testing::WriteFile(dir / "extra.yaml",
                     "units:\n  bitcoin: BTC\n"
                     "rules:\n"
                     "  - id: money.bitcoin\n    priority: 60\n"
                     "    pattern: '\\b{{amount}}\\s*(?P<cur>bitcoin)\\b'\n"
                     "  - id: number.amount\n    priority: 10\n    pattern: 'zzzz(?P<num>\\d+)'\n");
  auto rules = RuleSet::Load({BuiltinRules(), dir.path().string()});
  REQUIRE(rules.ok());
  std::vector<Mention> found = (*rules)->Find("they hold 5 million bitcoin and 4,300 more", "");
  REQUIRE(found.size() == 1);  // number.amount was replaced: "4,300" alone no longer matches
  CHECK(found[0].rule == "money.bitcoin");
  CHECK(found[0].quantity.unit == "BTC");
  CHECK(found[0].quantity.value == Approx(5e6));
  const Rule* plain = (*rules)->FindRule("number.amount");
  REQUIRE(plain != nullptr);
  CHECK(plain->file.find("extra.yaml") != std::string::npos);
}

TEST_CASE("a rule's suffix extends its match where the pattern's match ends", "[rules]") {
  const std::unique_ptr<RuleSet> rules = LoadYaml("rules:\n"
                                                  "  - id: count.thing\n"
                                                  "    pattern: '(?P<num>\\d+)\\b'\n"
                                                  "    suffix: '\\s+(?P<noun>[a-z]+s)\\b'\n");
  std::vector<Mention> found = rules->Find("we built 20 zones and 7 of them", "");
  REQUIRE(found.size() == 2);
  CHECK(found[0].text == "20 zones");
  CHECK(found[0].end == found[0].start + 8);
  CHECK(found[0].quantity.value == 20);
  CHECK(found[0].quantity.unit == "zone");  // the suffix's group reaches the normaliser
  CHECK(found[1].text == "7");             // "of" is no plural: the pattern's match alone
  CHECK(found[1].quantity.unit.empty());
  // Like the pattern, the suffix stays inside its paragraph.
  found = rules->Find("20\n\nzones", "");
  REQUIRE(found.size() == 1);
  CHECK(found[0].text == "20");
}

TEST_CASE("a bad suffix is reported with file, rule id and RE2's message", "[rules]") {
  const std::string msg = LoadError("rules:\n  - id: broken.suffix\n    pattern: 'a'\n    suffix: '(unclosed'\n");
  CHECK(msg.find("bad.yaml") != std::string::npos);
  CHECK(msg.find("broken.suffix") != std::string::npos);
  CHECK(msg.find("bad suffix") != std::string::npos);
  CHECK(msg.find("missing )") != std::string::npos);
}

// A shortcut gives the groups of the spans it matches whole; other spans go through the pattern.
TEST_CASE("a rule's shortcut reads the groups of the spans it matches whole", "[rules]") {
  // The shortcut is deliberately unlike the pattern, so the test sees which one read the groups.
  const std::unique_ptr<RuleSet> rules = LoadYaml("rules:\n"
                                                  "  - id: count.thing\n"
                                                  "    pattern: '(?P<num>\\d+)(?P<scale>\\s*k)?\\b'\n"
                                                  "    shortcut: '\\d(?P<num>\\d+)'\n");
  rules->ClearThreadCache();
  std::vector<Mention> found = rules->Find("12 and 7 and 5 k", "");
  REQUIRE(found.size() == 3);
  CHECK(found[0].quantity.value == 2);     // the shortcut's num: "2" of "12"
  CHECK(found[1].quantity.value == 7);     // one digit: the shortcut does not match, the pattern reads it
  CHECK(found[2].quantity.value == 5000);  // "5 k": the pattern's num and scale
}

TEST_CASE("rules test reports a shortcut that reads other groups than its pattern", "[rules]") {
  const std::unique_ptr<RuleSet> rules = LoadYaml("rules:\n"
                                                  "  - id: count.thing\n"
                                                  "    pattern: '(?P<num>\\d+)\\b'\n"
                                                  "    shortcut: '\\d(?P<num>\\d+)'\n"
                                                  "    examples:\n"
                                                  "      - {text: 'we built 20 zones', value: 2}\n");
  std::vector<RuleTestResult> results = TestRuleExamples(*rules);
  REQUIRE(results.size() == 1);
  CHECK(results[0].failed == 1);
  REQUIRE(results[0].failures.size() == 1);
  CHECK(results[0].failures[0] ==
        "'we built 20 zones': shortcut reads group num of '20' as '0', the pattern as '20'");
}

TEST_CASE("a bad shortcut is reported with file, rule id and what is wrong", "[rules]") {
  std::string msg = LoadError("rules:\n  - id: broken.shortcut\n    pattern: '(?P<num>\\d+)'\n    shortcut: '(unclosed'\n");
  CHECK(msg.find("bad.yaml") != std::string::npos);
  CHECK(msg.find("broken.shortcut") != std::string::npos);
  CHECK(msg.find("bad shortcut") != std::string::npos);
  CHECK(msg.find("missing )") != std::string::npos);
  msg = LoadError("rules:\n  - id: broken.shortcut\n    pattern: '(?P<num>\\d+)'\n    shortcut: '(?P<number>\\d+)'\n");
  CHECK(msg.find("shortcut group 'number' is not a group of the pattern") != std::string::npos);
  msg = LoadError("rules:\n  - id: broken.shortcut\n    pattern: '(?P<num>\\d+)'\n    shortcut: '(\\d)(?P<num>\\d+)'\n");
  CHECK(msg.find("shortcut groups must be named") != std::string::npos);
}

// number.amount reads its counted noun as a suffix only to keep its scan small: it must find
// exactly what the one pattern with the noun as an optional tail finds.
TEST_CASE("number.amount with its noun as a suffix matches as the single pattern did", "[rules]") {
  auto loaded = LoadRuleFiles({BuiltinRules()});
  REQUIRE(loaded.ok());
  std::vector<Rule> folded = loaded->first;
  bool found_rule = false;
  for (Rule& rule : folded) {
    if (rule.id != "number.amount") continue;
    REQUIRE_FALSE(rule.suffix.empty());
    rule.pattern += "(?:" + rule.suffix + ")?";
    rule.suffix.clear();
    found_rule = true;
  }
  REQUIRE(found_rule);
  auto with_suffix = RuleSet::Compile(loaded->first, loaded->second);
  auto single = RuleSet::Compile(folded, loaded->second);
  REQUIRE(with_suffix.ok());
  REQUIRE(single.ok());
  const std::vector<std::string> texts = {
      "China plans to build around 20 pilot zones and 2,200 AI enterprises by 2027.",
      "Over 20 AI large models have passed; nearly 60 enterprises in less than half a year.",
      "for 20 years, three times, 1.2 million people, 3 dozens, a dozen cities, 20x faster, 5k runs",
      "between 10 and 20 people, more than 5000 or equal to 6000 units, 3 hundred and 2.12 hundred",
      "two National New Generation AI Innovation Development Experimental Zones have 100 datasets.",
      "20 x 30 rooms, 7 of them, 1,000 men and 2,000 women, 12 data centers, 40\n\nCompanies",
  };
  for (const std::string& text : texts) {
    INFO(text);
    const std::vector<Mention> a = (*with_suffix)->Find(text, "2024-05-01");
    const std::vector<Mention> b = (*single)->Find(text, "2024-05-01");
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].start == b[i].start);
      CHECK(a[i].end == b[i].end);
      CHECK(a[i].rule == b[i].rule);
      CHECK(a[i].quantity.value == b[i].quantity.value);
      CHECK(a[i].quantity.value_max == b[i].quantity.value_max);
      CHECK(a[i].quantity.unit == b[i].quantity.unit);
      CHECK(a[i].quantity.qualifier == b[i].quantity.qualifier);
    }
  }
}

TEST_CASE("overlaps resolve by span length, then priority", "[rules]") {
  auto rules = RuleSet::Load({BuiltinRules()});
  REQUIRE(rules.ok());
  std::vector<Mention> found = (*rules)->Find("exceeding 1 trillion yuan (about 140.9 billion U.S. dollars)", "");
  REQUIRE(found.size() == 2);
  CHECK(found[0].text == "exceeding 1 trillion yuan");
  CHECK(found[0].quantity.unit == "CNY");
  CHECK(found[1].text == "about 140.9 billion U.S. dollars");
  // Same span "2021-2025": the date rule outranks the numeric range.
  found = (*rules)->Find("the 2021-2025 period", "");
  REQUIRE(found.size() == 1);
  CHECK(found[0].type == Mention::Type::kDate);
  CHECK(found[0].iso == "2021/2025");
}

TEST_CASE("a protected span shields only when it is kept", "[rules]") {
  auto rules = RuleSet::Load({BuiltinRules()});
  REQUIRE(rules.ok());
  // "rmb 20" (currency first) loses to "10 rmb"; it must not veto "20 usd".
  std::vector<Mention> found = (*rules)->Find("10 rmb 20 usd", "");
  REQUIRE(found.size() == 2);
  CHECK(found[0].text == "10 rmb");
  CHECK(found[0].quantity.unit == "CNY");
  CHECK(found[1].text == "20 usd");
  CHECK(found[1].quantity.unit == "USD");
  // A kept money span still shields what starts inside it.
  found = (*rules)->Find("offering of $ 280 million first preferred ship mortgage notes", "");
  REQUIRE(found.size() == 1);
  CHECK(found[0].text == "$ 280 million");
}

TEST_CASE("a figure never ends inside a longer one", "[rules]") {
  auto rules = RuleSet::Load({BuiltinRules()});
  REQUIRE(rules.ok());
  CHECK((*rules)->Find("the 180.25ml liquid", "").empty());
  // A shorter match from the same start survives: "3 hundred", not "3 hundred and 2" of "2.12".
  std::vector<Mention> found = (*rules)->Find("3 hundred and 2.12 hundred", "");
  REQUIRE(found.size() == 2);
  CHECK(found[0].text == "3 hundred");
  CHECK(found[0].quantity.value == 300);
  CHECK(found[1].text == "2.12 hundred");
  CHECK(found[1].quantity.value == Approx(212));
}

TEST_CASE("holidays and week-relative days resolve against publication", "[rules]") {
  auto rules = RuleSet::Load({BuiltinRules()});
  REQUIRE(rules.ok());
  // Easter 2019 was April 21: "last easter" before it is 2018's (April 1), after it 2019's.
  std::vector<Mention> found = (*rules)->Find("When was the last easter?", "2019-03-12");
  REQUIRE(found.size() == 1);
  CHECK(found[0].iso == "2018-04-01");
  found = (*rules)->Find("When was the last easter?", "2019-06-12");
  REQUIRE(found.size() == 1);
  CHECK(found[0].iso == "2019-04-21");
  found = (*rules)->Find("Thanksgiving 2024 sales", "");
  REQUIRE(found.size() == 1);
  CHECK(found[0].iso == "2024-11-28");
  found = (*rules)->Find("shops opened before Christmas", "2019-03-12");  // no year: no date
  CHECK(found.empty());
  found = (*rules)->Find("next easter", "");
  REQUIRE(found.size() == 1);
  CHECK(found[0].unresolved);
  found = (*rules)->Find("We met on tuesday of last week", "2019-07-30");
  REQUIRE(found.size() == 1);
  CHECK(found[0].iso == "2019-07-23");
}

TEST_CASE("relative dates resolve against the publication date only", "[rules]") {
  auto rules = RuleSet::Load({BuiltinRules()});
  REQUIRE(rules.ok());
  std::vector<Mention> found = (*rules)->Find("Last year, sales grew.", "");
  REQUIRE(found.size() == 1);
  CHECK(found[0].unresolved);
  CHECK(found[0].iso.empty());
  found = (*rules)->Find("Last year, sales grew.", "2024-04-06T07:03:00");
  REQUIRE(found.size() == 1);
  CHECK_FALSE(found[0].unresolved);
  CHECK(found[0].iso == "2023");
}

TEST_CASE("ParseIsoDate reads date prefixes and rejects junk", "[rules]") {
  auto d = ParseIsoDate("2024-04-06T07:03:00");
  REQUIRE(d);
  CHECK(d->year == 2024);
  CHECK(d->month == 4);
  CHECK(d->day == 6);
  CHECK(ParseIsoDate("2024")->month == 0);
  CHECK_FALSE(ParseIsoDate("April"));
  CHECK_FALSE(ParseIsoDate("2024-13-01"));
}

// Everything a mention says, for comparing two runs.
std::string Describe(const std::vector<Mention>& mentions) {
  std::string out;
  for (const Mention& m : mentions) {
    out += std::to_string(static_cast<int>(m.type)) + " " + std::to_string(m.start) + "-" + std::to_string(m.end) +
           " " + m.rule + " " + std::to_string(m.quantity.value) + " " +
           (m.quantity.value_max ? std::to_string(*m.quantity.value_max) : "-") + " " + m.quantity.unit + " " +
           QualifierName(m.quantity.qualifier) + " " + m.iso + (m.unresolved ? " unresolved" : "") +
           (m.is_target_year ? " target" : "") + "\n";
  }
  return out;
}

TEST_CASE("what a rule set remembers from earlier texts never changes a result", "[rules]") {
  auto rules = RuleSet::Load({BuiltinRules()});
  REQUIRE(rules.ok());
  // The same figures in different company: spans repeat with other bytes around them (the context
  // of \b and ^), inside and outside money, ranges, years and product names.
  std::vector<std::string> texts;
  const YAML::Node golden = YAML::LoadFile(std::string(NEWSFACTS_TEST_DATA_DIR) + "/extract/golden_sentences.yaml");
  for (const YAML::Node& c : golden) texts.push_back(c["text"].as<std::string>());
  for (const char* t : {"2019", "In 2019, 20 firms.", "$20 and 20$", "x20 20x 20", "Gemini 2.5 and 2.5 million",
                        "2.5\n\n2.5 percent", "between 10 and 20 and 10-20", "-20 and 20-"}) {
    texts.push_back(t);
  }
  REQUIRE(texts.size() > 50);
  std::vector<std::string> fresh;  // each text with nothing remembered
  for (const std::string& t : texts) {
    (*rules)->ClearThreadCache();
    fresh.push_back(Describe((*rules)->Find(t, "2024-04-06")));
  }
  (*rules)->ClearThreadCache();
  for (int round = 0; round < 2; ++round) {  // in order, then again with everything remembered
    for (size_t i = 0; i < texts.size(); ++i) {
      INFO(texts[i]);
      CHECK(Describe((*rules)->Find(texts[i], "2024-04-06")) == fresh[i]);
    }
  }
  for (size_t i = texts.size(); i-- > 0;) {  // backwards
    INFO(texts[i]);
    CHECK(Describe((*rules)->Find(texts[i], "2024-04-06")) == fresh[i]);
  }
}

TEST_CASE("a remembered span is reused only where the bytes around it are the same", "[rules]") {
  // "12" after a space starts a word (\b: the whole 12); after a letter it does not (\B: only the
  // 1 is the figure). Same span, other groups: the memory must tell the two apart, both ways.
  const std::unique_ptr<RuleSet> rules = LoadYaml("rules:\n"
                                                  "  - id: edge.twelve\n"
                                                  "    pattern: '\\b(?P<num>12)|\\B(?P<num__2>1)2'\n");
  for (const char* first : {"see 12", "ab12"}) {
    rules->ClearThreadCache();
    rules->Find(first, "");
    std::vector<Mention> spaced = rules->Find("see 12", "");
    std::vector<Mention> glued = rules->Find("ab12", "");
    REQUIRE(spaced.size() == 1);
    REQUIRE(glued.size() == 1);
    CHECK(spaced[0].text == "12");
    CHECK(spaced[0].quantity.value == 12);
    CHECK(glued[0].text == "12");
    CHECK(glued[0].quantity.value == 1);
  }
  // Another rule set on the same thread (its rule 0 is another pattern) starts from nothing.
  const std::unique_ptr<RuleSet> other = LoadYaml("rules:\n"
                                                  "  - id: plain.twelve\n"
                                                  "    pattern: '(?P<num>12)'\n");
  for (int round = 0; round < 2; ++round) {
    REQUIRE(rules->Find("ab12", "").size() == 1);
    std::vector<Mention> plain = other->Find("ab12", "");
    REQUIRE(plain.size() == 1);
    CHECK(plain[0].quantity.value == 12);
    CHECK(rules->Find("ab12", "")[0].quantity.value == 1);
  }
}

TEST_CASE("a text with more distinct figures than the span memory holds is read whole", "[rules]") {
  auto rules = RuleSet::Load({BuiltinRules()});
  REQUIRE(rules.ok());
  // 40,000 distinct figures: the memory of spans (32,768) fills and starts over mid-text.
  std::string text;
  for (int i = 1; i <= 40000; ++i) text += "We saw " + std::to_string(3000 + i * 7) + " cats. ";  // no years
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<Mention> found = (*rules)->Find(text, "");
    REQUIRE(found.size() == 40000);
    for (int i = 1; i <= 40000; ++i) {
      const Mention& m = found[i - 1];
      if (m.quantity.value != 3000 + i * 7 || m.quantity.unit != "cat") {
        FAIL("figure " << i << ": " << m.text);
      }
    }
  }
}

}  // namespace
}  // namespace newsfacts
