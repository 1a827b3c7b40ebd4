#include "parse/html_tree.h"

#include <catch2/catch.hpp>
#include <string>
#include "core/ascii.h"

namespace newsfacts {

TEST_CASE("HtmlTree parses and exposes the document", "[html_tree]") {
  const std::string html = "<html lang=en><body><p class='a b'>Hello <b>big</b>\n  world</p></body></html>";
  HtmlTree tree(html);
  REQUIRE(tree.ok());
  CHECK(Attribute(tree.root(), "lang") == "en");
  CHECK(Attribute(tree.root(), "missing").empty());
  CHECK(CollapsedText(tree.document()) == "Hello big world");
}

TEST_CASE("LimitNesting unwraps only what is nested too deeply", "[html_tree]") {
  CHECK_FALSE(LimitNesting("<div><div><p>a<p>b</div></div>", 2).has_value());
  // <p>, <li> and void elements close themselves and do not count.
  CHECK_FALSE(LimitNesting("<div><p>a<p>b<p>c<br><br><img src=x></div>", 1).has_value());

  const auto out = LimitNesting("<div><div><div>text</div></div></div><p>after</p>", 2);
  REQUIRE(out.has_value());
  CHECK(*out == "<div><div>text</div></div><p>after</p>");

  // Tags inside scripts and comments are not elements.
  CHECK_FALSE(
      LimitNesting("<div><script>'<div><div><div>'</script><!-- <div><div> --></div>", 1).has_value());
}

TEST_CASE("AppendCollapsed and TrimSpace handle HTML whitespace and no-break spaces", "[html_tree]") {
  std::string out;
  AppendCollapsed(out,
                  "  a \n\t b\xc2\xa0\xc2\xa0"
                  "c  ");
  CHECK(out == "a b c ");
  CHECK(TrimSpace("\xc2\xa0 x y \n") == "x y");
  CHECK(AsciiLower("AbC-Ü") == "abc-Ü");
}

}  // namespace newsfacts
