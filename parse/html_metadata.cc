#include "parse/html_metadata.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "parse/dates.h"
#include "parse/html_tree.h"
#include "core/ascii.h"

namespace newsfacts {
namespace {

// Everything one walk over the page collects; the trust orders are applied afterwards.
struct Collected {
  std::map<std::string, std::string> meta;  // lower-cased name/property/itemprop -> first content
  std::string html_lang;
  std::string title_tag;
  std::string canonical;
  std::vector<std::string> json_ld;
  std::string h1;  // first <h1>, preferring one inside <article>
  bool h1_in_article = false;
  std::string time_datetime;  // first <time datetime>, preferring itemprop/pubdate ones
  bool time_is_published = false;
  std::string itemprop_author;        // text of an itemprop=author element
  std::string rel_author;             // text of the first <a rel=author>
  std::vector<std::string> after_h1;  // short texts following the first <h1> (date/byline lines)
};

bool IsArticleType(const nlohmann::json& type) {
  auto matches = [](const std::string& t) {
    return t.find("Article") != std::string::npos || t == "BlogPosting" || t == "Report" ||
           t == "LiveBlogPosting" || t == "WebPage" || t == "Posting";
  };
  if (type.is_string()) return matches(type.get<std::string>());
  if (type.is_array()) {
    for (const auto& t : type) {
      if (t.is_string() && matches(t.get<std::string>())) return true;
    }
  }
  return false;
}

std::string JsonString(const nlohmann::json& j) { return j.is_string() ? j.get<std::string>() : ""; }

// Names of authors in a JSON-LD author value: "X", {"name": "X"}, or arrays of those.
std::string JsonAuthors(const nlohmann::json& value) {
  std::vector<std::string> names;
  auto add = [&](const nlohmann::json& v) {
    std::string name = v.is_object() ? JsonString(v.value("name", nlohmann::json())) : JsonString(v);
    name = std::string(TrimSpace(name));
    if (!name.empty() && name.find("://") == std::string::npos) names.push_back(name);
  };
  if (value.is_array()) {
    for (const auto& v : value) add(v);
  } else {
    add(value);
  }
  std::string out;
  for (const std::string& n : names) {
    if (out.find(n) != std::string::npos) continue;
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

struct JsonLdFacts {
  std::string published, author, headline, publisher, language, url;
};

// Walks JSON-LD blocks (with @graph and arrays) and takes the fields of the first article-typed
// object, falling back to any object that has a datePublished.
JsonLdFacts ReadJsonLd(const std::vector<std::string>& blocks) {
  JsonLdFacts best, fallback;
  bool have_best = false, have_fallback = false;
  for (const std::string& text : blocks) {
    const nlohmann::json root = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (root.is_discarded()) continue;
    std::vector<const nlohmann::json*> stack{&root};
    while (!stack.empty()) {
      const nlohmann::json* j = stack.back();
      stack.pop_back();
      if (j->is_array()) {
        for (auto it = j->rbegin(); it != j->rend(); ++it) stack.push_back(&*it);
        continue;
      }
      if (!j->is_object()) continue;
      if (j->contains("@graph")) stack.push_back(&(*j)["@graph"]);
      const bool article = j->contains("@type") && IsArticleType((*j)["@type"]);
      const bool dated = j->contains("datePublished");
      if ((article && !have_best) || (dated && !have_fallback)) {
        JsonLdFacts f;
        f.published = JsonString(j->value("datePublished", nlohmann::json()));
        if (j->contains("author")) f.author = JsonAuthors((*j)["author"]);
        f.headline = JsonString(j->value("headline", nlohmann::json()));
        if (j->contains("publisher") && (*j)["publisher"].is_object()) {
          f.publisher = JsonString((*j)["publisher"].value("name", nlohmann::json()));
        }
        f.language = JsonString(j->value("inLanguage", nlohmann::json()));
        f.url = JsonString(j->value("url", nlohmann::json()));
        if (article && !have_best && (dated || !f.headline.empty())) {
          best = f;
          have_best = true;
        }
        if (dated && !have_fallback) {
          fallback = f;
          have_fallback = true;
        }
      }
    }
  }
  if (!have_best) return fallback;
  if (best.published.empty()) best.published = fallback.published;
  if (best.author.empty()) best.author = fallback.author;
  return best;
}

// Raw text of a <script> element (gumbo keeps it as one text child).
std::string ScriptText(const GumboNode* node) {
  std::string out;
  const GumboVector& children = ChildrenOf(node);
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (IsTextLike(child)) out += child->v.text.text;
  }
  return out;
}

Collected Collect(const GumboNode* document) {
  Collected c;
  struct Item {
    const GumboNode* node;
    int article_depth;  // > 0 inside <article>
  };
  std::vector<Item> stack{{document, 0}};
  bool h1_seen = false;
  size_t after_h1_budget = 0;
  while (!stack.empty()) {
    const Item item = stack.back();
    stack.pop_back();
    const GumboNode* node = item.node;
    if (IsTextLike(node)) {
      if (h1_seen && after_h1_budget > 0) {
        std::string_view text = TrimSpace(node->v.text.text);
        if (!text.empty()) {
          --after_h1_budget;
          if (text.size() <= 200) c.after_h1.emplace_back(text);
        }
      }
      continue;
    }
    if (node->type != GUMBO_NODE_DOCUMENT && node->type != GUMBO_NODE_ELEMENT) continue;
    int article_depth = item.article_depth;
    if (node->type == GUMBO_NODE_ELEMENT) {
      const GumboTag tag = node->v.element.tag;
      if (tag == GUMBO_TAG_ARTICLE) ++article_depth;
      switch (tag) {
        case GUMBO_TAG_HTML:
          c.html_lang = std::string(TrimSpace(Attribute(node, "lang")));
          if (c.html_lang.empty()) c.html_lang = std::string(TrimSpace(Attribute(node, "xml:lang")));
          break;
        case GUMBO_TAG_TITLE:
          if (c.title_tag.empty()) c.title_tag = CollapsedText(node);
          continue;
        case GUMBO_TAG_META: {
          std::string key = AsciiLower(Attribute(node, "property"));
          if (key.empty()) key = AsciiLower(Attribute(node, "name"));
          if (key.empty()) key = AsciiLower(Attribute(node, "itemprop"));
          if (key.empty()) key = AsciiLower(Attribute(node, "http-equiv"));
          const std::string_view content = TrimSpace(Attribute(node, "content"));
          if (!key.empty() && !content.empty() && !c.meta.count(key)) c.meta[key] = std::string(content);
          break;
        }
        case GUMBO_TAG_LINK: {
          const std::string rel = AsciiLower(Attribute(node, "rel"));
          if (rel == "canonical" && c.canonical.empty())
            c.canonical = std::string(TrimSpace(Attribute(node, "href")));
          break;
        }
        case GUMBO_TAG_SCRIPT:
          if (AsciiLower(TrimSpace(Attribute(node, "type"))) == "application/ld+json") {
            c.json_ld.push_back(ScriptText(node));
          }
          continue;
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_TEMPLATE: continue;
        case GUMBO_TAG_H1:
          if (c.h1.empty() || (!c.h1_in_article && article_depth > 0)) {
            std::string text = CollapsedText(node);
            if (!text.empty()) {
              c.h1 = std::move(text);
              c.h1_in_article = article_depth > 0;
              if (!h1_seen) {
                h1_seen = true;
                after_h1_budget = 12;
              }
              continue;  // its own text is the title, not a date line
            }
          }
          break;
        case GUMBO_TAG_TIME: {
          const std::string_view datetime = TrimSpace(Attribute(node, "datetime"));
          const bool published = AsciiLower(Attribute(node, "itemprop")) == "datepublished" ||
                                 gumbo_get_attribute(&node->v.element.attributes, "pubdate") != nullptr;
          if (!datetime.empty() && (c.time_datetime.empty() || (published && !c.time_is_published))) {
            c.time_datetime = std::string(datetime);
            c.time_is_published = published;
          }
          break;
        }
        case GUMBO_TAG_A:
          if (c.rel_author.empty() && AsciiLower(Attribute(node, "rel")) == "author")
            c.rel_author = CollapsedText(node);
          break;
        default: break;
      }
      const std::string itemprop = AsciiLower(Attribute(node, "itemprop"));
      if (!itemprop.empty() && tag != GUMBO_TAG_META) {
        if (itemprop == "datepublished" && !c.meta.count("itemprop:datepublished")) {
          std::string_view value = Attribute(node, "datetime");
          if (value.empty()) value = Attribute(node, "content");
          std::string text = value.empty() ? CollapsedText(node) : std::string(TrimSpace(value));
          if (!text.empty()) c.meta["itemprop:datepublished"] = text;
        } else if (itemprop == "author" && c.itemprop_author.empty()) {
          // <span itemprop="author"><span itemprop="name">X</span></span> or plain text.
          c.itemprop_author = CollapsedText(node);
        }
      }
    }
    const GumboVector& children = ChildrenOf(node);
    for (unsigned i = children.length; i-- > 0;) {
      stack.push_back({static_cast<const GumboNode*>(children.data[i]), article_depth});
    }
  }
  return c;
}

std::string Meta(const Collected& c, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = c.meta.find(key);
    if (it != c.meta.end() && !it->second.empty()) return it->second;
  }
  return "";
}

std::optional<std::string> Date(std::string_view text) {
  if (TrimSpace(text).empty()) return std::nullopt;
  return NormalizeDate(TrimSpace(text));
}

// "By Jane Doe" -> "Jane Doe".
std::string CleanAuthor(std::string text) {
  text = std::string(TrimSpace(text));
  for (const char* prefix : {"By ", "by ", "BY "}) {
    if (text.rfind(prefix, 0) == 0) text = std::string(TrimSpace(text.substr(3)));
  }
  // "Jane Roe Nov 19, 2019 10:43": a byline line that also carries the date.
  size_t date_begin = 0, date_end = 0;
  if (FindDateInLine(text, &date_begin, &date_end) && date_begin > 0) {
    text = std::string(TrimSpace(std::string_view(text).substr(0, date_begin)));
    while (!text.empty() && (text.back() == ',' || text.back() == '|' || text.back() == '-')) text.pop_back();
    text = std::string(TrimSpace(text));
  }
  if (text.find("://") != std::string::npos || text.size() > 120) return "";
  return text;
}

// scheme://host of `url`, or "".
std::string Origin(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  const size_t slash = url.find('/', scheme + 3);
  return std::string(url.substr(0, slash));
}

std::string ResolveUrl(std::string_view href, std::string_view page_url) {
  href = TrimSpace(href);
  if (href.empty()) return "";
  if (href.find("://") != std::string_view::npos) return std::string(href);
  const std::string origin = Origin(page_url);
  if (href.rfind("//", 0) == 0) {
    const size_t colon = page_url.find("://");
    return colon == std::string_view::npos ? "https:" + std::string(href)
                                           : std::string(page_url.substr(0, colon + 1)) + std::string(href);
  }
  if (href.front() == '/' && !origin.empty()) return origin + std::string(href);
  return "";  // a relative link we cannot resolve is not a canonical URL
}

std::string NormalizeLanguage(std::string_view lang) {
  std::string out(TrimSpace(lang));
  for (char& ch : out) {
    if (ch == '_') ch = '-';
  }
  const size_t comma = out.find(',');
  if (comma != std::string::npos) out = std::string(TrimSpace(out.substr(0, comma)));
  if (out.size() > 35) return "";
  return out;
}

bool IsDigitChar(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string StripTitleSuffix(std::string_view title, std::string_view site_name) {
  title = TrimSpace(title);
  // Spaced separators first; CJK titles use "_" or "|" without spaces ("标题_新闻中心").
  static constexpr std::string_view kSeparators[] = {" | ",  " - ", " — ", " – ", " :: ", " · ",
                                                     " // ", " « ", " » ", "_",   "|",    "｜"};
  size_t cut = std::string_view::npos, cut_len = 0;
  for (std::string_view sep : kSeparators) {
    const size_t pos = title.rfind(sep);
    if (pos != std::string_view::npos && pos > 0 && (cut == std::string_view::npos || pos > cut)) {
      cut = pos;
      cut_len = sep.size();
    }
  }
  if (cut == std::string_view::npos) return std::string(title);
  const std::string_view head = TrimSpace(title.substr(0, cut));
  const std::string_view tail = TrimSpace(title.substr(cut + cut_len));
  if (head.empty()) return std::string(title);
  const std::string tail_lower = AsciiLower(tail);
  const std::string site_lower = AsciiLower(TrimSpace(site_name));
  bool is_site =
      !site_lower.empty() && !tail_lower.empty() &&
      (tail_lower.find(site_lower) != std::string::npos || site_lower.find(tail_lower) != std::string::npos);
  // Without a known site name, a short last segment after a much longer headline is taken for one.
  auto length = [](std::string_view text) {  // code points, CJK counted double (a CJK word is ~2 chars)
    size_t n = 0;
    for (unsigned char ch : text) {
      if ((ch & 0xc0) != 0x80) n += ch >= 0xe3 && ch <= 0xe9 ? 2 : 1;
    }
    return n;
  };
  const bool spaced = title[cut] == ' ' || title[cut - 1] == ' ';
  if (!is_site && site_lower.empty() && length(tail) <= 30 && length(head) > length(tail)) {
    size_t tail_words = 1;
    for (char ch : tail) tail_words += ch == ' ';
    // "_" and "|" without spaces only split CJK titles; in Latin text they are parts of names.
    is_site = tail_words <= 4 && (spaced || static_cast<unsigned char>(tail.front()) >= 0x80);
  }
  return is_site ? std::string(head) : std::string(title);
}

std::string DateFromUrlPath(std::string_view url) {
  const size_t scheme = url.find("://");
  const size_t path_start = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path_start == std::string_view::npos) return "";
  const std::string_view path = url.substr(path_start);
  auto digits = [&](size_t pos, size_t n) {
    if (pos + n > path.size()) return false;
    for (size_t k = 0; k < n; ++k) {
      if (!IsDigitChar(path[pos + k])) return false;
    }
    return true;
  };
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    if (path[i] != '/' && path[i] != '-' && path[i] != '_') continue;
    const size_t p = i + 1;
    if (!digits(p, 4)) continue;
    const int year = std::stoi(std::string(path.substr(p, 4)));
    if (year < 1990 || year > 2100) continue;
    int month = 0, day = 0;
    if (p + 4 < path.size() && (path[p + 4] == '/' || path[p + 4] == '-') && digits(p + 5, 2)) {
      month = std::stoi(std::string(path.substr(p + 5, 2)));
      const size_t q = p + 7;
      if (q < path.size() && (path[q] == '/' || path[q] == '-') && digits(q + 1, 2) &&
          (q + 3 >= path.size() || !IsDigitChar(path[q + 3]))) {
        day = std::stoi(std::string(path.substr(q + 1, 2)));
      }
    } else if (digits(p, 8) && (p + 8 >= path.size() || !IsDigitChar(path[p + 8]))) {
      month = std::stoi(std::string(path.substr(p + 4, 2)));
      day = std::stoi(std::string(path.substr(p + 6, 2)));
    }
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;  // a year (and month) alone is not a date
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    if (auto iso = NormalizeDate(buffer)) return *iso;
  }
  return "";
}

HtmlMetadata ExtractHtmlMetadata(const GumboNode* document, std::string_view page_url) {
  const Collected c = Collect(document);
  const JsonLdFacts ld = ReadJsonLd(c.json_ld);
  HtmlMetadata m;

  m.site_name = Meta(c, {"og:site_name", "application-name", "twitter:app:name:iphone"});
  if (m.site_name.find("://") != std::string::npos) m.site_name.clear();  // a URL is not a name
  if (m.site_name.empty()) m.site_name = ld.publisher;

  std::string title = Meta(c, {"og:title", "twitter:title"});
  if (title.empty()) title = c.title_tag;
  if (title.empty()) title = ld.headline;
  if (title.empty()) title = c.h1;
  m.title = StripTitleSuffix(title, m.site_name);

  std::optional<std::string> published;
  if (!published) published = Date(ld.published);
  if (!published) published = Date(Meta(c, {"article:published_time", "og:published_time"}));
  if (!published && c.time_is_published) published = Date(c.time_datetime);
  if (!published) published = Date(Meta(c, {"itemprop:datepublished", "datepublished"}));
  if (!published && !c.time_datetime.empty()) published = Date(c.time_datetime);
  if (!published) {
    published = Date(Meta(
        c, {"pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "date", "dc.date",
            "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date",
            "article.published", "original-publish-date", "cxenseparse:recs:publishtime",
            "citation_publication_date", "og:updated_time", "article:modified_time", "last-modified"}));
  }
  if (!published) {
    std::string from_url = DateFromUrlPath(page_url);
    if (from_url.empty()) from_url = DateFromUrlPath(c.canonical);
    if (!from_url.empty()) published = from_url;
  }
  if (!published) {
    for (const std::string& line : c.after_h1) {
      if ((published = FindDateInLine(line))) break;
    }
  }
  m.published = published.value_or("");

  m.author = CleanAuthor(ld.author);
  if (m.author.empty()) {
    m.author = CleanAuthor(Meta(c, {"author", "article:author", "byl", "parsely-author", "sailthru.author",
                                    "dc.creator", "dcterms.creator", "citation_author"}));
  }
  if (m.author.empty()) m.author = CleanAuthor(c.itemprop_author);
  if (m.author.empty()) m.author = CleanAuthor(c.rel_author);

  m.url = ResolveUrl(c.canonical, page_url);
  if (m.url.empty()) m.url = ResolveUrl(Meta(c, {"og:url"}), page_url);
  if (m.url.empty()) m.url = ResolveUrl(ld.url, page_url);
  if (m.url.empty()) m.url = std::string(page_url);
  for (const std::string& alias :
       {ResolveUrl(Meta(c, {"og:url"}), page_url), ResolveUrl(ld.url, page_url), std::string(page_url)}) {
    if (alias.empty() || alias == m.url) continue;
    if (std::find(m.url_aliases.begin(), m.url_aliases.end(), alias) == m.url_aliases.end()) {
      m.url_aliases.push_back(alias);
    }
  }

  m.language = NormalizeLanguage(c.html_lang);
  if (m.language.empty())
    m.language = NormalizeLanguage(Meta(c, {"content-language", "language", "dc.language"}));
  if (m.language.empty()) m.language = NormalizeLanguage(ld.language);
  if (m.language.empty()) m.language = NormalizeLanguage(Meta(c, {"og:locale"}));

  m.description = Meta(c, {"og:description", "description", "twitter:description"});
  return m;
}

}  // namespace newsfacts
