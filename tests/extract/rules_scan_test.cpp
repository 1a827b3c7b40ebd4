// RuleSet::Find scans rule by rule over the paragraphs its RE2::Set picked, and reads the groups of
// each distinct span once per call (an article repeats its figures). Neither may change a result:
// a text of paragraphs gives exactly the mentions of each paragraph on its own, shifted, also when
// a paragraph repeats an earlier one (its spans' groups then come from the per-call cache).
#include "extract/rules.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

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

}  // namespace
}  // namespace newsfacts
