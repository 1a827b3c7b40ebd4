// ASCII-only text helpers for protocol text (HTTP headers, robots.txt, URLs, WARC): locale-free,
// so behaviour never depends on the machine's settings.
#pragma once

#include <string>
#include <string_view>

namespace newsfacts {

inline char AsciiLowerChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLowerChar(c);
  return out;
}

// `s` without leading and trailing spaces, tabs, CR and LF.
inline std::string_view TrimAscii(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace newsfacts
