#include "pipelines/config.h"

#include <catch2/catch.hpp>

namespace newsfacts {
namespace {

TEST_CASE("a full configuration parses, with paths taken from the file's folder", "[pipelines][config]") {
  const std::string text = R"(
database: news.db
rules: [my-rules]
user_agent: "examplebot/1.0"
concurrency: 4
per_host_delay_ms: 250
max_article_age_days: 3
follow_related: 1
max_failure_rate: 0.2
sources:
  - feed: https://example.org/rss.xml
    name: example
  - sitemap: https://example.org/news-sitemap.xml
    max_article_age_days: 2
  - urls: lists/urls.txt
  - folder: saved
  - warc: crawl.warc.gz
)";
  Result<RunConfig> config = ParseRunConfig(text, "/etc/newsfacts/newsfacts.yaml");
  REQUIRE(config.ok());
  CHECK(config->database == "/etc/newsfacts/news.db");
  CHECK(config->archive_dir == "/etc/newsfacts/news.db.archive");
  CHECK(config->rule_dirs == std::vector<std::string>{"/etc/newsfacts/my-rules"});
  CHECK(config->user_agent == "examplebot/1.0");
  CHECK(config->concurrency == 4);
  CHECK(config->per_host_delay_ms == 250);
  CHECK(config->per_host_concurrency == 2);  // default kept
  CHECK(config->max_article_age_days == 3);
  CHECK(config->follow_related == 1);
  CHECK(config->max_failure_rate == Approx(0.2));
  REQUIRE(config->sources.size() == 5);
  CHECK(config->sources[0].type == SourceConfig::Type::kFeed);
  CHECK(config->sources[0].name == "example");
  CHECK(config->sources[1].type == SourceConfig::Type::kSitemap);
  CHECK(config->sources[1].max_age_days == 2);
  CHECK(config->sources[1].name == "https://example.org/news-sitemap.xml");
  CHECK(config->sources[2].location == "/etc/newsfacts/lists/urls.txt");
  CHECK(config->sources[3].type == SourceConfig::Type::kFolder);
  CHECK(config->sources[4].type == SourceConfig::Type::kWarc);
}

TEST_CASE("configuration errors give the file and line", "[pipelines][config]") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"sources:\n  - feed: https://a.org/rss\nconcurrenc: 4\n", "c.yaml:3: unknown key 'concurrenc'"},
      {"concurrency: many\nsources:\n  - folder: x\n", "c.yaml:1: 'concurrency' must be an integer, not 'many'"},
      {"concurrency: 0\nsources:\n  - folder: x\n", "c.yaml:1: 'concurrency' must be between 1 and 256"},
      {"sources:\n  - feed: ftp://a.org/rss\n", "c.yaml:2: feed must be an http:// or https:// URL"},
      {"sources:\n  - folder: a\n    warc: b\n", "c.yaml:2: a source needs exactly one of"},
      {"sources:\n  - folder: a\n    depth: 2\n", "c.yaml:3: unknown source key 'depth'"},
      {"database: x.db\n", "no sources"},
      {"sources: [\n", "c.yaml:"},
      {"- just\n- a list\n", "c.yaml:1: the configuration must be a YAML mapping"},
      {"max_failure_rate: 2\nsources:\n  - folder: x\n", "'max_failure_rate' must be between 0 and 1"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    Result<RunConfig> config = ParseRunConfig(c.text, "c.yaml");
    REQUIRE_FALSE(config.ok());
    CHECK(config.status().code() == Status::Code::kInvalidInput);
    CHECK_THAT(config.status().message(), Catch::Contains(c.message));
  }
}

TEST_CASE("LoadRunConfig reports a missing file", "[pipelines][config]") {
  Result<RunConfig> config = LoadRunConfig("/nonexistent/newsfacts.yaml");
  REQUIRE_FALSE(config.ok());
  CHECK(config.status().code() == Status::Code::kIoError);
  CHECK_THAT(config.status().message(), Catch::Contains("/nonexistent/newsfacts.yaml"));
}

}  // namespace
}  // namespace newsfacts
