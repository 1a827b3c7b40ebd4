#include "parse/html.h"

#include <string>

#include "parse/charset.h"
#include "parse/html_metadata.h"
#include "parse/html_tree.h"
#include "parse/text_util.h"

namespace newsfacts {

namespace {

// Letters and digits of `text`, lower-cased, for comparing headlines written differently.
std::string Letters(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '.' || c == ',' || c == ':' || c == '-' || c == '"' ||
        c == '\'' || c == '|') {
      continue;
    }
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

// The headline repeated as the first paragraph of the body belongs to Article::title only.
std::string DropLeadingTitle(std::string body, std::string_view title) {
  const std::string wanted = Letters(title);
  if (wanted.empty()) return body;
  const size_t end = body.find("\n\n");
  const std::string_view first = std::string_view(body).substr(0, end);
  if (Letters(first) != wanted) return body;
  return end == std::string::npos ? std::string() : body.substr(end + 2);
}

}  // namespace

Result<Article> ParseHtml(const RawDocument& raw, const HtmlOptions& options) {
  const CharsetGuess charset = DetectHtmlCharset(raw.body, raw.content_type);
  Result<std::string> converted = ConvertToUtf8(raw.body, charset.charset);
  // A charset iconv does not know: read the bytes as UTF-8 (invalid sequences replaced).
  const std::string html = converted.ok() ? std::move(converted).value() : RepairUtf8(raw.body);

  HtmlTree tree(html);
  if (!tree.ok()) return Status::Internal("the HTML parser failed on " + raw.source);
  const HtmlMetadata meta = ExtractHtmlMetadata(tree.document(), raw.url);

  Article article;
  article.source = raw.source;
  article.format = "html";
  article.url = meta.url;
  article.url_aliases = meta.url_aliases;
  article.title = meta.title;
  article.excerpt = meta.description;
  article.published = meta.published;
  article.author = meta.author;
  article.language = meta.language;
  article.site_name = meta.site_name;
  article.body = DropLeadingTitle(ExtractMainText(tree.document(), options.main_text), article.title);
  if (article.body.empty() && article.title.empty()) {
    return Status::InvalidInput("the HTML page holds no readable text");
  }
  return article;
}

}  // namespace newsfacts
