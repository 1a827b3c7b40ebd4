#include "parse/front_matter.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>
#include <vector>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "parse/dates.h"
#include "parse/plain_text.h"
#include "parse/text_util.h"
#include "core/ascii.h"

namespace newsfacts {
namespace {

// Caps on list lengths read from the front-matter: bounds the work an adversarial file can cause.
constexpr size_t kMaxListItems = 1000;

constexpr std::string_view kBom = "\xef\xbb\xbf";

// The line starting at `pos` without its terminator, and the offset of the next line.
std::pair<std::string_view, size_t> LineAt(std::string_view text, size_t pos) {
  size_t end = text.find('\n', pos);
  const size_t next = end == std::string_view::npos ? text.size() : end + 1;
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(pos, end - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return {line, next};
}

bool IsMarkerLine(std::string_view line, std::string_view marker) {
  if (line.substr(0, marker.size()) != marker) return false;
  line.remove_prefix(marker.size());
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

bool IsHttpUrl(std::string_view value) {
  const std::string lower = AsciiLower(value.substr(0, 8));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

std::optional<std::string> ScalarOf(const YAML::Node& node) {
  if (!node.IsDefined() || !node.IsScalar()) return std::nullopt;
  std::string value(Trim(node.Scalar()));
  if (value.empty()) return std::nullopt;
  return value;
}

// The top-level fields in document order, keys lower-cased (first occurrence wins).
class Fields {
 public:
  explicit Fields(const YAML::Node& map) {
    for (YAML::const_iterator it = map.begin(); it != map.end(); ++it) {
      if (!it->first.IsScalar()) continue;
      std::string key = AsciiLower(it->first.Scalar());
      if (Find(key).IsDefined()) continue;
      fields_.emplace_back(std::move(key), it->second);
    }
  }

  YAML::Node Find(std::string_view key) const {
    for (const auto& [k, v] : fields_) {
      if (k == key) return v;
    }
    return YAML::Node(YAML::NodeType::Undefined);
  }

  std::optional<std::string> FirstScalar(std::initializer_list<std::string_view> keys) const {
    for (std::string_view key : keys) {
      if (std::optional<std::string> v = ScalarOf(Find(key))) return v;
    }
    return std::nullopt;
  }

  const std::vector<std::pair<std::string, YAML::Node>>& all() const { return fields_; }

 private:
  std::vector<std::pair<std::string, YAML::Node>> fields_;
};

constexpr std::array<std::string_view, 8> kPublishedKeys = {
    "publisheddatetime", "published", "date", "pubdate", "datepublished", "publishdate", "published_at",
    "publishedat"};
constexpr std::array<std::string_view, 8> kCanonicalUrlKeys = {
    "originalurl", "canonical", "canonicalurl", "canonical_url", "url", "weburl", "link", "permalink"};

template <typename Keys>
std::string FirstDate(const Fields& fields, const Keys& keys) {
  for (std::string_view key : keys) {
    if (std::optional<std::string> v = ScalarOf(fields.Find(key))) {
      if (std::optional<std::string> iso = NormalizeDate(*v)) return *iso;
    }
  }
  return "";
}

// URL-valued keys besides the canonical ones: "ampWebUrl", "cdnAmpWebUrl", "sourceUrl", but not
// pictures, feeds or icons.
bool IsArticleUrlKey(std::string_view key) {
  if (std::find(kCanonicalUrlKeys.begin(), kCanonicalUrlKeys.end(), key) != kCanonicalUrlKeys.end()) return true;
  const bool url_like = (key.size() >= 3 && key.substr(key.size() - 3) == "url") ||
                        (key.size() >= 4 && key.substr(key.size() - 4) == "link");
  if (!url_like) return false;
  for (std::string_view bad : {"image", "img", "thumb", "icon", "logo", "avatar", "video", "audio", "feed",
                               "comment", "author", "banner", "photo", "media", "picture", "cover"}) {
    if (key.find(bad) != std::string_view::npos) return false;
  }
  return true;
}

void ReadUrls(const Fields& fields, Article& article) {
  std::vector<std::pair<std::string, std::string>> urls;  // key, value in document order
  for (const auto& [key, node] : fields.all()) {
    if (!IsArticleUrlKey(key)) continue;
    std::optional<std::string> value = ScalarOf(node);
    if (value && IsHttpUrl(*value)) urls.emplace_back(key, std::move(*value));
  }
  for (std::string_view key : kCanonicalUrlKeys) {
    auto it = std::find_if(urls.begin(), urls.end(), [&](const auto& u) { return u.first == key; });
    if (it != urls.end()) {
      article.url = it->second;
      break;
    }
  }
  if (article.url.empty() && !urls.empty()) article.url = urls.front().second;
  for (const auto& [key, value] : urls) {
    if (value == article.url) continue;
    if (std::find(article.url_aliases.begin(), article.url_aliases.end(), value) != article.url_aliases.end()) continue;
    article.url_aliases.push_back(value);
  }
}

// A scalar, or the "name" of a mapping ({name: ZDNet, domain: zdnet.com}).
std::optional<std::string> NameOf(const YAML::Node& node) {
  if (!node.IsDefined()) return std::nullopt;
  if (node.IsScalar()) return ScalarOf(node);
  if (node.IsMap()) return ScalarOf(node["name"]);
  return std::nullopt;
}

std::string ReadSiteName(const Fields& fields) {
  for (std::string_view key : {"provider", "publisher", "site_name", "sitename", "site", "source"}) {
    std::optional<std::string> name = NameOf(fields.Find(key));
    if (name && !IsHttpUrl(*name)) return *name;
  }
  return "";
}

std::string ReadAuthor(const Fields& fields) {
  for (std::string_view key : {"author", "authors", "byline", "creator"}) {
    const YAML::Node node = fields.Find(key);
    if (std::optional<std::string> name = NameOf(node)) return *name;
    if (!node.IsSequence()) continue;
    std::string joined;
    size_t count = 0;
    for (const YAML::Node& item : node) {
      if (++count > kMaxListItems) break;
      if (std::optional<std::string> name = NameOf(item)) joined += (joined.empty() ? "" : ", ") + *name;
    }
    if (!joined.empty()) return joined;
  }
  return "";
}

std::vector<std::string> ReadTopics(const Fields& fields) {
  std::vector<std::string> topics;
  for (std::string_view key : {"topics", "tags", "keywords"}) {
    const YAML::Node node = fields.Find(key);
    if (std::optional<std::string> one = ScalarOf(node)) topics.push_back(*one);
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) {
        if (topics.size() >= kMaxListItems) break;
        std::optional<std::string> topic = NameOf(item);
        if (topic && std::find(topics.begin(), topics.end(), *topic) == topics.end()) topics.push_back(*topic);
      }
    }
    if (!topics.empty()) break;
  }
  return topics;
}

std::vector<RelatedLink> ReadRelated(const Fields& fields) {
  std::vector<RelatedLink> related;
  for (std::string_view key : {"related", "relatedarticles", "related_articles"}) {
    const YAML::Node node = fields.Find(key);
    if (!node.IsSequence()) continue;
    for (const YAML::Node& item : node) {
      if (related.size() >= kMaxListItems) break;
      if (!item.IsMap()) continue;
      const Fields f(item);
      RelatedLink link;
      link.title = f.FirstScalar({"title", "headline"}).value_or("");
      for (std::string_view url_key : {"originalurl", "canonical", "url", "weburl", "link"}) {
        std::optional<std::string> url = ScalarOf(f.Find(url_key));
        if (url && IsHttpUrl(*url)) {
          link.url = *url;
          break;
        }
      }
      link.published = FirstDate(f, kPublishedKeys);
      if (!link.title.empty() || !link.url.empty()) related.push_back(std::move(link));
    }
    if (!related.empty()) break;
  }
  return related;
}

const char* NodeTypeName(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsScalar()) return "a single value";
  return "not a mapping";
}

}  // namespace

bool HasFrontMatter(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  return IsMarkerLine(LineAt(text, 0).first, "---");
}

Result<Article> ParseFrontMatterDocument(std::string_view text, const std::string& source) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  if (!HasFrontMatter(text)) return Status::InvalidInput("no front-matter: the first line is not '---'");
  const size_t yaml_start = LineAt(text, 0).second;
  size_t pos = yaml_start;
  size_t yaml_end = std::string_view::npos;
  size_t body_start = text.size();
  while (pos < text.size()) {
    const auto [line, next] = LineAt(text, pos);
    if (IsMarkerLine(line, "---") || IsMarkerLine(line, "...")) {
      yaml_end = pos;
      body_start = next;
      break;
    }
    pos = next;
  }
  if (yaml_end == std::string_view::npos) {
    return Status::InvalidInput("front-matter opened by '---' on line 1 is never closed (no second '---' line)");
  }
  if (yaml_end - yaml_start > kMaxFrontMatterBytes) {
    return Status::TooLarge("front-matter is " + std::to_string(yaml_end - yaml_start) + " bytes, over the limit of " +
                            std::to_string(kMaxFrontMatterBytes));
  }

