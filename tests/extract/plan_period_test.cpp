// "By the end of the plan period": the end year of the plan the article named, through the whole
// extractor (the plan-period date rule plus fact assembly).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "extract/extract.h"
#include "extract/shared_extractor.h"

namespace newsfacts {
namespace {

Extraction ExtractParagraphs(const std::vector<std::string>& paragraphs) {
  Article article;
  article.title = "Plan";
  article.published = "2024-03-01";
  for (const std::string& p : paragraphs) article.body += p + "\n\n";
  return testing::SharedExtractor().Extract(article);
}

const Fact* FactWithMetric(const Extraction& x, const std::string& metric) {
  for (const Fact& f : x.facts) {
    if (f.metric == metric) return &f;
  }
  return nullptr;
}

TEST_CASE("the end of the plan period is the named plan's end year", "[extract][facts]") {
  const Extraction x = ExtractParagraphs({
      "During the 14th Five-Year Plan period, the province will build 50 computing centers.",
      "The province's output reached 900 billion yuan in 2023.",
      "By the end of the plan period, exports will reach 3 trillion yuan.",
  });
  const Fact* exports = FactWithMetric(x, "exports");
  REQUIRE(exports != nullptr);
  CHECK(exports->date == "2025");
  CHECK(exports->kind == FactKind::kTarget);
  CHECK(exports->date_from == Provenance::kArticle);
  // A sentence's own year still wins, and the plan sentence keeps the whole period.
  const Fact* output = FactWithMetric(x, "output");
  REQUIRE(output != nullptr);
  CHECK(output->date == "2023");
  const Fact* centers = FactWithMetric(x, "computing centers");
  REQUIRE(centers != nullptr);
  CHECK(centers->date == "2021/2025");
}

TEST_CASE("without a named plan, the end of the plan period stays unresolved", "[extract][facts]") {
  const Extraction x = ExtractParagraphs({"By the end of the plan period, exports will reach 3 trillion yuan."});
  const Fact* exports = FactWithMetric(x, "exports");
  REQUIRE(exports != nullptr);
  CHECK(exports->date.empty());
}

}  // namespace
}  // namespace newsfacts
