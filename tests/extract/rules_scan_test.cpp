// RuleSet::Find scans rule by rule over the paragraphs its RE2::Set picked, and reads the groups of
// each distinct span once per call (an article repeats its figures). Neither may change a result:
// a text of paragraphs gives exactly the mentions of each paragraph on its own, shifted, also when
// a paragraph repeats an earlier one (its spans' groups then come from the per-call cache).
#include "extract/rules.h"

#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "test_util.h"

namespace newsfacts {
namespace {

std::string BuiltinRules() { return std::string(NEWSFACTS_DATA_DIR) + "/rules"; }

void CheckSame(const Mention& got, const Mention& want, size_t shift) {
  CHECK(got.start == want.start + shift);
  CHECK(got.end == want.end + shift);
  CHECK(got.text == want.text);
  CHECK(got.rule == want.rule);
  CHECK(got.type == want.type);
  CHECK(got.quantity.value == want.quantity.value);
  CHECK(got.quantity.value_max == want.quantity.value_max);
  CHECK(got.quantity.unit == want.quantity.unit);
  CHECK(got.quantity.qualifier == want.quantity.qualifier);
  CHECK(got.iso == want.iso);
  CHECK(got.unresolved == want.unresolved);
  CHECK(got.is_target_year == want.is_target_year);
}

TEST_CASE("paragraphs give the same mentions together as alone, also when repeated", "[rules]") {
  auto rules = RuleSet::Load({BuiltinRules()});
  REQUIRE(rules.ok());
  const std::vector<std::string> paragraphs = {
      "Beijing has about 28 percent of the country's 2,200 AI enterprises, up from 20 pilot zones in 2023.",
      "Sales rose 3.5% to $5 million by 2030; two thirds of 1,200 staff, between 10 and 20 people, "
      "and more than 40 and less than 10.",
      "The 180.25ml liquid lasted 20 years: 3 hundred and 2.12 hundred, COVID-19 cases, Gemini 2.5 on April 5.",
  };
  // Repeats: the third and fifth paragraphs are spans the call has seen before.
  const std::vector<int> order = {0, 1, 0, 2, 1};
  std::string text;
  std::vector<Mention> want;
  for (size_t k = 0; k < order.size(); ++k) {
    if (k > 0) text += "\n\n";
    const size_t shift = text.size();
    for (Mention m : (*rules)->Find(paragraphs[order[k]], "2024-04-06")) {
      m.start += shift;
      m.end += shift;
      want.push_back(std::move(m));
    }
    text += paragraphs[order[k]];
  }
  const std::vector<Mention> got = (*rules)->Find(text, "2024-04-06");
  REQUIRE(want.size() > 20);
  REQUIRE(got.size() == want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("mention " << i << ": '" << want[i].text << "' (" << want[i].rule << ")");
    CheckSame(got[i], want[i], 0);
  }
}

// The texts the rules are checked on, with the publication date each is read against: every rule's
// examples, the golden sentences and the seed articles.
std::vector<std::pair<std::string, std::string>> CheckTexts(const std::vector<Rule>& rules) {
  std::vector<std::pair<std::string, std::string>> texts;  // (text, published)
  for (const Rule& rule : rules) {
    for (const RuleExample& ex : rule.examples) texts.emplace_back(ex.text, ex.published.value_or("2024-04-06"));
  }
  YAML::Node golden = YAML::LoadFile(std::string(NEWSFACTS_TEST_DATA_DIR) + "/extract/golden_sentences.yaml");
  for (const YAML::Node& c : golden) texts.emplace_back(c["text"].as<std::string>(), "2024-04-06");
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(NEWSFACTS_SOURCE_DIR) / "samples")) {
    if (e.path().extension() == ".txt") texts.emplace_back(testing::ReadWholeFile(e.path()), "2024-04-06");
  }
  return texts;
}

