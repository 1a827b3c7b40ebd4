#include "fetch/feeds.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include "fetch/gzip_util.h"

namespace newsfacts {
namespace {

using testing::Gzip;

const char kRss[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>China AI News</title>
  <item>
    <title><![CDATA[China aims for 1 trillion yuan AI industry & more]]></title>
    <link> https://news.example.com/ai/2024/plan.html?utm_source=rss </link>
    <pubDate>Sat, 06 Apr 2024 07:03:00 +0800</pubDate>
  </item>
  <item>
    <title>Relative link, dc:date</title>
    <atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="self" href="https://elsewhere.example/"/>
    <link>/ai/second.html</link>
    <dc:date>2024-04-05T10:00:00Z</dc:date>
  </item>
  <item>
    <title>Guid only</title>
    <guid isPermaLink="true">https://news.example.com/ai/guid.html</guid>
    <pubDate>Fri, 5 Apr 24 23:00 GMT</pubDate>
  </item>
  <item><title>No link at all</title><guid isPermaLink="false">tag:1</guid></item>
  <item><title>Mail link</title><link>mailto:desk@example.com</link></item>
</channel>
</rss>)";

TEST_CASE("ParseFeed reads RSS 2.0 items with links, titles and dates", "[fetch][feeds]") {
  FeedParseOptions options;
  options.base_url = "https://news.example.com/feeds/rss.xml";
  Result<Feed> feed = ParseFeed(kRss, options);
  REQUIRE(feed.ok());
  CHECK(feed->kind == Feed::Kind::kRss);
  CHECK(feed->title == "China AI News");
  REQUIRE(feed->entries.size() == 3);
  CHECK(feed->entries[0].url == "https://news.example.com/ai/2024/plan.html");
  CHECK(feed->entries[0].title == "China aims for 1 trillion yuan AI industry & more");
  CHECK(feed->entries[0].published == "2024-04-05T23:03:00Z");
  CHECK(feed->entries[1].url == "https://news.example.com/ai/second.html");
  CHECK(feed->entries[1].published == "2024-04-05T10:00:00Z");
  CHECK(feed->entries[2].url == "https://news.example.com/ai/guid.html");
  CHECK(feed->entries[2].published == "2024-04-05T23:00:00Z");
  CHECK(feed->skipped == 2);
}

TEST_CASE("ParseFeed reads Atom entries, preferring the alternate link", "[fetch][feeds]") {
  const char atom[] = R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Policy blog</title>
  <entry>
    <title>Shanghai AI plan</title>
    <link rel="edit" href="https://blog.example.org/edit/1"/>
    <link rel="alternate" type="text/html" href="https://blog.example.org/2024/04/shanghai"/>
    <published>2024-04-06T07:03:00+08:00</published>
    <updated>2024-04-07T00:00:00Z</updated>
  </entry>
  <entry>
    <title>Updated only</title>
    <link href="https://blog.example.org/2024/03/x"/>
    <updated>2024-03-01</updated>
  </entry>
</feed>)";
  Result<Feed> feed = ParseFeed(atom);
  REQUIRE(feed.ok());
  CHECK(feed->kind == Feed::Kind::kAtom);
  CHECK(feed->title == "Policy blog");
  REQUIRE(feed->entries.size() == 2);
  CHECK(feed->entries[0].url == "https://blog.example.org/2024/04/shanghai");
  CHECK(feed->entries[0].published == "2024-04-05T23:03:00Z");
  CHECK(feed->entries[1].url == "https://blog.example.org/2024/03/x");
  CHECK(feed->entries[1].published == "2024-03-01");
}

TEST_CASE("ParseFeed reads plain and Google News sitemaps", "[fetch][feeds]") {
  const char sitemap[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://example.com/a.html</loc><lastmod>2024-04-01</lastmod></url>
  <url>
    <loc>https://example.com/b.html</loc>
    <news:news>
      <news:publication><news:name>Example</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2024-04-06T07:03:00+08:00</news:publication_date>
      <news:title>Beijing sets AI target</news:title>
    </news:news>
  </url>
  <url><lastmod>2024-01-01</lastmod></url>
</urlset>)";
  Result<Feed> feed = ParseFeed(sitemap);
  REQUIRE(feed.ok());
  CHECK(feed->kind == Feed::Kind::kSitemap);
  REQUIRE(feed->entries.size() == 2);
  CHECK(feed->entries[0].url == "https://example.com/a.html");
  CHECK(feed->entries[0].published == "2024-04-01");
  CHECK(feed->entries[1].title == "Beijing sets AI target");
  CHECK(feed->entries[1].published == "2024-04-05T23:03:00Z");
  CHECK(feed->skipped == 1);

  // The same document gzip-compressed, as sitemap.xml.gz files are served.
  Result<Feed> gz = ParseFeed(Gzip(sitemap));
  REQUIRE(gz.ok());
  CHECK(gz->entries.size() == 2);
}

TEST_CASE("ParseFeed lists the child sitemaps of a sitemap index", "[fetch][feeds]") {
  const char index[] = R"(<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://example.com/sitemap-2024-04.xml</loc><lastmod>2024-04-30T12:00:00Z</lastmod></sitemap>
  <sitemap><loc>sitemap-news.xml.gz</loc></sitemap>
</sitemapindex>)";
  FeedParseOptions options;
  options.base_url = "https://example.com/sitemap.xml";
  Result<Feed> feed = ParseFeed(index, options);
  REQUIRE(feed.ok());
  CHECK(feed->kind == Feed::Kind::kSitemapIndex);
  CHECK(feed->entries.empty());
  REQUIRE(feed->child_sitemaps.size() == 2);
  CHECK(feed->child_sitemaps[0].url == "https://example.com/sitemap-2024-04.xml");
  CHECK(feed->child_sitemaps[0].published == "2024-04-30T12:00:00Z");
  CHECK(feed->child_sitemaps[1].url == "https://example.com/sitemap-news.xml.gz");
}

