#include "parse/text_util.h"

#include <string>

#include <catch2/catch.hpp>
#include "core/ascii.h"

using namespace newsfacts;

namespace {
const std::string kFffd = "\xef\xbf\xbd";
std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}
}  // namespace

TEST_CASE("IsBlank accepts only whitespace, Unicode spaces included", "[text_util]") {
  CHECK(IsBlank(""));
  CHECK(IsBlank(" \t\r\n\f"));
  CHECK(IsBlank("\xc2\xa0\xe3\x80\x80\xef\xbb\xbf\xe2\x80\x8b \n"));
  CHECK_FALSE(IsBlank("  a  "));
  CHECK_FALSE(IsBlank("\xc2\xa0x"));
  CHECK_FALSE(IsBlank(std::string("\0", 1)));
}

TEST_CASE("LooksBinary flags NUL bytes and control-heavy data, not text", "[text_util]") {
  CHECK(LooksBinary(std::string("abc\0def", 7)));
  CHECK(LooksBinary(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)));
  CHECK(LooksBinary(Repeat("\x01\x02\x03\x04 text ", 100)));
  CHECK_FALSE(LooksBinary("Plain text\r\nwith\tTabs and \x1b[1mcolour\x1b[0m.\n"));
  CHECK_FALSE(LooksBinary("UTF-8 \xe4\xb8\xad\xe6\x96\x87 and Latin-1 \xe9 bytes"));
  CHECK_FALSE(LooksBinary(""));
  // Only the first 8 KiB are looked at.
  CHECK_FALSE(LooksBinary(std::string(9000, 'a') + std::string("\0", 1)));
}

TEST_CASE("RepairUtf8 keeps valid text and drops a leading BOM", "[text_util]") {
  const std::string valid = "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 \xe2\x80\x99";
  CHECK(RepairUtf8(valid) == valid);
  CHECK(RepairUtf8("\xef\xbb\xbfhello") == "hello");
  CHECK(RepairUtf8("a\xef\xbb\xbf" "b") == "a\xef\xbb\xbf" "b");  // only a leading BOM goes
}

TEST_CASE("RepairUtf8 replaces each maximal invalid subpart with U+FFFD", "[text_util]") {
  CHECK(RepairUtf8("a\xff" "b") == "a" + kFffd + "b");
  CHECK(RepairUtf8("\xc0\xaf") == kFffd + kFffd);              // overlong '/'
  CHECK(RepairUtf8("\xe0\x80\xaf") == kFffd + kFffd + kFffd);  // overlong 3-byte form
  CHECK(RepairUtf8("\xed\xa0\x80") == kFffd + kFffd + kFffd);  // UTF-16 surrogate D800
  CHECK(RepairUtf8("\xf4\x90\x80\x80") == kFffd + kFffd + kFffd + kFffd);  // above U+10FFFF
  CHECK(RepairUtf8("a\xe4\xb8" "b") == "a" + kFffd + "b");     // truncated sequence
  CHECK(RepairUtf8("end\xe4\xb8") == "end" + kFffd);
  CHECK(RepairUtf8("\x80\x80") == kFffd + kFffd);              // stray continuation bytes
  CHECK(RepairUtf8("\xe9t\xe9") == kFffd + "t" + kFffd);       // Latin-1 input
}

TEST_CASE("Utf16ToUtf8 converts both byte orders and surrogate pairs", "[text_util]") {
  CHECK(HasUtf16Bom(std::string("\xff\xfeh\0", 4)));
  CHECK_FALSE(HasUtf16Bom("hello"));
  CHECK(Utf16ToUtf8(std::string("\xff\xfeh\0i\0", 6)) == "hi");
  CHECK(Utf16ToUtf8(std::string("\xfe\xff\0h\0i", 6)) == "hi");
  CHECK(Utf16ToUtf8(std::string("\xff\xfe\x2d\x4e", 4)) == "\xe4\xb8\xad");              // U+4E2D
  CHECK(Utf16ToUtf8(std::string("\xff\xfe\x3d\xd8\x00\xde", 6)) == "\xf0\x9f\x98\x80");  // U+1F600
  CHECK(Utf16ToUtf8(std::string("\xff\xfe\x3d\xd8", 4)) == kFffd);                       // lone surrogate
  CHECK(Utf16ToUtf8("no bom") == "no bom");
}

TEST_CASE("Trim removes ASCII and Unicode spaces at both ends only", "[text_util]") {
  CHECK(Trim("  a b \n") == "a b");
  CHECK(Trim("\xc2\xa0x\xc2\xa0") == "x");
  CHECK(Trim("\xe3\x80\x80\xe4\xb8\xad\xe3\x80\x80") == "\xe4\xb8\xad");
  CHECK(Trim(" \t ") == "");
  CHECK(Trim("") == "");
  CHECK(Trim("\xc3\xa0") == "\xc3\xa0");  // 'à' ends in A0 but is not a space
}

TEST_CASE("CodePointCount and AsciiLower", "[text_util]") {
  CHECK(CodePointCount("abc") == 3);
  CHECK(CodePointCount("\xe4\xb8\xad\xe6\x96\x87") == 2);
  CHECK(AsciiLower("AbC \xc3\x89") == "abc \xc3\x89");
}