  const std::string_view block = text.substr(yaml_start, yaml_end - yaml_start);
  // yaml-cpp takes NUL bytes as a sign of UTF-16 or UTF-32 and then emits the code points it decodes
  // unchecked (surrogates, values past U+10FFFF): broken UTF-8. Metadata is never binary.
  if (const size_t nul = block.find('\0'); nul != std::string_view::npos) {
    const size_t line = 2 + std::count(block.begin(), block.begin() + nul, '\n');
    return Status::InvalidInput("front-matter has a NUL byte on line " + std::to_string(line) +
                                "; YAML metadata must be UTF-8 text");
  }

  Article article;
  article.source = source;
  article.format = "front-matter";
  try {
    const YAML::Node root = YAML::Load(std::string(block));
    if (!root.IsNull()) {  // an empty block is allowed: no metadata
      if (!root.IsMap()) {
        return Status::InvalidInput(std::string("front-matter is ") + NodeTypeName(root) +
                                    ", expected 'key: value' fields");
      }
      const Fields fields(root);
      article.title = fields.FirstScalar({"title", "headline"}).value_or("");
      article.excerpt = fields.FirstScalar({"excerpt", "description", "summary"}).value_or("");
      article.published = FirstDate(fields, kPublishedKeys);
      ReadUrls(fields, article);
      article.site_name = ReadSiteName(fields);
      article.author = ReadAuthor(fields);
      article.language = fields.FirstScalar({"lang", "language", "locale", "inlanguage"}).value_or("");
      article.topics = ReadTopics(fields);
      article.related = ReadRelated(fields);
    }
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp stops at a fixed depth (stack safety) with the unhelpful message "bad file".
    return Status::InvalidInput("front-matter is nested too deeply (more than " + std::to_string(e.depth()) +
                                " levels of lists or maps); it is not article metadata");
  } catch (const YAML::Exception& e) {
    // Marks count from 0 inside the block, which starts on line 2 of the file.
    std::string where = e.mark.is_null() ? std::string()
                                         : " at line " + std::to_string(e.mark.line + 2) + ", column " +
                                               std::to_string(e.mark.column + 1);
    return Status::InvalidInput("broken YAML in front-matter" + where + ": " + e.msg);
  }

  article.body = CleanBodyText(text.substr(body_start));
  if (article.body.empty()) article.body = CleanBodyText(article.excerpt);
  return article;
}

}  // namespace newsfacts
