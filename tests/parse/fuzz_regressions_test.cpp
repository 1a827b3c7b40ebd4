// Inputs found by the libFuzzer targets in fuzz/ (tests/data/fuzz-regressions/<target>/), replayed
// through the same public functions with the invariant the target checks.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "parse/front_matter.h"
#include "parse/text_util.h"
#include "test_util.h"

namespace fs = std::filesystem;
using newsfacts::fuzz::IsValidUtf8;
using newsfacts::testing::FuzzRegressionInputs;
using newsfacts::testing::ReadWholeFile;

namespace newsfacts {
namespace {

TEST_CASE("front_matter_fuzz regressions: text fields are valid UTF-8", "[front_matter][fuzz]") {
  const std::vector<fs::path> inputs = FuzzRegressionInputs("front_matter_fuzz");
  REQUIRE_FALSE(inputs.empty());
  for (const fs::path& path : inputs) {
    INFO(path.filename().string());
    Result<Article> article = ParseFrontMatterDocument(RepairUtf8(ReadWholeFile(path)), "fuzz.md");
    if (!article.ok()) continue;
    CHECK(IsValidUtf8(article->title));
    CHECK(IsValidUtf8(article->body));
    CHECK(IsValidUtf8(article->excerpt));
    CHECK(IsValidUtf8(article->author));
  }
}

}  // namespace
}  // namespace newsfacts
