// The configuration file of `newsfacts run` (see samples/newsfacts.yaml for a documented example).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace newsfacts {

struct SourceConfig {
  enum class Type { kFeed, kSitemap, kUrlList, kFolder, kWarc };
  Type type = Type::kFeed;
  std::string name;      // shown in logs and the run summary; default: the location
  std::string location;  // URL (feed, sitemap) or path (url list, folder, warc), paths made absolute
  int max_age_days = -1; // feed/sitemap entries older than this are skipped; -1 = the global value
};

const char* SourceTypeName(SourceConfig::Type type);  // "feed", "sitemap", "urls", "folder", "warc"

struct RunConfig {
  std::string database = "newsfacts.db";   // relative paths are taken from the config file's folder
  std::string archive_dir;                  // raw WARC archive; default: "<database>.archive"
  std::vector<std::string> rule_dirs;       // extra rule folders
  std::string user_agent = "newsfacts/" NEWSFACTS_VERSION " (+https://github.com/newsfacts)";
  int concurrency = 8;                      // transfers at once
  int per_host_concurrency = 2;             // transfers at once to one host
  int per_host_delay_ms = 1000;             // pause between two requests to one host
  int connect_timeout_s = 10;
  int timeout_s = 60;                       // whole transfer
  long long max_body_bytes = 10LL << 20;    // larger bodies are aborted, not buffered
  int max_article_age_days = 7;             // feed and sitemap entries older than this are skipped
  int follow_related = 0;                   // 1: also fetch the `related` links of front-matter articles
  int silent_after_days = 7;                // a source with no new article for this long is reported
  double max_failure_rate = 0.5;            // above this share of failed fetches the run exits non-zero
  std::vector<SourceConfig> sources;
};

// Parses the YAML text of a configuration file. `path` names the file in messages and anchors
// relative paths. Unknown keys and bad values are errors that give the file and line.
Result<RunConfig> ParseRunConfig(const std::string& yaml_text, const std::string& path);

// Reads and parses the file at `path`.
Result<RunConfig> LoadRunConfig(const std::string& path);

}  // namespace newsfacts
