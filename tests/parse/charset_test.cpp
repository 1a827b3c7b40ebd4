#include "parse/charset.h"

#include <catch2/catch.hpp>
#include <string>

namespace newsfacts {
namespace {

// "北京" in GBK and "café €5" in Windows-1252.
const std::string kBeijingGbk = "\xb1\xb1\xbe\xa9";
const std::string kCafeWindows1252 =
    "caf\xe9 \x80"
    "5";

}  // namespace

TEST_CASE("NormalizeCharsetName maps labels to the decoder browsers use", "[charset]") {
  CHECK(NormalizeCharsetName("gb2312") == "GB18030");
  CHECK(NormalizeCharsetName("GBK") == "GB18030");
  CHECK(NormalizeCharsetName(" \"gb18030\" ") == "GB18030");
  CHECK(NormalizeCharsetName("ISO-8859-1") == "WINDOWS-1252");
  CHECK(NormalizeCharsetName("us-ascii") == "WINDOWS-1252");
  CHECK(NormalizeCharsetName("utf8") == "UTF-8");
  CHECK(NormalizeCharsetName("Shift_JIS") == "CP932");
  CHECK(NormalizeCharsetName("koi8-r") == "KOI8-R");
  CHECK(NormalizeCharsetName("") == "");
}

TEST_CASE("DetectHtmlCharset trusts BOM, then Content-Type, then meta, then the bytes", "[charset]") {
  const std::string meta_gbk =
      "<html><head><meta charset=\"gbk\"></head><body>" + kBeijingGbk + "</body></html>";

  SECTION("a UTF-8 BOM wins over everything") {
    const CharsetGuess g = DetectHtmlCharset("\xef\xbb\xbf" + meta_gbk, "text/html; charset=iso-8859-1");
    CHECK(g.charset == "UTF-8");
    CHECK(g.source == CharsetSource::kBom);
  }
  SECTION("UTF-16 BOMs") {
    CHECK(DetectHtmlCharset(std::string("\xff\xfe<\0h\0", 6), "").charset == "UTF-16LE");
    CHECK(DetectHtmlCharset(std::string("\xfe\xff\0<\0h", 6), "").charset == "UTF-16BE");
  }
  SECTION("the HTTP Content-Type wins over <meta>") {
    const CharsetGuess g = DetectHtmlCharset(meta_gbk, "text/html; Charset=\"Big5\"");
    CHECK(g.charset == "BIG5-HKSCS");
    CHECK(g.source == CharsetSource::kContentType);
  }
  SECTION("<meta charset>") {
    const CharsetGuess g = DetectHtmlCharset(meta_gbk, "text/html");
    CHECK(g.charset == "GB18030");
    CHECK(g.source == CharsetSource::kMeta);
  }
  SECTION("<meta http-equiv=Content-Type>") {
    const std::string page =
        "<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GB2312\"></HEAD>" +
        kBeijingGbk;
    CHECK(DetectHtmlCharset(page, "").charset == "GB18030");
  }
  SECTION("a Latin-1 <meta> on bytes that are valid multi-byte UTF-8 reads as UTF-8") {
    const CharsetGuess g = DetectHtmlCharset("<meta charset=iso-8859-1><p>caf\xc3\xa9</p>", "");
    CHECK(g.charset == "UTF-8");
  }
  SECTION("detection without any declaration") {
    CHECK(DetectHtmlCharset("<p>plain ascii</p>", "").charset == "UTF-8");
    CHECK(DetectHtmlCharset("<p>caf\xc3\xa9 \xe2\x82\xac</p>", "").charset == "UTF-8");
    const std::string gbk_text = "<p>" + kBeijingGbk + kBeijingGbk + "\xca\xd0</p>";
    CHECK(DetectHtmlCharset(gbk_text, "").charset == "GB18030");
    CHECK(DetectHtmlCharset("<p>" + kCafeWindows1252 + "</p>", "").charset == "WINDOWS-1252");
    CHECK(DetectHtmlCharset("<p>only ascii</p>", "").source == CharsetSource::kDetected);
  }
}

TEST_CASE("ConvertToUtf8 decodes GBK, Windows-1252 and UTF-16", "[charset]") {
  auto gbk = ConvertToUtf8(kBeijingGbk, "gbk");
  REQUIRE(gbk.ok());
  CHECK(*gbk == "北京");
  auto gb18030 = ConvertToUtf8(kBeijingGbk, "GB2312");
  REQUIRE(gb18030.ok());
  CHECK(*gb18030 == "北京");

  auto latin = ConvertToUtf8(kCafeWindows1252, "windows-1252");
  REQUIRE(latin.ok());
  CHECK(*latin == "café €5");
  // ISO-8859-1 labels decode as Windows-1252, so 0x92 is a curly apostrophe.
  auto apostrophe = ConvertToUtf8("it\x92s", "iso-8859-1");
  REQUIRE(apostrophe.ok());
  CHECK(*apostrophe == "it\xe2\x80\x99s");

  auto utf16 = ConvertToUtf8(std::string("\xff\xfeh\0i\0", 6), "UTF-16LE");
  REQUIRE(utf16.ok());
  CHECK(*utf16 == "hi");
}

TEST_CASE("ConvertToUtf8 replaces invalid bytes instead of failing", "[charset]") {
  SECTION("an invalid GBK byte pair in the middle") {
    auto out = ConvertToUtf8(
        "a\xb1\xb1\xff\xff"
        "b",
        "gbk");
    REQUIRE(out.ok());
    CHECK(out->find("北") != std::string::npos);
    CHECK(out->find("\xef\xbf\xbd") != std::string::npos);
    CHECK(out->back() == 'b');
  }
  SECTION("a multi-byte sequence cut off at the end") {
    auto out = ConvertToUtf8("ok\xb1", "gbk");
    REQUIRE(out.ok());
    CHECK(*out == "ok\xef\xbf\xbd");
  }
  SECTION("invalid UTF-8") {
    auto out = ConvertToUtf8("a\xc3(b\xff", "utf-8");
    REQUIRE(out.ok());
    CHECK(out->find('\xff') == std::string::npos);
    CHECK(out->find("\xef\xbf\xbd") != std::string::npos);
  }
  SECTION("a BOM is dropped") {
    auto out = ConvertToUtf8("\xef\xbb\xbfhello", "utf-8");
    REQUIRE(out.ok());
    CHECK(*out == "hello");
  }
}

TEST_CASE("ConvertToUtf8 reports an unknown charset", "[charset]") {
  auto out = ConvertToUtf8("text", "x-no-such-charset");
  REQUIRE_FALSE(out.ok());
  CHECK(out.status().code() == Status::Code::kUnsupported);
  CHECK(out.status().message().find("x-no-such-charset") != std::string::npos);
}

}  // namespace newsfacts
