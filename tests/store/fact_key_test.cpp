#include "store/fact_key.h"

#include <catch2/catch.hpp>

#include "store_test_util.h"

namespace newsfacts {
namespace {

using testing::MakeFact;

TEST_CASE("NormalizeMetric lowercases, collapses spaces, drops a leading article", "[fact_key]") {
  CHECK(NormalizeMetric("  The   Scale of the AI core\tindustry ") == "scale of the ai core industry");
  CHECK(NormalizeMetric("A pilot zone") == "pilot zone");
  CHECK(NormalizeMetric("an AI ecosystem leader") == "ai ecosystem leader");
  CHECK(NormalizeMetric("theme parks") == "theme park");  // "the" only as a whole word
  CHECK(NormalizeMetric("") == "");
  CHECK(NormalizeMetric("the") == "the");
}

TEST_CASE("NormalizeMetric naively singularises the last word", "[fact_key]") {
  CHECK(NormalizeMetric("AI enterprises") == "ai enterprise");
  CHECK(NormalizeMetric("AI industries") == "ai industry");
  CHECK(NormalizeMetric("high-quality industry datasets") == "high-quality industry dataset");
  CHECK(NormalizeMetric("AI business") == "ai business");
  CHECK(NormalizeMetric("project status") == "project status");
  CHECK(NormalizeMetric("data analysis") == "data analysis");
  CHECK(NormalizeMetric("natural gas") == "natural gas");
}

TEST_CASE("FormatKeyNumber gives one representation per value", "[fact_key]") {
  CHECK(FormatKeyNumber(0.1 + 0.2) == FormatKeyNumber(0.3));
  CHECK(FormatKeyNumber(-0.0) == "0");
  CHECK(FormatKeyNumber(1e12) == FormatKeyNumber(1000000000000.0));
  CHECK(FormatKeyNumber(300e9) != FormatKeyNumber(400e9));
  CHECK(FormatKeyNumber(2.5) == "2.5");
}

TEST_CASE("FactKey equates wordings of the same fact and separates different ones", "[fact_key]") {
  Fact a = MakeFact("AI enterprises", 2200, "enterprise", "2024", "Beijing");
  Fact b = MakeFact("the AI  Enterprises", 2200, "Enterprise", "2024", "beijing", FactKind::kReported, 99);
  CHECK(FactKey(a) == FactKey(b));

  Fact other_value = a;
  other_value.quantity.value = 2300;
  CHECK(FactKey(a) != FactKey(other_value));
  Fact range = a;
  range.quantity.value_max = 3000;
  CHECK(FactKey(a) != FactKey(range));
  Fact other_date = a;
  other_date.date = "2025";
  CHECK(FactKey(a) != FactKey(other_date));
  Fact other_place = a;
  other_place.place = "Shanghai";
  CHECK(FactKey(a) != FactKey(other_place));
  Fact other_unit = a;
  other_unit.quantity.unit = "company";
  CHECK(FactKey(a) != FactKey(other_unit));
}

TEST_CASE("FactKey cannot be forged through the separator", "[fact_key]") {
  Fact a = MakeFact("x", 1, "", "2024", "");
  Fact b = MakeFact("x|1", 1, "", "2024", "");
  CHECK(FactKey(a) != FactKey(b));
}

TEST_CASE("RevisionKey ignores the value but not kind, unit, date or place", "[fact_key]") {
  Fact old_target = MakeFact("scale of the AI industry", 300e9, "CNY", "2025", "Beijing");
  Fact new_target = MakeFact("Scale of the AI industry", 400e9, "CNY", "2025", "Beijing");
  CHECK(RevisionKey(old_target) == RevisionKey(new_target));
  CHECK(FactKey(old_target) != FactKey(new_target));

  Fact reported = new_target;
  reported.kind = FactKind::kReported;
  CHECK(RevisionKey(old_target) != RevisionKey(reported));
  Fact elsewhere = new_target;
  elsewhere.place = "Shanghai";
  CHECK(RevisionKey(old_target) != RevisionKey(elsewhere));
  Fact no_metric = new_target;
  no_metric.metric = "  ";
  CHECK(RevisionKey(no_metric).empty());
}

}  // namespace
}  // namespace newsfacts
