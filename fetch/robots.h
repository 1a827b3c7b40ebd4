// fetch/ robots.txt (RFC 9309): a pure parser and matcher, text in, decisions out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsfacts {

struct RobotsRule {
  bool allow = false;
  std::string pattern;  // path pattern; '*' matches any run of characters, a final '$' anchors the end
};

// The rules of the group that applies to one crawler.
struct RobotsPolicy {
  std::vector<RobotsRule> rules;
  std::optional<double> crawl_delay_s;

  // Longest matching pattern wins; on a tie Allow wins; no match means allowed. `path_and_query`
  // is the URL's path plus "?query" if any. "/robots.txt" itself is always allowed.
  bool IsAllowed(std::string_view path_and_query) const;
};

class Robots {
 public:
  // Never fails: unknown or malformed lines are ignored, as the RFC asks. A UTF-8 BOM is skipped.
  static Robots Parse(std::string_view text);
  // Allows everything (robots.txt missing: HTTP 4xx).
  static Robots AllowAll() { return Robots(); }
  // Disallows everything (robots.txt unreachable: HTTP 5xx or network failure).
  static Robots DisallowAll();

  // The group for `user_agent`: its product token ("newsfacts" in "newsfacts/0.1 (+url)"),
  // case-insensitive, is matched against each group's User-agent lines; the longest line that is a
  // prefix of the token wins, else the "*" group, else no rules. Groups naming the same agent merge.
  RobotsPolicy PolicyFor(std::string_view user_agent) const;

  bool IsAllowed(std::string_view user_agent, std::string_view path_and_query) const {
    return PolicyFor(user_agent).IsAllowed(path_and_query);
  }
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

 private:
  struct Group {
    std::vector<std::string> agents;  // lower-case
    RobotsPolicy policy;
  };
  std::vector<Group> groups_;
  std::vector<std::string> sitemaps_;
};

}  // namespace newsfacts
