#include "extract/numbers.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>
#include "core/ascii.h"

namespace newsfacts {
namespace {

struct WordValue {
  const char* word;
  int value;
};

constexpr WordValue kUnits[] = {
    {"zero", 0},      {"nought", 0},     {"naught", 0},     {"one", 1},        {"two", 2},        {"three", 3},     {"four", 4},
    {"five", 5},      {"six", 6},        {"seven", 7},      {"eight", 8},     {"nine", 9},
    {"ten", 10},      {"eleven", 11},    {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14},
    {"fifteen", 15},  {"sixteen", 16},   {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
};
constexpr WordValue kTens[] = {
    {"twenty", 20}, {"thirty", 30},  {"forty", 40},  {"fourty", 40}, {"fifty", 50},
    {"sixty", 60},  {"seventy", 70}, {"eighty", 80}, {"ninety", 90},
};

std::optional<int> Lookup(const WordValue* begin, const WordValue* end, std::string_view w) {
  for (const WordValue* it = begin; it != end; ++it) {
    if (w == it->word) return it->value;
  }
  return std::nullopt;
}

std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// "2,200" / "140.9" / "1,00,000" -> value. Separators must sit between digit groups.
std::optional<double> ParseDigits(std::string_view s) {
  // ".08": a leading decimal point.
  if (s.size() > 1 && s[0] == '.' && std::isdigit(static_cast<unsigned char>(s[1]))) {
    for (char c : s.substr(1)) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
    return std::strtod(std::string(s).c_str(), nullptr);
  }
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return std::nullopt;
  std::string clean;
  bool seen_dot = false;
  size_t group = 0;
  bool seen_comma = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      clean.push_back(c);
      ++group;
    } else if (c == ',' && !seen_dot) {
      if (group == 0 || i + 1 >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i + 1])))
        return std::nullopt;
      if (seen_comma && group != 2 && group != 3) return std::nullopt;
      seen_comma = true;
      group = 0;
    } else if (c == '.' && !seen_dot) {
      if (seen_comma && group != 3) return std::nullopt;
      if (i + 1 >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i + 1]))) return std::nullopt;
      seen_dot = true;
      clean.push_back('.');
    } else {
      return std::nullopt;
    }
  }
  if (seen_comma && !seen_dot && group != 3) return std::nullopt;
  return std::strtod(clean.c_str(), nullptr);
}

}  // namespace

std::optional<double> ScaleMultiplier(std::string_view word) {
  std::string w = AsciiLower(word);
  while (!w.empty() && (w.back() == '.' || std::isspace(static_cast<unsigned char>(w.back())))) w.pop_back();
  while (!w.empty() && std::isspace(static_cast<unsigned char>(w.front()))) w.erase(0, 1);
  // Stacked scales multiply: "lakh crore" (1e12), "thousand crore" (1e10).
  const size_t space = w.find_first_of(" \t\n");
  if (space != std::string::npos) {
    std::optional<double> head = ScaleMultiplier(std::string_view(w).substr(0, space));
    std::optional<double> rest = ScaleMultiplier(std::string_view(w).substr(space + 1));
    if (!head || !rest || *head < 1000) return std::nullopt;
    return *head * *rest;
  }
  static const std::unordered_map<std::string_view, double> kScales = {
      {"k", 1e3},        {"thousand", 1e3},  {"thousands", 1e3}, {"thou", 1e3},    {"m", 1e6},
      {"mn", 1e6},       {"mln", 1e6},       {"million", 1e6},   {"millions", 1e6}, {"mil", 1e6},
      {"mm", 1e6},       {"b", 1e9},         {"bn", 1e9},        {"bln", 1e9},      {"billion", 1e9},
      {"billions", 1e9}, {"t", 1e12},        {"tn", 1e12},       {"trillion", 1e12}, {"trillions", 1e12},
      {"trn", 1e12},     {"tln", 1e12},      {"lakh", 1e5},      {"lakhs", 1e5},    {"lac", 1e5},
      {"lacs", 1e5},     {"crore", 1e7},     {"crores", 1e7},    {"cr", 1e7},       {"hundred", 100},
      {"hundreds", 100}, {"dozen", 12},      {"dozens", 12},     {"dz", 12},        {"dzs", 12},
      {"doz", 12},       {"dozs", 12}};
  auto it = kScales.find(w);
  if (it == kScales.end()) return std::nullopt;
  return it->second;
}

