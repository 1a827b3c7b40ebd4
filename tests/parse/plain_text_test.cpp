#include "parse/plain_text.h"

#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "test_util.h"

using namespace newsfacts;

namespace {

using newsfacts::testing::ReadSample;

Article ParseSample(const std::string& name) {
  Result<Article> r = ParsePlainText(ReadSample(name), name);
  REQUIRE(r.ok());
  return std::move(r).value();
}

bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }
bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool Contains(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

// Paragraphs are separated by exactly one blank line and carry no stray spaces.
void CheckLayout(const std::string& body) {
  CHECK_FALSE(Contains(body, "\n\n\n"));
  CHECK_FALSE(Contains(body, "  "));
  CHECK_FALSE(Contains(body, " \n"));
  CHECK_FALSE(StartsWith(body, "\n"));
  CHECK_FALSE(EndsWith(body, "\n"));
}

const char* const kProse =
    "The government said on Monday that the new plan would raise spending on research by a large margin.";

}  // namespace

TEST_CASE("Seed 001: title, Updated header date, footer removed", "[plain_text][seed]") {
  const Article a = ParseSample("001_6d2f24a54b36586d.txt");
  CHECK(a.format == "text");
  CHECK(a.title == "China accelerates AI development to build AI innovation center");
  CHECK(a.published == "2024-04-06T07:03");
  CHECK(a.site_name == "Xinhua");
  CHECK(a.url.empty());
  CHECK(StartsWith(a.body, "BEIJING, April 5 -- China has attached great importance"));
  CHECK(EndsWith(a.body, "mechanisms and investment,\" he said."));
  for (const char* junk : {"Copyright", "About us", "Registration Number", "All rights reserved",
                           "Without written authorization", "Updated:"}) {
    CHECK_FALSE(Contains(a.body, junk));
  }
  CHECK(Contains(a.body, "by 2025, the scale of its AI core industry is scheduled to reach 300 billion yuan."));
  CheckLayout(a.body);
}

TEST_CASE("Seed 002: lower-case title line kept as title, 'You May Also Like' cut", "[plain_text][seed]") {
  const Article a = ParseSample("002_62b28d1eb86d5baa.txt");
  CHECK(a.title == "accelerate ai to compete");
  CHECK(a.published.empty());
  CHECK(StartsWith(a.body, "China\xe2\x80\x99s President Xi Jinping has urged the nation"));
  CHECK(EndsWith(a.body, "both at home and abroad."));
  for (const char* junk : {"You May Also Like", "Motorola", "OpenAI Models", "Gemini 2.5", "Find out now"}) {
    CHECK_FALSE(Contains(a.body, junk));
  }
  CHECK(Contains(a.body, "a model launched in January 2025."));
  CheckLayout(a.body);
}

TEST_CASE("Seed 003: weather widget and date line skipped, 'Related Articles' cut", "[plain_text][seed]") {
  const Article a = ParseSample("003_6b183e41a9888dd3.txt");
  CHECK(a.title == "China plans to build new AI innovative pilot zones");
  CHECK(a.published == "2024-07-19");
  CHECK(StartsWith(a.body, "The pilot zones seek to create models of the new generation AI innovative development"));
  CHECK(EndsWith(a.body, "located in Shanghai\xe2\x80\x99s Minhang District."));
  for (const char* junk : {"34 C", "Friday, July 19", "Related Articles", "Cloud Computing", "Deepfakes",
                           "Open Banking", "\xc2\xa0"}) {
    CHECK_FALSE(Contains(a.body, junk));
  }
  CHECK(Contains(a.body, "Ministry of Science and Technology of China on September 2019."));
  CheckLayout(a.body);
}

TEST_CASE("Seed 004: subtitle kept in the body, trailing headline list dropped", "[plain_text][seed]") {
  const Article a = ParseSample("004_6be7b14613e5e6bc.txt");
  CHECK(a.title == "China plans secure core AI technologies and industrial dominance by 2027");
  CHECK(a.published.empty());
  CHECK(StartsWith(a.body, "China plans to have two to three world-leading AI ecosystem leaders by 2027\n\n"
                           "China aims to achieve a secure and reliable supply"));
  CHECK(EndsWith(a.body, "to keep China at AI innovation levels."));
  for (const char* junk : {"YouTube Music", "ByteDance", "Siemens Energy", "Adam Mosseri", "\n-"}) {
    CHECK_FALSE(Contains(a.body, junk));
  }
  CheckLayout(a.body);
}

