#include "extract/facts.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_set>

#include "extract/numbers.h"
#include "core/ascii.h"

namespace newsfacts {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct Word {
  size_t start, end;  // offsets in the text
  std::string text;   // with surrounding punctuation removed
  std::string lower;
};

std::vector<Word> Words(std::string_view text, size_t begin, size_t end) {
  std::vector<Word> out;
  size_t i = begin;
  while (i < end) {
    while (i < end && IsSpace(text[i])) ++i;
    size_t b = i;
    while (i < end && !IsSpace(text[i])) ++i;
    if (i == b) break;
    size_t wb = b, we = i;
    while (wb < we && std::strchr("\"'([{", text[wb]) != nullptr) ++wb;
    while (we > wb && std::strchr("\"')]}.,;:!?", text[we - 1]) != nullptr) --we;
    if (we == wb) continue;
    Word w{wb, we, std::string(text.substr(wb, we - wb)), ""};
    w.lower = AsciiLower(w.text);
    out.push_back(std::move(w));
  }
  return out;
}

// The words of the last `max_tokens` white-space separated tokens of text[begin, end) (fewer when
// some are only punctuation); `*complete` says whether they start at `begin`. Metrics are read
// leftwards from a quantity over a few words: tokenizing a long clause whole costs more than that.
std::vector<Word> LastWords(std::string_view text, size_t begin, size_t end, size_t max_tokens, bool* complete) {
  size_t from = end;
  for (size_t tokens = 0; tokens < max_tokens;) {
    while (from > begin && IsSpace(text[from - 1])) --from;
    if (from == begin) break;
    while (from > begin && !IsSpace(text[from - 1])) --from;
    ++tokens;
  }
  while (from > begin && IsSpace(text[from - 1])) --from;
  *complete = from == begin;
  return Words(text, from, end);
}

bool In(std::string_view w, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list) {
    if (w == x) return true;
  }
  return false;
}

bool IsNumberWord(const std::string& lower) {
  if (lower.empty()) return false;
  if (std::isdigit(static_cast<unsigned char>(lower[0]))) return true;
  if (ScaleMultiplier(lower)) return true;
  if (ParseNumberText(lower)) return true;
  return In(lower, {"to", "and", "between", "a", "an", "half"});
}

bool IsQualifierWord(const std::string& lower) {
  static const std::unordered_set<std::string_view> kWords = {"about", "around", "approximately", "roughly", "some", "nearly", "almost", "close", "over",
                    "more", "than", "exceeding", "exceeded", "exceeds", "above", "excess", "upwards", "at",
                    "least", "most", "up", "less", "fewer", "under", "below", "just", "well", "estimated",
                    "no", "not", "minimum", "maximum", "of", "in"};
  return kWords.count(lower) > 0;
}

// Words that end a metric phrase read from the left of a quantity: verbs and auxiliaries.
bool IsVerbLike(const std::string& w) {
  static const std::unordered_set<std::string_view> kWords = {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would",
                "shall", "should", "can", "could", "may", "might", "must", "to", "reached", "reaches", "reach",
                "reaching", "exceeded", "exceeds", "exceed", "exceeding", "hit", "hits", "stood", "stands",
                "totaled", "totalled", "totals", "totaling", "totalling", "rose", "rises", "risen", "grew",
                "grows", "grown", "fell", "falls", "increased", "increases", "decreased", "decreases",
                "jumped", "climbed", "surged", "dropped", "declined", "amounted", "amounts", "accounted",
                "accounts", "scheduled", "expected", "set", "projected", "forecast", "aims", "aimed", "plans",
                "planned", "hopes", "seeks", "intends", "reported", "recorded", "registered", "posted",
                "achieved", "attracted", "passed", "boasts", "includes", "included", "topped", "surpassed",
                "said", "says", "hitting", "standing", "reaching", "remained", "remains", "came", "comes",
                "worth", "valued", "estimated", "expects", "targets", "targeted", "hold", "holds", "held",
                "represented", "represents", "made", "makes", "saw", "sees", "added", "adds", "raised",
                "invested", "invests", "spent", "spends", "earned", "generated", "allocated", "received",
                "approved", "announced", "develop", "build", "create", "establish", "achieve", "attract",
                "train", "cultivate", "launch", "complete", "become", "employ", "employs", "employed",
                // markets and scores: "the S&P 500 lost 1.85 points", "Davis scored 34 points"
                "lost", "gained", "shed", "slipped", "slid", "plunged", "plummeted", "soared", "tumbled",
                "eased", "dipped", "rallied", "sank", "scored"};  // not "advanced": "advanced manufacturing"
  return kWords.count(w) > 0;
}

