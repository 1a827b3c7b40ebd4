#include "fetch/robots.h"

#include <catch2/catch.hpp>

namespace newsfacts {
namespace {

const char kRobots[] =
    "\xEF\xBB\xBF# comment line\n"
    "User-agent: *\n"
    "Disallow: /private/\n"
    "Disallow: /*.pdf$\n"
    "Allow: /private/press/\n"
    "Crawl-delay: 2.5\n"
    "\n"
    "User-agent: NewsFacts\n"
    "User-agent: otherbot\r\n"
    "Disallow: /drafts   # trailing comment\r\n"
    "Allow: /drafts/public\n"
    "Disallow: /search?\n"
    "\n"
    "User-agent: newsfacts\n"
    "Disallow: /archive\n"
    "Sitemap: https://example.com/sitemap.xml\n"
    "\n"
    "User-agent: badbot\n"
    "Disallow: /\n";

TEST_CASE("Robots picks the group of the crawler's product token and merges repeated groups",
          "[fetch][robots]") {
  const Robots robots = Robots::Parse(kRobots);
  const RobotsPolicy ours = robots.PolicyFor("newsfacts/0.1 (+https://example.com/bot)");
  CHECK_FALSE(ours.IsAllowed("/drafts"));
  CHECK_FALSE(ours.IsAllowed("/drafts/2024/x.html"));
  CHECK(ours.IsAllowed("/drafts/public/x.html"));
  CHECK_FALSE(ours.IsAllowed("/archive/2020"));  // from the second "newsfacts" group
  CHECK_FALSE(ours.IsAllowed("/search?q=ai"));
  CHECK(ours.IsAllowed("/search"));
  CHECK(ours.IsAllowed("/private/x"));  // the "*" group does not apply to a named crawler
  CHECK_FALSE(ours.crawl_delay_s.has_value());
  CHECK(robots.sitemaps() == std::vector<std::string>{"https://example.com/sitemap.xml"});
}

TEST_CASE("Robots falls back to the * group with wildcards, $ anchors and Crawl-delay", "[fetch][robots]") {
  const Robots robots = Robots::Parse(kRobots);
  const RobotsPolicy other = robots.PolicyFor("SomeCrawler/2.0");
  CHECK_FALSE(other.IsAllowed("/private/a.html"));
  CHECK(other.IsAllowed("/private/press/release.html"));  // longer Allow wins
  CHECK_FALSE(other.IsAllowed("/files/report.pdf"));
  CHECK(other.IsAllowed("/files/report.pdf?download=1"));  // '$' anchors the end
  CHECK(other.IsAllowed("/news/2024/ai.html"));
  REQUIRE(other.crawl_delay_s.has_value());
  CHECK(*other.crawl_delay_s == Approx(2.5));
  CHECK_FALSE(robots.IsAllowed("badbot", "/anything"));
  CHECK(robots.IsAllowed("badbot", "/robots.txt"));
}

TEST_CASE("Robots resolves equal-length Allow/Disallow ties in favour of Allow", "[fetch][robots]") {
  const Robots robots = Robots::Parse("User-agent: *\nDisallow: /page\nAllow: /page\nDisallow: /a*c\n");
  CHECK(robots.IsAllowed("x", "/page"));
  CHECK_FALSE(robots.IsAllowed("x", "/abbbc"));
  CHECK_FALSE(robots.IsAllowed("x", "/ac/more"));
  CHECK(robots.IsAllowed("x", "/ab"));
}

TEST_CASE("Robots tolerates empty, garbage and rule-before-agent input", "[fetch][robots]") {
  CHECK(Robots::Parse("").IsAllowed("newsfacts", "/x"));
  CHECK(Robots::Parse("<html><body>not robots</body></html>").IsAllowed("newsfacts", "/x"));
  CHECK(Robots::Parse("Disallow: /\n").IsAllowed("newsfacts", "/x"));  // no group: ignored
  CHECK(Robots::Parse("User-agent: *\nDisallow:\n").IsAllowed("newsfacts", "/x"));
  CHECK(Robots::Parse(std::string("User-agent: *\nDisallow: /\0x\n", 28)).IsAllowed("n", "/abc"));
  CHECK_FALSE(Robots::DisallowAll().IsAllowed("newsfacts", "/x"));
  CHECK(Robots::AllowAll().IsAllowed("newsfacts", "/x"));
}

}  // namespace
}  // namespace newsfacts
