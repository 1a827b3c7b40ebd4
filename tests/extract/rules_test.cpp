#include "extract/rules.h"

#include <catch2/catch.hpp>

#include <string>

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

TEST_CASE("a bad pattern is reported with file, rule id and RE2's message", "[rules]") {
  testing::TempDir dir;
  testing::WriteFile(dir / "bad.yaml", "rules:\n  - id: broken.one\n    pattern: '(unclosed'\n");
  auto rules = RuleSet::Load({dir.path().string()});
  REQUIRE_FALSE(rules.ok());
  const std::string msg = rules.status().message();
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

}  // namespace
}  // namespace newsfacts
