// libFuzzer target: parse/charset.h. The first byte picks the declared charset label, the rest is
// the document; the conversion with the detected charset runs too.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "parse/charset.h"

using newsfacts::fuzz::IsValidUtf8;

namespace {

// Labels pages really carry, plus odd ones (empty, unknown, stateful encodings).
const char* const kLabels[] = {
    "utf-8",      "UTF8",        "gbk",        "gb2312",    "GB18030",     "windows-1252", "latin1",
    "iso-8859-1", "us-ascii",    "shift_jis",  "x-sjis",    "euc-jp",      "iso-2022-jp",  "euc-kr",
    "big5",       "utf-16",      "utf-16le",   "utf-16be",  "utf-32",      "koi8-r",       "windows-1251",
    "iso-8859-2", "iso-8859-15", "macintosh",  "hz-gb-2312", "x-unknown", "",             " utf-8 ",
    "UTF-7",      "tis-620",     "windows-874", "cp936",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view label = kLabels[data[0] % std::size(kLabels)];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

  (void)newsfacts::NormalizeCharsetName(label);
  // Invalid or unmappable input becomes U+FFFD, so any successful conversion is valid UTF-8.
  newsfacts::Result<std::string> converted = newsfacts::ConvertToUtf8(bytes, label);
  if (converted.ok()) NEWSFACTS_FUZZ_CHECK(IsValidUtf8(*converted));

  const newsfacts::CharsetGuess guess = newsfacts::DetectHtmlCharset(bytes, "text/html; charset=" + std::string(label));
  const newsfacts::CharsetGuess sniffed = newsfacts::DetectHtmlCharset(bytes, "");
  NEWSFACTS_FUZZ_CHECK(!sniffed.charset.empty());
  for (const newsfacts::CharsetGuess* g : {&guess, &sniffed}) {
    newsfacts::Result<std::string> out = newsfacts::ConvertToUtf8(bytes, g->charset);
    if (out.ok()) NEWSFACTS_FUZZ_CHECK(IsValidUtf8(*out));
  }
  return 0;
}