TEST_CASE("ParsePlainText: header lines around the title", "[plain_text]") {
  const std::string doc = std::string("82\xc2\xb0" "F\nMarch 3, 2024\nA headline about the economy\nBy Ann Lee | Reuters\n"
                                      "Published: 2024-03-02 09:00\n\n") + kProse + "\n";
  Result<Article> r = ParsePlainText(doc, "");
  REQUIRE(r.ok());
  CHECK(r->title == "A headline about the economy");
  CHECK(r->author == "Ann Lee");
  CHECK(r->published == "2024-03-03");  // first dated line, not an "Updated" one
  CHECK(r->body == kProse);
}

TEST_CASE("ParsePlainText: a Published date wins over an Updated one", "[plain_text]") {
  const std::string doc = std::string("Headline\nUpdated: 2024-05-02 10:00\nPublished: May 1, 2024\n\n") + kProse;
  Result<Article> r = ParsePlainText(doc, "");
  REQUIRE(r.ok());
  CHECK(r->published == "2024-05-01");
}

TEST_CASE("ParsePlainText: a headline mentioning a date is a title, not a header", "[plain_text]") {
  const std::string doc = std::string("Officials meet again on September 9, 2024 to review the plan\n\n") + kProse;
  Result<Article> r = ParsePlainText(doc, "");
  REQUIRE(r.ok());
  CHECK(r->title == "Officials meet again on September 9, 2024 to review the plan");
  CHECK(r->published.empty());
}

TEST_CASE("ParsePlainText: a first line that is a paragraph stays in the body", "[plain_text]") {
  const std::string doc = std::string(kProse) + "\n\nSecond paragraph of the text.\n";
  Result<Article> r = ParsePlainText(doc, "");
  REQUIRE(r.ok());
  CHECK(r->title == kProse);
  CHECK(r->body == std::string(kProse) + "\n\nSecond paragraph of the text.");
}

TEST_CASE("ParsePlainText: blank input is an error, and a lone line is title and body", "[plain_text][bad]") {
  CHECK_FALSE(ParsePlainText(" \n\t\n", "").ok());
  Result<Article> one = ParsePlainText("Only a title\n", "");
  REQUIRE(one.ok());
  CHECK(one->title == "Only a title");
  CHECK(one->body == "Only a title");
}

TEST_CASE("CleanBodyText: paragraphs, wrapped prose and lists", "[plain_text][layout]") {
  // One paragraph per line when lines are long; runs of blank lines collapse to one.
  CHECK(CleanBodyText(std::string(kProse) + "\n" + kProse + "\n\n\n\n" + kProse) ==
        std::string(kProse) + "\n\n" + kProse + "\n\n" + kProse);
  // Hard-wrapped prose is joined; a short line ending a sentence ends the paragraph.
  const std::string wrapped =
      "The ministry said the pilot zones would receive support from the\n"
      "central government, and that local governments should invest more\n"
      "in construction over the coming years.\n"
      "A second paragraph follows here and it is also wrapped at the same\n"
      "width as the first one was.\n";
  CHECK(CleanBodyText(wrapped) ==
        "The ministry said the pilot zones would receive support from the central government, and that local "
        "governments should invest more in construction over the coming years.\n\n"
        "A second paragraph follows here and it is also wrapped at the same width as the first one was.");
  // Short lines form a list and keep their line breaks.
  CHECK(CleanBodyText(std::string(kProse) + "\n\n- Beijing\n- Shanghai\n- Guangdong\n") ==
        std::string(kProse) + "\n\n- Beijing\n- Shanghai\n- Guangdong");
  // Whitespace is collapsed, U+00A0 included.
  CHECK(CleanBodyText("  a\xc2\xa0\xc2\xa0 b\t c  ") == "a b c");
}