namespace {

// "1.3e6", "12e-1" (a sign is the caller's), "12.32e+14": scientific notation, whole text only.
std::optional<double> ParseScientific(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    const size_t from = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i > from;
  };
  if (!digits()) return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return std::nullopt;
  }
  if (i >= s.size() || (s[i] != 'e' && s[i] != 'E')) return std::nullopt;
  ++i;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (!digits() || i != s.size()) return std::nullopt;
  return std::strtod(std::string(s).c_str(), nullptr);
}

// "1.1^23", "2.5^-1", "1.1^--23" (signs multiply), "1.3x10^6", "6.23x10^-4": powers, whole text only.
std::optional<double> ParsePower(std::string_view s) {
  const size_t caret = s.find('^');
  if (caret == std::string_view::npos || caret == 0) return std::nullopt;
  std::string_view base = s.substr(0, caret);
  double factor = 1;
  const size_t times = base.find_first_of("xX");
  if (times != std::string_view::npos) {  // "1.3x10^6": the base must be 10
    std::optional<double> f = ParseDigits(base.substr(0, times));
    if (!f || base.substr(times + 1) != "10") return std::nullopt;
    factor = *f;
    base = base.substr(times + 1);
  }
  std::optional<double> b = ParseDigits(base);
  if (!b) return std::nullopt;
  size_t i = caret + 1;
  double sign = 1;
  for (; i < s.size() && (s[i] == '+' || s[i] == '-'); ++i) {
    if (s[i] == '-') sign = -sign;
  }
  if (i >= s.size()) return std::nullopt;
  for (size_t k = i; k < s.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(s[k]))) return std::nullopt;
  }
  const double e = std::strtod(std::string(s.substr(i)).c_str(), nullptr);
  if (e > 300) return std::nullopt;
  return factor * std::pow(*b, sign * e);
}

// "1 234 567", "1 234 567.89", "40\u00a0000": digit groups of three after the first, joined by a
// space, a no-break space or a narrow no-break space. The caller's pattern decides where such
// grouping is unambiguous; here only the shape is checked. nullopt when `s` is not of that shape.
std::optional<double> ParseSpaceGrouped(std::string_view s) {
  std::string clean;
  size_t group = 0;
  bool grouped = false, dot = false;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t sep = 0;
    if (c == ' ') sep = 1;
    else if (s.compare(i, 2, "\xC2\xA0") == 0) sep = 2;
    else if (s.compare(i, 3, "\xE2\x80\xAF") == 0) sep = 3;
    if (sep > 0) {
      if (dot || group == 0 || group > 3 || (grouped && group != 3)) return std::nullopt;
      grouped = true;
      group = 0;
      i += sep;
      continue;
    }
    if (std::isdigit(c)) {
      clean.push_back(static_cast<char>(c));
      ++group;
    } else if (c == '.' && !dot && grouped && group == 3 && i + 1 < s.size()) {
      dot = true;
      clean.push_back('.');
    } else {
      return std::nullopt;
    }
    ++i;
  }
  if (!grouped || (!dot && group != 3)) return std::nullopt;
  return std::strtod(clean.c_str(), nullptr);
}

}  // namespace