bool IsLeadingFiller(const std::string& w) {
  return In(w, {"the", "a", "an", "with", "and", "while", "but", "that", "which", "as", "meanwhile", "also",
                "whereas", "where", "when", "if", "so", "thus", "plus", "of", "its", "their", "whose"});
}

bool IsTrailingFiller(const std::string& w) {
  static const std::unordered_set<std::string_view> kWords = {"of", "at", "to", "by", "for", "in", "on", "from", "about", "around", "nearly", "over", "than",
                "more", "some", "up", "almost", "approximately", "roughly", "just", "only", "the", "a", "an",
                "already", "now", "currently", "also", "still", "has", "have", "is", "was", "an", "and"};
  return kWords.count(w) > 0;
}

bool IsPronoun(const std::string& w) {
  static const std::unordered_set<std::string_view> kWords = {"it", "they", "this", "that", "which", "who", "he", "she", "we", "you", "i", "these", "those",
                "there", "here", "its", "their", "one", "each", "all", "both", "others", "other"};
  return kWords.count(w) > 0;
}

// `lower` (lower-cased) equals `s` but for ASCII case.
bool EqualsLowered(std::string_view lower, std::string_view s) {
  if (lower.size() != s.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (lower[i] != AsciiLowerChar(s[i])) return false;
  }
  return true;
}

bool IsPlaceName(const std::string& lower, const std::vector<PlaceRef>& places, std::string_view text) {
  for (const PlaceRef& p : places) {
    if (EqualsLowered(lower, p.name) || EqualsLowered(lower, text.substr(p.start, p.end - p.start))) return true;
  }
  return false;
}

// "China's" / "its" / "the country's" inside a metric become "the": the place is the fact's own field.
std::string CleanPhrase(const std::vector<Word>& words, size_t b, size_t e, const std::vector<PlaceRef>& places,
                        std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = b; i < e; ++i) {
    std::string w = words[i].text;
    std::string lower = words[i].lower;
    std::string stem;
    static constexpr std::string_view kPossessive[] = {"'s", "\xE2\x80\x99s", "'", "\xE2\x80\x99"};
    for (std::string_view suffix : kPossessive) {
      const size_t n = suffix.size();
      if (lower.size() > n && lower.compare(lower.size() - n, n, suffix) == 0) {
        stem = lower.substr(0, lower.size() - n);
        break;
      }
    }
    if (In(lower, {"its", "their", "his", "her", "our"}) ||
        (!stem.empty() && (IsPlaceName(stem, places, text) ||
                           In(stem, {"country", "nation", "city", "province", "region", "municipality", "state"})))) {
      if (out.empty() || out.back() != "the") out.push_back("the");
      continue;
    }
    out.push_back(w);
  }
  while (!out.empty() && (AsciiLower(out.front()) == "the" || AsciiLower(out.front()) == "a" ||
                          AsciiLower(out.front()) == "an")) {
    out.erase(out.begin());
  }
  while (!out.empty() && AsciiLower(out.back()) == "the") out.pop_back();
  std::string joined;
  for (const std::string& w : out) joined += (joined.empty() ? "" : " ") + w;
  return joined;
}

bool MeaningfulMetric(const std::string& metric, const std::vector<PlaceRef>& places, std::string_view text) {
  if (metric.empty()) return false;
  bool has_alpha = false;
  for (char c : metric) has_alpha |= std::isalpha(static_cast<unsigned char>(c)) != 0;
  if (!has_alpha) return false;
  const std::string lower = AsciiLower(metric);
  if (IsPronoun(lower) || IsPlaceName(lower, places, text)) return false;
  return lower != "or" && lower != "and";  // "..., or 0.36%" read leftwards stops at the conjunction
}

// The noun phrase of a counted-noun mention: the words after its number ("around 20 pilot zones").
std::string CountedPhrase(const Mention& q) {
  std::vector<Word> words = Words(q.text, 0, q.text.size());
  size_t b = words.size();
  while (b > 0 && !IsNumberWord(words[b - 1].lower) && !IsQualifierWord(words[b - 1].lower)) --b;
  std::string out;
  for (size_t i = b; i < words.size(); ++i) out += (out.empty() ? "" : " ") + words[i].text;
  return out;
}

