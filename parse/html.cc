#include "parse/html.h"

#include <string>

#include "parse/charset.h"
#include "parse/html_metadata.h"
#include "parse/html_tree.h"
#include "parse/text_util.h"

namespace newsfacts {

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
  if (!raw.url.empty() && raw.url != article.url) article.url_aliases.push_back(raw.url);
  article.title = meta.title;
  article.excerpt = meta.description;
  article.published = meta.published;
  article.author = meta.author;
  article.language = meta.language;
  article.site_name = meta.site_name;
  article.body = ExtractMainText(tree.document(), options.main_text);
  if (article.body.empty() && article.title.empty()) {
    return Status::InvalidInput("the HTML page holds no readable text");
  }
  return article;
}

}  // namespace newsfacts
