// Fact assembly with hand-made mentions: metric, kind, alternative values and inheritance.
#include "extract/facts.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace newsfacts {
namespace {

Mention Quantity(const std::string& text, const std::string& body, double value, const std::string& unit,
                 Qualifier q = Qualifier::kExact) {
  Mention m;
  m.type = Mention::Type::kQuantity;
  m.start = body.find(text);
  REQUIRE(m.start != std::string::npos);
  m.end = m.start + text.size();
  m.text = text;
  m.quantity.value = value;
  m.quantity.unit = unit;
  m.quantity.qualifier = q;
  m.rule = "test";
  return m;
}

Mention Date(const std::string& text, const std::string& body, const std::string& iso, bool target) {
  Mention m;
  m.type = Mention::Type::kDate;
  m.start = body.find(text);
  REQUIRE(m.start != std::string::npos);
  m.end = m.start + text.size();
  m.text = text;
  m.iso = iso;
  m.is_target_year = target;
  return m;
}

PlaceRef Place(const std::string& text, const std::string& body, const std::string& type = "country",
               size_t from = 0) {
  PlaceRef p;
  p.start = body.find(text, from);
  REQUIRE(p.start != std::string::npos);
  p.end = p.start + text.size();
  p.name = text;
  p.type = type;
  p.country_name = type == "country" ? text : "China";
  return p;
}

TEST_CASE("metric from the words before the quantity", "[facts]") {
  const std::string body = "By 2025, the scale of its AI core industry is scheduled to reach 300 billion yuan.";
  Mention q = Quantity("300 billion yuan", body, 3e11, "CNY");
  std::string unit = "CNY";
  CHECK(MetricFor(body, {0, body.size()}, q, {}, &unit) == "scale of the AI core industry");
  CHECK(unit == "CNY");
}

TEST_CASE("metric: number of X gives the unit, and a place possessive becomes 'the'", "[facts]") {
  const std::string body =
      "The total scale of China's AI core industry has reached 500 billion yuan, and the number of related "
      "enterprises has exceeded 4,300.";
  std::vector<PlaceRef> places = {Place("China", body)};
  Mention money = Quantity("500 billion yuan", body, 5e11, "CNY");
  std::string unit = "CNY";
  CHECK(MetricFor(body, {0, body.size()}, money, places, &unit) == "total scale of the AI core industry");
  Mention count = Quantity("exceeded 4,300", body, 4300, "", Qualifier::kOver);
  unit.clear();
  CHECK(MetricFor(body, {0, body.size()}, count, places, &unit) == "related enterprises");
  CHECK(unit == "enterprise");
}

// MetricFor reads only a clause's last words, and a percent's "of ..." only the first words after it,
// reading more when the words run out: a metric far from its quantity is still found.
TEST_CASE("metric: words far from the quantity are still read", "[facts]") {
  std::string fillers;
  for (int i = 0; i < 40; ++i) fillers += "also ";
  const std::string left = "The scale of the industry " + fillers + "reached 300 billion yuan.";
  Mention money = Quantity("300 billion yuan", left, 3e11, "CNY");
  std::string unit = "CNY";
  CHECK(MetricFor(left, {0, left.size()}, money, {}, &unit) == "scale of the industry");

  std::string articles;
  for (int i = 0; i < 40; ++i) articles += "the ";
  const std::string right = "Beijing has 28 percent of " + articles + "AI enterprises, ranking first.";
  Mention share = Quantity("28 percent", right, 28, "percent");
  unit = "percent";
  CHECK(MetricFor(right, {0, right.size()}, share, {}, &unit) == "share of AI enterprises");
}

TEST_CASE("metric: a bare subject is no metric", "[facts]") {
  const std::string body = "Beijing has 42.";
  std::vector<PlaceRef> places = {Place("Beijing", body, "municipality")};
  Mention q = Quantity("42", body, 42, "");
  std::string unit;
  CHECK(MetricFor(body, {0, body.size()}, q, places, &unit).empty());
}

TEST_CASE("assembly: alternative, target kind, sentence date and place", "[facts]") {
  const std::string body =
      "China aims to become a center by 2030, with the scale of its AI core industry exceeding 1 trillion "
      "yuan (about 140.9 billion U.S. dollars).";
  std::vector<Mention> mentions = {Date("by 2030", body, "2030", true),
                                   Quantity("exceeding 1 trillion yuan", body, 1e12, "CNY", Qualifier::kOver),
                                   Quantity("about 140.9 billion U.S. dollars", body, 140.9e9, "USD",
                                            Qualifier::kApprox)};
  std::vector<PlaceRef> places = {Place("China", body)};
  ArticleContext context;
  context.published = "2024-04-06";
  std::vector<Fact> facts = AssembleFacts(body, SplitParagraphs(body), mentions, places, context);
  REQUIRE(facts.size() == 1);
  CHECK(facts[0].kind == FactKind::kTarget);
  CHECK(facts[0].metric == "scale of the AI core industry");
  CHECK(facts[0].date == "2030");
  CHECK(facts[0].date_from == Provenance::kSentence);
  CHECK(facts[0].place == "China");
  CHECK(facts[0].place_from == Provenance::kSentence);
  REQUIRE(facts[0].alternative.has_value());
  CHECK(facts[0].alternative->unit == "USD");
}

// The kind reads the last cue before a quantity. The cues of a sentence are found once for all its
// quantities; a cue that runs into a quantity ("set to" where the quantity starts at "to") is no
// cue before it, and every quantity of the sentence reads its own cues.
TEST_CASE("assembly: the cues before each quantity of a sentence decide its kind", "[facts]") {
  const std::string body = "Sales of 9 chips were set to 40 units, and the firm will build 12 new labs.";
  std::vector<Mention> mentions = {Quantity("9 chips", body, 9, "chip"), Quantity("to 40 units", body, 40, "unit"),
                                   Quantity("12 new labs", body, 12, "lab")};
  ArticleContext context;
  context.published = "2024-04-06";
  std::vector<Fact> facts = AssembleFacts(body, SplitParagraphs(body), mentions, {}, context);
  REQUIRE(facts.size() == 3);
  CHECK(facts[0].kind == FactKind::kReported);  // no cue before it; "were" comes first after it
  CHECK(facts[1].kind == FactKind::kReported);  // "were" before it; "set to" runs into it
  CHECK(facts[2].kind == FactKind::kTarget);    // "will" after "were"

  // Where the cue that runs into the quantity ("targets to") has a shorter form before it ("targets").
  const std::string body2 = "It was the targets to 50 units.";
  std::vector<Mention> mentions2 = {Quantity("to 50 units", body2, 50, "unit")};
  std::vector<Fact> facts2 = AssembleFacts(body2, SplitParagraphs(body2), mentions2, {}, context);
  REQUIRE(facts2.size() == 1);
  CHECK(facts2[0].kind == FactKind::kTarget);

  // A cue that a quantity runs into ("were" after "9 chips we") is no cue after it either.
  const std::string body3 = "Sales of 9 chips were set to rise.";
  std::vector<Mention> mentions3 = {Quantity("9 chips we", body3, 9, "chip")};
  std::vector<Fact> facts3 = AssembleFacts(body3, SplitParagraphs(body3), mentions3, {}, context);
  REQUIRE(facts3.size() == 1);
  CHECK(facts3[0].kind == FactKind::kTarget);
}

TEST_CASE("assembly: inheritance from paragraph, dateline and article", "[facts]") {
  const std::string body =
      "Shanghai opened a hub.\n\nThe city has attracted nearly 60 enterprises.\n\nIt counted 12 new labs.";
  std::vector<Mention> mentions = {Quantity("nearly 60 enterprises", body, 60, "enterprise", Qualifier::kApprox),
                                   Quantity("12 new labs", body, 12, "lab")};
  std::vector<PlaceRef> places = {Place("Shanghai", body, "municipality")};
  ArticleContext context;
  context.published = "2024-04-06T07:03:00";
  context.dateline_date = "2024-04-05";
  context.article_place = "China";
  std::vector<Fact> facts = AssembleFacts(body, SplitParagraphs(body), mentions, places, context);
  REQUIRE(facts.size() == 2);
  // "The city": the previous paragraph's place.
  CHECK(facts[0].place == "Shanghai");
  CHECK(facts[0].place_from == Provenance::kParagraph);
  CHECK(facts[0].date == "2024-04-05");
  CHECK(facts[0].date_from == Provenance::kDateline);
  CHECK(facts[0].kind == FactKind::kReported);
  // No anaphora: the article's place.
  CHECK(facts[1].place == "China");
  CHECK(facts[1].place_from == Provenance::kArticle);
  CHECK(facts[1].metric == "new labs");
}

TEST_CASE("assembly: a target without a date takes the plan's year", "[facts]") {
  const std::string body = "China plans to lead by 2027.\n\nThe plan aims to develop 100 datasets.";
  std::vector<Mention> mentions = {Date("by 2027", body, "2027", true),
                                   Quantity("100 datasets", body, 100, "dataset")};
  std::vector<Fact> facts = AssembleFacts(body, SplitParagraphs(body), mentions, {Place("China", body)}, {});
  REQUIRE(facts.size() == 1);
  CHECK(facts[0].kind == FactKind::kTarget);
  CHECK(facts[0].date == "2027");
  CHECK(facts[0].date_from == Provenance::kArticle);
}

}  // namespace
}  // namespace newsfacts
