// fetch/ URLs: parsing, canonical form, relative resolution. Only http and https URLs are taken,
// because they are the only schemes newsfacts ever fetches.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace newsfacts {

// The parts of an absolute http(s) URL (RFC 3986). `scheme` and `host` are lower-case; `port` is
// empty when the URL names none; `query` and `fragment` exclude their '?' / '#'.
struct Url {
  std::string scheme;
  std::string userinfo;
  std::string host;  // IPv6 literals keep their brackets: "[::1]"
  std::string port;
  std::string path;  // "/" when the URL has no path
  std::string query;
  std::string fragment;
  bool has_query = false;
  bool has_fragment = false;

  // scheme://[userinfo@]host[:port]path[?query][#fragment]
  std::string ToString() const;
  // scheme://host[:port], the unit robots.txt and politeness apply to.
  std::string Origin() const;
  // path[?query], what robots.txt rules are matched against.
  std::string PathAndQuery() const;
};

// Parses an absolute URL. Leading/trailing whitespace is trimmed; spaces and non-ASCII bytes are
// percent-encoded as browsers do. Errors: InvalidInput (malformed, no host, bad port),
// Unsupported (a scheme other than http or https).
Result<Url> ParseUrl(std::string_view text);

// The form used as a URL's identity: lower-case scheme and host, default port (80/443) dropped,
// empty path -> "/", dot segments removed, percent escapes upper-cased, the fragment and tracking
// parameters (utm_*, fbclid, gclid) dropped; the other query parameters keep their order.
Result<std::string> CanonicalizeUrl(std::string_view text);

// Resolves `reference` (absolute or relative: "//host/x", "/x", "x", "?q", "#f") against the
// absolute `base` (RFC 3986 section 5.2). The result is canonicalized. Errors as ParseUrl.
Result<std::string> ResolveUrl(std::string_view base, std::string_view reference);

// Lower-case host of an absolute http(s) URL, without port; empty when `url` does not parse.
std::string HostOf(std::string_view url);

}  // namespace newsfacts
