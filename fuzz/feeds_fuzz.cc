// libFuzzer target: fetch/feeds.h (RSS, Atom, sitemaps, gzip-compressed sitemaps) and the date
// normaliser. Entry URLs are documented as absolute and canonical; that is checked.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fetch/feeds.h"
#include "fetch/url.h"
#include "fuzz/fuzz_util.h"

namespace {

void CheckEntry(const newsfacts::FeedEntry& entry) {
  newsfacts::Result<std::string> canonical = newsfacts::CanonicalizeUrl(entry.url);
  NEWSFACTS_FUZZ_CHECK(canonical.ok() && *canonical == entry.url);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  newsfacts::FeedParseOptions options;
  options.base_url = "https://example.com/news/feed.xml";
  options.max_inflated_bytes = 16u << 20;
  newsfacts::Result<newsfacts::Feed> feed = newsfacts::ParseFeed(bytes, options);
  if (feed.ok()) {
    (void)newsfacts::FeedKindName(feed->kind);
    NEWSFACTS_FUZZ_CHECK(feed->skipped >= 0);
    for (const newsfacts::FeedEntry& e : feed->entries) CheckEntry(e);
    for (const newsfacts::FeedEntry& e : feed->child_sitemaps) CheckEntry(e);
  }
  if (size <= 256) {
    const std::string date = newsfacts::NormalizeFeedDate(bytes);
    // ISO 8601 output starts with a four-digit year.
    NEWSFACTS_FUZZ_CHECK(date.empty() || (date.size() >= 4 && date[0] >= '0' && date[0] <= '9'));
  }
  return 0;
}
