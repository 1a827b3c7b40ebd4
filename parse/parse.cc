#include "parse/parse.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "parse/front_matter.h"
#include "parse/html.h"
#include "parse/plain_text.h"
#include "parse/text_util.h"
#include "core/ascii.h"

namespace newsfacts {
namespace {

std::string LowerExtension(const std::string& source) {
  const size_t slash = source.find_last_of('/');
  const size_t dot = source.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return AsciiLower(source.substr(dot + 1));
}

bool LooksLikeHtml(std::string_view head) {
  std::string lower = AsciiLower(head.substr(0, 1024));
  const size_t first = lower.find_first_not_of(" \t\r\n\xef\xbb\xbf");
  if (first == std::string::npos) return false;
  lower.erase(0, first);
  return lower.rfind("<!doctype html", 0) == 0 || lower.rfind("<html", 0) == 0 ||
         lower.rfind("<head", 0) == 0 || (lower.rfind("<!--", 0) == 0 && lower.find("<html") != std::string::npos);
}

// UTF-16 without a BOM (declared by <meta> or Content-Type): ASCII markup puts a NUL in many even
// (or odd) bytes of the first KiB and almost none in the others; binary data has NULs anywhere.
bool LooksLikeBomlessUtf16(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 1024);
  size_t nul[2] = {0, 0};
  for (size_t i = 0; i < head.size(); ++i) nul[i % 2] += head[i] == '\0';
  const size_t half = head.size() / 2;
  return half > 0 && ((nul[0] * 10 >= half * 4 && nul[1] * 20 < half) || (nul[1] * 10 >= half * 4 && nul[0] * 20 < half));
}

const char* FormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kFrontMatter:
      return "front-matter";
    case InputFormat::kHtml:
      return "html";
    case InputFormat::kPlainText:
      break;
  }
  return "text";
}

}  // namespace

InputFormat DetectFormat(const RawDocument& raw) {
  const std::string ext = LowerExtension(raw.source);
  if (ext == "html" || ext == "htm" || ext == "xhtml") return InputFormat::kHtml;
  if (AsciiLower(raw.content_type).find("html") != std::string::npos) return InputFormat::kHtml;
  // UTF-16 files (Windows editors save them) are sniffed after conversion.
  const std::string converted = HasUtf16Bom(raw.body) ? Utf16ToUtf8(raw.body.substr(0, 4096)) : std::string();
  const std::string_view head = HasUtf16Bom(raw.body) ? std::string_view(converted) : std::string_view(raw.body);
  if (HasFrontMatter(head)) return InputFormat::kFrontMatter;
  if (LooksLikeHtml(head)) return InputFormat::kHtml;
  return InputFormat::kPlainText;
}

Result<Article> ParseDocument(const RawDocument& raw, const ParseOptions& options) {
  if (raw.body.size() > options.max_input_bytes) {
    return Status::TooLarge("document is " + std::to_string(raw.body.size()) + " bytes, over the limit of " +
                            std::to_string(options.max_input_bytes));
  }
  if (raw.body.empty()) return Status::InvalidInput("empty document (0 bytes)");
  if (IsBlank(raw.body)) return Status::InvalidInput("empty document (only whitespace)");
  const InputFormat format = DetectFormat(raw);
  // HTML goes to its own parser as bytes: it works out the charset (UTF-16 and GBK included).
  if (format == InputFormat::kHtml) {
    // A .html name or an HTML Content-Type does not make an image readable as a page.
    if (!HasUtf16Bom(raw.body) && LooksBinary(raw.body) && !LooksLikeBomlessUtf16(raw.body)) {
      return Status::InvalidInput("binary data (NUL or control bytes), not an HTML document");
    }
    Result<Article> article = ParseHtml(raw);
    if (article.ok()) {
      article->source = raw.source;
      article->format = FormatName(format);
    }
    return article;
  }

  const bool utf16 = HasUtf16Bom(raw.body);
  if (!utf16 && LooksBinary(raw.body)) return Status::InvalidInput("binary data (NUL or control bytes), not a text document");
  // Text formats must be UTF-8; invalid sequences are replaced (U+FFFD) rather than rejected.
  const std::string text = RepairUtf8(utf16 ? Utf16ToUtf8(raw.body) : raw.body);
  if (IsBlank(text)) return Status::InvalidInput("empty document (only whitespace)");
  Result<Article> article =
      format == InputFormat::kFrontMatter ? ParseFrontMatterDocument(text, raw.source) : ParsePlainText(text, raw.source);
  if (article.ok()) {
    article->source = raw.source;
    article->format = FormatName(format);
  }
  return article;
}

}  // namespace newsfacts
