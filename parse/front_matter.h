// Text files that start with a YAML front-matter block ("---" ... "---").
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/types.h"

namespace newsfacts {

// Front-matter blocks larger than this are refused (Status::TooLarge) before yaml-cpp sees them.
inline constexpr size_t kMaxFrontMatterBytes = 1u << 20;

// True when `text` starts with a "---" line (after an optional UTF-8 BOM).
bool HasFrontMatter(std::string_view text);

// Parses front-matter metadata (yaml-cpp) and the body after it. `text` is valid UTF-8.
// Broken YAML or a missing closing "---" is Status::InvalidInput with the line number; a block
// that is not a mapping is InvalidInput; one over kMaxFrontMatterBytes is TooLarge.
// Fields (key names case-insensitive):
//   title | headline; excerpt | description | summary;
//   published: the first of publishedDateTime, published, date, pubDate, datePublished,
//     publishDate, published_at that holds a date (booleans such as "published: false" do not);
//   url: originalUrl, canonical, canonicalUrl, url, webUrl, link, permalink in that preference;
//     every other http(s) URL field (ampWebUrl, cdnAmpWebUrl, any "...Url" except images, feeds,
//     icons...) goes to url_aliases, deduplicated and never equal to url;
//   site_name: provider/publisher/source (a scalar or its "name"), site_name, siteName;
//   author: author | authors | byline (scalar, {name: ...} or a list, joined with ", ");
//   language: lang | language | locale; topics: topics | tags | keywords (a list or one scalar);
//   related: list of {title, originalUrl|webUrl|url|link, publishedDateTime|published|date}.
// Body: CleanBodyText of the text after the closing line; when that is empty, the excerpt.
Result<Article> ParseFrontMatterDocument(std::string_view text, const std::string& source);

}  // namespace newsfacts
