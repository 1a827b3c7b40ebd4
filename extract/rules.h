// Extraction rules as data: YAML files of RE2 patterns with named groups, compiled once into a
// RuleSet that finds quantity and date mentions in a text (one RE2::Set pass picks the rules that
// can match, then only those run). Also the checks behind `newsfacts rules test|check`.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace re2 {
class RE2;
}

namespace newsfacts {

// What a rule's match becomes. kIgnore rules produce nothing but win overlaps, so that
// "Gemini 2.5", "ISO 27002", times and phone numbers never become quantities. kUnit rules name a
// unit without a figure ("a small percent", "the dollar rose"): a Mention::Type::kUnit with the
// rule's fixed `unit`, or its `cur` group's unit from the lexicon, which any quantity over the same
// words outlasts (it is longer: "28 percent", "5 dollars").
enum class RuleType { kQuantity, kDate, kIgnore, kUnit };

// One `examples:` entry: text in, expected normalised values out. Unset fields are not checked.
struct RuleExample {
  std::string text;
  bool expect_none = false;  // `none: true`: no quantity (or date, for date rules) may come out
  std::optional<double> value;
  std::optional<double> value_max;
  std::optional<std::string> unit;
  std::optional<std::string> qualifier;
  std::optional<std::string> iso;
  std::optional<bool> target;         // Mention::is_target_year
  std::optional<std::string> match;   // expected matched text
  std::optional<std::string> published;  // publication date the example is resolved against
};

struct Rule {
  std::string id;
  std::string file;  // the YAML file it came from
  RuleType type = RuleType::kQuantity;
  int priority = 0;
  std::string pattern;   // after {{definition}} expansion
  // A cheaper pattern that matches wherever `pattern` can (a necessary condition), used in the
  // single-pass RE2::Set prefilter instead of the full pattern; empty = the pattern itself.
  std::string trigger;
  // An optional continuation matched where the pattern's match ends (anchored there, after
  // {{definition}} expansion): when it matches, the mention extends over it and its groups join
  // the pattern's. A long optional tail kept out of `pattern` keeps the rule's scan (its DFA) small:
  // `number.amount`'s counted noun ("20 [pilot zones]") made every number scan a fifth slower.
  std::string suffix;
  // An optional small pattern for the rule's common spans ("2019", "$5.99"): where it matches a
  // span whole, its named groups are the span's groups (all others unset), read by RE2's fast
  // engines for small programs instead of its NFA on the large `pattern`. It must give every span
  // it matches the groups `pattern` gives it; its group names must be the pattern's.
  std::string shortcut;
  bool case_sensitive = false;
  bool dateline = false;  // a dateline ("BEIJING, April 5 --"): its date and place head the article
  bool protect = false;   // like an ignore span, no other quantity may start inside a match of it
  std::string unit;      // fixed unit for every match (overrides groups), or empty
  std::vector<RuleExample> examples;
};

// Word lists the normalisers use, also data (`units:` and `qualifiers:` maps in rule files).
struct Lexicon {
  std::map<std::string, std::string> units;      // lower-cased alias ("u.s. dollars", "$") -> unit ("USD")
  std::map<std::string, Qualifier> qualifiers;  // lower-cased words ("more than") -> qualifier
};

// Reads every *.yaml of `dirs` in order (files sorted by name); a rule whose id was seen before
// replaces the earlier one. Errors name the file (and rule id) and say what is wrong.
Result<std::pair<std::vector<Rule>, Lexicon>> LoadRuleFiles(const std::vector<std::string>& dirs);

class RuleSet {
 public:
  // Compiles every rule; a bad pattern is an error naming file, rule id and RE2's message.
  static Result<std::unique_ptr<RuleSet>> Compile(std::vector<Rule> rules, Lexicon lexicon);
  static Result<std::unique_ptr<RuleSet>> Load(const std::vector<std::string>& dirs);

  // Quantity and date mentions in `text` (offsets relative to `text`), in text order, overlaps
  // resolved (longer span wins, then higher priority, then earlier start; nothing may start inside
  // an ignore or protect match). No match spans a blank line, so a whole article can be passed.
  // `published` (ISO 8601 or empty) resolves relative dates and years omitted from "April 5";
  // without it they come out unresolved. Thread-safe. Each thread remembers the groups of the
  // spans it matched (bounded, a few MB, until it serves another rule set); that changes no result.
  std::vector<Mention> Find(std::string_view text, std::string_view published) const;

  // Forgets what the calling thread remembered (benchmarks: each pass starts as a fresh run).
  void ClearThreadCache() const;

  const std::vector<Rule>& rules() const;
  const Lexicon& lexicon() const;
  const Rule* FindRule(std::string_view id) const;

  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

 private:
  RuleSet();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Result of running one rule's examples.
struct RuleTestResult {
  std::string rule_id;
  std::string file;
  int passed = 0;
  int failed = 0;
  std::vector<std::string> failures;  // one line per failed example, saying what differed
};

// Checks a rule's `shortcut` against its `pattern`: on every span the pattern finds in a text that
// the shortcut matches whole, both must read the same text into each of the pattern's groups.
// `rules test` runs it on each example of a rule with a shortcut.
class ShortcutCheck {
 public:
  explicit ShortcutCheck(const Rule& rule);  // compiles both, as the rule set does
  ~ShortcutCheck();
  // Where the two disagree in `text` (span, group, both readings), or empty.
  std::string Check(std::string_view text);
  size_t spans_checked() const { return spans_checked_; }  // spans the shortcut matched, so far

 private:
  std::unique_ptr<re2::RE2> pattern_, shortcut_;
  size_t spans_checked_ = 0;
};

// Runs every rule's examples through the whole rule set (so overlaps with other rules count), and
// checks a rule's shortcut on them (ShortcutCheck).
std::vector<RuleTestResult> TestRuleExamples(const RuleSet& rules);

// Parses an ISO 8601 date prefix ("2024-04-06T07:03:00" -> 2024, 4, 6); fields absent are 0.
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;
};
std::optional<CivilDate> ParseIsoDate(std::string_view iso);

}  // namespace newsfacts
