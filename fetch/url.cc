#include "fetch/url.h"

#include <algorithm>
#include <cctype>
#include <vector>
#include "core/ascii.h"

namespace newsfacts {
namespace {

bool IsSchemeChar(unsigned char c) { return std::isalnum(c) || c == '+' || c == '-' || c == '.'; }

// Length of a leading "scheme:" (without the colon), or 0 when `s` has none.
size_t SchemeLength(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return 0;
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] == ':') return i;
    if (!IsSchemeChar(static_cast<unsigned char>(s[i]))) return 0;
  }
  return 0;
}

// Removes surrounding ASCII whitespace and, as browsers do, tabs and newlines inside.
std::string CleanInput(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string_view::npos) return "";
  const size_t last = text.find_last_not_of(" \t\r\n\f\v");
  std::string out;
  out.reserve(last - first + 1);
  for (size_t i = first; i <= last; ++i) {
    if (text[i] != '\t' && text[i] != '\r' && text[i] != '\n') out.push_back(text[i]);
  }
  return out;
}

// Percent-encodes bytes that may not appear raw in a URL (controls, space, non-ASCII, <>"{}|\^`).
std::string EncodeUnsafe(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    const bool unsafe = c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '{' || c == '}' ||
                        c == '|' || c == '\\' || c == '^' || c == '`';
    if (unsafe) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Upper-cases percent escapes and decodes the ones that stand for unreserved characters.
std::string NormalizeEscapes(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      const unsigned char c = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
        out.push_back(static_cast<char>(c));
      } else {
        out.push_back('%');
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
      }
      i += 2;
    } else if (s[i] == '%') {
      // A stray '%' is escaped so that it cannot pair with a decoded character ("%%61F" -> "%aF")
      // into a new escape, which would make canonicalization not idempotent.
      out.append("%25");
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// RFC 3986 section 5.2.4.
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t i = 0;
  const bool absolute = !path.empty() && path[0] == '/';
  if (absolute) i = 1;
  bool trailing_slash = false;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    const std::string_view seg = path.substr(i, j - i);
    const bool last = j == path.size();
    if (seg == ".") {
      trailing_slash = last;
    } else if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
      trailing_slash = last;
    } else {
      segments.push_back(seg);
      trailing_slash = false;
    }
    i = j + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t k = 0; k < segments.size(); ++k) {
    if (k > 0) out.push_back('/');
    out.append(segments[k]);
  }
  if (trailing_slash && (out.empty() || out.back() != '/')) out.push_back('/');
  return out;
}

bool IsTrackingParameter(std::string_view param) {
  const std::string name = AsciiLower(param.substr(0, param.find('=')));
  return name.rfind("utm_", 0) == 0 || name == "fbclid" || name == "gclid";
}

bool ValidHost(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    for (size_t i = 1; i + 1 < host.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(host[i]);
      if (!std::isxdigit(c) && c != ':' && c != '.') return false;
    }
    return true;
  }
  for (unsigned char c : host) {
    if (!std::isalnum(c) && c != '-' && c != '.' && c != '_' && c != '%' && c < 0x80) return false;
  }
  return true;
}

}  // namespace

std::string Url::ToString() const {
  std::string out = scheme + "://";
  if (!userinfo.empty()) out += userinfo + "@";
  out += host;
  if (!port.empty()) out += ":" + port;
  out += path;
  if (has_query) out += "?" + query;
  if (has_fragment) out += "#" + fragment;
  return out;
}

std::string Url::Origin() const {
  std::string out = scheme + "://" + host;
  if (!port.empty()) out += ":" + port;
  return out;
}

std::string Url::PathAndQuery() const { return has_query ? path + "?" + query : path; }