TEST_CASE("ParseFeed reports malformed XML with pugixml's message and offset", "[fetch][feeds]") {
  const std::string broken = "<rss><channel><item><title>x</titel></item></channel></rss>";
  Result<Feed> feed = ParseFeed(broken);
  REQUIRE_FALSE(feed.ok());
  CHECK(feed.status().code() == Status::Code::kInvalidInput);
  CHECK(feed.status().message().find("malformed XML") != std::string::npos);
  CHECK(feed.status().message().find("Start-end tags mismatch at byte offset 30") != std::string::npos);

  Result<Feed> html = ParseFeed("<html><body>hi</body></html>");
  REQUIRE_FALSE(html.ok());
  CHECK(html.status().message().find("<html>") != std::string::npos);
  CHECK_FALSE(ParseFeed("").ok());
  CHECK_FALSE(ParseFeed(std::string("\x1f\x8b garbage", 10)).ok());
}

TEST_CASE("NormalizeFeedDate converts RFC 822 and W3C dates to ISO 8601", "[fetch][feeds]") {
  CHECK(NormalizeFeedDate("Sat, 06 Apr 2024 07:03:00 +0800") == "2024-04-05T23:03:00Z");
  CHECK(NormalizeFeedDate("Mon, 01 Jan 2024 01:00:00 EST") == "2024-01-01T06:00:00Z");
  CHECK(NormalizeFeedDate("31 Dec 2023 23:30:00 -0100") == "2024-01-01T00:30:00Z");
  CHECK(NormalizeFeedDate("Sat, 06 Apr 2024 07:03:00") == "2024-04-06T07:03:00");
  CHECK(NormalizeFeedDate("2024-04-06T07:03:00.123+08:00") == "2024-04-05T23:03:00Z");
  CHECK(NormalizeFeedDate("2024-03-01T00:15:00-01:30") == "2024-03-01T01:45:00Z");
  CHECK(NormalizeFeedDate("2024-02-29") == "2024-02-29");
  CHECK(NormalizeFeedDate("2024-04") == "2024-04");
  CHECK(NormalizeFeedDate("2024") == "2024");
  CHECK(NormalizeFeedDate("yesterday").empty());
  CHECK(NormalizeFeedDate("2024-13-01").empty());
  CHECK(NormalizeFeedDate("Sat, 06 Foo 2024 07:03:00 GMT").empty());
  CHECK(NormalizeFeedDate("").empty());
}

}  // namespace
}  // namespace newsfacts
