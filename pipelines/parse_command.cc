// `newsfacts parse FILE...`: the debugging view of the parse stage, one JSON object per line.
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "fetch/files.h"
#include "parse/parse.h"
#include "pipelines/commands.h"
#include "pipelines/log.h"

namespace newsfacts {
namespace {

struct ParseCommandOptions {
  std::vector<std::string> files;
};

nlohmann::ordered_json NullIfEmpty(const std::string& s) {
  return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
}

nlohmann::ordered_json ToJson(const std::string& path, const Article& a) {
  nlohmann::ordered_json j;
  j["path"] = path;
  j["url"] = NullIfEmpty(a.url);
  j["title"] = a.title;
  j["published"] = NullIfEmpty(a.published);
  j["author"] = NullIfEmpty(a.author);
  j["language"] = NullIfEmpty(a.language);
  j["body"] = a.body;
  // Beyond the contract: what else the parser found, for debugging.
  j["format"] = a.format;
  j["url_aliases"] = a.url_aliases;
  j["site_name"] = NullIfEmpty(a.site_name);
  j["excerpt"] = NullIfEmpty(a.excerpt);
  j["topics"] = a.topics;
  nlohmann::ordered_json related = nlohmann::ordered_json::array();
  for (const RelatedLink& r : a.related) {
    related.push_back({{"title", r.title}, {"url", r.url}, {"published", NullIfEmpty(r.published)}});
  }
  j["related"] = related;
  return j;
}

int RunParse(const ParseCommandOptions& options) {
  int failures = 0;
  for (const std::string& path : options.files) {
    Result<RawDocument> raw = ReadFileDocument(path);
    if (!raw.ok()) {
      LogError(path, raw.status().message());
      ++failures;
      continue;
    }
    Result<Article> article = ParseDocument(*raw);
    if (!article.ok()) {
      LogError(path, article.status().message());
      ++failures;
      continue;
    }
    std::cout << ToJson(path, *article).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  std::cout.flush();
  return failures > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace

CommandRunner SetupParseCommand(CLI::App& sub) {
  auto options = std::make_shared<ParseCommandOptions>();
  sub.add_option("files", options->files, "Files to parse")->required();
  return [options] { return RunParse(*options); };
}

}  // namespace newsfacts