// A unit that measures the thing named before it ("sales rose 5 percent", "the Dow fell 500
// points", "raised 3 billion yuan"), unlike a counted noun, which names it ("20 pilot zones").
bool IsMeasureUnit(const std::string& unit) {
  if (unit == "percent" || unit == "percentage point" || unit == "basis point" || unit == "point") return true;
  if (unit.size() != 3) return false;
  return std::isupper(static_cast<unsigned char>(unit[0])) && std::isupper(static_cast<unsigned char>(unit[1])) &&
         std::isupper(static_cast<unsigned char>(unit[2]));
}

// Offset where the clause holding `pos` starts within [sentence.start, pos).
size_t ClauseStart(std::string_view text, size_t sentence_start, size_t pos) {
  size_t best = sentence_start;
  for (size_t i = pos; i > sentence_start; --i) {
    const char c = text[i - 1];
    if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '"') {
      best = i;
      break;
    }
  }
  // Conjunctions also open a clause: "..., and the scale of related industries exceeding ...". The
  // clause starts at the trailing space of the last one before `pos`, set off by single spaces (one
  // backward scan, from space to space).
  static constexpr std::string_view kJoin[] = {"and", "while", "but", "with", "whereas", "as", "which", "that"};
  size_t next_space = std::string_view::npos;  // the nearest space right of i, before pos
  for (size_t i = pos; i > best; --i) {
    if (text[i - 1] != ' ') continue;
    if (next_space != std::string_view::npos) {
      const std::string_view word = text.substr(i, next_space - i);
      for (std::string_view j : kJoin) {
        if (word == j) return next_space;
      }
    }
    next_space = i - 1;
  }
  return best;
}

// The words of the first `max_tokens` white-space separated tokens of text[begin, end);
// `*complete` says whether they reach `end`.
std::vector<Word> FirstWords(std::string_view text, size_t begin, size_t end, size_t max_tokens, bool* complete) {
  size_t to = begin;
  for (size_t tokens = 0; tokens < max_tokens;) {
    while (to < end && IsSpace(text[to])) ++to;
    if (to == end) break;
    while (to < end && !IsSpace(text[to])) ++to;
    ++tokens;
  }
  while (to < end && IsSpace(text[to])) ++to;
  *complete = to == end;
  return Words(text, begin, to);
}

// Whether the words from `pos` make the quantity before it a rate per unit ("$2.53 per diluted
// share", "$1.40 a share"): it measures something else than a total stated before it.
bool IsPerUnitRate(std::string_view text, size_t pos, size_t end) {
  bool complete = false;
  const std::vector<Word> after = FirstWords(text, pos, end, 2, &complete);
  if (after.empty()) return false;
  if (after[0].lower == "per") return true;
  return after.size() == 2 && (after[0].lower == "a" || after[0].lower == "an") &&
         In(after[1].lower, {"share", "tonne", "ton", "barrel", "ounce", "gallon", "litre", "liter", "kilogram",
                             "hour", "day", "week", "month", "head", "person", "unit"});
}

// Whether the text between two quantities is the one word `joint`, a comma at most before it
// ("5 percent, or 6 percent").
bool JoinedBy(std::string_view between, std::string_view joint) {
  if (between.size() > 16) return false;
  const std::vector<Word> words = Words(between, 0, between.size());
  if (words.size() != 1 || words[0].lower != joint) return false;
  return between.substr(0, words[0].start).find_first_not_of(" \t\n\r,") == std::string_view::npos &&
         between.find_first_not_of(" \t\n\r", words[0].end) == std::string_view::npos;
}

// Whether the words between two quantities make the second restate the first in another unit:
// "fell 102.2 points, or 0.36%", "fell 500 points on Monday, or 1.5 percent".
bool RestatesQuantity(std::string_view between) {
  if (JoinedBy(between, "or")) return true;
  if (between.size() > 64) return false;  // "or" and at most three short words
  const std::vector<Word> words = Words(between, 0, between.size());
  if (words.size() < 2 || words.size() > 4 || words.back().lower != "or") return false;
  if (between.find_first_not_of(" \t\n\r", words.back().end) != std::string_view::npos) return false;
  const std::string_view lead = between.substr(0, words.back().start);
  // A few words of circumstance, then a comma ("on Monday,"): no verb, no other clause.
  const size_t comma = lead.find_first_of(",;:()");
  if (comma == std::string_view::npos || comma < words[words.size() - 2].end ||
      lead.find_first_not_of(" \t\n\r", comma + 1) != std::string_view::npos) {
    return false;
  }
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (IsVerbLike(words[i].lower)) return false;
  }
  return lead[comma] == ',';
}

