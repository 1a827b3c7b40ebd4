// The Extractor end to end on the seed articles' paragraphs (built here as Article values, since
// parsing is another stage) and on properties every extraction must have.
#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "extract/extract.h"
#include "extract/shared_extractor.h"

namespace newsfacts {
namespace {

const Extractor& Shared() { return testing::SharedExtractor(); }

Article MakeArticle(std::string title, std::string published, std::vector<std::string> paragraphs) {
  Article a;
  a.title = std::move(title);
  a.published = std::move(published);
  for (const std::string& p : paragraphs) a.body += (a.body.empty() ? "" : "\n\n") + p;
  return a;
}

const Fact* FindFact(const std::vector<Fact>& facts, double value, const std::string& unit) {
  for (const Fact& f : facts) {
    if (f.quantity.value == Approx(value) && f.quantity.unit == unit) return &f;
  }
  return nullptr;
}

const std::string kSeed001Title = "China accelerates AI development to build AI innovation center";
const std::vector<std::string> kSeed001 = {
    "BEIJING, April 5 -- China has attached great importance to artificial intelligence (AI) development in "
    "recent years to build itself into a major global AI innovation center.",
    "According to a development plan for new-generation AI, China aims to become the world's major AI "
    "innovation center by 2030, with the scale of its AI core industry exceeding 1 trillion yuan (about 140.9 "
    "billion U.S. dollars), and the scale of related industries exceeding 10 trillion yuan.",
    "Beijing boasts rich AI talent resources, strong R&D and innovation capabilities, and active product "
    "iteration in the field of AI development.",
    "According to a report on the development of China's AI industry in 2023, Beijing has about 28 percent of "
    "the country's 2,200 AI enterprises, ranking first in the country.",
    "Last year, Beijing released a detailed plan to promote the development of AI. According to the plan, by "
    "2025, the scale of its AI core industry is scheduled to reach 300 billion yuan.",
    "Shanghai is also promoting the high-quality development of the AI industry and fostering an ecology for "
    "large-model innovation. Over 20 AI large models have passed the audit and record of local government, "
    "said Zhang Ying, head of the Shanghai Municipal Commission of Economy and Informatization.",
    "The city's innovation center for large model industrial application has attracted nearly 60 enterprises "
    "in less than half a year after its operation, Zhang said.",
    "The total scale of China's AI core industry has reached 500 billion yuan, and the number of related "
    "enterprises has exceeded 4,300, sources from China's Ministry of Industry and Information Technology said.",
    "Copyright\xC2\xA9 | About us | Contact us",
    "Website Identification Code bm01000001 Registration Number: 05070218",
};

TEST_CASE("seed 001: targets and reported figures with inherited place and date", "[extractor][seeds]") {
  Extraction ex = Shared().Extract(MakeArticle(kSeed001Title, "2024-04-06T07:03:00", kSeed001));

  const Fact* core = FindFact(ex.facts, 1e12, "CNY");
  REQUIRE(core != nullptr);
  CHECK(core->kind == FactKind::kTarget);
  CHECK(core->metric == "scale of the AI core industry");
  CHECK(core->quantity.qualifier == Qualifier::kOver);
  CHECK(core->date == "2030");
  CHECK(core->place == "China");
  REQUIRE(core->alternative.has_value());
  CHECK(core->alternative->value == Approx(140.9e9));
  CHECK(core->alternative->unit == "USD");
  CHECK(core->alternative->qualifier == Qualifier::kApprox);
  CHECK(FindFact(ex.facts, 140.9e9, "USD") == nullptr);  // the bracket is not a second fact

  const Fact* related = FindFact(ex.facts, 10e12, "CNY");
  REQUIRE(related != nullptr);
  CHECK(related->kind == FactKind::kTarget);
  CHECK(related->metric == "scale of related industries");
  CHECK(related->date == "2030");

  const Fact* beijing = FindFact(ex.facts, 300e9, "CNY");
  REQUIRE(beijing != nullptr);
  CHECK(beijing->kind == FactKind::kTarget);
  CHECK(beijing->metric == "scale of the AI core industry");
  CHECK(beijing->date == "2025");
  CHECK(beijing->date_from == Provenance::kSentence);
  CHECK(beijing->place == "Beijing");  // "its": from the sentence before
  CHECK(beijing->place_from == Provenance::kParagraph);

  const Fact* share = FindFact(ex.facts, 28, "percent");
  REQUIRE(share != nullptr);
  CHECK(share->kind == FactKind::kReported);
  CHECK(share->quantity.qualifier == Qualifier::kApprox);
  CHECK(share->place == "Beijing");
  CHECK(share->date == "2023");
  CHECK(share->metric == "share of AI enterprises");

  const Fact* enterprises = FindFact(ex.facts, 2200, "AI enterprise");
  REQUIRE(enterprises != nullptr);
  CHECK(enterprises->metric == "AI enterprises");
  CHECK(enterprises->place == "China");  // "the country's"
  CHECK(enterprises->date == "2023");

  const Fact* models = FindFact(ex.facts, 20, "AI large model");
  REQUIRE(models != nullptr);
  CHECK(models->kind == FactKind::kReported);
  CHECK(models->quantity.qualifier == Qualifier::kOver);
  CHECK(models->place == "Shanghai");
  CHECK(models->date == "2024-04-05");
  CHECK(models->date_from == Provenance::kDateline);

  const Fact* sixty = FindFact(ex.facts, 60, "enterprise");
  REQUIRE(sixty != nullptr);
  CHECK(sixty->quantity.qualifier == Qualifier::kApprox);
  CHECK(sixty->place == "Shanghai");  // "the city's": the previous paragraph's place

  const Fact* reached = FindFact(ex.facts, 500e9, "CNY");
  REQUIRE(reached != nullptr);
  CHECK(reached->kind == FactKind::kReported);
  CHECK(reached->place == "China");
  CHECK(reached->metric == "total scale of the AI core industry");

  const Fact* count = FindFact(ex.facts, 4300, "enterprise");
  REQUIRE(count != nullptr);
  CHECK(count->kind == FactKind::kReported);
  CHECK(count->quantity.qualifier == Qualifier::kOver);
  CHECK(count->metric == "related enterprises");

  CHECK(ex.facts.size() == 9);  // nothing from the footer's codes and registration numbers
  for (const Fact& f : ex.facts) {
    INFO(f.sentence);
    CHECK(f.quantity_end > f.quantity_start);
    CHECK(f.sentence_start <= f.quantity_start);
    CHECK(f.quantity_end <= f.sentence_end);
  }
}

TEST_CASE("seed 003: a target of about 20 pilot zones and two zones so far", "[extractor][seeds]") {
  Article a = MakeArticle(
      "China plans to build new AI innovative pilot zones", "2024-07-19",
      {"In an effort to deeply integrate AI technology with economic and social development, China plans to "
       "build around 20 pilot zones for artificial intelligence innovation by 2023. This information came to "
       "the guideline published by the Ministry of Science and Technology of China on September 2019.",
       "Note, two National New Generation AI Innovation Development Experimental Zones have so far been "
       "established. The first zone established in February 2019 in Beijing and the second in July 2019 in "
       "Maqiao, located in Shanghai\xE2\x80\x99s Minhang District."});
  Extraction ex = Shared().Extract(a);
  const Fact* zones = FindFact(ex.facts, 20, "pilot zone");
  REQUIRE(zones != nullptr);
  CHECK(zones->kind == FactKind::kTarget);
  CHECK(zones->quantity.qualifier == Qualifier::kApprox);
  CHECK(zones->date == "2023");
  CHECK(zones->place == "China");
  CHECK(zones->metric == "pilot zones");
  const Fact* two = FindFact(ex.facts, 2, "zone");
  REQUIRE(two != nullptr);
  CHECK(two->kind == FactKind::kReported);
  CHECK(two->place == "China");
  CHECK(two->place_from == Provenance::kArticle);
  CHECK(ex.facts.size() == 2);
}

TEST_CASE("seed 004: targets of the 2027 plan, the repeated one identical", "[extractor][seeds]") {
  Article a = MakeArticle(
      "China plans secure core AI technologies and industrial dominance by 2027", "",
      {"China plans to have two to three world-leading AI ecosystem leaders by 2027",
       "China aims to achieve a secure and reliable supply of core artificial intelligence (AI) technologies by "
       "2027 while maintaining its industrial scale and global competitiveness, according to a government "
       "report released on Thursday.",
       "Eight government departments jointly issued a strategy that outlines how AI is set to drive the "
       "modernisation of industry and raise the bar on high-quality manufacturing.",
       "The plan aims to develop 100 high-quality industry datasets, demonstrate 500 typical use cases, and "
       "complete the implementation of three to five general-purpose large AI models for all industry "
       "applications.",
       "China plans to have two to three world-leading AI ecosystem leaders by 2027, support leading Small and "
       "Medium-sized Enterprises (SMEs) in AI technologies, and promote the development of AI enablement "
       "service providers in the Schweizer model."});
  Extraction ex = Shared().Extract(a);
  std::vector<const Fact*> leaders;
  for (const Fact& f : ex.facts) {
    if (f.quantity.unit == "AI ecosystem leader") leaders.push_back(&f);
  }
  REQUIRE(leaders.size() == 2);
  for (const Fact* f : leaders) {
    CHECK(f->kind == FactKind::kTarget);
    CHECK(f->quantity.value == 2);
    REQUIRE(f->quantity.value_max.has_value());
    CHECK(*f->quantity.value_max == 3);
  }
  // The same fact both times: the store's key fields are identical.
  CHECK(leaders[0]->metric == leaders[1]->metric);
  CHECK(leaders[0]->date == leaders[1]->date);
  CHECK(leaders[0]->place == leaders[1]->place);
  CHECK(leaders[0]->quantity.qualifier == leaders[1]->quantity.qualifier);
  CHECK(leaders[0]->date == "2027");
  CHECK(leaders[0]->place == "China");

  for (auto [value, unit] : std::vector<std::pair<double, std::string>>{{100, "industry dataset"}, {500, "use case"}, {3, "large AI model"}}) {
    const Fact* f = FindFact(ex.facts, value, unit);
    INFO(value << " " << unit);
    REQUIRE(f != nullptr);
    CHECK(f->kind == FactKind::kTarget);
    CHECK(f->date == "2027");  // the plan named earlier
    CHECK(f->place == "China");
  }
  const Fact* models = FindFact(ex.facts, 3, "large AI model");
  REQUIRE(models->quantity.value_max.has_value());
  CHECK(*models->quantity.value_max == 5);
  CHECK(models->metric == "general-purpose large AI models");
}

TEST_CASE("junk around articles yields no facts", "[extractor][seeds]") {
  Article a = MakeArticle("Related", "",
                          {"34 C", "Friday, July 19, 2024",
                           "Google\xE2\x80\x99s Gemini 2.5 Breakthrough and AI Overviews Signal Major AI Shift",
                           "Dive into Gemini 2.5\xE2\x80\x99s groundbreaking AI prowess!",
                           "ISO 27002: 2022 Implementation vs Reality",
                           "The official NIST definition (NIST 800-145) of cloud computing says",
                           "ByteDance suspends viral Seedance 2.0 photo-to-voice feature: Here\xE2\x80\x99s why",
                           "Website Identification Code bm01000001 Registration Number: 05070218"});
  Extraction ex = Shared().Extract(a);
  for (const Fact& f : ex.facts) FAIL_CHECK("unexpected fact: " << f.metric << " from: " << f.sentence);
  for (const Mention& m : ex.mentions) {
    INFO(m.text);
    CHECK(m.type != Mention::Type::kQuantity);
  }
}

TEST_CASE("relative dates are never resolved against today", "[extractor]") {
  Article a = MakeArticle("", "", {"Last year, China's AI core industry reached 500 billion yuan."});
  Extraction ex = Shared().Extract(a);
  bool saw_relative = false;
  for (const Mention& m : ex.mentions) {
    if (m.type == Mention::Type::kDate && m.text == "Last year") {
      saw_relative = true;
      CHECK(m.unresolved);
      CHECK(m.iso.empty());
    }
  }
  CHECK(saw_relative);
  REQUIRE(ex.facts.size() == 1);
  CHECK(ex.facts[0].date.empty());
  CHECK(ex.facts[0].kind == FactKind::kReported);
}

TEST_CASE("mention offsets point into the body", "[extractor]") {
  Article a = MakeArticle(kSeed001Title, "2024-04-06", kSeed001);
  Extraction ex = Shared().Extract(a);
  REQUIRE_FALSE(ex.mentions.empty());
  size_t places = 0;
  for (const Mention& m : ex.mentions) {
    REQUIRE(m.end <= a.body.size());
    CHECK(a.body.substr(m.start, m.end - m.start) == m.text);
    places += m.type == Mention::Type::kPlace;
  }
  CHECK(places >= 5);
  for (const Fact& f : ex.facts) CHECK(a.body.substr(f.sentence_start, f.sentence_end - f.sentence_start) == f.sentence);
}

TEST_CASE("Extract is thread-safe and deterministic", "[extractor]") {
  Article a = MakeArticle(kSeed001Title, "2024-04-06", kSeed001);
  const size_t expected = Shared().Extract(a).facts.size();
  std::vector<size_t> counts(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < counts.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) counts[t] += Shared().Extract(a).facts.size();
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t c : counts) CHECK(c == 20 * expected);
}

TEST_CASE("a run-on sentence of thousands of figures: every figure found, each fact's evidence clipped around it",
          "[extractor]") {
  // No full stop in 3,000 clauses: one "sentence" of ~100 KB. Each fact used to copy all of it.
  std::string body;
  for (int i = 0; i < 3000; ++i) body += "the province has built " + std::to_string(3000 + i) + " data centers, ";
  Article a;
  a.body = body;
  a.published = "2024-04-06";
  Extraction ex = Shared().Extract(a);
  size_t quantities = 0;
  for (const Mention& m : ex.mentions) quantities += m.type == Mention::Type::kQuantity;
  CHECK(quantities == 3000);
  REQUIRE(ex.facts.size() == 3000);
  for (const Fact& f : ex.facts) {
    REQUIRE(f.sentence.size() <= 2100);
    REQUIRE(f.sentence_start <= f.quantity_start);
    REQUIRE(f.sentence_end >= f.quantity_end);
    REQUIRE(a.body.substr(f.sentence_start, f.sentence_end - f.sentence_start) == f.sentence);
  }
  // Both ends are cut at word boundaries, and short sentences stay whole (the seeds' tests).
  const Fact& middle = ex.facts[1500];
  CHECK(a.body[middle.sentence_start - 1] == ' ');
  CHECK(a.body[middle.sentence_end] == ' ');
}

TEST_CASE("empty and odd input does not crash", "[extractor]") {
  for (const std::string& body : {std::string(), std::string("\n\n\n"), std::string("\xFF\xFE garbage \x01 5"),
                                  std::string(10000, '9'), std::string("by"), std::string("$"), std::string("(")}) {
    Article a;
    a.body = body;
    Extraction ex = Shared().Extract(a);
    CHECK(ex.facts.empty());
  }
}

}  // namespace
}  // namespace newsfacts
