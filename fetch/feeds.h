// fetch/ feeds and sitemaps: RSS 2.0 (and RSS 1.0/RDF), Atom, sitemap urlset (plain and Google
// News) and sitemap index, parsed with pugixml. Pure: bytes in, entries out. pugixml never
// expands external entities or DTDs, so hostile XML costs nothing more than its size.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace newsfacts {

struct FeedEntry {
  std::string url;        // absolute, canonical (see CanonicalizeUrl)
  std::string title;      // as given (may be empty: plain sitemaps have none)
  std::string published;  // ISO 8601 (see NormalizeFeedDate); empty when the entry has no usable date
};

struct Feed {
  enum class Kind { kRss, kAtom, kSitemap, kSitemapIndex };
  Kind kind = Kind::kRss;
  std::string title;                      // channel / feed title; empty for sitemaps
  std::vector<FeedEntry> entries;         // articles (RSS items, Atom entries, sitemap <url>s)
  std::vector<FeedEntry> child_sitemaps;  // sitemap index only: url + lastmod as `published`
  int skipped = 0;                        // entries dropped: no link, or not an http(s) URL
};

const char* FeedKindName(Feed::Kind kind);  // "rss", "atom", "sitemap", "sitemap-index"

struct FeedParseOptions {
  // Relative links are resolved against this (the feed's own URL); empty: relative links skipped.
  std::string base_url;
  // A gzip-compressed document (sitemap.xml.gz) is inflated first, up to this many bytes.
  size_t max_inflated_bytes = 64u << 20;
};

// Detects the kind from the root element. Errors: InvalidInput with pugixml's message and the byte
// offset for malformed XML, or naming the root element when the document is not a feed/sitemap.
Result<Feed> ParseFeed(std::string_view bytes, const FeedParseOptions& options = {});

// RFC 822 dates ("Sat, 06 Apr 2024 07:03:00 +0800", as RSS writes them) and W3C/ISO 8601 dates
// ("2024-04-06T07:03:00+08:00", Atom and sitemaps) -> ISO 8601. Times with a zone are converted to
// UTC ("2024-04-05T23:03:00Z"); dates without a time stay as precise as given ("2024-04",
// "2024-04-06"). Returns "" when `text` is not a date in either form.
std::string NormalizeFeedDate(std::string_view text);

}  // namespace newsfacts