std::string RightOfPhrase(std::string_view text, size_t from, size_t sentence_end,
                          const std::vector<PlaceRef>& places) {
  // "28 percent of the country's 2,200 AI enterprises, ranking first" -> "AI enterprises".
  // Only the first words after the quantity are read, more when the reading reaches their end.
  (void)places;
  for (size_t max_tokens = 16;; max_tokens *= 2) {
    bool complete = false;
    const std::vector<Word> words = FirstWords(text, from, sentence_end, max_tokens, &complete);
    if (words.empty() && !complete) continue;  // tokens of punctuation only so far
    if (words.empty() || words[0].lower != "of") return "";
    size_t i = 1;
    bool stopped = false;  // by a word, not by running out of words
    std::vector<std::string> kept;
    for (; i < words.size() && kept.size() < 6; ++i) {
      const Word& w = words[i];
      if (In(w.lower, {"the", "a", "an", "its", "their", "his", "her", "our"})) continue;
      if (IsNumberWord(w.lower) && kept.empty()) continue;
      if (IsQualifierWord(w.lower) && kept.empty()) continue;
      const bool possessive = w.lower.size() > 2 && (w.lower.compare(w.lower.size() - 2, 2, "'s") == 0 ||
                                                     (w.lower.size() > 4 && w.lower.compare(w.lower.size() - 4, 4, "\xE2\x80\x99s") == 0));
      if (possessive && kept.empty()) continue;
      if (IsVerbLike(w.lower) || In(w.lower, {"in", "on", "at", "by", "for", "from", "and", "or", "with", "ranking", "while"})) {
        stopped = true;
        break;
      }
      kept.push_back(w.text);
      // Punctuation right after the word ends the phrase.
      if (w.end < text.size() && std::strchr(",.;:)", text[w.end]) != nullptr) {
        stopped = true;
        break;
      }
    }
    if (!stopped && kept.size() < 6 && !complete) continue;
    std::string out;
    for (const std::string& k : kept) out += (out.empty() ? "" : " ") + k;
    return out;
  }
}

const RE2& TargetCue() {
  static const RE2 re(
      "(?i)\\b(?:(?:aims?|aiming|aimed|plans?|planned|planning|intends?|intended|seeks?|strives?|hopes?|"
      "expects?|expected|scheduled|set|is|are|going|pledged?|vows?|vowed|committed|targets?|targeted|"
      "projected|poised|want|wants)\\s+to\\b|will\\b|goals?\\b|targets?\\b|objectives?\\b|to\\s+reach\\b|"
      "by\\s+the\\s+end\\s+of\\b)");
  return re;
}

const RE2& ReportedCue() {
  static const RE2 re(
      "(?i)\\b(?:(?:has|have|had)\\s+(?:already\\s+|so\\s+far\\s+)?(?:reached|exceeded|hit|attracted|passed|"
      "surpassed|topped|grown|risen|increased|been|established|built|set\\s+up|become|totaled|totalled|"
      "climbed|jumped|doubled)|so\\s+far|last\\s+year|to\\s+date|as\\s+of|already|reached|exceeded|totaled|"
      "totalled|stood\\s+at|rose|grew|fell|jumped|climbed|surged|dropped|declined|amounted\\s+to|"
      "was|were|recorded|registered|posted|issued|released|launched|published|announced|signed|approved|"
      "opened|completed|built|established|attracted|invested|raised|passed|accounted|ranked|ranking)\\b");
  return re;
}

// The last match start of `re` in text[b, e), or npos.
size_t LastMatch(const RE2& re, std::string_view text, size_t b, size_t e) {
  size_t last = std::string_view::npos;
  re2::StringPiece m;
  size_t pos = b;
  while (pos < e && re.Match(text, pos, e, RE2::UNANCHORED, &m, 1)) {
    last = m.data() - text.data();
    pos = last + std::max<size_t>(1, m.size());
  }
  return last;
}

// The matches of a cue in a span, found as LastMatch finds them (each search starts where the last
// match ended), kept for the span: the quantities of one sentence would each rescan its start.
// RE2 reads \b at a window's end from the whole text, so a search of a shorter window [from, e)
// finds these same matches up to the first one that ends past e, unless that one starts before e.
class CueScan {
 public:
  explicit CueScan(const RE2& re) : re_(re) {}

  // LastMatch(re, text, span.start, e) for span.start <= e <= span.end.
  size_t LastBefore(std::string_view text, TextSpan span, size_t e) {
    Scan(text, span);
    size_t last = std::string_view::npos;
    for (const auto& [start, end] : matches_) {
      if (end > e) {
        if (start < e) return LastMatch(re_, text, span.start, e);  // it crosses e: search the window
        break;
      }
      last = start;
    }
    return last;
  }

