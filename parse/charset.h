// Character sets of web pages: find the one a page is written in and convert it to UTF-8 (iconv).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace newsfacts {

// Where the charset of a document came from, in decreasing order of trust.
enum class CharsetSource { kBom, kContentType, kMeta, kDetected };

struct CharsetGuess {
  std::string charset;  // iconv name, e.g. "UTF-8", "GB18030", "WINDOWS-1252"
  CharsetSource source = CharsetSource::kDetected;
};

// Maps a label from a page or header ("gb2312", "latin1", "x-sjis"...) to the iconv name of the
// encoding browsers actually use for it (WHATWG Encoding Standard): GB2312 and GBK decode as GB18030,
// ISO-8859-1 and ASCII as Windows-1252. Unknown labels come back upper-cased; empty stays empty.
std::string NormalizeCharsetName(std::string_view label);

// The charset of an HTML document: byte order mark, then the HTTP Content-Type (`content_type`, may
// be empty), then <meta charset> / <meta http-equiv="Content-Type"> in the first 4 KiB, then a guess
// from the bytes (valid UTF-8, else GB18030 when the high bytes pair up as GB2312 characters, else
// Windows-1252).
CharsetGuess DetectHtmlCharset(std::string_view bytes, std::string_view content_type);

// Converts `bytes` from `charset` (any label NormalizeCharsetName accepts) to UTF-8. A leading BOM is
// dropped; invalid or unmappable sequences become U+FFFD. Fails with Status::Unsupported when iconv
// does not know the charset.
Result<std::string> ConvertToUtf8(std::string_view bytes, std::string_view charset);

}  // namespace newsfacts
