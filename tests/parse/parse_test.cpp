#include "parse/parse.h"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace newsfacts;

namespace {

RawDocument Doc(std::string body, std::string source = "doc.txt") {
  RawDocument raw;
  raw.source = std::move(source);
  raw.body = std::move(body);
  return raw;
}

RawDocument Sample(const std::string& name) {
  std::ifstream in(std::string(NEWSFACTS_SOURCE_DIR "/samples/") + name, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return Doc(ss.str(), "samples/" + name);
}

const char* const kProse =
    "The government said on Monday that the new plan would raise spending on research by a large margin.";

}  // namespace

TEST_CASE("DetectFormat: extension and content type first, then a sniff", "[parse]") {
  CHECK(DetectFormat(Doc("plain", "a/page.HTML")) == InputFormat::kHtml);
  RawDocument typed = Doc("plain", "https://x/y");
  typed.content_type = "text/html; charset=gbk";
  CHECK(DetectFormat(typed) == InputFormat::kHtml);
  CHECK(DetectFormat(Doc("---\ntitle: x\n---\n")) == InputFormat::kFrontMatter);
  CHECK(DetectFormat(Doc("\n  <!DOCTYPE html><html></html>")) == InputFormat::kHtml);
  CHECK(DetectFormat(Doc("Title\n\nText")) == InputFormat::kPlainText);
  CHECK(DetectFormat(Doc(std::string("\xff\xfe-\0-\0-\0\n\0", 10))) == InputFormat::kFrontMatter);
}

TEST_CASE("ParseDocument sets format and source for every seed", "[parse][seed]") {
  const Result<Article> fm = ParseDocument(Sample("000_91e8619db12a49dd.txt"));
  REQUIRE(fm.ok());
  CHECK(fm->format == "front-matter");
  CHECK(fm->source == "samples/000_91e8619db12a49dd.txt");
  CHECK(fm->url_aliases.size() == 2);
  for (const char* name : {"001_6d2f24a54b36586d.txt", "002_62b28d1eb86d5baa.txt", "003_6b183e41a9888dd3.txt",
                           "004_6be7b14613e5e6bc.txt"}) {
    const Result<Article> r = ParseDocument(Sample(name));
    REQUIRE(r.ok());
    CHECK(r->format == "text");
    CHECK(r->source == std::string("samples/") + name);
    CHECK_FALSE(r->title.empty());
    CHECK_FALSE(r->body.empty());
  }
}

TEST_CASE("ParseDocument: empty and whitespace-only documents", "[parse][bad]") {
  const Result<Article> empty = ParseDocument(Doc(""));
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.status().code() == Status::Code::kInvalidInput);
  CHECK(empty.status().message().find("empty") != std::string::npos);
  const Result<Article> blank = ParseDocument(Doc(" \n\t\r\n\xc2\xa0\n"));
  REQUIRE_FALSE(blank.ok());
  CHECK(blank.status().message().find("whitespace") != std::string::npos);
}

TEST_CASE("ParseDocument: binary data is refused", "[parse][bad]") {
  const Result<Article> r = ParseDocument(Doc(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "image.txt"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kInvalidInput);
  CHECK(r.status().message().find("binary") != std::string::npos);
}

TEST_CASE("ParseDocument: invalid UTF-8 is repaired, not fatal", "[parse][bad]") {
  const Result<Article> r = ParseDocument(Doc(std::string("Caf\xe9 headline\n\n") + kProse + " \xff\xfe end."));
  REQUIRE(r.ok());
  CHECK(r->title == "Caf\xef\xbf\xbd headline");
  CHECK(r->body.find("\xef\xbf\xbd\xef\xbf\xbd end.") != std::string::npos);
}

TEST_CASE("ParseDocument: UTF-16 text is converted", "[parse]") {
  const std::string utf8 = std::string("Headline\n\n") + kProse;
  std::string utf16 = "\xff\xfe";
  for (char c : utf8) {
    utf16 += c;
    utf16 += '\0';
  }
  const Result<Article> r = ParseDocument(Doc(utf16));
  REQUIRE(r.ok());
  CHECK(r->title == "Headline");
  CHECK(r->body == kProse);
}

TEST_CASE("ParseDocument: size limit and front-matter errors", "[parse][bad]") {
  ParseOptions small;
  small.max_input_bytes = 10;
  const Result<Article> big = ParseDocument(Doc(std::string(kProse)), small);
  REQUIRE_FALSE(big.ok());
  CHECK(big.status().code() == Status::Code::kTooLarge);

  const Result<Article> unclosed = ParseDocument(Doc("---\ntitle: x\n\nbody\n"));
  REQUIRE_FALSE(unclosed.ok());
  CHECK(unclosed.status().message().find("never closed") != std::string::npos);

  const Result<Article> broken = ParseDocument(Doc("---\ntitle: [x\n---\nbody\n"));
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.status().message().find("broken YAML") != std::string::npos);
}

TEST_CASE("ParseDocument: random mixes of tricky fragments never crash", "[parse][bad]") {
  // Deterministic pseudo-random documents built from pieces that exercise every rule.
  const std::vector<std::string> pieces = {
      "---\n", "title: x\n", "date: 2024-02-30\n", "a: &a [1, *a]\n", "\n", "\n\n", "34 C\n", "Friday, July 19, 2024\n",
      "Updated: April 6, 2024 07:03 Xinhua\n", "\xc2\xa9 2024 | About us\n", "Related Articles\n", "-\n",
      "Short headline without a stop here\n", std::string(kProse) + "\n", "\xff\xfe", "\xe4\xb8", "\r\n", "\t \xc2\xa0",
      "By Ann Lee\n", "2024\xe5\xb9\xb4" "4\xe6\x9c\x88", "... \n", "[[[[", "- item\n", "1. item\n"};
  uint32_t state = 12345;
  auto next = [&] {
    state = state * 1103515245u + 12345u;
    return (state >> 16) & 0x7fff;
  };
  for (int doc = 0; doc < 2000; ++doc) {
    std::string body;
    const int n = 1 + next() % 30;
    for (int i = 0; i < n; ++i) body += pieces[next() % pieces.size()];
    const Result<Article> r = ParseDocument(Doc(body));
    if (r.ok()) {
      CHECK(r->body.find("\n\n\n") == std::string::npos);
      CHECK(r->body.find('\r') == std::string::npos);
    } else {
      CHECK_FALSE(r.status().message().empty());
    }
  }
}