TEST_CASE("CleanBodyText: junk sections and footers by general rules", "[plain_text][junk]") {
  const std::string article = std::string(kProse) + "\n\n" + kProse + "\n\n";
  CHECK(CleanBodyText(article + "Read More:\n\n" + kProse) == std::string(kProse) + "\n\n" + kProse);
  CHECK(CleanBodyText(article + "More from Reuters\nSome other story\n") == std::string(kProse) + "\n\n" + kProse);
  CHECK(CleanBodyText(article + "\xc2\xa9 2024 Example News Ltd\nLater line\n") ==
        std::string(kProse) + "\n\n" + kProse);
  CHECK(CleanBodyText(article + "Home | World | Business | Tech\n") == std::string(kProse) + "\n\n" + kProse);
  CHECK(CleanBodyText(article + "\xe4\xba\xac" "ICP\xe5\xa4\x87" "05070218\xe5\x8f\xb7\n") ==
        std::string(kProse) + "\n\n" + kProse);
  CHECK(CleanBodyText(article + "## Related\n\n- [Other story](https://x/y)\n") == std::string(kProse) + "\n\n" + kProse);
  CHECK(CleanBodyText(article + "**Read more:**\nOther story\n") == std::string(kProse) + "\n\n" + kProse);
  // Chinese prose counts as prose for the footer rule: the article before the footer stays whole.
  const std::string zh = "\xe5\x88\xb0\xe4\xba\x8c\xe3\x80\x87\xe4\xba\x8c\xe4\xba\x94\xe5\xb9\xb4\xef\xbc\x8c"
                         "\xe6\xa0\xb8\xe5\xbf\x83\xe4\xba\xa7\xe4\xb8\x9a\xe8\xa7\x84\xe6\xa8\xa1"
                         "\xe8\xbe\xbe\xe5\x88\xb0\xe4\xb8\x89\xe5\x8d\x83\xe4\xba\xbf\xe5\x85\x83"
                         "\xef\xbc\x8c\xe7\x9b\xb8\xe5\x85\xb3\xe4\xba\xa7\xe4\xb8\x9a\xe8\xa7\x84"
                         "\xe6\xa8\xa1\xe8\xb6\x85\xe8\xbf\x87\xe4\xb8\x80\xe4\xb8\x87\xe4\xba\xbf"
                         "\xe5\x85\x83\xe3\x80\x82";  // 到二〇二五年，核心产业规模达到三千亿元，相关产业规模超过一万亿元。
  CHECK(CleanBodyText(zh + "\n" + zh + "\nRelated\n" + zh) == zh + "\n\n" + zh);
  // Markdown tables are content, not link lists.
  const std::string table = "| Year | Target |\n| 2025 | 300 billion yuan |";
  CHECK(CleanBodyText(article + table) == std::string(kProse) + "\n\n" + kProse + "\n\n" + table);
  // A heading before any prose is navigation, not the end of the article.
  CHECK(CleanBodyText(std::string("Trending\n\n") + kProse) == kProse);
  // Short trailing lines are kept when they are not a list of headlines.
  CHECK(CleanBodyText(article + "Editor: Li Wei") == std::string(kProse) + "\n\n" + kProse + "\n\nEditor: Li Wei");
  // Prose that merely mentions copyright stays.
  const std::string legal = "Copyright law was amended in 2020, and the court said the new rules apply to all cases "
                            "filed after that date, which covers the dispute.";
  CHECK(CleanBodyText(std::string(kProse) + "\n\n" + legal) == std::string(kProse) + "\n\n" + legal);
}

TEST_CASE("CleanBodyText: trailing headline lists need prose before them", "[plain_text][junk]") {
  const std::string list = "Stocks rally as markets open higher\nNew phone launched with bigger screen\n"
                           "Rain expected across the north this weekend\n";
  CHECK(CleanBodyText(std::string(kProse) + "\n" + list) == kProse);
  // Markdown lists at the end are the author's content.
  const std::string bullets = "- Build 20 pilot zones by 2023\n- Reach 1 trillion yuan by 2030\n- Train more AI talent";
  CHECK(CleanBodyText(std::string(kProse) + "\n\n" + bullets) == std::string(kProse) + "\n\n" + bullets);
  // Without any prose there is nothing to protect: the lines are the text.
  CHECK_FALSE(CleanBodyText(list).empty());
}
