// Inputs found by the libFuzzer targets in fuzz/ (tests/data/fuzz-regressions/<target>/), replayed
// through the same public functions with the invariant the target checks.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "fetch/feeds.h"
#include "fetch/url.h"
#include "test_util.h"

namespace fs = std::filesystem;
using newsfacts::testing::FuzzRegressionInputs;
using newsfacts::testing::ReadWholeFile;

namespace newsfacts {
namespace {

TEST_CASE("url_fuzz regressions: canonical URLs are fixed points", "[fetch][url][fuzz]") {
  const std::vector<fs::path> inputs = FuzzRegressionInputs("url_fuzz");
  REQUIRE_FALSE(inputs.empty());
  for (const fs::path& path : inputs) {
    INFO(path.filename().string());
    const std::string input = ReadWholeFile(path);
    Result<std::string> canonical = CanonicalizeUrl(input);
    if (canonical.ok()) {
      Result<std::string> again = CanonicalizeUrl(*canonical);
      REQUIRE(again.ok());
      CHECK(*again == *canonical);
    }
    Result<std::string> resolved = ResolveUrl("https://example.com/a/b/c?q=1#f", input);
    if (resolved.ok()) {
      Result<std::string> again = CanonicalizeUrl(*resolved);
      REQUIRE(again.ok());
      CHECK(*again == *resolved);
    }
  }
}

TEST_CASE("feeds_fuzz regressions: entry URLs come back canonical", "[fetch][feeds][fuzz]") {
  const std::vector<fs::path> inputs = FuzzRegressionInputs("feeds_fuzz");
  REQUIRE_FALSE(inputs.empty());
  FeedParseOptions options;
  options.base_url = "https://example.com/news/feed.xml";
  for (const fs::path& path : inputs) {
    INFO(path.filename().string());
    Result<Feed> feed = ParseFeed(ReadWholeFile(path), options);
    if (!feed.ok()) continue;
    std::vector<FeedEntry> all = feed->entries;
    all.insert(all.end(), feed->child_sitemaps.begin(), feed->child_sitemaps.end());
    for (const FeedEntry& e : all) {
      Result<std::string> again = CanonicalizeUrl(e.url);
      REQUIRE(again.ok());
      CHECK(*again == e.url);
    }
  }
}

TEST_CASE("A sitemap <loc> with a stray '%' resolves to a canonical URL", "[fetch][feeds][fuzz]") {
  FeedParseOptions options;
  options.base_url = "https://example.com/news/feed.xml";
  Result<Feed> feed = ParseFeed(
      "<sitemapindex><sitemap><loc>x/%e%44Fgz</loc></sitemap></sitemapindex>", options);
  REQUIRE(feed.ok());
  REQUIRE(feed->child_sitemaps.size() == 1);
  CHECK(feed->child_sitemaps[0].url == "https://example.com/news/x/%25eDFgz");
}

TEST_CASE("A stray '%' cannot pair with a decoded escape into a new one", "[fetch][url][fuzz]") {
  // "%%61F": the first '%' starts no escape, "%61" decodes to 'a'; kept raw, it would read "%aF".
  Result<std::string> c = CanonicalizeUrl("http://example.com/x%%61F?q=%%61F");
  REQUIRE(c.ok());
  CHECK(*c == "http://example.com/x%25aF?q=%25aF");
  CHECK(*CanonicalizeUrl(*c) == *c);
  CHECK(*CanonicalizeUrl("http://example.com/100%") == "http://example.com/100%25");
}

}  // namespace
}  // namespace newsfacts
