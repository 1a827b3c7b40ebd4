#include "pipelines/config.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace newsfacts {
namespace {

namespace fs = std::filesystem;

// Thrown inside the parser only; ParseRunConfig turns it into a Status.
struct ConfigError {
  std::string message;
};

std::string Where(const std::string& path, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return path + ":" + std::to_string(mark.line + 1);
}

[[noreturn]] void Fail(const std::string& path, const YAML::Node& node, const std::string& message) {
  throw ConfigError{Where(path, node) + ": " + message};
}

template <typename T>
T Scalar(const std::string& path, const std::string& key, const YAML::Node& node, const char* what) {
  if (!node.IsScalar()) Fail(path, node, "'" + key + "' must be " + what);
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    Fail(path, node, "'" + key + "' must be " + what + ", not '" + node.Scalar() + "'");
  }
}

int IntInRange(const std::string& path, const std::string& key, const YAML::Node& node, long long lo, long long hi) {
  const long long v = Scalar<long long>(path, key, node, "an integer");
  if (v < lo || v > hi) {
    Fail(path, node, "'" + key + "' must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return static_cast<int>(v);
}

std::string Absolute(const std::string& base_dir, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  return (fs::path(base_dir) / p).lexically_normal().string();
}

SourceConfig ParseSource(const std::string& path, const std::string& base_dir, const YAML::Node& node) {
  if (!node.IsMap()) Fail(path, node, "each source must be a mapping such as '- feed: https://...'");
  static const std::map<std::string, SourceConfig::Type> kTypes = {
      {"feed", SourceConfig::Type::kFeed},     {"sitemap", SourceConfig::Type::kSitemap},
      {"urls", SourceConfig::Type::kUrlList},  {"folder", SourceConfig::Type::kFolder},
      {"warc", SourceConfig::Type::kWarc}};
  SourceConfig source;
  int kinds = 0;
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    const YAML::Node& value = entry.second;
    if (auto it = kTypes.find(key); it != kTypes.end()) {
      ++kinds;
      source.type = it->second;
      source.location = Scalar<std::string>(path, key, value, "a URL or path");
      if (source.location.empty()) Fail(path, value, "'" + key + "' is empty");
    } else if (key == "name") {
      source.name = Scalar<std::string>(path, key, value, "text");
    } else if (key == "max_article_age_days") {
      source.max_age_days = IntInRange(path, key, value, 0, 36500);
    } else {
      Fail(path, entry.first, "unknown source key '" + key + "' (expected feed, sitemap, urls, folder, warc, name, "
                              "max_article_age_days)");
    }
  }
  if (kinds != 1) Fail(path, node, "a source needs exactly one of feed, sitemap, urls, folder, warc");
  const bool is_url = source.type == SourceConfig::Type::kFeed || source.type == SourceConfig::Type::kSitemap;
  if (is_url && source.location.rfind("http://", 0) != 0 && source.location.rfind("https://", 0) != 0) {
    Fail(path, node, std::string(SourceTypeName(source.type)) + " must be an http:// or https:// URL, not '" +
                         source.location + "'");
  }
  if (!is_url) source.location = Absolute(base_dir, source.location);
  if (source.name.empty()) source.name = source.location;
  return source;
}

RunConfig Parse(const YAML::Node& root, const std::string& path) {
  if (!root.IsMap()) Fail(path, root, "the configuration must be a YAML mapping");
  const std::string base_dir = fs::absolute(fs::path(path)).parent_path().string();
  RunConfig config;
  using Setter = std::function<void(const std::string&, const YAML::Node&)>;
  const std::map<std::string, Setter> setters = {
      {"database", [&](const std::string& k, const YAML::Node& v) { config.database = Scalar<std::string>(path, k, v, "a path"); }},
      {"archive_dir", [&](const std::string& k, const YAML::Node& v) { config.archive_dir = Scalar<std::string>(path, k, v, "a path"); }},
      {"rules", [&](const std::string& k, const YAML::Node& v) {
         if (!v.IsSequence()) Fail(path, v, "'rules' must be a list of folders");
         for (const YAML::Node& dir : v) config.rule_dirs.push_back(Absolute(base_dir, Scalar<std::string>(path, k, dir, "a path")));
       }},
      {"user_agent", [&](const std::string& k, const YAML::Node& v) {
         config.user_agent = Scalar<std::string>(path, k, v, "text");
         if (config.user_agent.empty()) Fail(path, v, "'user_agent' is empty");
       }},
      {"concurrency", [&](const std::string& k, const YAML::Node& v) { config.concurrency = IntInRange(path, k, v, 1, 256); }},
      {"per_host_concurrency", [&](const std::string& k, const YAML::Node& v) { config.per_host_concurrency = IntInRange(path, k, v, 1, 64); }},
      {"per_host_delay_ms", [&](const std::string& k, const YAML::Node& v) { config.per_host_delay_ms = IntInRange(path, k, v, 0, 600000); }},
      {"connect_timeout_s", [&](const std::string& k, const YAML::Node& v) { config.connect_timeout_s = IntInRange(path, k, v, 1, 600); }},
      {"timeout_s", [&](const std::string& k, const YAML::Node& v) { config.timeout_s = IntInRange(path, k, v, 1, 3600); }},
      {"max_body_bytes", [&](const std::string& k, const YAML::Node& v) {
         config.max_body_bytes = Scalar<long long>(path, k, v, "an integer");
         if (config.max_body_bytes < 1024 || config.max_body_bytes > (1LL << 32)) Fail(path, v, "'max_body_bytes' must be between 1024 and 4294967296");
       }},
      {"max_article_age_days", [&](const std::string& k, const YAML::Node& v) { config.max_article_age_days = IntInRange(path, k, v, 0, 36500); }},
      {"follow_related", [&](const std::string& k, const YAML::Node& v) { config.follow_related = IntInRange(path, k, v, 0, 1); }},
      {"silent_after_days", [&](const std::string& k, const YAML::Node& v) { config.silent_after_days = IntInRange(path, k, v, 1, 36500); }},
      {"max_failure_rate", [&](const std::string& k, const YAML::Node& v) {
         config.max_failure_rate = Scalar<double>(path, k, v, "a number between 0 and 1");
         if (!(config.max_failure_rate >= 0 && config.max_failure_rate <= 1)) Fail(path, v, "'max_failure_rate' must be between 0 and 1");
       }},
      {"sources", [&](const std::string&, const YAML::Node& v) {
         if (!v.IsSequence()) Fail(path, v, "'sources' must be a list");
         for (const YAML::Node& s : v) config.sources.push_back(ParseSource(path, base_dir, s));
       }},
  };
  for (const auto& entry : root) {
    const std::string key = entry.first.as<std::string>();
    auto it = setters.find(key);
    if (it == setters.end()) Fail(path, entry.first, "unknown key '" + key + "'");
    it->second(key, entry.second);
  }
  if (config.sources.empty()) Fail(path, root, "no sources: add a 'sources' list");
  config.database = Absolute(base_dir, config.database);
  config.archive_dir = config.archive_dir.empty() ? config.database + ".archive" : Absolute(base_dir, config.archive_dir);
  return config;
}

}  // namespace

const char* SourceTypeName(SourceConfig::Type type) {
  switch (type) {
    case SourceConfig::Type::kFeed: return "feed";
    case SourceConfig::Type::kSitemap: return "sitemap";
    case SourceConfig::Type::kUrlList: return "urls";
    case SourceConfig::Type::kFolder: return "folder";
    case SourceConfig::Type::kWarc: return "warc";
  }
  return "feed";
}

Result<RunConfig> ParseRunConfig(const std::string& yaml_text, const std::string& path) {
  try {
    return Parse(YAML::Load(yaml_text), path);
  } catch (const ConfigError& e) {
    return Status::InvalidInput(e.message);
  } catch (const YAML::Exception& e) {
    return Status::InvalidInput(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<RunConfig> LoadRunConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot read the configuration file");
  std::stringstream text;
  text << in.rdbuf();
  return ParseRunConfig(text.str(), path);
}

}  // namespace newsfacts
