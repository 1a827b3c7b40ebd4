#include "parse/front_matter.h"

#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "test_util.h"

using namespace newsfacts;

namespace {

using newsfacts::testing::ReadSample;

}  // namespace

TEST_CASE("HasFrontMatter needs a '---' first line", "[front_matter]") {
  CHECK(HasFrontMatter("---\ntitle: x\n---\n"));
  CHECK(HasFrontMatter("\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n"));
  CHECK(HasFrontMatter("---  \ntitle: x\n---\n"));
  CHECK_FALSE(HasFrontMatter("----\ntitle: x\n"));
  CHECK_FALSE(HasFrontMatter("title\n---\n"));
  CHECK_FALSE(HasFrontMatter(" ---\n"));
}

TEST_CASE("Seed 000: metadata, one canonical url with two aliases, excerpt as body", "[front_matter][seed]") {
  Result<Article> r = ParseFrontMatterDocument(ReadSample("000_91e8619db12a49dd.txt"), "000.txt");
  REQUIRE(r.ok());
  const Article& a = *r;
  CHECK(a.format == "front-matter");
  CHECK(a.source == "000.txt");
  CHECK(a.title == "China is ramping up efforts to drive AI development");
  CHECK(a.published == "2023-05-19T14:27:00Z");  // "published: false" is not a date
  CHECK(a.url == "https://www.zdnet.com/article/china-is-ramping-up-efforts-to-drive-ai-development/");
  REQUIRE(a.url_aliases.size() == 2);
  CHECK(a.url_aliases[0] == "https://www.zdnet.com/google-amp/article/china-is-ramping-up-efforts-to-drive-ai-development/");
  CHECK(a.url_aliases[1] ==
        "https://www-zdnet-com.cdn.ampproject.org/c/s/www.zdnet.com/google-amp/article/"
        "china-is-ramping-up-efforts-to-drive-ai-development/");
  CHECK(a.site_name == "ZDNet");
  CHECK(a.topics == std::vector<std::string>{"AI"});
  REQUIRE(a.related.size() == 2);
  CHECK(a.related[0].title == "SAP Develops AI-Driven Skills For Workforce Processes");
  CHECK(a.related[0].url ==
        "https://www.forbes.com/sites/adrianbridgwater/2023/05/16/sap-develops-ai-driven-skills-for-workforce-processes/");
  CHECK(a.related[0].published == "2023-05-16T15:43:00Z");
  CHECK(a.related[1].title == "Stability AI open sources its AI-powered design studio");
  CHECK(a.related[1].published == "2023-05-18T22:31:00Z");
  CHECK(a.excerpt.rfind("Tagging artificial intelligence as an important focus", 0) == 0);
  CHECK(a.body == a.excerpt);
}

TEST_CASE("Front-matter fields: preference of url keys, aliases, author, language", "[front_matter]") {
  const std::string doc =
      "---\n"
      "Title: '  Spaced title '\n"
      "webUrl: https://example.com/a\n"
      "url: https://example.com/canonical\n"
      "ampUrl: https://example.com/a/amp\n"
      "imageUrl: https://example.com/pic.jpg\n"
      "link: https://example.com/a\n"
      "author: [{name: Ann Lee}, Bo Wu]\n"
      "lang: en\n"
      "date: Fri, 19 Jul 2024 10:00:00 GMT\n"
      "tags: single\n"
      "source: Xinhua\n"
      "---\n"
      "First paragraph of the body, which is long enough to count as prose for the cleaner.\n"
      "\n"
      "Second paragraph.\n";
  Result<Article> r = ParseFrontMatterDocument(doc, "x.md");
  REQUIRE(r.ok());
  CHECK(r->title == "Spaced title");
  CHECK(r->url == "https://example.com/canonical");
  CHECK(r->url_aliases == std::vector<std::string>{"https://example.com/a", "https://example.com/a/amp"});
  CHECK(r->author == "Ann Lee, Bo Wu");
  CHECK(r->language == "en");
  CHECK(r->published == "2024-07-19T10:00:00Z");
  CHECK(r->topics == std::vector<std::string>{"single"});
  CHECK(r->site_name == "Xinhua");
  CHECK(r->body ==
        "First paragraph of the body, which is long enough to count as prose for the cleaner.\n\nSecond paragraph.");
}

TEST_CASE("Front-matter: the first key holding a real date wins", "[front_matter]") {
  Result<Article> r = ParseFrontMatterDocument("---\npublished: true\ndate: not a date\npubDate: 2024-04-05\n---\nBody.\n", "");
  REQUIRE(r.ok());
  CHECK(r->published == "2024-04-05");
  Result<Article> none = ParseFrontMatterDocument("---\npublished: false\ndate: 2024\n---\nBody.\n", "");
  REQUIRE(none.ok());
  CHECK(none->published.empty());
}

