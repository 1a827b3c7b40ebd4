// Runs tests/data/extract/golden_sentences.yaml: one case per part of the grammar, negatives included.
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "extract/extract.h"
#include "extract/shared_extractor.h"

namespace newsfacts {
namespace {

std::string Str(const YAML::Node& n, const char* key) { return n[key] ? n[key].as<std::string>() : ""; }

void CheckQuantity(const YAML::Node& want, const Quantity& got) {
  if (want["value"]) CHECK(got.value == Approx(want["value"].as<double>()));
  if (want["value_max"]) {
    REQUIRE(got.value_max.has_value());
    CHECK(*got.value_max == Approx(want["value_max"].as<double>()));
  }
  if (want["unit"]) CHECK(got.unit == want["unit"].as<std::string>());
  if (want["qualifier"]) CHECK(std::string(QualifierName(got.qualifier)) == want["qualifier"].as<std::string>());
}

TEST_CASE("golden sentences", "[golden]") {
  const std::string path = std::string(NEWSFACTS_TEST_DATA_DIR) + "/extract/golden_sentences.yaml";
  YAML::Node cases = YAML::LoadFile(path);
  REQUIRE(cases.IsSequence());
  REQUIRE(cases.size() >= 40);
  const Extractor& extractor = testing::SharedExtractor();

  for (const YAML::Node& c : cases) {
    const std::string name = Str(c, "name");
    SECTION(name) {
      Article article;
      article.body = Str(c, "text");
      article.published = Str(c, "published");
      article.title = Str(c, "title");
      Extraction ex = extractor.Extract(article);
      std::vector<const Mention*> quantities;
      std::string seen;
      for (const Mention& m : ex.mentions) {
        if (m.type == Mention::Type::kQuantity) quantities.push_back(&m);
        seen += " [" + m.text + " :" + m.rule + "]";
      }
      INFO("text: " << article.body);
      INFO("mentions:" << seen);
      if (const YAML::Node want = c["quantities"]) {
        REQUIRE(quantities.size() == want.size());
        for (size_t i = 0; i < want.size(); ++i) {
          INFO("quantity " << i);
          if (want[i]["text"]) CHECK(quantities[i]->text == want[i]["text"].as<std::string>());
          CheckQuantity(want[i], quantities[i]->quantity);
        }
      }
      if (const YAML::Node want = c["units"]) {  // units named without a figure, all of them
        std::vector<const Mention*> units;
        for (const Mention& m : ex.mentions) {
          if (m.type == Mention::Type::kUnit) units.push_back(&m);
        }
        REQUIRE(units.size() == want.size());
        for (size_t i = 0; i < want.size(); ++i) {
          CHECK(units[i]->text == Str(want[i], "text"));
          CHECK(units[i]->quantity.unit == Str(want[i], "unit"));
        }
      }
      if (const YAML::Node want = c["dates"]) {
        for (const YAML::Node& d : want) {
          const std::string text = Str(d, "text");
          const Mention* hit = nullptr;
          for (const Mention& m : ex.mentions) {
            if (m.type == Mention::Type::kDate && m.text == text) hit = &m;
          }
          INFO("date " << text);
          REQUIRE(hit != nullptr);
          if (d["iso"]) {
            CHECK(hit->iso == d["iso"].as<std::string>());
            CHECK(hit->unresolved == d["iso"].as<std::string>().empty());
          }
          if (d["target"]) CHECK(hit->is_target_year == d["target"].as<bool>());
        }
      }
      if (const YAML::Node want = c["facts"]) {
        std::string facts;
        for (const Fact& f : ex.facts) facts += " [" + f.metric + " " + std::to_string(f.quantity.value) + "]";
        INFO("facts:" << facts);
        REQUIRE(ex.facts.size() == want.size());
        for (size_t i = 0; i < want.size(); ++i) {
          const Fact& f = ex.facts[i];
          INFO("fact " << i << ": " << f.metric);
          if (want[i]["kind"]) CHECK(std::string(FactKindName(f.kind)) == want[i]["kind"].as<std::string>());
          if (want[i]["metric"]) CHECK(f.metric == want[i]["metric"].as<std::string>());
          if (want[i]["date"]) CHECK(f.date == want[i]["date"].as<std::string>());
          if (want[i]["place"]) CHECK(f.place == want[i]["place"].as<std::string>());
          CheckQuantity(want[i], f.quantity);
          if (want[i]["alt_value"] && want[i]["alt_value"].IsNull()) {
            CHECK_FALSE(f.alternative.has_value());
          } else if (want[i]["alt_value"]) {
            REQUIRE(f.alternative.has_value());
            CHECK(f.alternative->value == Approx(want[i]["alt_value"].as<double>()));
            CHECK(f.alternative->unit == want[i]["alt_unit"].as<std::string>());
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace newsfacts