  // The start of the first match of text[p, span.end), or npos.
  size_t FirstFrom(std::string_view text, TextSpan span, size_t p) {
    Scan(text, span);
    for (const auto& [start, end] : matches_) {
      if (end <= p) continue;
      if (start >= p) return start;
      re2::StringPiece m;  // it crosses p: search from p
      return re_.Match(text, p, span.end, RE2::UNANCHORED, &m, 1) ? static_cast<size_t>(m.data() - text.data())
                                                                  : std::string_view::npos;
    }
    return std::string_view::npos;
  }

 private:
  void Scan(std::string_view text, TextSpan span) {
    if (scanned_ && span.start == span_.start && span.end == span_.end) return;
    scanned_ = true;
    span_ = span;
    matches_.clear();
    re2::StringPiece m;
    for (size_t pos = span.start; pos < span.end && re_.Match(text, pos, span.end, RE2::UNANCHORED, &m, 1);) {
      const size_t start = m.data() - text.data();
      matches_.emplace_back(start, start + m.size());
      pos = start + std::max<size_t>(1, m.size());
    }
  }

  const RE2& re_;
  bool scanned_ = false;
  TextSpan span_;
  std::vector<std::pair<size_t, size_t>> matches_;  // [start, end)
};

FactKind KindFor(std::string_view text, TextSpan sentence, const Mention& q, const std::vector<const Mention*>& dates,
                 const std::string& published, CueScan* target_cues, CueScan* reported_cues) {
  const size_t target = target_cues->LastBefore(text, sentence, q.start);
  const size_t reported = reported_cues->LastBefore(text, sentence, q.end);
  bool future_year = false;
  int pub_year = published.size() >= 4 ? std::atoi(published.substr(0, 4).c_str()) : 0;
  for (const Mention* d : dates) {
    if (d->is_target_year && (pub_year == 0 || std::atoi(d->iso.substr(0, 4).c_str()) >= pub_year)) future_year = true;
  }
  const bool has_target = target != std::string_view::npos;
  const bool has_reported = reported != std::string_view::npos;
  if (has_target && has_reported) return target > reported ? FactKind::kTarget : FactKind::kReported;
  if (has_reported) return future_year ? FactKind::kTarget : FactKind::kReported;
  if (has_target || future_year) return FactKind::kTarget;
  // No cue before the quantity: the first one after it decides ("100 datasets are to be built").
  const size_t target_after = target_cues->FirstFrom(text, sentence, q.end);
  const size_t reported_after = reported_cues->FirstFrom(text, sentence, q.end);
  if (target_after < reported_after) return FactKind::kTarget;
  return FactKind::kReported;
}

const RE2& Anaphora() {
  static const RE2 re(
      "(?i)\\b(?:the\\s+(?:city|province|municipality|region|country|nation|capital|district|state|county|"
      "area|zone)|its|local)\\b");
  return re;
}

bool CountryReference(std::string_view text, size_t clause_start, size_t q_start) {
  std::string left = AsciiLower(text.substr(clause_start, q_start - clause_start));
  while (!left.empty() && IsSpace(left.back())) left.pop_back();
  static constexpr std::string_view kCountryWords[] = {"the country's", "the nation's", "the country\xE2\x80\x99s",
                                                       "the nation\xE2\x80\x99s", "nationwide", "national", "the country"};
  for (std::string_view s : kCountryWords) {
    const size_t n = s.size();
    if (left.size() >= n && left.compare(left.size() - n, n, s) == 0) return true;
  }
  return false;
}

}  // namespace

