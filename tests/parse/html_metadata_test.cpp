#include "parse/html_metadata.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "parse/html_tree.h"

namespace newsfacts {
namespace {

HtmlMetadata Read(const std::string& html, const std::string& url = "") {
  HtmlTree tree(html);
  REQUIRE(tree.ok());
  return ExtractHtmlMetadata(tree.document(), url);
}

}  // namespace

TEST_CASE("Title: og:title, then twitter:title, then <title> without the site suffix, then <h1>",
          "[html_metadata]") {
  CHECK(Read("<head><meta property='og:title' content='OG'><meta name='twitter:title' content='TW'>"
             "<title>T - Site</title></head><h1>H</h1>")
            .title == "OG");
  CHECK(Read("<head><meta name='twitter:title' content='TW'><title>T</title></head>").title == "TW");
  CHECK(Read("<head><title>Rates rise again in March | The Daily Example</title></head><h1>H</h1>").title ==
        "Rates rise again in March");
  CHECK(Read("<body><h1> Only  the <em>headline</em> </h1><p>text</p></body>").title == "Only the headline");
}

TEST_CASE("StripTitleSuffix removes the site name but keeps real title parts", "[html_metadata]") {
  CHECK(StripTitleSuffix("Opinion | Trump to Nowhere - The New York Times", "") ==
        "Opinion | Trump to Nowhere");
  CHECK(StripTitleSuffix("Robots: a plan | Harbour Daily", "Harbour Daily") == "Robots: a plan");
  CHECK(StripTitleSuffix("Budget passes - BBC News", "BBC") == "Budget passes");
  CHECK(StripTitleSuffix("北京发布人工智能产业发展计划_新闻中心", "") == "北京发布人工智能产业发展计划");
  // A long last segment is part of the headline, and Latin names keep their underscores.
  CHECK(StripTitleSuffix("Rates - what the central bank decided on Thursday and why", "") ==
        "Rates - what the central bank decided on Thursday and why");
  CHECK(StripTitleSuffix("Using my_variable names in long titles", "") ==
        "Using my_variable names in long titles");
  CHECK(StripTitleSuffix("No separator here", "Site") == "No separator here");
}

TEST_CASE("Published follows the trust order", "[html_metadata]") {
  const std::string json_ld =
      "<script type='application/ld+json'>{\"@graph\": [{\"@type\": \"WebSite\", \"name\": \"x\"},"
      "{\"@type\": \"NewsArticle\", \"datePublished\": \"2023-05-19T14:27:00Z\"}]}</script>";
  const std::string meta = "<meta property='article:published_time' content='2023-05-18T10:00:00Z'>";
  const std::string time = "<time datetime='2023-05-17'>May 17</time>";
  const std::string name = "<meta name='pubdate' content='2023-05-16'>";
  CHECK(Read("<head>" + meta + name + json_ld + "</head><body>" + time + "</body>").published ==
        "2023-05-19T14:27:00Z");
  CHECK(Read("<head>" + name + meta + "</head><body>" + time + "</body>").published ==
        "2023-05-18T10:00:00Z");
  CHECK(Read("<head>" + name + "</head><body>" + time + "</body>").published == "2023-05-17");
  CHECK(Read("<head>" + name + "</head><body><p>x</p></body>").published == "2023-05-16");
  CHECK(Read("<body><p>x</p></body>", "https://news.example/2019/11/19/story-slug/").published ==
        "2019-11-19");
  CHECK(
      Read("<body><h1>Headline</h1><p class=date>Updated: April 6, 2024 07:03 Xinhua</p><p>Text.</p></body>")
          .published == "2024-04-06T07:03");
  CHECK(Read("<body><p>No date anywhere.</p></body>").published.empty());
  // Broken JSON-LD is ignored, not fatal.
  CHECK(Read("<head><script type='application/ld+json'>{\"datePublished\": </script>" + meta + "</head>")
            .published == "2023-05-18T10:00:00Z");
}

TEST_CASE("DateFromUrlPath reads dates in common URL layouts", "[html_metadata]") {
  CHECK(DateFromUrlPath("https://a.example/2019/11/19/slug") == "2019-11-19");
  CHECK(DateFromUrlPath("https://a.example/news/2019-11-19-slug.html") == "2019-11-19");
  CHECK(DateFromUrlPath("https://a.example/a/20191119/slug") == "2019-11-19");
  CHECK(DateFromUrlPath("https://a.example/2019/11/slug") ==
        "");  // month precision is not a publication date
  CHECK(DateFromUrlPath("https://a.example/id/2019133344") == "");
  CHECK(DateFromUrlPath("https://a.example/2019/13/45/slug") == "");
  CHECK(DateFromUrlPath("") == "");
}

TEST_CASE("Author, canonical URL, language and site name", "[html_metadata]") {
  const HtmlMetadata m = Read(
      "<html lang='zh_CN'><head><link rel='canonical' href='/news/1.html'>"
      "<meta property='og:url' content='https://other.example/x'>"
      "<meta property='og:site_name' content='Example News'>"
      "<meta name='author' content='By Jane Doe'></head><body><p>x</p></body></html>",
      "https://www.example.com/news/1.html?from=rss");
  CHECK(m.author == "Jane Doe");
  CHECK(m.url == "https://www.example.com/news/1.html");
  CHECK(m.url_aliases ==
        std::vector<std::string>{"https://other.example/x", "https://www.example.com/news/1.html?from=rss"});
  CHECK(m.language == "zh-CN");
  CHECK(m.site_name == "Example News");

  const HtmlMetadata og = Read(
      "<head><meta property='og:url' content='https://a.example/s'>"
      "<meta property='og:locale' content='en_US'></head><body>"
      "<span itemprop='author'><span itemprop='name'>Sam Roe</span></span></body>");
  CHECK(og.url == "https://a.example/s");
  CHECK(og.language == "en-US");
  CHECK(og.author == "Sam Roe");

  const HtmlMetadata ld = Read(
      "<script type='application/ld+json'>[{\"@type\": \"Article\", \"headline\": \"H\","
      "\"author\": {\"@type\": \"Person\", \"name\": \"Ann Lee\"},"
      "\"publisher\": {\"name\": \"Pub\"}}]</script><meta name='author' content='Other'>");
  CHECK(ld.author == "Ann Lee");
  CHECK(ld.site_name == "Pub");
  CHECK(Read("<p>x</p>", "").url.empty());

  // Bylines lose their "By" and any date written after the name.
  CHECK(Read("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": \"2019-11-19\","
             "\"author\": \"By Tom Krisher\"}</script>")
            .author == "Tom Krisher");
  CHECK(Read("<body><span itemprop='author'>Bryan DeArdo, Nov 19, 2019 at 2:24 am ET</span></body>").author ==
        "Bryan DeArdo");
}

}  // namespace newsfacts