TEST_CASE("Front-matter: empty block and CRLF line ends are accepted", "[front_matter]") {
  Result<Article> empty = ParseFrontMatterDocument("---\n---\nJust a body.\n", "");
  REQUIRE(empty.ok());
  CHECK(empty->title.empty());
  CHECK(empty->body == "Just a body.");
  Result<Article> crlf = ParseFrontMatterDocument("---\r\ntitle: CRLF\r\n---\r\nBody line.\r\n", "");
  REQUIRE(crlf.ok());
  CHECK(crlf->title == "CRLF");
  CHECK(crlf->body == "Body line.");
}

TEST_CASE("Front-matter without a closing '---' is an error", "[front_matter][bad]") {
  Result<Article> r = ParseFrontMatterDocument("---\ntitle: x\nbody text\n", "");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kInvalidInput);
  CHECK(r.status().message().find("never closed") != std::string::npos);
}

TEST_CASE("Broken YAML is an error naming the file line", "[front_matter][bad]") {
  Result<Article> r = ParseFrontMatterDocument("---\ntitle: ok\nurl: [unclosed\nother: 1\n---\nbody\n", "");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kInvalidInput);
  CHECK(r.status().message().find("broken YAML in front-matter at line") != std::string::npos);
  Result<Article> tab = ParseFrontMatterDocument("---\ntitle: a\n  bad: indentation: here\n---\n", "");
  REQUIRE_FALSE(tab.ok());
  CHECK(tab.status().message().find("line 3") != std::string::npos);
}

TEST_CASE("Front-matter that is not a mapping is an error", "[front_matter][bad]") {
  Result<Article> list = ParseFrontMatterDocument("---\n- a\n- b\n---\nbody\n", "");
  REQUIRE_FALSE(list.ok());
  CHECK(list.status().message().find("a list") != std::string::npos);
  Result<Article> scalar = ParseFrontMatterDocument("---\njust words\n---\nbody\n", "");
  REQUIRE_FALSE(scalar.ok());
  CHECK(scalar.status().code() == Status::Code::kInvalidInput);
}

TEST_CASE("An alias bomb is read without expanding it", "[front_matter][bad]") {
  std::string doc = "---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 12; ++i) {  // 10^13 leaves if expanded
    const std::string prev = "*a" + std::to_string(i - 1);
    doc += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) doc += (j ? ", " : "") + prev;
    doc += "]\n";
  }
  doc += "title: Bomb\ntopics: *a12\nrelated: *a12\nauthor: *a12\n---\nBody text.\n";
  Result<Article> r = ParseFrontMatterDocument(doc, "");
  REQUIRE(r.ok());
  CHECK(r->title == "Bomb");
  CHECK(r->topics.empty());
  CHECK(r->related.empty());
  CHECK(r->author.empty());
}

TEST_CASE("Deeply nested YAML is an error, not a stack overflow", "[front_matter][bad]") {
  const std::string doc = "---\nx: " + std::string(100000, '[') + "\n---\nbody\n";
  Result<Article> r = ParseFrontMatterDocument(doc, "");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kInvalidInput);
}

TEST_CASE("Front-matter with NUL bytes is refused, not decoded as UTF-32", "[front_matter][bad]") {
  // "title: a" then U+D800 in UTF-32LE: yaml-cpp would guess UTF-32 from the NULs and return the
  // surrogate as the bytes ED A0 80, which are not UTF-8.
  std::string utf32;
  for (char c : std::string("title: a")) utf32 += std::string(1, c) + std::string(3, '\0');
  utf32 += std::string("\x00\xD8\x00\x00", 4);
  Result<Article> r = ParseFrontMatterDocument("---\n" + utf32 + "\n---\nBody text.\n", "");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kInvalidInput);
  CHECK(r.status().message() == "front-matter has a NUL byte on line 2; YAML metadata must be UTF-8 text");
  Result<Article> later = ParseFrontMatterDocument("---\ntitle: a\nsite: b" + std::string(1, '\0') + "\n---\nx\n", "");
  REQUIRE_FALSE(later.ok());
  CHECK(later.status().message().find("NUL byte on line 3") != std::string::npos);
}

TEST_CASE("A front-matter block over the size cap is refused", "[front_matter][bad]") {
  const std::string doc = "---\nx: \"" + std::string(kMaxFrontMatterBytes, 'a') + "\"\n---\nbody\n";
  Result<Article> r = ParseFrontMatterDocument(doc, "");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kTooLarge);
  CHECK(r.status().message().find("front-matter") != std::string::npos);
}
