// Article metadata from an HTML page: title, publication date, author, canonical URL, language,
// site name and description, each taken from the most trustworthy place the page offers.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

namespace newsfacts {

struct HtmlMetadata {
  std::string title;
  std::string published;  // ISO 8601 as precise as the page gives it, or empty
  std::string author;     // several authors joined with ", "
  std::string url;        // canonical URL (absolute when `page_url` allows resolving it), or empty
  std::vector<std::string> url_aliases;  // other absolute URLs the page gives itself (og:url, JSON-LD url)
  std::string language;                  // BCP 47 ("en", "zh-CN"), or empty
  std::string site_name;
  std::string description;
};

// Reads the metadata of the document rooted at `document` (a gumbo document node).
// Title: og:title, twitter:title, <title> without its site-name suffix, the article <h1>.
// Published: JSON-LD datePublished, article:published_time, <time datetime>, common meta names,
// a date in the URL path, a date line near the title. `page_url` (may be empty) resolves relative
// canonical links and supplies the URL-path date.
HtmlMetadata ExtractHtmlMetadata(const GumboNode* document, std::string_view page_url);

// "Some headline | Site" -> "Some headline" when the last segment names the site (`site_name`) or
// is a short trailing label; titles without such a suffix come back unchanged.
std::string StripTitleSuffix(std::string_view title, std::string_view site_name);

// A publication date in a URL path: /2019/11/19/, /2019-11-19/, /20191119/ -> "2019-11-19".
std::string DateFromUrlPath(std::string_view url);

}  // namespace newsfacts