std::optional<double> ParseNumberText(std::string_view text) {
  // Plain digits ("2019", "300"), most figures, need none of the machinery below.
  if (!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return ParseDigits(text);
  }
  if (auto sci = ParseScientific(text)) return sci;
  if (auto pow = ParsePower(text)) return pow;
  if (auto grouped = ParseSpaceGrouped(text)) return grouped;
  std::vector<std::string> tokens = Tokens(text);
  if (tokens.empty()) return std::nullopt;

  double total = 0;    // completed groups (thousands, millions, ...)
  double current = 0;  // the group being built (below the last big scale)
  bool have_current = false;
  bool any = false;
  double and_base = 0;  // the group's value before its "and" ("three hundred and ...")
  enum class Last { kNone, kUnit, kTens, kHundred, kBig, kDigits, kArticle, kHalf } last = Last::kNone;

  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    if (t == "point" && any) {  // "nine point nought four": the digits after "point" are decimals
      double scale = 0.1, frac = 0;
      if (i + 1 < tokens.size() && !Lookup(std::begin(kUnits), std::begin(kUnits) + 10, tokens[i + 1])) {
        // "point eleven", "point seventy-one": one two-digit word gives two decimals.
        std::string rest;
        for (size_t k = i + 1; k < tokens.size(); ++k) rest += (rest.empty() ? "" : " ") + tokens[k];
        std::optional<double> two = ParseNumberText(rest);
        if (!two || *two < 10 || *two > 99 || *two != std::floor(*two)) return std::nullopt;
        return total + current + *two / 100;
      }
      for (size_t k = i + 1; k < tokens.size(); ++k, scale /= 10) {
        std::optional<int> d = Lookup(std::begin(kUnits), std::end(kUnits), tokens[k]);
        if (!d || *d > 9) return std::nullopt;
        frac += *d * scale;
      }
      if (i + 1 >= tokens.size()) return std::nullopt;
      return total + current + frac;
    }
    if (t == "and") {
      if (last != Last::kHundred && last != Last::kBig) return std::nullopt;
      if (last == Last::kHundred) and_base = current;
      continue;
    }
    if (t == "a" || t == "an") {
      // "a dozen", "a hundred", "half a million": only before a scale word.
      if (last == Last::kHalf) continue;  // "half a million", "half a"
      if (i + 1 >= tokens.size() || !ScaleMultiplier(tokens[i + 1])) return std::nullopt;
      if (have_current) return std::nullopt;
      current = 1;
      have_current = true;
      last = Last::kArticle;
      continue;
    }
    if (auto d = ParseDigits(t)) {
      if (any) {
        // Digits continue a figure after a scale word: "3 hundred and 21", "4 thousand 3 hundred".
        if (*d != std::floor(*d)) return std::nullopt;
        if (last == Last::kHundred && *d < 100 && std::fmod(current, 100) == 0) {
          current += *d;
          last = Last::kUnit;
          continue;
        }
        if (last != Last::kBig || have_current) return std::nullopt;
      }
      current = *d;
      have_current = true;
      any = true;
      last = Last::kDigits;
      continue;
    }
    if (t == "half") {
      if (have_current) return std::nullopt;
      current = 0.5;
      have_current = true;
      any = true;
      last = Last::kHalf;
      continue;
    }
    if (auto u = Lookup(std::begin(kUnits), std::end(kUnits), t)) {
      if (last == Last::kUnit || last == Last::kDigits || last == Last::kHalf) return std::nullopt;
      if (last == Last::kTens && *u >= 10) return std::nullopt;
      current += *u;
      have_current = true;
      any = true;
      last = Last::kUnit;
      continue;
    }
    if (auto v = Lookup(std::begin(kTens), std::end(kTens), t)) {
      if (last == Last::kUnit || last == Last::kTens || last == Last::kDigits || last == Last::kHalf)
        return std::nullopt;
      current += *v;
      have_current = true;
      any = true;
      last = Last::kTens;
      continue;
    }
    if (auto m = ScaleMultiplier(t)) {
      if (*m == 100 || *m == 12) {
        if (!have_current) current = 1;
        // "one hundred" multiplies the group; "two thousand one hundred" too. A dozen after "and"
        // counts only what follows it: "three hundred and two dozens" is 300 + 24.
        const double base = *m == 12 ? and_base : 0;
        current = base + (current - base) * *m;
        and_base = 0;
        have_current = true;
        any = true;
        last = Last::kHundred;
        continue;
      }
      if (!have_current) {
        // "three lakh crore", "a thousand million": a scale right after a scale multiplies it.
        if (last != Last::kBig) return std::nullopt;
        total *= *m;
        continue;
      }
      total += current * *m;
      current = 0;
      have_current = false;
      any = true;
      last = Last::kBig;
      continue;
    }
    return std::nullopt;
  }
  if (!any) return std::nullopt;
  return total + current;
}

std::string SingularNoun(std::string_view phrase) {
  std::string s(phrase);
  size_t word_start = s.find_last_of(" -");
  word_start = word_start == std::string::npos ? 0 : word_start + 1;
  std::string word = s.substr(word_start);
  std::string lower = AsciiLower(word);
  auto ends = [&](std::string_view suffix) {
    return lower.size() > suffix.size() && lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  static const char* kSame[] = {"data", "series", "species", "news", "people", "staff", "police",
                                "sheep", "fish", "aircraft", "personnel", "equipment", "media"};
  for (const char* same : kSame) {
    if (lower == same) return s;
  }
  if (lower == "people") return s;
  if (lower == "men") return s.substr(0, word_start) + word.substr(0, word.size() - 3) + "man";
  if (lower == "children") return s.substr(0, word_start) + word.substr(0, 5);
  if (ends("ies") && lower.size() > 4) {
    word = word.substr(0, word.size() - 3) + "y";
  } else if (ends("sses") || ends("shes") || ends("ches") || ends("xes") || ends("zes")) {
    word = word.substr(0, word.size() - 2);
  } else if (ends("ss") || ends("us") || ends("is")) {
    // "business", "campus", "analysis": already singular.
  } else if (ends("s")) {
    word.pop_back();
  }
  return s.substr(0, word_start) + word;
}

}  // namespace newsfacts
