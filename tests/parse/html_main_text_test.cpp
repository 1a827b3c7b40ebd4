#include "parse/html_main_text.h"

#include <catch2/catch.hpp>
#include <string>

#include "parse/html_tree.h"

namespace newsfacts {
namespace {

std::string MainText(const std::string& html) {
  HtmlTree tree(html);
  REQUIRE(tree.ok());
  return ExtractMainText(tree.document());
}

const std::string kPara1 =
    "The council approved a budget of 4.2 billion dollars on Tuesday, the largest in the city's history, "
    "after a debate that lasted well into the night.";
const std::string kPara2 =
    "Spending on schools rises by 6 percent, while the transport department gets 300 million dollars for "
    "new buses and the repair of two bridges.";
const std::string kPara3 =
    "Opposition members said the plan relied on optimistic tax forecasts, and warned of cuts next year if "
    "the economy slowed down.";

}  // namespace

TEST_CASE("Main text keeps the article container and leaves out link lists", "[html_main_text]") {
  const std::string html =
      "<body><div class='menu'><a href=/>Home</a> <a href=/a>World</a> <a href=/b>Sport</a></div>"
      "<div class='wrapper'><div class='story'><p>" +
      kPara1 + "</p><p>" + kPara2 + "</p><p>" + kPara3 +
      "</p></div><div class='links'><ul><li><a href=/1>Another story about the city council and its budget "
      "plans</a></li>"
      "<li><a href=/2>Mayor says bridges will be repaired before the winter season "
      "begins</a></li></ul></div></div>"
      "<div class='copy'>All content copyright the Example Gazette, reproduced with permission "
      "only.</div></body>";
  const std::string text = MainText(html);
  CHECK(text == kPara1 + "\n\n" + kPara2 + "\n\n" + kPara3);
}

TEST_CASE("Main text drops boilerplate named by class and id words inside the article", "[html_main_text]") {
  const std::string html =
      "<body><article><p>" + kPara1 +
      "</p><div class='social-share'>Share this article with your friends today</div>"
      "<div id='newsletterBox'><p>Sign up for our newsletter and get the news of the day, "
      "every day, straight into your inbox, free of charge.</p></div><p>" +
      kPara2 + "</p><p class='image-credit'>Photo: Jane Roe, Example Agency</p><p>" + kPara3 +
      "</p><section class='comments'><p>What a waste of money, the previous council did "
      "better with half of this budget, honestly.</p></section></article></body>";
  const std::string text = MainText(html);
  CHECK(text == kPara1 + "\n\n" + kPara2 + "\n\n" + kPara3);
}

TEST_CASE("Main text joins an article split across sibling containers", "[html_main_text]") {
  const std::string html = "<body><div id=main><div class='col'><p>" + kPara1 + "</p></div>" +
                           "<div class='ad-container'>Advertisement</div><div class='col'><p>" + kPara2 +
                           "</p><h2>What comes next</h2><p>" + kPara3 + "</p></div></div>" +
                           "<div class='sidebar'><p>" + kPara1 + " Sidebar copy.</p></div></body>";
  const std::string text = MainText(html);
  CHECK(text == kPara1 + "\n\n" + kPara2 + "\n\nWhat comes next\n\n" + kPara3);
}

TEST_CASE("Main text keeps lists and tables in reading order, cells on one line", "[html_main_text]") {
  const std::string html =
      "<body><article><p>" + kPara1 +
      "</p><ul><li>Schools: up 6 percent.</li>"
      "<li>Transport: 300 million dollars.</li></ul><table><tr><th>Item</th><th>Amount</th></tr>"
      "<tr><td>Buses</td><td>200 million</td></tr></table><p>" +
      kPara2 + "</p></article></body>";
  const std::string text = MainText(html);
  CHECK(text == kPara1 +
                    "\n\nSchools: up 6 percent.\n\nTransport: 300 million dollars.\n\nItem | Amount\n\n"
                    "Buses | 200 million\n\n" +
                    kPara2);
}

TEST_CASE("Main text of a page without prose is all of its visible text", "[html_main_text]") {
  CHECK(MainText("<body><h1>Closed</h1><p>The office is closed today.</p></body>") ==
        "The office is closed today.");
  CHECK(MainText("<body><script>x()</script><style>p{}</style></body>").empty());
  CHECK(MainText("").empty());
}

TEST_CASE("Main text skips hidden elements and headings that introduce removed content", "[html_main_text]") {
  const std::string html =
      "<body><article><p>" + kPara1 +
      "</p><div style='display: none'>Hidden teaser text "
      "that only shows after a click, long enough to count as a paragraph of prose.</div>"
      "<p hidden>Also hidden, also long enough to count as a paragraph of article prose.</p><p>" +
      kPara2 +
      "</p><h3>Related</h3><ul class='related-list'><li><a href=/r>Other story</a>"
      "</li></ul></article></body>";
  CHECK(MainText(html) == kPara1 + "\n\n" + kPara2);
}

TEST_CASE("Main text line breaks inside a paragraph are kept as newlines", "[html_main_text]") {
  const std::string html = "<body><article><p>" + kPara1 + "<br>" + kPara2 + "</p></article></body>";
  CHECK(MainText(html) == kPara1 + "\n" + kPara2);
}

}  // namespace newsfacts

namespace newsfacts {

TEST_CASE("Main text leaves out teasers, stray labels and calls to action", "[html_main_text]") {
  const std::string html =
      "<body><article><p>" + kPara1 + "</p><div>Advertisement</div><p>" + kPara2 + "</p><p>" + kPara3 +
      "</p>"
      "<ul><li><a href=/t>Council approves new parking rules</a> The council voted on new parking rules for "
      "the "
      "city centre, which will change how residents...</li></ul>"
      "<p>Sign up for our newsletter to get the latest council news delivered to your inbox.</p>"
      "<p>More from the council</p></article></body>";
  CHECK(MainText(html) == kPara1 + "\n\n" + kPara2 + "\n\n" + kPara3);
}

TEST_CASE("Main text keeps short lines, lists and an ellipsis inside the article", "[html_main_text]") {
  const std::string html = "<body><article><p>" + kPara1 +
                           "</p><h2>Reaction</h2><p>Nobody objected.</p>"
                           "<ul><li>Schools</li><li>Bridges</li></ul><p>" +
                           kPara2 + " But then...</p><p>___</p><p>" + kPara3 + "</p></article></body>";
  CHECK(MainText(html) == kPara1 + "\n\nReaction\n\nNobody objected.\n\nSchools\n\nBridges\n\n" + kPara2 +
                              " But then...\n\n___\n\n" + kPara3);
}

TEST_CASE("Main text keeps embedded posts quoted by the article", "[html_main_text]") {
  const std::string html =
      "<body><article><p>" + kPara1 +
      "</p><div class='social-media-embed'><blockquote "
      "class='twitter-tweet'><p>The budget is a disgrace, says the opposition leader.</p>"
      "</blockquote></div><p>" +
      kPara2 + "</p></article></body>";
  CHECK(MainText(html) == kPara1 + "\n\nThe budget is a disgrace, says the opposition leader.\n\n" + kPara2);
}

}  // namespace newsfacts