std::string MetricFor(std::string_view text, TextSpan sentence, const Mention& q, const std::vector<PlaceRef>& places,
                      std::string* unit) {
  const std::string& u = q.quantity.unit;
  if (!u.empty() && !IsMeasureUnit(u)) {
    std::string phrase = CountedPhrase(q);
    return MeaningfulMetric(phrase, places, text) ? phrase : "";
  }
  if (u == "percent") {
    std::string right = RightOfPhrase(text, q.end, sentence.end, places);
    if (!right.empty()) return "share of " + right;
  }
  const size_t clause = ClauseStart(text, sentence.start, q.start);
  // Read leftwards from the quantity: skip the verb group ("is scheduled to reach"), then take the
  // noun phrase up to the previous verb ("China aims to have [the scale of its AI core industry]").
  // Only the clause's last words are read, more when the reading reaches the first of them.
  std::vector<Word> words;
  size_t b = 0, e = 0;
  for (size_t max_tokens = 24;; max_tokens *= 2) {
    bool complete = false;
    words = LastWords(text, clause, q.start, max_tokens, &complete);
    e = words.size();
    while (e > 0 && (IsVerbLike(words[e - 1].lower) || IsTrailingFiller(words[e - 1].lower))) --e;
    b = e;
    while (b > 0 && !IsVerbLike(words[b - 1].lower) && e - b < 8 &&
           !In(words[b - 1].lower, {"with", "and", "while", "but", "that", "which", "as", "whereas", "according"}))
      --b;
    if (b > 0 || complete) break;
  }
  while (b < e && IsLeadingFiller(words[b].lower)) ++b;
  // "related enterprises in China": the place is the fact's own field, not part of the metric.
  for (size_t i = b; i + 1 < e; ++i) {
    if (!In(words[i].lower, {"in", "across", "of", "for", "at"})) continue;
    size_t k = i + 1;
    if (k < e && words[k].lower == "the") ++k;
    if (k < e && IsPlaceName(words[k].lower, places, text)) {
      e = i;
      break;
    }
  }
  if (e > b + 2 && words[b].lower == "number" && words[b + 1].lower == "of") {
    std::string phrase = CleanPhrase(words, b + 2, e, places, text);
    if (!MeaningfulMetric(phrase, places, text)) return "";
    if (unit != nullptr && unit->empty()) *unit = AsciiLower(SingularNoun(words[e - 1].text));
    return phrase;
  }
  std::string phrase = CleanPhrase(words, b, e, places, text);
  return MeaningfulMetric(phrase, places, text) ? phrase : "";
}

namespace {

// Whether `s` holds "number" in any case: MetricFor reads "the number of X" from such words only.
bool ContainsWordNumber(std::string_view s) {
  for (size_t at = 0; at + 6 <= s.size(); ++at) {
    if (EqualsLowered("number", s.substr(at, 6))) return true;
  }
  return false;
}

constexpr size_t kContextBytes = 400;    // read for a fact's metric, kind and place
constexpr size_t kEvidenceBytes = 1000;  // kept as its evidence: real sentences are shorter

// The part of `sentence` within `reach` bytes of the quantity, cut at spaces so no word is split.
TextSpan NearbySpan(std::string_view text, TextSpan sentence, const Mention& q, size_t reach) {
  TextSpan near = sentence;
  if (q.start > sentence.start + reach) {
    near.start = q.start - reach;
    while (near.start < q.start && !IsSpace(text[near.start])) ++near.start;
    while (near.start < q.start && IsSpace(text[near.start])) ++near.start;
  }
  if (sentence.end > q.end + reach) {
    near.end = q.end + reach;
    while (near.end > q.end && !IsSpace(text[near.end - 1])) --near.end;
    while (near.end > q.end && IsSpace(text[near.end - 1])) --near.end;
  }
  return near;
}

// "by the end of the plan period" names no year: it means the end year of the plan the article
// named last ("the 14th Five-Year Plan period" is 2021/2025, so 2025).
bool NamesEndOfPlanPeriod(std::string_view sentence) {
  const std::string lower = AsciiLower(sentence);
  return lower.find("end of the plan period") != std::string::npos ||
         lower.find("end of the planning period") != std::string::npos;
}

// The end year of a year range ("2021/2025" -> "2025"); empty for anything else.
std::string EndYearOfRange(const std::string& iso) {
  if (iso.size() == 9 && iso[4] == '/') return iso.substr(5);
  return std::string();
}

}  // namespace