// A shortcut must give each span it matches whole the groups the rule's pattern gives it: the same
// text in each of its groups, and nothing in the pattern's other groups. Checked on every span the
// pattern finds in the texts above, and on figures in many shapes.
TEST_CASE("a rule's shortcut reads the groups its pattern reads", "[rules]") {
  auto loaded = LoadRuleFiles({BuiltinRules()});
  REQUIRE(loaded.ok());
  std::vector<std::string> texts;
  for (auto& [text, published] : CheckTexts(loaded->first)) texts.push_back(std::move(text));
  for (const char* t : {"2019 1,200 3.5 12.75 0.5 100,000,000 7 $5 $5.99 €300 £20 $1,200.50 US$5 C$ 7 $ 8",
                        "28% 3.5 percent 9 % 12.5% 40 percentage 7 per cent 100%-200% 5 pct",
                        "1e5 1.3x10^6 12,34,567 1 234 567 40 000 .5 -3 3-5 20bn 5k 2.5bn $3-5 billion"}) {
    texts.emplace_back(t);
  }
  // Figures of every shape in running text: digits with and without separators and decimals, after
  // currency signs and words, before percents, scales, ranges and nouns.
  uint32_t state = 2024;
  auto next = [&](uint32_t n) {
    state = state * 1103515245u + 12345u;
    return (state >> 8) % n;
  };
  const char* before[] = {"", "$", "€", "£", "US$", "about ", "over $", "-", "rose "};
  const char* after[] = {"",          "%",     " percent",     " %", " million", "bn",          " people", "-4",
                         " to 9",     ".",     ",5",           "s",  " billion", " thousand",   " hundred", "–7",
                         " to 9 billion", "-12 million", " Million", " millions", " to 2.5%", " and 3"};
  for (int t = 0; t < 200; ++t) {
    std::string text = "In";
    for (int k = 0; k < 20; ++k) {
      std::string figure = std::to_string(next(10) == 0 ? next(10000000) : next(2100));
      if (next(3) == 0 && figure.size() > 3) figure.insert(figure.size() - 3, ",");
      if (next(3) == 0) figure += "." + std::to_string(next(100));
      text += std::string(" ") + before[next(9)] + figure + after[next(22)] + (next(4) == 0 ? "." : " and");
    }
    texts.push_back(text);
  }
  int shortcuts = 0;
  size_t spans_checked = 0;
  for (const Rule& rule : loaded->first) {
    if (rule.shortcut.empty()) continue;
    ++shortcuts;
    INFO("rule " << rule.id);
    ShortcutCheck check(rule);
    for (const std::string& text : texts) CHECK(check.Check(text).empty());
    spans_checked += check.spans_checked();
  }
  CHECK(shortcuts >= 3);
  CHECK(spans_checked > 3000);
}

// A trigger stands in for its rule's pattern in the RE2::Set pass, and must be a necessary condition:
// wherever the pattern can match, the trigger matches too. Else a paragraph that holds a match but
// not the trigger loses it. The rules with their triggers must find exactly what the same rules find
// with the full patterns in the Set, on every text the project has: the rules' examples, the golden
// sentences, the seed articles, and texts that reach each part of the triggers written by hand.
TEST_CASE("a rule's trigger never hides a match of its pattern", "[rules]") {
  auto loaded = LoadRuleFiles({BuiltinRules()});
  REQUIRE(loaded.ok());
  std::vector<Rule> untriggered = loaded->first;
  int triggers = 0;
  for (Rule& rule : untriggered) {
    if (!rule.trigger.empty()) ++triggers;
    rule.trigger.clear();
  }
  REQUIRE(triggers >= 20);
  auto with_triggers = RuleSet::Compile(loaded->first, loaded->second);
  auto full_patterns = RuleSet::Compile(untriggered, loaded->second);
  REQUIRE(with_triggers.ok());
  REQUIRE(full_patterns.ok());

  std::vector<std::pair<std::string, std::string>> texts = CheckTexts(loaded->first);  // (text, published)
  const size_t corpus_texts = texts.size();
  // Each alternative of the number rules' triggers, alone in its paragraph.
  for (const char* t : {
           "It paid 30 MUSD.", "It paid 30 MEUR", "5 won", "10 rand.", "12 francs", "a 12-cent dividend",
           "worth 3 bitcoins", "2 guilders", "9 pesos", "4 liras", "3 lire", "100 元", "50₿", "2 markkas",
           "above .5 and below .8", "over 5 and under 9", "from 10 to 20 units", "at least two and at most six",
           "at most 100 and at least 20 apples", "no more than 9, but no less than 3",
           "two thirds", "a half", "one-quarter", "3/4", "2 / 5", "¾", "one in five people", "1 out of 3",
           "nine out of ten", "a dozen in 7", "ninety over .5", "twenty-one over two", "a quarter million",
           "quarter billion", "five and a half million", "one twenty-fifth", "a hundred trillionths",
       }) {
    texts.emplace_back(t, "2024-04-06");
  }
  REQUIRE(corpus_texts > 350);
  size_t mentions = 0;
  for (const auto& [text, published] : texts) {
    INFO(text);
    const std::vector<Mention> got = (*with_triggers)->Find(text, published);
    const std::vector<Mention> want = (*full_patterns)->Find(text, published);
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < got.size(); ++i) CheckSame(got[i], want[i], 0);
    mentions += got.size();
  }
  CHECK(mentions > 500);
}

}  // namespace
}  // namespace newsfacts
