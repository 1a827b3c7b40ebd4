#include "parse/html.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

namespace newsfacts {
namespace {

std::string ReadTestPage(const std::string& name) {
  std::ifstream in(std::string(NEWSFACTS_TEST_DATA_DIR) + "/html/" + name, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

Article ParsePage(const std::string& name, const std::string& content_type = "",
                  const std::string& url = "") {
  RawDocument raw;
  raw.source = name;
  raw.url = url;
  raw.content_type = content_type;
  raw.body = ReadTestPage(name);
  Result<Article> article = ParseHtml(raw);
  REQUIRE(article.ok());
  return std::move(article).value();
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("ParseHtml reads the metadata of a news page", "[html]") {
  const Article a = ParsePage("news_article.html", "", "https://harbourdaily.example/tech/robots?utm=feed");
  CHECK(a.format == "html");
  CHECK(a.source == "news_article.html");
  CHECK(a.title == "Shenzhen sets a 2027 target for its robot makers");
  CHECK(a.published == "2024-05-03T08:15:00+08:00");
  CHECK(a.author == "Li Wei, Anna Berg");
  CHECK(a.url == "https://harbourdaily.example/tech/2024/05/03/shenzhen-robots");
  REQUIRE(a.url_aliases.size() == 1);
  CHECK(a.url_aliases[0] == "https://harbourdaily.example/tech/robots?utm=feed");
  CHECK(a.language == "en-GB");
  CHECK(a.site_name == "Harbour Daily");
  CHECK(a.excerpt == "The city wants 50 billion yuan of robot output by 2027.");
}

TEST_CASE("ParseHtml keeps the article text in reading order and drops the page furniture", "[html]") {
  const Article a = ParsePage("news_article.html");
  const std::string& body = a.body;
  const size_t first = body.find("SHENZHEN, May 3 -- Shenzhen aims");
  const size_t heading = body.find("Subsidies for first buyers");
  const size_t list = body.find("Industrial arms for car and battery plants");
  const size_t table = body.find("2027 | 50 billion yuan");
  const size_t last = body.find("Analysts said the target was ambitious");
  REQUIRE(first == 0);
  REQUIRE(heading != std::string::npos);
  REQUIRE(list != std::string::npos);
  REQUIRE(table != std::string::npos);
  REQUIRE(last != std::string::npos);
  CHECK(first < heading);
  CHECK(heading < list);
  CHECK(list < table);
  CHECK(table < last);
  // Paragraphs are separated by exactly one blank line and whitespace inside them is collapsed.
  CHECK(Contains(body, "makers of industrial and service robots.\n\nThe plan, published"));
  CHECK_FALSE(Contains(body, "\n\n\n"));
  CHECK(Contains(body, "50 billion yuan by 2027, the city"));

  for (const char* junk :
       {"We use cookies", "Harbour Daily in your inbox", "Share on Facebook", "Advertisement",
        "A robot arm at a factory", "Related stories", "Guangzhou unveils", "Great article",
        "I doubt the figures", "Most read", "Typhoon season", "Copyright 2024", "News", "not text",
        "color: red", "By Li Wei", "May 2, 2024"}) {
    INFO(junk);
    CHECK_FALSE(Contains(body, junk));
  }
  // The headline is the title, not part of the body.
  CHECK_FALSE(Contains(body, "Shenzhen sets a 2027 target"));
}

TEST_CASE("ParseHtml decodes a GBK page declared in <meta http-equiv>", "[html][charset]") {
  const Article a = ParsePage("gbk_article.html");
  CHECK(a.title == "北京发布人工智能产业发展计划");
  CHECK(a.published == "2024-04-05T10:30");
  CHECK(Contains(a.body, "提出到2025年人工智能核心产业规模达到3000亿元"));
  CHECK(Contains(a.body, "培育两到三家具有全球影响力的人工智能生态领军企业"));
  CHECK_FALSE(Contains(a.body, "版权所有"));
  CHECK_FALSE(Contains(a.body, "首页"));
  CHECK_FALSE(Contains(a.body, "\xef\xbf\xbd"));
}

TEST_CASE("ParseHtml takes the charset from Content-Type when the page declares none", "[html][charset]") {
  // The GBK page without its <meta>: only the HTTP header says what it is.
  RawDocument raw;
  raw.source = "https://news.example/gbk";
  raw.content_type = "text/html; charset=GB2312";
  raw.body = "<html><body><p>\xb1\xb1\xbe\xa9\xca\xd0</p></body></html>";  // 北京市
  Result<Article> a = ParseHtml(raw);
  REQUIRE(a.ok());
  CHECK(a->body == "北京市");
}

TEST_CASE("ParseHtml decodes a Windows-1252 page", "[html][charset]") {
  const Article a = ParsePage("windows1252_article.html");
  CHECK(a.title == "Le café de la gare rouvre ses portes");
  CHECK(a.language == "fr");
  CHECK(Contains(
      a.body, "« C’est une renaissance », déclare le gérant, qui a investi 120 000 € dans la rénovation."));
  CHECK(Contains(a.body, "Le menu du déjeuner coûte 14,50 €"));
  CHECK_FALSE(Contains(a.body, "Accueil"));
}

TEST_CASE("ParseHtml survives 100,000 nested elements", "[html]") {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "<p>The deepest paragraph is still read, and the parser does not run out of stack.</p>";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  html += "<p>A paragraph after the nest.</p></body></html>";
  RawDocument raw;
  raw.source = "deep.html";
  raw.body = html;
  Result<Article> a = ParseHtml(raw);
  REQUIRE(a.ok());
  CHECK(Contains(a->body, "The deepest paragraph is still read"));
}

TEST_CASE("ParseHtml survives unclosed formatting elements nested deeply", "[html]") {
  std::string html = "<html><body>";
  for (int i = 0; i < 30000; ++i) html += "<div><span><b>";
  html += "deep text</body></html>";
  RawDocument raw;
  raw.source = "deep.html";
  raw.body = html;
  Result<Article> a = ParseHtml(raw);
  REQUIRE(a.ok());
  CHECK(a->body == "deep text");
}

TEST_CASE("ParseHtml never crashes on broken or hostile bytes", "[html]") {
  for (const std::string& body :
       {std::string("<html><body><p>caf\xc3(\xff\xfe</p>"), std::string("<<<>>><!--"),
        std::string("<p>unclosed <b><i><table><td>cell"), std::string("\0\0<p>x</p>", 10),
        std::string("<script>never closed"), std::string("<!DOCTYPE html><title>Only a title")}) {
    RawDocument raw;
    raw.source = "broken.html";
    raw.body = body;
    Result<Article> a = ParseHtml(raw);
    if (a.ok()) {
      CHECK(a->format == "html");
      CHECK(a->body.find('\xff') == std::string::npos);
    } else {
      CHECK(a.status().code() == Status::Code::kInvalidInput);
    }
  }
}

TEST_CASE("ParseHtml reports a page without text", "[html]") {
  RawDocument raw;
  raw.source = "empty.html";
  raw.body = "<html><head><script>var x = 1;</script></head><body><img src=a.png></body></html>";
  Result<Article> a = ParseHtml(raw);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Status::Code::kInvalidInput);
}

}  // namespace newsfacts

namespace newsfacts {

TEST_CASE("ParseHtml does not repeat the headline at the top of the body", "[html]") {
  RawDocument raw;
  raw.source = "repeat.html";
  raw.body =
      "<html><head><title>Council passes the budget</title></head><body><div class='story'>"
      "<h2>Council passes the budget.</h2><p>The council approved a budget of 4.2 billion dollars on Tuesday, "
      "the largest in the city's history, after a long debate.</p><h2>Reaction</h2><p>Opposition members said "
      "the plan relied on optimistic tax forecasts and warned of cuts next year.</p></div></body></html>";
  Result<Article> a = ParseHtml(raw);
  REQUIRE(a.ok());
  CHECK(a->title == "Council passes the budget");
  CHECK(a->body.rfind("The council approved a budget", 0) == 0);
  CHECK(a->body.find("\n\nReaction\n\n") != std::string::npos);
}

}  // namespace newsfacts