std::vector<Fact> AssembleFacts(std::string_view text, const std::vector<TextSpan>& paragraphs,
                                const std::vector<Mention>& mentions, const std::vector<PlaceRef>& places,
                                const ArticleContext& context) {
  std::vector<Fact> facts;
  std::string plan_date;              // the last target date of the article so far ("by 2027")
  std::string prev_paragraph_place;   // last place named in the previous paragraphs
  std::string plan_period;            // the last plan period named ("2021/2025" for the 14th Five-Year Plan)
  const std::string published_day = context.published.substr(0, std::min<size_t>(10, context.published.size()));

  for (const TextSpan& para : paragraphs) {
    // A paragraph without mentions or places adds no fact and no context: no need to split it.
    auto first_mention = std::lower_bound(mentions.begin(), mentions.end(), para.start,
                                          [](const Mention& m, size_t pos) { return m.start < pos; });
    auto first_place_in_para = std::lower_bound(places.begin(), places.end(), para.start,
                                                [](const PlaceRef& p, size_t pos) { return p.start < pos; });
    if ((first_mention == mentions.end() || first_mention->start >= para.end) &&
        (first_place_in_para == places.end() || first_place_in_para->start >= para.end)) {
      continue;
    }
    std::string para_place, para_date, para_target_date;
    for (const TextSpan& sentence : SplitSentences(text, para)) {
      std::vector<const Mention*> quantities, dates;
      auto first = std::lower_bound(mentions.begin(), mentions.end(), sentence.start,
                                    [](const Mention& m, size_t pos) { return m.start < pos; });
      for (auto it = first; it != mentions.end() && it->start < sentence.end; ++it) {
        const Mention& m = *it;
        if (m.end > sentence.end) continue;
        if (m.type == Mention::Type::kQuantity) quantities.push_back(&m);
        if (m.type == Mention::Type::kDate && !m.iso.empty()) dates.push_back(&m);
      }
      std::vector<PlaceRef> sentence_places;
      auto first_place = std::lower_bound(places.begin(), places.end(), sentence.start,
                                          [](const PlaceRef& p, size_t pos) { return p.start < pos; });
      for (auto it = first_place; it != places.end() && it->start < sentence.end; ++it) {
        if (it->end <= sentence.end && !it->weak) sentence_places.push_back(*it);
      }
      CueScan target_cues(TargetCue()), reported_cues(ReportedCue());
      for (size_t i = 0; i < quantities.size(); ++i) {
        const Mention& q = *quantities[i];
        Fact fact;
        fact.quantity = q.quantity;
        // "1 trillion yuan (about 140.9 billion U.S. dollars)": the bracket is the same fact.
        if (i + 1 < quantities.size()) {
          const Mention& next = *quantities[i + 1];
          std::string_view between = text.substr(q.end, next.start - q.end);
          size_t after = next.end;
          while (after < sentence.end && IsSpace(text[after])) ++after;
          const bool bracketed = between.find('(') != std::string_view::npos &&
                                 between.find_first_not_of(" \t(") == std::string_view::npos &&
                                 after < text.size() && text[after] == ')';
          const bool measures = IsMeasureUnit(q.quantity.unit) && IsMeasureUnit(next.quantity.unit);
          const bool restated = measures && q.quantity.unit != next.quantity.unit && RestatesQuantity(between) &&
                                !IsPerUnitRate(text, next.end, sentence.end);
          if (measures && (bracketed || restated)) {
            fact.alternative = next.quantity;
            ++i;
          }
        }
        // The words that describe a quantity sit close to it; reading at most kContextBytes either
        // side keeps a sentence of thousands of figures linear instead of quadratic.
        const TextSpan near = NearbySpan(text, sentence, q, kContextBytes);
        std::string unit = q.quantity.unit;
        const bool bare = unit.empty();
        // A bare number is a fact only as "the number of X" (MetricFor fills the unit) or with a
        // scale word; most bare numbers have neither, and need no metric read.
        bool scaled = false;
        if (bare) {
          for (const Word& w : Words(q.text, 0, q.text.size())) scaled |= ScaleMultiplier(w.lower).has_value();
          if (!scaled && !ContainsWordNumber(text.substr(near.start, q.start - near.start))) continue;
        }
        // "rose 5 percent or 6 percent": the second figure measures what the first one did.
        bool joined = false;
        if (IsMeasureUnit(unit) && !facts.empty() && IsMeasureUnit(facts.back().quantity.unit) &&
            facts.back().quantity_end >= sentence.start && facts.back().quantity_end <= q.start) {
          joined = JoinedBy(text.substr(facts.back().quantity_end, q.start - facts.back().quantity_end), "or") &&
                   !IsPerUnitRate(text, q.end, sentence.end);
        }
        fact.metric = joined ? facts.back().metric : MetricFor(text, near, q, sentence_places, &unit);
        if (fact.metric.empty()) continue;
        if (bare && unit.empty() && !scaled) continue;
        fact.quantity.unit = unit;
        fact.kind = KindFor(text, near, q, dates, context.published, &target_cues, &reported_cues);

        // Date: the sentence's own, else inherited.
        const Mention* best = nullptr;
        for (const Mention* d : dates) {
          if (fact.kind == FactKind::kTarget && d->is_target_year && (best == nullptr || !best->is_target_year)) {
            best = d;
            continue;
          }
          if (best != nullptr && fact.kind == FactKind::kTarget && best->is_target_year) continue;
          auto dist = [&](const Mention* m) {
            return m->start >= q.end ? m->start - q.end : (q.start >= m->end ? q.start - m->end : 0);
          };
          if (best == nullptr || dist(d) < dist(best)) best = d;
        }
        const std::string plan_end = EndYearOfRange(plan_period);
        if (best != nullptr) {
          fact.date = best->iso;
          fact.date_from = Provenance::kSentence;
        } else if (!plan_end.empty() && NamesEndOfPlanPeriod(text.substr(near.start, near.end - near.start))) {
          fact.date = plan_end;
          fact.date_from = Provenance::kArticle;
          fact.kind = FactKind::kTarget;  // "by the end of the plan period" looks ahead
        } else if (fact.kind == FactKind::kTarget && !para_target_date.empty()) {
          fact.date = para_target_date;
          fact.date_from = Provenance::kParagraph;
        } else if (fact.kind == FactKind::kTarget && !plan_date.empty()) {
          fact.date = plan_date;
          fact.date_from = Provenance::kArticle;
        } else if (!para_date.empty()) {
          fact.date = para_date;
          fact.date_from = Provenance::kParagraph;
        } else if (fact.kind == FactKind::kReported && !context.dateline_date.empty()) {
          fact.date = context.dateline_date;
          fact.date_from = Provenance::kDateline;
        } else if (fact.kind == FactKind::kReported && !published_day.empty()) {
          fact.date = published_day;
          fact.date_from = Provenance::kArticle;
        }

        // Place: the sentence's own (nearest before the quantity, else first after), else inherited.
        const size_t clause = ClauseStart(text, near.start, q.start);
        if (CountryReference(text, clause, q.start)) {
          for (const PlaceRef& p : sentence_places) {
            if (p.type == "country") fact.place = p.name;
          }
          if (fact.place.empty()) {  // "Beijing has 28 percent of the country's ...": Beijing's country
            for (const PlaceRef& p : sentence_places) {
              if (p.end <= q.start && !p.country_name.empty()) fact.place = p.country_name;
            }
          }
          fact.place_from = Provenance::kSentence;
          if (fact.place.empty() && !context.article_country.empty()) {
            fact.place = context.article_country;
            fact.place_from = Provenance::kArticle;
          }
        }
        if (fact.place.empty()) {
          const PlaceRef* before = nullptr;
          const PlaceRef* after = nullptr;
          for (const PlaceRef& p : sentence_places) {
            if (p.end <= q.start) before = &p;
            else if (after == nullptr && p.start >= q.end) after = &p;
          }
          if (before != nullptr || after != nullptr) {
            fact.place = (before != nullptr ? before : after)->name;
            fact.place_from = Provenance::kSentence;
          } else if (!para_place.empty()) {
            fact.place = para_place;
            fact.place_from = Provenance::kParagraph;
          } else if (!prev_paragraph_place.empty() &&
                     RE2::PartialMatch(text.substr(near.start, near.end - near.start), Anaphora())) {
            fact.place = prev_paragraph_place;
            fact.place_from = Provenance::kParagraph;
          } else if (!context.dateline_place.empty()) {
            fact.place = context.dateline_place;
            fact.place_from = Provenance::kDateline;
          } else if (!context.article_place.empty()) {
            fact.place = context.article_place;
            fact.place_from = Provenance::kArticle;
          }
        }
        // The evidence is the sentence, clipped around the quantity in a run-on "sentence" of thousands
        // of figures: a copy of all of it in every fact would grow output and database with the
        // square of its length.
        const TextSpan evidence = NearbySpan(text, sentence, q, kEvidenceBytes);
        fact.sentence = std::string(text.substr(evidence.start, evidence.end - evidence.start));
        fact.sentence_start = evidence.start;
        fact.sentence_end = evidence.end;
        fact.quantity_start = q.start;
        fact.quantity_end = q.end;
        fact.rule = q.rule;
        facts.push_back(std::move(fact));
      }
      if (!sentence_places.empty()) para_place = sentence_places.back().name;
      for (const Mention* d : dates) {
        para_date = d->iso;
        if (d->rule == "date.plan_period" && !EndYearOfRange(d->iso).empty()) plan_period = d->iso;
        if (d->is_target_year) {
          para_target_date = d->iso;
          plan_date = d->iso;
        }
      }
    }
    if (!para_place.empty()) prev_paragraph_place = para_place;
  }
  return facts;
}

}  // namespace newsfacts
