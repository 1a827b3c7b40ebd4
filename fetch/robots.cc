#include "fetch/robots.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include "core/ascii.h"

namespace newsfacts {
namespace {

// Does `pattern` ('*' wildcards, optional final '$') match a prefix of (or, with '$', all of) `path`?
bool PatternMatches(std::string_view pattern, std::string_view path) {
  bool anchored = false;
  if (!pattern.empty() && pattern.back() == '$') {
    anchored = true;
    pattern.remove_suffix(1);
  }
  // Iterative wildcard match with backtracking to the last '*' (linear-ish, no recursion).
  size_t p = 0, s = 0;
  size_t star = std::string_view::npos, star_s = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
      if (star == std::string_view::npos) return false;
    } else if (pattern[p] == '*') {
      star = p++;
      star_s = s;
      continue;
    } else if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    } else if (star == std::string_view::npos) {
      return false;
    }
    // Backtrack: let the last '*' absorb one more character.
    if (star_s >= path.size()) return false;
    p = star + 1;
    s = ++star_s;
  }
}

}  // namespace

bool RobotsPolicy::IsAllowed(std::string_view path_and_query) const {
  if (path_and_query == "/robots.txt") return true;
  size_t best_len = 0;
  bool best_allow = true;
  bool matched = false;
  for (const RobotsRule& rule : rules) {
    if (!PatternMatches(rule.pattern, path_and_query)) continue;
    const size_t len = rule.pattern.size();
    if (!matched || len > best_len || (len == best_len && rule.allow && !best_allow)) {
      best_len = len;
      best_allow = rule.allow;
      matched = true;
    }
  }
  return best_allow;
}

Robots Robots::DisallowAll() {
  Robots robots;
  Group group;
  group.agents.push_back("*");
  group.policy.rules.push_back({false, "/"});
  robots.groups_.push_back(std::move(group));
  return robots;
}

Robots Robots::Parse(std::string_view text) {
  Robots robots;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Group* current = nullptr;
  bool in_agent_lines = false;  // consecutive User-agent lines share one group
  while (!text.empty()) {
    size_t eol = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    const size_t hash = line.find('#');
    if (hash != std::string_view::npos) line = line.substr(0, hash);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = AsciiLower(TrimAscii(line.substr(0, colon)));
    const std::string_view value = TrimAscii(line.substr(colon + 1));
    if (key == "user-agent") {
      if (!in_agent_lines) {
        robots.groups_.emplace_back();
        current = &robots.groups_.back();
      }
      in_agent_lines = true;
      current->agents.push_back(AsciiLower(value));
      continue;
    }
    if (key == "sitemap") {
      if (!value.empty()) robots.sitemaps_.emplace_back(value);
      continue;
    }
    in_agent_lines = false;
    if (current == nullptr) continue;  // rules before any User-agent line belong to no group
    if (key == "allow" || key == "disallow") {
      if (value.empty()) continue;  // "Disallow:" with no path allows everything
      current->policy.rules.push_back({key == "allow", std::string(value)});
    } else if (key == "crawl-delay") {
      char* end = nullptr;
      const std::string v(value);
      const double delay = std::strtod(v.c_str(), &end);
      if (end != v.c_str() && delay >= 0) current->policy.crawl_delay_s = delay;
    }
  }
  return robots;
}

RobotsPolicy Robots::PolicyFor(std::string_view user_agent) const {
  std::string token = AsciiLower(TrimAscii(user_agent));
  token = token.substr(0, token.find_first_of("/ \t"));
  size_t best_len = 0;
  for (const Group& g : groups_) {
    for (const std::string& a : g.agents) {
      if (a != "*" && !a.empty() && token.rfind(a, 0) == 0) best_len = std::max(best_len, a.size());
    }
  }
  RobotsPolicy merged;
  for (const Group& g : groups_) {
    const bool applies = std::any_of(g.agents.begin(), g.agents.end(), [&](const std::string& a) {
      return best_len > 0 ? (a != "*" && a.size() == best_len && token.rfind(a, 0) == 0) : a == "*";
    });
    if (!applies) continue;
    merged.rules.insert(merged.rules.end(), g.policy.rules.begin(), g.policy.rules.end());
    if (g.policy.crawl_delay_s) merged.crawl_delay_s = g.policy.crawl_delay_s;
  }
  return merged;
}

}  // namespace newsfacts