Result<Url> ParseUrl(std::string_view text) {
  const std::string s = CleanInput(text);
  if (s.empty()) return Status::InvalidInput("empty URL");
  const size_t scheme_len = SchemeLength(s);
  if (scheme_len == 0) return Status::InvalidInput("not an absolute URL (no scheme): '" + s + "'");
  Url url;
  url.scheme = AsciiLower(std::string_view(s).substr(0, scheme_len));
  if (url.scheme != "http" && url.scheme != "https") {
    return Status::Unsupported("only http and https URLs are fetched, not '" + url.scheme + ":' ('" + s +
                               "')");
  }
  std::string_view rest = std::string_view(s).substr(scheme_len + 1);
  if (rest.substr(0, 2) != "//") return Status::InvalidInput("URL has no '//' after the scheme: '" + s + "'");
  rest.remove_prefix(2);
  const size_t auth_end = std::min(rest.find_first_of("/?#"), rest.size());
  std::string_view authority = rest.substr(0, auth_end);
  rest.remove_prefix(auth_end);

  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    url.userinfo = EncodeUnsafe(authority.substr(0, at));
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  const size_t colon = authority.rfind(':');
  const size_t bracket = authority.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  url.host = AsciiLower(host);
  if (!ValidHost(url.host)) return Status::InvalidInput("URL has a missing or malformed host: '" + s + "'");
  if (!port.empty()) {
    if (port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }) ||
        std::stoi(std::string(port)) > 65535) {
      return Status::InvalidInput("URL has a bad port '" + std::string(port) + "': '" + s + "'");
    }
    url.port = std::to_string(std::stoi(std::string(port)));  // "080" -> "80"
  }

  const size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    url.has_fragment = true;
    url.fragment = EncodeUnsafe(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  const size_t question = rest.find('?');
  if (question != std::string_view::npos) {
    url.has_query = true;
    url.query = EncodeUnsafe(rest.substr(question + 1));
    rest = rest.substr(0, question);
  }
  url.path = rest.empty() ? "/" : EncodeUnsafe(rest);
  return url;
}

Result<std::string> CanonicalizeUrl(std::string_view text) {
  Result<Url> parsed = ParseUrl(text);
  if (!parsed.ok()) return parsed.status();
  Url& url = *parsed;
  if ((url.scheme == "http" && url.port == "80") || (url.scheme == "https" && url.port == "443"))
    url.port.clear();
  url.path = RemoveDotSegments(NormalizeEscapes(url.path));
  if (url.path.empty()) url.path = "/";
  if (url.has_query) {
    std::string kept;
    std::string_view q = url.query;
    while (true) {
      const size_t amp = q.find('&');
      const std::string_view param = q.substr(0, amp);
      if (!param.empty() && !IsTrackingParameter(param)) {
        if (!kept.empty()) kept.push_back('&');
        kept.append(NormalizeEscapes(param));
      }
      if (amp == std::string_view::npos) break;
      q.remove_prefix(amp + 1);
    }
    url.query = kept;
    url.has_query = !kept.empty();
  }
  url.has_fragment = false;
  url.fragment.clear();
  return url.ToString();
}

Result<std::string> ResolveUrl(std::string_view base, std::string_view reference) {
  Result<Url> base_url = ParseUrl(base);
  if (!base_url.ok()) return base_url.status();
  const std::string ref = CleanInput(reference);
  if (SchemeLength(ref) > 0) return CanonicalizeUrl(ref);
  if (ref.rfind("//", 0) == 0) return CanonicalizeUrl(base_url->scheme + ":" + ref);
  Url target = *base_url;
  target.has_fragment = false;
  if (ref.empty() || ref[0] == '#') return CanonicalizeUrl(target.ToString());
  target.has_query = false;
  target.query.clear();
  std::string joined;
  if (ref[0] == '?') {
    joined = target.Origin() + target.path + ref;
  } else if (ref[0] == '/') {
    joined = target.Origin() + ref;
  } else {
    const size_t slash = target.path.rfind('/');
    joined = target.Origin() + target.path.substr(0, slash + 1) + ref;
  }
  return CanonicalizeUrl(joined);
}

std::string HostOf(std::string_view url) {
  Result<Url> parsed = ParseUrl(url);
  return parsed.ok() ? parsed->host : std::string();
}

}  // namespace newsfacts
