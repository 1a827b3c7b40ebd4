#include "extract/rules.h"

#include <re2/re2.h>
#include <re2/set.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <deque>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <sstream>
#include <unordered_map>

#include "extract/numbers.h"
#include "core/ascii.h"

namespace newsfacts {
namespace {

namespace fs = std::filesystem;

// Words that end a counted-noun phrase: "20 pilot zones" is a count, "2.5 is" and
// "20 years" are not.
const std::set<std::string, std::less<>>& NounStopWords() {
  static const std::set<std::string, std::less<>> kWords = {
      "the", "a", "an", "of", "in", "on", "at", "to", "for", "with", "by", "from", "into", "than",
      "and", "or", "but", "nor", "as", "is", "was", "has", "this", "its", "his", "hers", "ours",
      "theirs", "yours", "us", "thus", "plus", "yes", "less", "across", "unless", "always",
      "perhaps", "whereas", "was", "does", "goes", "per", "percent", "cent", "pct", "times",
      "years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades", "centuries",
      "yrs", "mins", "secs", "hrs", "are", "were", "have", "had", "will", "would", "that", "which",
      "who", "these", "those", "their", "it", "they", "we", "he", "she", "there", "here", "said",
      "says", "points", "basis", "odds", "ends", "means", "news", "sales", "gains", "losses",
      "whilst", "towards", "afterwards", "besides", "sometimes", "ones", "others", "yuan", "dollars",
      "euros", "pounds", "rupees", "yen", "rmb", "usd", "cny", "eur", "gbp", "inr", "jpy", "degrees",
      "kilometres", "kilometers", "metres", "meters", "miles", "tons", "tonnes", "kilograms", "grams",
      "liters", "litres", "watts", "gigawatts", "megawatts", "kilowatts", "hectares", "acres", "dozen",
      "dozens", "hundreds", "thousands", "millions", "billions", "trillions", "lakhs", "crores", "cents",
      "pence", "francs", "pesetas", "pesos", "liras", "bitcoins", "markkas", "dollar", "euro", "rupee",
      "franc", "peso", "penny", "cent"};
  return kWords;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// Lower-cases and collapses runs of white space to one space.
std::string NormalizeKey(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : Trim(s)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

Result<std::string> Expand(const std::string& pattern, const std::map<std::string, std::string>& defs,
                           int depth) {
  if (depth > 12) return Status::InvalidInput("definitions nest more than 12 levels (a cycle?)");
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = pattern.find("{{", pos);
    if (open == std::string::npos) {
      out.append(pattern, pos, std::string::npos);
      break;
    }
    size_t close = pattern.find("}}", open + 2);
    if (close == std::string::npos) return Status::InvalidInput("unclosed '{{' in pattern");
    out.append(pattern, pos, open - pos);
    std::string name = Trim(std::string_view(pattern).substr(open + 2, close - open - 2));
    auto it = defs.find(name);
    if (it == defs.end()) return Status::InvalidInput("unknown definition {{" + name + "}}");
    Result<std::string> inner = Expand(it->second, defs, depth + 1);
    if (!inner.ok()) return inner.status();
    out += "(?:" + *inner + ")";
    pos = close + 2;
  }
  return out;
}

std::vector<std::string> YamlFilesIn(const std::string& dir, Status* status) {
  std::vector<std::string> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    *status = Status::NotFound("rules folder " + dir + " does not exist or is not a folder");
    return files;
  }
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path().string());
  }
  if (ec) *status = Status::IoError("cannot list rules folder " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

Result<RuleExample> ParseExample(const YAML::Node& node) {
  RuleExample ex;
  if (node.IsScalar()) {
    ex.text = node.as<std::string>();
    return ex;
  }
  if (!node.IsMap() || !node["text"]) return Status::InvalidInput("an example needs a `text:` field");
  ex.text = node["text"].as<std::string>();
  if (node["none"]) ex.expect_none = node["none"].as<bool>();
  if (node["value"]) ex.value = node["value"].as<double>();
  if (node["value_max"]) ex.value_max = node["value_max"].as<double>();
  if (node["unit"]) ex.unit = node["unit"].as<std::string>();
  if (node["qualifier"]) {
    ex.qualifier = node["qualifier"].as<std::string>();
    if (!ParseQualifier(*ex.qualifier)) return Status::InvalidInput("unknown qualifier '" + *ex.qualifier + "'");
  }
  if (node["iso"]) ex.iso = node["iso"].as<std::string>();
  if (node["target"]) ex.target = node["target"].as<bool>();
  if (node["match"]) ex.match = node["match"].as<std::string>();
  if (node["published"]) ex.published = node["published"].as<std::string>();
  return ex;
}

struct RawRule {
  Rule rule;
  std::string raw_pattern;
  std::string raw_trigger;
  std::string raw_suffix;
  std::string raw_shortcut;
};

// Reads one file's definitions, lexicon and rules (patterns not yet expanded).
Status ReadRuleFile(const std::string& path, std::map<std::string, std::string>* defs, Lexicon* lexicon,
                    std::vector<RawRule>* rules) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return Status::InvalidInput(path + ": not valid YAML: " + e.what());
  }
  if (!root || root.IsNull()) return Status::Ok();
  if (!root.IsMap()) return Status::InvalidInput(path + ": expected a map with `rules:` (and optional `definitions:`)");
  std::string current_id;
  try {
    if (const YAML::Node d = root["definitions"]) {
      for (const auto& kv : d) (*defs)[kv.first.as<std::string>()] = kv.second.as<std::string>();
    }
    if (const YAML::Node u = root["units"]) {
      for (const auto& kv : u) lexicon->units[NormalizeKey(kv.first.as<std::string>())] = kv.second.as<std::string>();
    }
    if (const YAML::Node q = root["qualifiers"]) {
      for (const auto& kv : q) {
        std::string name = kv.second.as<std::string>();
        std::optional<Qualifier> qual = ParseQualifier(name);
        if (!qual) return Status::InvalidInput(path + ": qualifier '" + kv.first.as<std::string>() +
                                               "' maps to unknown value '" + name +
                                               "' (use exact, approx, over, under, at_least, at_most)");
        lexicon->qualifiers[NormalizeKey(kv.first.as<std::string>())] = *qual;
      }
    }
    const YAML::Node list = root["rules"];
    if (!list) return Status::Ok();
    if (!list.IsSequence()) return Status::InvalidInput(path + ": `rules:` must be a list");
    for (const YAML::Node& r : list) {
      RawRule raw;
      raw.rule.file = path;
      if (!r["id"]) return Status::InvalidInput(path + ": a rule has no `id:`");
      raw.rule.id = r["id"].as<std::string>();
      current_id = raw.rule.id;
      if (!r["pattern"]) return Status::InvalidInput(path + ": rule " + raw.rule.id + " has no `pattern:`");
      raw.raw_pattern = r["pattern"].as<std::string>();
      if (r["trigger"]) raw.raw_trigger = r["trigger"].as<std::string>();
      if (r["suffix"]) raw.raw_suffix = r["suffix"].as<std::string>();
      if (r["shortcut"]) raw.raw_shortcut = r["shortcut"].as<std::string>();
      const std::string type = r["type"] ? r["type"].as<std::string>() : "quantity";
      if (type == "quantity") raw.rule.type = RuleType::kQuantity;
      else if (type == "date") raw.rule.type = RuleType::kDate;
      else if (type == "ignore") raw.rule.type = RuleType::kIgnore;
      else if (type == "unit") raw.rule.type = RuleType::kUnit;
      else return Status::InvalidInput(path + ": rule " + raw.rule.id + ": unknown type '" + type +
                                       "' (use quantity, date, ignore or unit)");
      if (r["priority"]) raw.rule.priority = r["priority"].as<int>();
      if (r["case_sensitive"]) raw.rule.case_sensitive = r["case_sensitive"].as<bool>();
      if (r["dateline"]) raw.rule.dateline = r["dateline"].as<bool>();
      if (r["protect"]) raw.rule.protect = r["protect"].as<bool>();
      if (r["unit"]) raw.rule.unit = r["unit"].as<std::string>();
      if (const YAML::Node exs = r["examples"]) {
        for (const YAML::Node& e : exs) {
          Result<RuleExample> ex = ParseExample(e);
          if (!ex.ok()) return Status::InvalidInput(path + ": rule " + raw.rule.id + ": " + ex.status().message());
          // A unit mention has no figure: an expected value could only ever fail.
          if (raw.rule.type == RuleType::kUnit && (ex->value || ex->value_max || ex->qualifier || ex->iso || ex->target)) {
            return Status::InvalidInput(path + ": rule " + raw.rule.id + ": example '" + ex->text +
                                        "': a unit rule's examples give only `unit`, `match` or `none`");
          }
          raw.rule.examples.push_back(std::move(*ex));
        }
      }
      rules->push_back(std::move(raw));
    }
  } catch (const YAML::Exception& e) {
    return Status::InvalidInput(path + (current_id.empty() ? "" : ": rule " + current_id) + ": " + e.what());
  }
  return Status::Ok();
}

// ---- normalisation of one match ---------------------------------------------------------------

// A match's non-empty named groups (name -> text), in the order of the rule's group names. A flat
// vector: a match sets a few groups, and a map would allocate on every match.
using Groups = std::vector<std::pair<std::string_view, std::string_view>>;

// A group may appear in several alternatives of one pattern as "name__2", "name__3" (RE2 wants
// unique names); they are read as "name", the first non-empty one.
std::optional<std::string_view> Get(const Groups& g, std::string_view name) {
  for (const auto& [n, v] : g) {
    if (n == name && v.data() != nullptr && !v.empty()) return v;
  }
  return std::nullopt;
}

// A count: a number, or an article, which counts one ("a quarter", "a year ago", "a percentage point").
std::optional<double> ParseCount(std::string_view text) {
  const std::string lower = AsciiLower(Trim(text));
  if (lower == "a" || lower == "an") return 1;
  return ParseNumberText(lower);
}

bool LooksLikeYear(std::string_view num) {
  if (num.size() != 4) return false;
  for (char c : num) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  int y = std::stoi(std::string(num));
  return y >= 1900 && y <= 2100;
}

std::optional<std::string> LookupUnit(const Lexicon& lex, std::string_view text) {
  std::string key = NormalizeKey(text);
  auto it = lex.units.find(key);
  if (it != lex.units.end()) return it->second;
  while (!key.empty() && key.back() == '.') key.pop_back();
  it = lex.units.find(key);
  if (it != lex.units.end()) return it->second;
  return std::nullopt;
}

// A counted noun phrase is valid when none of its words is a stop word.
std::optional<double> DenominatorValue(std::string_view text);

bool ValidNoun(std::string_view noun) {
  const std::string lower = AsciiLower(noun);
  std::string_view last;
  // Word by word, a word being a run of non-white-space (as `>>` reads them).
  for (size_t i = 0, j = 0; i < lower.size(); i = j) {
    if (std::isspace(static_cast<unsigned char>(lower[i]))) {
      j = i + 1;
      continue;
    }
    for (j = i; j < lower.size() && !std::isspace(static_cast<unsigned char>(lower[j]));) ++j;
    const std::string_view word = std::string_view(lower).substr(i, j - i);
    if (NounStopWords().count(word)) return false;
    // "3 USD50 cards": a currency code glued to a figure is money, not part of a noun.
    const size_t digits_from = word.find_last_not_of("0123456789") + 1;
    if (digits_from > 0 && digits_from < word.size() && NounStopWords().count(word.substr(0, digits_from)))
      return false;
    last = word;
  }
  return !DenominatorValue(last).has_value();  // "two thirds" is a fraction, not 2 "third"
}

bool IsTitleCase(const std::string& w) {
  if (w.empty() || !std::isupper(static_cast<unsigned char>(w[0]))) return false;
  for (char c : w) {
    if (std::islower(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

// The unit of a counted noun phrase: singular, without evaluative modifiers, acronyms kept:
// "world-leading AI ecosystem leaders" -> "AI ecosystem leader", "typical use cases" -> "use case".
// A proper name ("Experimental Zones" of a named programme) gives its head noun only ("zone").
std::string CountedUnit(std::string_view noun) {
  static const std::set<std::string> kModifiers = {
      "typical", "related", "new", "other", "additional", "various", "different", "several", "such", "more",
      "total", "key", "major", "main", "existing", "current", "notable", "famous", "important", "top",
      "leading", "so-called", "certain", "respective", "specific", "individual", "separate", "extra"};
  std::vector<std::string> words;
  std::istringstream in{std::string(noun)};
  for (std::string w; in >> w;) words.push_back(w);
  if (words.empty()) return "";
  auto lower_title = [](const std::string& w) { return IsTitleCase(w) ? AsciiLower(w) : w; };
  const std::string head = lower_title(SingularNoun(words.back()));
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (IsTitleCase(words[i])) return AsciiLower(head);
  }
  std::string out;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string lower = AsciiLower(words[i]);
    if (words[i].find('-') != std::string::npos || kModifiers.count(lower)) continue;
    out += lower_title(words[i]) + " ";
  }
  return out + head;
}

// "third" -> 3, "quarters" -> 4, "twenty-fifth" -> 25, "hundredths" -> 100, "half" -> 2.
std::optional<double> DenominatorValue(std::string_view text) {
  std::string t = AsciiLower(Trim(text));
  if (t == "half" || t == "halves") return 2;
  if (t == "quarter" || t == "quarters") return 4;
  if (!t.empty() && t.back() == 's') t.pop_back();
  size_t cut = t.find_last_of(" -");
  std::string head = cut == std::string::npos ? "" : t.substr(0, cut + 1);
  std::string last = cut == std::string::npos ? t : t.substr(cut + 1);
  static const std::pair<const char*, const char*> kIrregular[] = {
      {"first", "one"}, {"second", "two"}, {"third", "three"}, {"fifth", "five"}, {"eighth", "eight"},
      {"ninth", "nine"}, {"twelfth", "twelve"}};
  bool mapped = false;
  for (const auto& [ord, card] : kIrregular) {
    if (last == ord) {
      last = card;
      mapped = true;
    }
  }
  if (!mapped) {
    if (last.size() > 4 && last.compare(last.size() - 4, 4, "ieth") == 0) last = last.substr(0, last.size() - 4) + "y";
    else if (last.size() > 2 && last.compare(last.size() - 2, 2, "th") == 0) last = last.substr(0, last.size() - 2);
    else return std::nullopt;
  }
  std::optional<double> v = ParseNumberText(head + last);
  if (!v && head.empty()) v = ScaleMultiplier(last);  // "trillionth"
  return v;
}

bool NormalizeFraction(const Groups& g, Quantity* q) {
  double whole = 0, num = 0, den = 0;
  const double sign = Get(g, "fneg") ? -1 : 1;  // "-4/5", "negative one over 20"
  static const std::pair<const char*, double> kVulgar[] = {
      {"½", 0.5}, {"⅓", 1.0 / 3}, {"⅔", 2.0 / 3}, {"¼", 0.25}, {"¾", 0.75}, {"⅕", 0.2}, {"⅖", 0.4},
      {"⅗", 0.6}, {"⅘", 0.8}, {"⅙", 1.0 / 6}, {"⅚", 5.0 / 6}, {"⅛", 0.125}, {"⅜", 0.375}, {"⅝", 0.625},
      {"⅞", 0.875}};
  if (auto uf = Get(g, "ufrac")) {
    for (const auto& [glyph, v] : kVulgar) {
      if (*uf == glyph) num = v;
    }
    if (num == 0) return false;
    den = 1;
    if (auto w = Get(g, "uwhole")) whole = ParseNumberText(*w).value_or(0);
  } else if (auto vn = Get(g, "vnum")) {  // "one over three", "1 over 21"
    // A word after the denominator makes "over" a qualifier: "2000 over 3 years".
    if (Get(g, "vtail")) return false;
    auto n = ParseNumberText(Trim(*vn));
    auto d = ParseNumberText(Trim(*Get(g, "vden")));
    if (!n || !d || *d == 0) return false;
    num = *n;
    den = *d;
  } else if (auto qs = Get(g, "qscale")) {  // "quarter million"
    auto m = ScaleMultiplier(Trim(*qs));
    if (!m) return false;
    num = *m;
    den = 4;
  } else if (auto on = Get(g, "onum")) {  // "one in five", "two out of five hundred"
    auto n = ParseNumberText(Trim(*on));
    std::string den_text = Trim(*Get(g, "oden"));
    auto d = ParseNumberText(den_text);
    if (!n || !d || *d == 0 || *n > *d || LooksLikeYear(den_text)) return false;
    num = *n;
    den = *d;
  } else if (auto dn = Get(g, "dnum")) {
    auto n = ParseNumberText(*dn);
    auto d = ParseNumberText(*Get(g, "dden"));
    if (!n || !d || *d == 0) return false;
    num = *n;
    den = *d;
    if (auto w = Get(g, "dwhole")) whole = ParseNumberText(*w).value_or(0);
  } else {
    auto fn = Get(g, "fnum");
    auto fd = Get(g, "fden");
    if (!fn || !fd) return false;
    // "520 Third Avenue", "1119 Eighth": a street address, not a fraction.
    if (std::isdigit(static_cast<unsigned char>(Trim(*fn)[0])) && std::isupper(static_cast<unsigned char>((*fd)[0])))
      return false;
    std::string fnum = AsciiLower(Trim(*fn));
    std::optional<double> d = DenominatorValue(*fd);
    // "one hundred thirty fifths" is 100/35: a tens word right before a unit ordinal, with no "and",
    // belongs to the denominator ("one hundred and thirty fifths" is 130/5).
    static const std::set<std::string> kTens = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    const size_t last_space = fnum.find_last_of(" -");
    if (d && *d >= 1 && *d <= 9 && last_space != std::string::npos && fnum.find(" and ") == std::string::npos &&
        kTens.count(fnum.substr(last_space + 1))) {
      *d += *ParseNumberText(fnum.substr(last_space + 1));
      fnum = Trim(fnum.substr(0, last_space));
    }
    // "one hundred and thirty-two fifths" is 132/5, not 100 + 32/5.
    // Only for a tens-led numerator over a unit ordinal: "one hundred and three quarters" stays 100.75.
    if (auto w = Get(g, "whole"); w && !Get(g, "wscale") && *d >= 1 && *d <= 9 &&
                                  kTens.count(fnum.substr(0, fnum.find_first_of(" -"))) &&
                                  AsciiLower(Trim(*w)).size() >= 7 &&
                                  AsciiLower(Trim(*w)).compare(AsciiLower(Trim(*w)).size() - 7, 7, "hundred") == 0) {
      std::optional<double> merged = ParseNumberText(AsciiLower(Trim(*w)) + " and " + fnum);
      if (!merged) return false;
      const double scale = Get(g, "fscale") ? ScaleMultiplier(Trim(*Get(g, "fscale"))).value_or(1) : 1;
      q->value = sign * *merged * scale / *d;
      q->value_max.reset();
      q->unit.clear();
      q->qualifier = Qualifier::kExact;
      return *d != 0;
    }
    std::optional<double> n = ParseCount(fnum);
    if (!n || !d || *d == 0) return false;
    num = *n;
    den = *d;
    // The scale of the fraction: "five and a half million" (after it, scaling the whole too unless
    // the whole has its own), else the whole's own last scale: "three million and a half" is 3.5e6.
    double whole_scale = 1, frac_scale = 1;
    if (auto w = Get(g, "whole")) {
      auto wv = ParseNumberText(*w);
      if (!wv) return false;
      whole = *wv;
      if (auto ws = Get(g, "wscale")) {
        whole_scale = ScaleMultiplier(Trim(*ws)).value_or(1);
      } else {
        const std::string wt = Trim(*w);
        const size_t sp = wt.find_last_of(" -");
        if (sp != std::string::npos) {
          auto last = ScaleMultiplier(wt.substr(sp + 1));
          if (last && *last >= 1000) whole_scale = *last;
        }
      }
      if (Get(g, "wscale")) whole *= whole_scale;
    }
    if (auto fs = Get(g, "fscale")) {
      std::string scale_text = AsciiLower(Trim(*fs));  // "two thirds of a million"
      for (const char* of : {"of a ", "of an "}) {
        if (scale_text.rfind(of, 0) == 0) scale_text = Trim(scale_text.substr(std::string(of).size()));
      }
      frac_scale = ScaleMultiplier(scale_text).value_or(1);
      if (whole_scale == 1) whole *= frac_scale;
    } else {
      frac_scale = whole_scale;
    }
    num *= frac_scale;
  }
  q->value = sign * (whole + num / den);
  q->value_max.reset();
  q->unit.clear();
  q->qualifier = Qualifier::kExact;
  return true;
}

// The ISO code of a currency word or symbol, and the scale it carries: "MUSD", "MEUR" (finance
// shorthand for millions) are USD and EUR times 1e6.
std::optional<std::string> CurrencyUnit(const Lexicon& lex, std::string_view text, double* scale) {
  *scale = 1;
  if (std::optional<std::string> code = LookupUnit(lex, text)) return code;
  const std::string key = NormalizeKey(text);
  if (key.size() == 4 && key[0] == 'm') {
    std::optional<std::string> code = LookupUnit(lex, key.substr(1));
    if (code && code->size() == 3 && AsciiLower(*code) == key.substr(1)) {
      *scale = 1e6;
      return code;
    }
  }
  return std::nullopt;
}

// The unit of a percent, percentage point or basis point group ("28 percent", "25 basis points").
std::optional<std::string> RateUnit(const Groups& g) {
  if (Get(g, "pp")) return "percentage point";
  if (Get(g, "bp")) return "basis point";
  if (Get(g, "pct")) return "percent";
  return std::nullopt;
}

// A unit named without a figure: the rule's fixed unit, or its `cur` group's from the lexicon
// (false for a word the lexicon's units do not name).
bool NormalizeUnit(const Rule& rule, const Lexicon& lex, const Groups& g, std::string* unit) {
  if (!rule.unit.empty()) {
    *unit = rule.unit;
    return true;
  }
  std::optional<std::string_view> cur = Get(g, "cur");
  std::optional<std::string> found = cur ? LookupUnit(lex, *cur) : std::nullopt;
  if (!found) return false;
  *unit = *found;
  return true;
}

bool NormalizeQuantity(const Rule& rule, const Lexicon& lex, const Groups& g, Quantity* q) {
  if (Get(g, "fden") || Get(g, "dden") || Get(g, "ufrac") || Get(g, "oden") || Get(g, "vden") ||
      Get(g, "qscale")) {
    if (!NormalizeFraction(g, q)) return false;
    if (auto qual = Get(g, "qual")) {
      auto it = lex.qualifiers.find(NormalizeKey(*qual));
      if (it != lex.qualifiers.end()) q->qualifier = it->second;
    }
    if (auto cur = Get(g, "cur")) {  // "a quarter million us dollars"
      double scale = 1;
      std::optional<std::string> code = CurrencyUnit(lex, *cur, &scale);
      if (!code) return false;
      q->unit = *code;
      q->value *= scale;
    } else if (std::optional<std::string> unit = RateUnit(g)) {  // "a quarter percentage point"
      q->unit = *unit;
    }
    return true;
  }
  std::optional<std::string_view> num = Get(g, "num");
  if (!num) return false;
  std::string num_text = Trim(*num);
  if (num_text.size() > 1 && num_text[0] == '0' && std::isdigit(static_cast<unsigned char>(num_text[1])))
    return false;  // "05070218": an identifier, not a quantity
  std::optional<double> v = ParseCount(num_text);  // "rose a percentage point"
  if (!v) return false;
  double mult = 1;
  std::optional<std::string_view> scale = Get(g, "scale");
  if (scale) {
    std::optional<double> m = ScaleMultiplier(Trim(*scale));
    if (!m) return false;
    // A bare "b" is billions after a decimal ("1.2b") only; "3b" is a label.
    if (Trim(*scale) == "b" && num_text.find('.') == std::string::npos) return false;
    mult = *m;
    if (*m == 12 && num_text.find(" and ") != std::string::npos) {  // "three hundred and two dozens": 324
      std::optional<double> whole = ParseNumberText(num_text + " dozen");
      if (!whole) return false;
      v = whole;
      mult = 1;
    }
  }
  double mult2 = mult;
  std::optional<std::string_view> scale2 = Get(g, "scale2");
  if (scale2) {
    std::optional<double> m = ScaleMultiplier(Trim(*scale2));
    if (!m) return false;
    mult2 = *m;
    if (!scale) mult = mult2;  // "two to three million": the scale applies to both ends
  }
  const double sign = Get(g, "neg") ? -1 : 1;  // "-1.5", "minus five"
  q->value = sign * *v * mult;
  q->value_max.reset();
  // "and" joins a range only after "between": "-1.5 and 3/4" are two numbers.
  if (auto conn = Get(g, "conn"); conn && AsciiLower(*conn) == "and" && !Get(g, "btw")) return false;
  if (std::optional<std::string_view> num2 = Get(g, "num2")) {
    std::optional<double> v2 = ParseNumberText(Trim(*num2));
    if (!v2) return false;
    double hi = *v2 * mult2;
    if (hi <= q->value) return false;  // "2021-2015", "800-145": not a range
    q->value_max = hi;
  }
  q->qualifier = Qualifier::kExact;
  for (const char* name : {"qual", "qsym"}) {
    if (std::optional<std::string_view> qual = Get(g, name)) {
      const std::string key = NormalizeKey(*qual);
      auto it = lex.qualifiers.find(key);
      if (it != lex.qualifiers.end()) {
        q->qualifier = it->second;
      } else if (key.find("or equal") != std::string::npos) {  // "smaller than or equal to", ...
        const bool up = key.rfind("greater", 0) == 0 || key.rfind("larger", 0) == 0 || key.rfind("bigger", 0) == 0 ||
                        key.rfind("higher", 0) == 0 || key.rfind("more", 0) == 0;
        q->qualifier = up ? Qualifier::kAtLeast : Qualifier::kAtMost;
      }
    }
  }
  if (Get(g, "oreqnum")) return false;  // "more than 5000 or equal to 6000": two comparisons
  if (Get(g, "oreq")) {  // "less than 5000 or equal": the bound is included
    if (q->qualifier == Qualifier::kOver) q->qualifier = Qualifier::kAtLeast;
    else if (q->qualifier == Qualifier::kUnder) q->qualifier = Qualifier::kAtMost;
    else return false;
  }
  // "5000 or less than 6000" is two comparisons, not "5000 or less".
  if (Get(g, "postnum")) return false;
  if (std::optional<std::string_view> post = Get(g, "post")) {  // "500 or more", "5000 or less"
    const std::string p = AsciiLower(*post);
    const bool up = p == "more" || p == "above" || p == "over" || p == "greater" || p == "higher" || p == "up";
    q->qualifier = up ? Qualifier::kAtLeast : Qualifier::kAtMost;
  }
  q->unit.clear();
  bool counted = false;  // the unit is a counted noun ("20 pilot zones")
  if (!rule.unit.empty()) {
    q->unit = rule.unit;
  } else if (std::optional<std::string_view> cur = Get(g, "cur")) {
    double cur_scale = 1;
    std::optional<std::string> code = CurrencyUnit(lex, *cur, &cur_scale);
    if (!code) return false;
    q->unit = *code;
    if (cur_scale != 1) {  // "30 MUSD"
      if (scale) return false;
      q->value *= cur_scale;
      if (q->value_max) *q->value_max *= cur_scale;
    }
    if (std::optional<std::string_view> post = Get(g, "postscale")) {  // "75 USD million"
      std::optional<double> m = ScaleMultiplier(Trim(*post));
      if (!m || scale || cur_scale != 1) return false;
      q->value *= *m;
      if (q->value_max) *q->value_max *= *m;
    }
  } else if (std::optional<std::string_view> cur2 = Get(g, "cur2") ? Get(g, "cur2") : Get(g, "cur3")) {
    std::optional<std::string> code = LookupUnit(lex, *cur2);
    if (!code) return false;
    q->unit = *code;
  } else if (std::optional<std::string> unit = RateUnit(g)) {
    q->unit = *unit;
  } else if (std::optional<std::string_view> noun = Get(g, "noun")) {
    if (!ValidNoun(*noun)) return false;
    q->unit = CountedUnit(*noun);
    counted = true;
  }
  // Minor units after the major ones: "3 dollars 50 cents", "thirteen dollars and forty-five",
  // "c $ 100 and fifty" (100.50). Only after a plain amount, and not when a noun follows the
  // minor figure ("15 dollars and 50 people"); the caller then keeps "15 dollars".
  if (std::optional<std::string_view> minor = Get(g, "minor")) {
    if (q->unit.empty() || q->unit == "cent" || q->unit == "pence") return false;
    if (scale || q->value_max || num_text.find('.') != std::string::npos) return false;
    if (std::optional<std::string_view> noun = Get(g, "noun")) {
      static const std::set<std::string> kAfterMinor = {"and", "or", "more", "less", "each", "only"};
      if (!kAfterMinor.count(AsciiLower(*noun))) return false;
    }
    std::optional<double> cents = ParseNumberText(Trim(*minor));
    if (!cents || *cents <= 0 || *cents >= 100 || *cents != std::floor(*cents)) return false;
    q->value += (q->value < 0 ? -*cents : *cents) / 100;
  }
  // "one" is a pronoun far more often than a figure: bare ("Which one do you prefer?") and before a
  // plural, which it never counts ("no one knows", "no one sector wants").
  if (!scale && AsciiLower(num_text) == "one" &&
      (counted || (q->unit.empty() && !Get(g, "num2") && !Get(g, "qual") && !Get(g, "neg"))))
    return false;
  // A four-digit year ("in 2019", "Razr 2025", "2024 results") is a date, not a quantity.
  const bool money_or_percent = Get(g, "cur") || Get(g, "cur2") || Get(g, "cur3") || RateUnit(g).has_value();
  if (!money_or_percent && !scale && !scale2 && LooksLikeYear(num_text) &&
      (!Get(g, "num2") || LooksLikeYear(Trim(*Get(g, "num2"))))) {
    return false;  // "2019 and 2023", "2014~2018": years
  }
  return true;
}

int MonthNumber(std::string_view text) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string t = AsciiLower(Trim(text));
  if (!t.empty() && std::isdigit(static_cast<unsigned char>(t[0]))) {
    int m = std::atoi(t.c_str());
    return m >= 1 && m <= 12 ? m : 0;
  }
  if (t.size() < 3) return 0;
  for (int i = 0; i < 12; ++i) {
    if (t.compare(0, 3, kMonths[i]) == 0) return i + 1;
  }
  return 0;
}

int OrdinalNumber(std::string_view text) {
  static const char* kWords[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                                 "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
                                 "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth"};
  std::string t = AsciiLower(Trim(text));
  if (!t.empty() && std::isdigit(static_cast<unsigned char>(t[0]))) return std::atoi(t.c_str());
  for (int i = 0; i < 18; ++i) {
    if (t == kWords[i]) return i + 1;
  }
  return 0;
}

std::string Pad(int v, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, v);
  return buf;
}

int DaysFromCivil(int y, int m, int d) {  // days since 1970-01-01 (H. Hinnant's algorithm)
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = yoe + era * 400;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  return {y + (m <= 2), m, d};
}

int WeekdayNumber(std::string_view text) {  // 0 = Sunday
  static const char* kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  std::string t = AsciiLower(Trim(text));
  for (int i = 0; i < 7; ++i) {
    if (t.compare(0, 3, kDays[i]) == 0) return i;
  }
  return -1;
}

bool ValidYear(int y) { return y >= 1900 && y <= 2100; }

std::string IsoDay(const CivilDate& d) { return Pad(d.year, 4) + "-" + Pad(d.month, 2) + "-" + Pad(d.day, 2); }

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// The n-th (1-based) `weekday` (0 = Sunday) of a month: Thanksgiving is the 4th Thursday of November.
int NthWeekday(int year, int month, int weekday, int n) {
  const int first = DaysFromCivil(year, month, 1);
  const int first_wd = ((first % 7) + 11) % 7;
  return first + (weekday - first_wd + 7) % 7 + 7 * (n - 1);
}

// Days since 1970-01-01 of a named holiday in `year` (Easter by the Gregorian computus), or nullopt.
std::optional<int> HolidayDay(std::string_view name, int year) {
  std::string h = AsciiLower(name);
  for (char& c : h) {
    if (c == '\'' || c == '-' || c == '.') c = ' ';
  }
  std::string n;  // collapsed spaces, "'s" dropped
  std::istringstream in(h);
  for (std::string w; in >> w;) {
    if (w == "s") continue;
    if (w.size() > 2 && w.compare(w.size() - 1, 1, "s") == 0 && (w == "years" || w == "patricks" || w == "valentines"))
      w.pop_back();
    if (w == "st" || w == "saint") w = "saint";
    if (w == "day" && !n.empty() && (n == "saint patrick" || n == "valentine")) continue;
    n += (n.empty() ? "" : " ") + w;
  }
  struct Fixed {
    const char* name;
    int month, day;
  };
  static const Fixed kFixed[] = {{"christmas", 12, 25},   {"christmas day", 12, 25}, {"christmas eve", 12, 24},
                                 {"new year", 1, 1},      {"new year day", 1, 1},    {"new year eve", 12, 31},
                                 {"earth day", 4, 22},    {"saint patrick", 3, 17},  {"valentine", 2, 14},
                                 {"halloween", 10, 31},   {"boxing day", 12, 26}};
  for (const Fixed& f : kFixed) {
    if (n == f.name) return DaysFromCivil(year, f.month, f.day);
  }
  if (n == "thanksgiving" || n == "thanksgiving day") return NthWeekday(year, 11, 4, 4);
  if (n == "black friday") return NthWeekday(year, 11, 4, 4) + 1;
  if (n == "cyber monday") return NthWeekday(year, 11, 4, 4) + 4;
  if (n == "easter" || n == "easter sunday" || n == "easter day") {
    const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25,
              gg = (b - f + 1) / 3, hh = (19 * a + b - d - gg + 15) % 30, i = c / 4, k = c % 4,
              l = (32 + 2 * e + 2 * i - hh - k) % 7, mm = (a + 11 * hh + 22 * l) / 451;
    const int month = (hh + l - 7 * mm + 114) / 31, day = (hh + l - 7 * mm + 114) % 31 + 1;
    return DaysFromCivil(year, month, day);
  }
  return std::nullopt;
}

// "nineteen eighty six" (19|86), "twenty twenty", "two thousand and fifteen", "seventeen hundred
// thirty three": a year in words. 0 when `text` is none.
int WordYear(std::string_view text) {
  const std::string t = AsciiLower(Trim(text));
  const size_t sp = t.find(' ');
  if (sp != std::string::npos && t.find("hundred") == std::string::npos && t.find("thousand") == std::string::npos) {
    std::optional<double> hi = ParseNumberText(t.substr(0, sp));
    std::string_view low = std::string_view(t).substr(sp + 1);
    const bool oh = low.size() > 2 && low[0] == 'o' && (low[1] == ' ' || low[1] == '-');  // "nineteen o five"
    if (oh) low.remove_prefix(2);
    std::optional<double> lo = ParseNumberText(low);
    if (oh && lo && *lo > 9) return 0;
    if (hi && lo && *hi >= 10 && *hi <= 20 && *lo >= 1 && *lo <= 99) return static_cast<int>(*hi * 100 + *lo);
    return 0;
  }
  std::optional<double> v = ParseNumberText(t);
  if (!v || *v != std::floor(*v) || *v < 1000 || *v > 2100) return 0;
  return static_cast<int>(*v);
}

// The day an offset counts from: "2 weeks before [May 13 1999]", "16 days from [01/02/2018]",
// "three months after [Easter]", "3 days from [Tuesday]". Without a year, a holiday or a month and day
// is the next one on or after publication, a weekday the next one after it (as Recognizers-Text).
std::optional<int> AnchorDay(const Groups& g, const CivilDate& pub) {
  const int today = DaysFromCivil(pub.year, pub.month, pub.day);
  if (auto h = Get(g, "aholiday")) {
    std::optional<int> d = HolidayDay(*h, pub.year);
    if (d && *d < today) d = HolidayDay(*h, pub.year + 1);
    return d;
  }
  std::optional<std::string_view> mo = Get(g, "amonth"), da = Get(g, "aday"), ye = Get(g, "ayear");
  if (!mo) mo = Get(g, "amdy_month"), da = Get(g, "amdy_day"), ye = Get(g, "amdy_year");
  if (mo && da) {
    const int month = MonthNumber(*mo), day = std::atoi(std::string(*da).c_str());
    int year = ye ? std::atoi(std::string(*ye).c_str()) : pub.year;
    if (month == 0 || !ValidYear(year) || day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
    if (!ye && DaysFromCivil(year, month, day) < today) {
      ++year;
      if (day > DaysInMonth(year, month)) return std::nullopt;
    }
    return DaysFromCivil(year, month, day);
  }
  if (auto wd = Get(g, "aweekday")) {
    const int want = WeekdayNumber(*wd);
    if (want < 0) return std::nullopt;
    const int now = ((today % 7) + 11) % 7;
    if (auto rel = Get(g, "arel")) {  // "next Friday": the Friday of next (Monday-based) week
      const std::string r = AsciiLower(*rel);
      if (r != "next" && r != "following") return std::nullopt;
      return today - (now + 6) % 7 + 7 + (want + 6) % 7;
    }
    const int ahead = (want - now + 7) % 7;
    return today + (ahead == 0 ? 7 : ahead);
  }
  return std::nullopt;
}

// Fills m->iso / unresolved / is_target_year from a date rule's groups. False = not a date.
bool NormalizeDate(const Groups& g, std::optional<CivilDate> pub, Mention* m) {
  m->is_target_year = Get(g, "by").has_value();
  m->unresolved = false;
  auto unresolved = [&] {
    m->unresolved = true;
    m->iso.clear();
    return true;
  };
  if (auto holiday = Get(g, "holiday")) {  // "easter 2018", "next easter", "christmas eve of this year"
    int year = 0;
    if (auto y = Get(g, "hyear")) {
      year = std::atoi(std::string(*y).c_str());
      if (!ValidYear(year)) return false;
      std::optional<int> day = HolidayDay(*holiday, year);
      if (!day) return false;
      m->iso = IsoDay(CivilFromDays(*day));
      return true;
    }
    const std::optional<std::string_view> hrel = Get(g, "hrel") ? Get(g, "hrel") : Get(g, "hyrel");
    if (!hrel) return false;  // a bare "Christmas" names no year
    if (!pub || pub->day == 0) return HolidayDay(*holiday, 2000) ? unresolved() : false;
    const std::string r = AsciiLower(*hrel);
    const int today = DaysFromCivil(pub->year, pub->month, pub->day);
    std::optional<int> day;
    if (Get(g, "hyrel") || r == "this") {  // "of this year", "of next year"
      const int delta = r == "next" ? 1 : (r == "last" ? -1 : 0);
      day = HolidayDay(*holiday, pub->year + delta);
    } else if (r == "last" || r == "previous") {  // the latest before publication
      day = HolidayDay(*holiday, pub->year);
      if (day && *day >= today) day = HolidayDay(*holiday, pub->year - 1);
    } else {  // "next", "following", "coming": the first after publication
      day = HolidayDay(*holiday, pub->year);
      if (day && *day <= today) day = HolidayDay(*holiday, pub->year + 1);
    }
    if (!day) return false;
    m->iso = IsoDay(CivilFromDays(*day));
    return true;
  }
  if (auto wrel = Get(g, "wrel")) {  // "next week Wednesday", "tuesday of last week"
    const int want = WeekdayNumber(*Get(g, "weekday"));
    if (want < 0) return false;
    if (!pub || pub->day == 0) return unresolved();
    const std::string r = AsciiLower(*wrel);
    const int days = DaysFromCivil(pub->year, pub->month, pub->day);
    const int monday = days - (((days % 7) + 11) % 7 + 6) % 7;
    const int delta = r == "next" || r == "following" ? 7 : (r == "last" || r == "previous" ? -7 : 0);
    m->iso = IsoDay(CivilFromDays(monday + delta + (want + 6) % 7));
    return true;
  }
  if (auto decade = Get(g, "decrel")) {  // "the next decade", "the next two decades"
    int count = 1;
    if (auto n = Get(g, "deccount")) {
      std::optional<double> v = ParseNumberText(Trim(*n));
      if (!v || *v < 1 || *v > 10 || *v != std::floor(*v)) return false;
      count = static_cast<int>(*v);
    }
    if (!pub || pub->year == 0) return unresolved();
    const int start = pub->year / 10 * 10 + 10;
    m->iso = Pad(start, 4) + "/" + Pad(start + 10 * count - 1, 4);
    return true;
  }
  if (auto wy = Get(g, "wyear")) {  // "August two thousand and fifteen", "13 Sept nineteen seventy two"
    const int year = WordYear(*wy);
    if (year < 1500 || year > 2100) return false;
    std::optional<std::string_view> month_name = Get(g, "month");
    if (!month_name) {  // "nineteen ninety six"
      m->iso = Pad(year, 4);
      return true;
    }
    const int month = MonthNumber(*month_name);
    if (month == 0) return false;
    int day = 0;
    if (auto d = Get(g, "day")) day = std::atoi(std::string(*d).c_str());
    else if (auto dw = Get(g, "dayw")) day = static_cast<int>(DenominatorValue(*dw).value_or(0));
    else if (auto dn = Get(g, "daywn")) day = static_cast<int>(ParseNumberText(Trim(*dn)).value_or(0));
    if (day < 0 || day > DaysInMonth(year, month)) return false;
    m->iso = Pad(year, 4) + "-" + Pad(month, 2);
    if (day > 0) m->iso += "-" + Pad(day, 2);
    return true;
  }
  if (auto dom = Get(g, "odn")) {  // "the 15th day of next month", "the thirty-first day of the month"
    const std::string t = AsciiLower(Trim(*dom));
    const int day = std::isdigit(static_cast<unsigned char>(t[0])) ? std::atoi(t.c_str())
                                                                   : static_cast<int>(DenominatorValue(t).value_or(0));
    if (!pub || pub->month == 0) return day >= 1 && day <= 31 ? unresolved() : false;
    const std::string r = Get(g, "orel") ? AsciiLower(*Get(g, "orel")) : "this";
    const int months = pub->year * 12 + (pub->month - 1) + (r == "next" ? 1 : (r == "last" ? -1 : 0));
    const int y = months / 12, mo = months % 12 + 1;
    if (day < 1 || day > DaysInMonth(y, mo)) return false;
    m->iso = IsoDay(CivilDate{y, mo, day});
    return true;
  }
  if (auto mon = Get(g, "omn")) {  // "the third month of 2021", "the 9th month of next year"
    const std::string t = AsciiLower(Trim(*mon));
    const int month = std::isdigit(static_cast<unsigned char>(t[0])) ? std::atoi(t.c_str())
                                                                     : static_cast<int>(DenominatorValue(t).value_or(0));
    if (month < 1 || month > 12) return false;
    int year = 0;
    if (auto y = Get(g, "oyear")) {
      year = std::atoi(std::string(*y).c_str());
    } else {
      if (!pub || pub->year == 0) return unresolved();
      const std::string r = AsciiLower(*Get(g, "oyrel"));
      year = pub->year + (r == "next" ? 1 : (r == "last" ? -1 : 0));
    }
    if (!ValidYear(year)) return false;
    m->iso = Pad(year, 4) + "-" + Pad(month, 2);
    return true;
  }
  if (auto wd = Get(g, "weekday"); wd && !Get(g, "month") && (Get(g, "day") || Get(g, "dayw"))) {
    // "Monday 21 people": a figure counting a noun is no day of the month.
    if (Get(g, "wdtail")) return false;
    // "Monday 21", "tuesday the eleventh": that day of the month of publication (or the next or
    // previous month) that falls on that weekday.
    const int want = WeekdayNumber(*wd);
    int day = 0;
    if (auto d = Get(g, "day")) day = std::atoi(std::string(*d).c_str());
    else day = static_cast<int>(DenominatorValue(*Get(g, "dayw")).value_or(0));
    if (want < 0 || day < 1 || day > 31) return false;
    if (!pub || pub->month == 0) return unresolved();
    for (int delta : {0, 1, -1}) {
      const int months = pub->year * 12 + (pub->month - 1) + delta;
      const int y = months / 12, mo = months % 12 + 1;
      if (day > DaysInMonth(y, mo)) continue;
      const int days = DaysFromCivil(y, mo, day);
      if (((days % 7) + 11) % 7 == want) {
        m->iso = IsoDay(CivilDate{y, mo, day});
        return true;
      }
    }
    return false;
  }
  if (auto iso = Get(g, "iso")) {
    std::optional<CivilDate> d = ParseIsoDate(*iso);
    if (!d || !ValidYear(d->year)) return false;
    m->iso = Pad(d->year, 4);
    if (d->month) m->iso += "-" + Pad(d->month, 2);
    if (d->day) m->iso += "-" + Pad(d->day, 2);
    return true;
  }
  if (auto plan = Get(g, "plan")) {
    int n = OrdinalNumber(*plan);
    if (n < 6 || n > 30) return false;  // the formula holds from the 6th plan (1981-1985) on
    int start = 2006 + 5 * (n - 11);
    m->iso = Get(g, "planend") ? Pad(start + 4, 4) : Pad(start, 4) + "/" + Pad(start + 4, 4);
    return true;
  }
  int year = 0;
  if (auto y = Get(g, "year")) {
    year = std::atoi(std::string(*y).c_str());
    if (!ValidYear(year)) return false;
  } else if (auto yy = Get(g, "yy")) {  // "April of 87": a two-digit year, 1930-2029
    year = std::atoi(std::string(*yy).c_str());
    year += year >= 30 ? 1900 : 2000;
  }
  if (auto y2 = Get(g, "year2")) {  // "2021-2025", "from 2021 to 2025"
    std::string t(*y2);
    int year2 = std::atoi(t.c_str());
    if (t.size() == 2) year2 = year / 100 * 100 + year2;  // "2021-25"
    if (!ValidYear(year2) || year2 <= year) return false;
    m->iso = Pad(year, 4) + "/" + Pad(year2, 4);
    return true;
  }
  if (auto decade = Get(g, "decade")) {  // "the 1990s"
    const int d = std::atoi(std::string(*decade).c_str());
    if (!ValidYear(d) || d % 10 != 0) return false;
    m->iso = Pad(d, 4) + "/" + Pad(d + 9, 4);
    return true;
  }
  if (auto relday = Get(g, "relday")) {  // "today", "yesterday", "tomorrow"
    if (!pub || pub->day == 0) {
      m->unresolved = true;
      m->iso.clear();
      return true;
    }
    const std::string r = AsciiLower(*relday);
    const int delta = r == "yesterday" ? -1 : (r == "tomorrow" ? 1 : 0);
    CivilDate d = CivilFromDays(DaysFromCivil(pub->year, pub->month, pub->day) + delta);
    m->iso = Pad(d.year, 4) + "-" + Pad(d.month, 2) + "-" + Pad(d.day, 2);
    return true;
  }
  if (auto rel = Get(g, "rel"); rel && Get(g, "month")) {  // "this September", "last May"
    const std::string r = AsciiLower(*rel);
    const int month = MonthNumber(*Get(g, "month"));
    if (month == 0) return false;
    if (!pub || pub->year == 0) {
      m->unresolved = true;
      m->iso.clear();
      return true;
    }
    const int delta = r == "last" || r == "previous" ? -1 : (r == "next" || r == "coming" ? 1 : 0);
    m->iso = Pad(pub->year + delta, 4) + "-" + Pad(month, 2);
    return true;
  }
  if (Get(g, "pyear")) return false;  // "the end of the year 2016" is 2016's (date.year)
  if (auto rel = Get(g, "rel"); rel && !Get(g, "weekday")) {
    std::string r = AsciiLower(*rel);
    int delta = 0;
    // "last year" is the calendar year before; "the past year" the twelve months up to publication.
    if (r == "last" || r == "previous") delta = -1;
    else if (r == "next" || r == "coming" || r == "the coming" || r == "the next") delta = 1;
    std::string unit = Get(g, "relunit") ? AsciiLower(*Get(g, "relunit")) : "year";
    if (!pub || pub->year == 0) {
      m->unresolved = true;
      m->iso.clear();
      return true;
    }
    if (unit == "month") {
      if (pub->month == 0) {
        m->unresolved = true;
        m->iso.clear();
        return true;
      }
      int months = pub->year * 12 + (pub->month - 1) + delta;
      m->iso = Pad(months / 12, 4) + "-" + Pad(months % 12 + 1, 2);
    } else {
      m->iso = Pad(pub->year + delta, 4);
    }
    return true;
  }
  if (auto offn = Get(g, "offn")) {  // "two years ago", "three weeks from tomorrow"
    const std::string n_text = AsciiLower(Trim(*offn));
    std::optional<double> n = ParseCount(n_text);
    if (!n || *n != std::floor(*n) || *n > 1000) return false;
    if (!pub || pub->day == 0) {
      m->unresolved = true;
      m->iso.clear();
      return true;
    }
    std::string dir = "later";  // "in a fortnight"
    if (auto d = Get(g, "offdir")) dir = AsciiLower(*d);
    if (auto d = Get(g, "adir")) dir = AsciiLower(*d);
    const std::string unit = AsciiLower(*Get(g, "offunit"));
    const int sign = dir == "ago" || dir == "earlier" || dir.rfind("before", 0) == 0 ? -1 : 1;
    int base = DaysFromCivil(pub->year, pub->month, pub->day);
    if (dir.find("tomorrow") != std::string::npos || dir.find("tmrw") != std::string::npos) base += 1;
    if (dir.find("yesterday") != std::string::npos) base -= 1;
    if (Get(g, "adir")) {
      std::optional<int> anchor = AnchorDay(g, *pub);
      if (!anchor) return false;
      base = *anchor;
    }
    const int count = static_cast<int>(*n) * sign;
    CivilDate d = CivilFromDays(base);
    if (unit.rfind("day", 0) == 0) {
      d = CivilFromDays(base + count);
    } else if (unit.rfind("fortnight", 0) == 0) {
      d = CivilFromDays(base + 14 * count);
    } else if (unit.rfind("week", 0) == 0) {
      d = CivilFromDays(base + 7 * count);
    } else {
      const int months = d.year * 12 + (d.month - 1) + (unit.rfind("month", 0) == 0 ? count : 12 * count);
      d.year = months / 12;
      d.month = months % 12 + 1;
      static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
      d.day = std::min(d.day, kDays[d.month - 1] + (d.month == 2 && leap ? 1 : 0));
    }
    m->iso = Pad(d.year, 4) + "-" + Pad(d.month, 2) + "-" + Pad(d.day, 2);
    return true;
  }
  if (auto wd = Get(g, "weekday")) {
    int want = WeekdayNumber(*wd);
    if (want < 0) return false;
    if (!pub || pub->day == 0) {
      m->unresolved = true;
      m->iso.clear();
      return true;
    }
    int days = DaysFromCivil(pub->year, pub->month, pub->day);
    int today = ((days % 7) + 11) % 7;  // 1970-01-01 was a Thursday (4)
    int back = (today - want + 7) % 7;  // news speaks of the latest such day, on or before publication
    if (auto rel = Get(g, "rel")) {
      // As Recognizers-Text: "next"/"previous" name the day in the next/previous Monday-based week,
      // "coming"/"upcoming" the first one after publication, "past" the last one before it.
      std::string r = AsciiLower(*rel);
      const int monday = days - (today + 6) % 7;
      const int offset = (want + 6) % 7;  // Monday 0 ... Sunday 6
      int target;
      if (r == "next" || r == "following") target = monday + 7 + offset;
      else if (r == "previous") target = monday - 7 + offset;
      else if (r.find("past") != std::string::npos) target = days - (back == 0 ? 7 : back);
      else target = days + ((want - today + 7) % 7 == 0 ? 7 : (want - today + 7) % 7);
      CivilDate d = CivilFromDays(target);
      m->iso = Pad(d.year, 4) + "-" + Pad(d.month, 2) + "-" + Pad(d.day, 2);
      return true;
    }
    CivilDate d = CivilFromDays(days - back);
    m->iso = Pad(d.year, 4) + "-" + Pad(d.month, 2) + "-" + Pad(d.day, 2);
    return true;
  }
  if (auto century = Get(g, "century")) {  // "the 21st century": 2000-2099
    const int c = std::atoi(std::string(*century).c_str());
    if (c < 1 || c > 21) return false;
    m->iso = Pad((c - 1) * 100, 4) + "/" + Pad((c - 1) * 100 + 99, 4);
    return true;
  }
  // Numeric forms put their fields in alternative groups ("12/31/2015", "12-2015").
  std::optional<std::string_view> month_text = Get(g, "month");
  std::optional<std::string_view> day_text = Get(g, "day");
  for (const char* prefix : {"mdy_", "my_", "c_"}) {
    const std::string ys = std::string(prefix) + "year", ms = std::string(prefix) + "month",
                      ds = std::string(prefix) + "day";
    if (auto mo = Get(g, ms.c_str())) {
      month_text = mo;
      if (auto d = Get(g, ds.c_str())) day_text = d;
      if (auto y = Get(g, ys.c_str())) {
        year = std::atoi(std::string(*y).c_str());
        if (!ValidYear(year)) return false;
      }
    }
  }
  int month = 0;
  if (auto mo = month_text) {
    month = MonthNumber(*mo);
    if (month == 0) return false;
  }
  int day = 0;
  if (auto d = day_text) {
    day = std::atoi(std::string(*d).c_str());
    if (day < 1 || day > 31) return false;
  } else if (auto dw = Get(g, "dayw")) {  // "fourth" -> 4, "twenty-first" -> 21
    day = static_cast<int>(DenominatorValue(*dw).value_or(0));
    if (day < 1 || day > 31) return false;
  }
  std::optional<std::string_view> half = Get(g, "half");
  if (!half) half = Get(g, "h1");
  if (half) {
    if (year == 0) return false;
    std::string h = AsciiLower(*half);
    bool first = h == "first" || h == "1st" || h == "h1";
    m->iso = first ? Pad(year, 4) + "-01/" + Pad(year, 4) + "-06" : Pad(year, 4) + "-07/" + Pad(year, 4) + "-12";
    return true;
  }
  if (auto quarter = Get(g, "quarter")) {
    int n = OrdinalNumber(*quarter);
    if (n == 0) {
      std::string qq = AsciiLower(*quarter);
      if (qq.size() == 2 && qq[0] == 'q') n = qq[1] - '0';
    }
    if (year == 0 || n < 1 || n > 4) return false;
    m->iso = Pad(year, 4) + "-" + Pad(3 * n - 2, 2) + "/" + Pad(year, 4) + "-" + Pad(3 * n, 2);
    return true;
  }
  if (year == 0 && month != 0) {  // "April 5": the year of publication
    if (day == 0) return false;
    if (!pub || pub->year == 0) {
      m->unresolved = true;
      m->iso.clear();
      return true;
    }
    year = pub->year;
  }
  if (year == 0) return false;
  m->iso = Pad(year, 4);
  if (month) m->iso += "-" + Pad(month, 2);
  if (month && day) m->iso += "-" + Pad(day, 2);
  return true;
}

// A rule's `shortcut`: its small RE2 and, per shortcut group, the rule pattern's group of that name.
struct Shortcut {
  std::unique_ptr<RE2> re;
  std::vector<std::pair<int, int>> groups;  // (shortcut capture index, pattern capture index)
  int ngroups = 0;
};

// The groups of a rule's match, read once per distinct span. On these large patterns RE2 reads
// groups with its NFA (a few thousand cycles even for "2019"), the costliest step of a match, and
// texts repeat their figures ("2019", "20 percent"), within an article and across a run. RE2 sees
// of a span only its bytes and the byte either side (the context of \b, ^ and $), so an equal key
// gives equal groups, whichever text it came from.
class GroupsCache {
 public:
  // Fills `*subs` (whole match, then each group) with the groups of `re` matching exactly
  // text[start, end); false when it does not. A span that `shortcut` (may be null) matches whole
  // takes its groups from it.
  bool Read(const RE2& re, const Shortcut* shortcut, size_t rule, std::string_view text, size_t start, size_t end,
            std::vector<re2::StringPiece>* subs) {
    Key key{rule, start > 0 ? static_cast<unsigned char>(text[start - 1]) : -1,
            end < text.size() ? static_cast<unsigned char>(text[end]) : -1, text.substr(start, end - start)};
    const size_t n = subs->size();
    const char* base = text.data() + start;
    if (auto it = index_.find(key); it != index_.end()) {
      if (it->second == kNoMatch) return false;
      const int* o = &offsets_[it->second];
      for (size_t i = 0; i < n; ++i) {
        (*subs)[i] = o[2 * i] < 0 ? re2::StringPiece() : re2::StringPiece(base + o[2 * i], o[2 * i + 1]);
      }
      return true;
    }
    if (index_.size() >= kMaxSpans) Clear();
    key.span = Keep(key.span);
    if (!ReadShortcut(shortcut, text, start, end, subs) &&
        !re.Match(text, start, end, RE2::ANCHOR_BOTH, subs->data(), static_cast<int>(n))) {
      index_.emplace(key, kNoMatch);
      return false;
    }
    index_.emplace(key, offsets_.size());
    for (const re2::StringPiece& g : *subs) {
      offsets_.push_back(g.data() == nullptr ? -1 : static_cast<int>(g.data() - base));
      offsets_.push_back(static_cast<int>(g.size()));
    }
    return true;
  }

  void Clear() {
    index_.clear();
    offsets_.clear();
    kept_.clear();
  }

 private:
  static constexpr size_t kNoMatch = static_cast<size_t>(-1);
  // Bounds the memory of a long run (a few MB); past it the cache starts over.
  static constexpr size_t kMaxSpans = 1 << 15;
  struct Key {
    size_t rule;
    int before, after;  // the bytes either side of the span, -1 at the text's ends
    std::string_view span;  // into kept_ once stored
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      const size_t context = (k.rule << 18) ^ (static_cast<size_t>(k.before + 1) << 9) ^ static_cast<size_t>(k.after + 1);
      return std::hash<std::string_view>()(k.span) ^ (context * 0x9e3779b97f4a7c15ULL);
    }
  };

  static bool ReadShortcut(const Shortcut* shortcut, std::string_view text, size_t start, size_t end,
                           std::vector<re2::StringPiece>* subs) {
    if (shortcut == nullptr) return false;
    thread_local std::vector<re2::StringPiece> found;
    found.assign(shortcut->ngroups + 1, re2::StringPiece());
    if (!shortcut->re->Match(text, start, end, RE2::ANCHOR_BOTH, found.data(), shortcut->ngroups + 1)) return false;
    std::fill(subs->begin(), subs->end(), re2::StringPiece());
    (*subs)[0] = found[0];
    for (const auto& [from, to] : shortcut->groups) (*subs)[to] = found[from];
    return true;
  }

  // A copy of `span` that lives as long as the cache (a deque never moves its strings).
  std::string_view Keep(std::string_view span) { return kept_.emplace_back(span); }

  std::unordered_map<Key, size_t, KeyHash> index_;  // -> the key's first entry in offsets_, or kNoMatch
  std::vector<int> offsets_;  // per group: start relative to the span (-1: unset), then length
  std::deque<std::string> kept_;  // the keys' span bytes
};

struct Candidate {
  size_t start, end;
  int priority;
  size_t rule_index;
  Mention mention;
};

}  // namespace

std::optional<CivilDate> ParseIsoDate(std::string_view iso) {
  CivilDate d;
  auto digits = [&](size_t pos, size_t n, int* out) {
    if (iso.size() < pos + n) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(iso[i]))) return false;
      v = v * 10 + (iso[i] - '0');
    }
    *out = v;
    return true;
  };
  if (!digits(0, 4, &d.year)) return std::nullopt;
  if (iso.size() >= 7 && iso[4] == '-') {
    if (!digits(5, 2, &d.month) || d.month < 1 || d.month > 12) return std::nullopt;
    if (iso.size() >= 10 && iso[7] == '-') {
      if (!digits(8, 2, &d.day) || d.day < 1 || d.day > 31) return std::nullopt;
    }
  }
  return d;
}

Result<std::pair<std::vector<Rule>, Lexicon>> LoadRuleFiles(const std::vector<std::string>& dirs) {
  std::map<std::string, std::string> defs;
  Lexicon lexicon;
  std::vector<RawRule> raw;
  for (const std::string& dir : dirs) {
    Status st;
    std::vector<std::string> files = YamlFilesIn(dir, &st);
    if (!st.ok()) return st;
    for (const std::string& file : files) {
      Status s = ReadRuleFile(file, &defs, &lexicon, &raw);
      if (!s.ok()) return s;
    }
  }
  // Later rules with the same id replace earlier ones, keeping the earlier position.
  std::vector<Rule> rules;
  std::unordered_map<std::string, size_t> index;
  for (RawRule& r : raw) {
    Result<std::string> pattern = Expand(r.raw_pattern, defs, 0);
    if (!pattern.ok()) return Status::InvalidInput(r.rule.file + ": rule " + r.rule.id + ": " + pattern.status().message());
    r.rule.pattern = std::move(*pattern);
    if (!r.raw_trigger.empty()) {
      Result<std::string> trigger = Expand(r.raw_trigger, defs, 0);
      if (!trigger.ok()) return Status::InvalidInput(r.rule.file + ": rule " + r.rule.id + ": trigger: " + trigger.status().message());
      r.rule.trigger = std::move(*trigger);
    }
    if (!r.raw_suffix.empty()) {
      Result<std::string> suffix = Expand(r.raw_suffix, defs, 0);
      if (!suffix.ok()) return Status::InvalidInput(r.rule.file + ": rule " + r.rule.id + ": suffix: " + suffix.status().message());
      r.rule.suffix = std::move(*suffix);
    }
    if (!r.raw_shortcut.empty()) {
      Result<std::string> shortcut = Expand(r.raw_shortcut, defs, 0);
      if (!shortcut.ok()) return Status::InvalidInput(r.rule.file + ": rule " + r.rule.id + ": shortcut: " + shortcut.status().message());
      r.rule.shortcut = std::move(*shortcut);
    }
    auto it = index.find(r.rule.id);
    if (it != index.end()) {
      rules[it->second] = std::move(r.rule);
    } else {
      index[r.rule.id] = rules.size();
      rules.push_back(std::move(r.rule));
    }
  }
  return std::make_pair(std::move(rules), std::move(lexicon));
}

struct RuleSet::Impl {
  struct Compiled {
    std::unique_ptr<RE2> re;
    std::vector<std::pair<std::string, int>> groups;  // name -> capture index
    int ngroups = 0;
    std::unique_ptr<RE2> suffix;  // Rule::suffix, or null
    std::vector<std::pair<std::string, int>> suffix_groups;
    int suffix_ngroups = 0;
    std::unique_ptr<Shortcut> shortcut;  // Rule::shortcut, or null
  };
  std::vector<Rule> rules;
  std::unordered_map<std::string, size_t> by_id;
  Lexicon lexicon;
  std::vector<Compiled> compiled;
  // One RE2::Set of the distinct triggers (a rule without one contributes its pattern).
  std::unique_ptr<RE2::Set> set;
  std::vector<std::vector<int>> set_rules;  // set pattern index -> the rules it triggers

  // Tells this rule set's thread caches from those of rule sets before it (never reused).
  uint64_t id = 0;

  // The calling thread's GroupsCache, emptied when the thread last served another rule set. One per
  // thread, freed with the thread: no lock, and nothing piles up as threads come and go.
  GroupsCache& ThreadCache() const {
    struct Slot {
      uint64_t owner = 0;
      GroupsCache cache;
    };
    thread_local Slot slot;
    if (slot.owner != id) {
      slot.cache.Clear();
      slot.owner = id;
    }
    return slot.cache;
  }
};

RuleSet::RuleSet() : impl_(std::make_unique<Impl>()) {}
RuleSet::~RuleSet() = default;

const std::vector<Rule>& RuleSet::rules() const { return impl_->rules; }
const Lexicon& RuleSet::lexicon() const { return impl_->lexicon; }

void RuleSet::ClearThreadCache() const { impl_->ThreadCache().Clear(); }

const Rule* RuleSet::FindRule(std::string_view id) const {
  auto it = impl_->by_id.find(std::string(id));
  return it == impl_->by_id.end() ? nullptr : &impl_->rules[it->second];
}

namespace {

// How every rule's regexes are compiled, by the rule set and by ShortcutCheck alike: errors are
// returned, not logged; room for the large DFAs; case-insensitive unless the rule says otherwise.
RE2::Options RuleRegexOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}
std::string CaseFlags(const Rule& rule) { return rule.case_sensitive ? "" : "(?i)"; }

// A pattern's named groups as (name, capture index); "num__2" is a second group named "num" (RE2
// wants distinct names).
std::vector<std::pair<std::string, int>> GroupNames(const RE2& re) {
  std::vector<std::pair<std::string, int>> groups;
  for (const auto& [name, idx] : re.NamedCapturingGroups()) {
    const size_t alias = name.find("__");
    groups.emplace_back(alias == std::string::npos ? name : name.substr(0, alias), idx);
  }
  return groups;
}

}  // namespace

Result<std::unique_ptr<RuleSet>> RuleSet::Compile(std::vector<Rule> rules, Lexicon lexicon) {
  std::unique_ptr<RuleSet> set(new RuleSet());
  Impl& impl = *set->impl_;
  static std::atomic<uint64_t> last_id{0};
  impl.id = ++last_id;
  const RE2::Options options = RuleRegexOptions();
  impl.set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  std::unordered_map<std::string, int> set_index;  // equal triggers share one set pattern
  for (const Rule& rule : rules) {
    const std::string flags = CaseFlags(rule);
    const std::string full = flags + rule.pattern;
    Impl::Compiled c;
    c.re = std::make_unique<RE2>(full, options);
    if (!c.re->ok()) {
      return Status::InvalidInput(rule.file + ": rule " + rule.id + ": bad pattern: " + c.re->error());
    }
    c.groups = GroupNames(*c.re);
    c.ngroups = c.re->NumberOfCapturingGroups();
    if (rule.type == RuleType::kUnit && rule.unit.empty() &&
        std::none_of(c.groups.begin(), c.groups.end(), [](const auto& g) { return g.first == "cur"; })) {
      return Status::InvalidInput(rule.file + ": rule " + rule.id +
                                  ": a rule of type unit needs `unit:` or a `cur` group (a word of the lexicon's units)");
    }
    if (!rule.suffix.empty()) {
      c.suffix = std::make_unique<RE2>(flags + rule.suffix, options);
      if (!c.suffix->ok()) {
        return Status::InvalidInput(rule.file + ": rule " + rule.id + ": bad suffix: " + c.suffix->error());
      }
      c.suffix_groups = GroupNames(*c.suffix);
      c.suffix_ngroups = c.suffix->NumberOfCapturingGroups();
    }
    if (!rule.shortcut.empty()) {
      auto shortcut = std::make_unique<Shortcut>();
      shortcut->re = std::make_unique<RE2>(flags + rule.shortcut, options);
      if (!shortcut->re->ok()) {
        return Status::InvalidInput(rule.file + ": rule " + rule.id + ": bad shortcut: " + shortcut->re->error());
      }
      shortcut->ngroups = shortcut->re->NumberOfCapturingGroups();
      const std::map<std::string, int>& pattern_groups = c.re->NamedCapturingGroups();
      for (const auto& [name, idx] : shortcut->re->NamedCapturingGroups()) {
        auto it = pattern_groups.find(name);
        if (it == pattern_groups.end()) {
          return Status::InvalidInput(rule.file + ": rule " + rule.id + ": shortcut group '" + name +
                                      "' is not a group of the pattern");
        }
        shortcut->groups.emplace_back(idx, it->second);
      }
      if (static_cast<int>(shortcut->groups.size()) != shortcut->ngroups) {
        return Status::InvalidInput(rule.file + ": rule " + rule.id +
                                    ": shortcut groups must be named (use (?:...) for the others)");
      }
      c.shortcut = std::move(shortcut);
    }
    const std::string prefilter = rule.trigger.empty() ? full : flags + rule.trigger;
    auto [it, fresh] = set_index.emplace(prefilter, 0);
    if (fresh) {
      std::string error;
      it->second = impl.set->Add(prefilter, &error);
      if (it->second < 0) {
        return Status::InvalidInput(rule.file + ": rule " + rule.id + ": bad " +
                                    (rule.trigger.empty() ? "pattern: " : "trigger: ") + error);
      }
      impl.set_rules.emplace_back();
    }
    impl.set_rules[it->second].push_back(static_cast<int>(impl.compiled.size()));
    impl.compiled.push_back(std::move(c));
  }
  if (!impl.set->Compile()) return Status::InvalidInput("the rules are too large to compile into one RE2::Set");
  impl.rules = std::move(rules);
  for (size_t i = 0; i < impl.rules.size(); ++i) impl.by_id[impl.rules[i].id] = i;
  impl.lexicon = std::move(lexicon);
  return set;
}

Result<std::unique_ptr<RuleSet>> RuleSet::Load(const std::vector<std::string>& dirs) {
  auto loaded = LoadRuleFiles(dirs);
  if (!loaded.ok()) return loaded.status();
  return Compile(std::move(loaded->first), std::move(loaded->second));
}

namespace {

// The byte positions of a text that some spans cover: marking and asking cost the span's length, so
// choosing among thousands of overlapping candidates stays linear.
class Coverage {
 public:
  explicit Coverage(size_t text_size) : covered_(text_size + 1, false) {}
  void Mark(size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) covered_[i] = true;
  }
  bool Covers(size_t pos) const { return covered_[pos]; }
  bool Any(size_t from, size_t to) const {
    for (size_t i = from; i < to; ++i) {
      if (covered_[i]) return true;
    }
    return false;
  }

 private:
  std::vector<bool> covered_;
};

}  // namespace

std::vector<Mention> RuleSet::Find(std::string_view text, std::string_view published) const {
  const Impl& impl = *impl_;
  if (text.empty()) return {};
  std::optional<CivilDate> pub;
  if (!published.empty()) pub = ParseIsoDate(published);

  std::vector<Candidate> candidates;
  std::vector<re2::StringPiece> subs;
  std::vector<re2::StringPiece> suffix_subs;
  Groups groups;
  GroupsCache& groups_cache = impl.ThreadCache();
  std::vector<int> set_hits;
  // Paragraph by paragraph (no match may span a blank line): the RE2::Set pass over a paragraph
  // says which rules can match in it, and only those scan it, so a rule costs nothing where its
  // trigger is absent. The whole text stays the context of \b and ^.
  std::vector<std::pair<size_t, size_t>> paragraphs;
  std::vector<std::vector<uint32_t>> rule_paragraphs(impl.rules.size());
  for (size_t para_start = 0; para_start < text.size();) {
    size_t para_end = text.size();
    for (size_t nl = text.find('\n', para_start); nl != std::string_view::npos; nl = text.find('\n', nl + 1)) {
      size_t k = nl + 1;
      while (k < text.size() && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r')) ++k;
      if (k < text.size() && text[k] == '\n') {
        para_end = k + 1;
        break;
      }
    }
    const size_t para_from = para_start;
    para_start = para_end;
    if (!impl.set->Match(text.substr(para_from, para_end - para_from), &set_hits)) continue;
    const uint32_t para = static_cast<uint32_t>(paragraphs.size());
    paragraphs.emplace_back(para_from, para_end);
    for (int h : set_hits) {
      for (int rule : impl.set_rules[h]) rule_paragraphs[rule].push_back(para);
    }
  }
  // Then rule by rule, each over all of its paragraphs in a row, so that its DFA states stay warm in
  // the CPU caches (the scans are bound by cache misses on them). The candidates' order below is
  // total, so the order they are found in does not matter.
  for (int index = 0; index < static_cast<int>(impl.rules.size()); ++index) {
    if (rule_paragraphs[index].empty()) continue;
    const Rule& rule = impl.rules[index];
    const Impl::Compiled& c = impl.compiled[index];
    subs.assign(c.ngroups + 1, re2::StringPiece());
    suffix_subs.assign(c.suffix_ngroups + 1, re2::StringPiece());
    bool suffixed = false;  // subs[0] covers the match and its suffix; suffix_subs hold its groups
    // Tries the rule's suffix where the pattern's match in `subs` ends (not past `limit`) and
    // extends the match over it.
    auto extend = [&](size_t limit) {
      suffixed = false;
      if (c.suffix == nullptr) return;
      const size_t end = subs[0].data() - text.data() + subs[0].size();
      if (end <= limit && c.suffix->Match(text, end, limit, RE2::ANCHOR_START, suffix_subs.data(), c.suffix_ngroups + 1) &&
          !suffix_subs[0].empty()) {
        subs[0] = re2::StringPiece(subs[0].data(), subs[0].size() + suffix_subs[0].size());
        suffixed = true;
      }
    };
    // Normalises the current match in `subs`; false when the rule's normaliser rejects it.
    auto add_groups = [&](const std::vector<std::pair<std::string, int>>& names,
                          const std::vector<re2::StringPiece>& found) {
      for (const auto& [name, idx] : names) {
        if (found[idx].data() != nullptr && !found[idx].empty()) {
          groups.emplace_back(name, std::string_view(found[idx].data(), found[idx].size()));
        }
      }
    };
    auto normalize = [&](Mention* m) {
      groups.clear();
      add_groups(c.groups, subs);
      if (suffixed) add_groups(c.suffix_groups, suffix_subs);
      m->start = subs[0].data() - text.data();
      m->end = m->start + subs[0].size();
      m->rule = rule.id;
      if (rule.type == RuleType::kQuantity) {
        m->type = Mention::Type::kQuantity;
        return NormalizeQuantity(rule, impl.lexicon, groups, &m->quantity);
      }
      if (rule.type == RuleType::kDate) {
        m->type = Mention::Type::kDate;
        return NormalizeDate(groups, pub, m);
      }
      if (rule.type == RuleType::kUnit) {
        m->type = Mention::Type::kUnit;
        return NormalizeUnit(rule, impl.lexicon, groups, &m->quantity.unit);
      }
      return true;
    };
    // The match RE2 prefers among those starting at `start` and ending by `limit`, with its groups:
    // the DFA finds its end, the span memory its groups (RE2 prefers the same parse of that span).
    auto match_from = [&](size_t start, size_t limit) {
      if (!c.re->Match(text, start, limit, RE2::ANCHOR_START, subs.data(), 1)) return false;
      return c.ngroups == 0 ||
             groups_cache.Read(*c.re, c.shortcut.get(), static_cast<size_t>(index), text, start, start + subs[0].size(),
                               &subs);
    };
    for (uint32_t para : rule_paragraphs[index]) {
      const auto [para_from, para_end] = paragraphs[para];
      size_t pos = para_from;
      while (pos <= para_end) {
        // The DFAs find the span fast (forward for its end, backward for its start); only then are
        // the groups read, on that span alone (RE2's NFA: these patterns are too large for its
        // faster engines), and once per distinct span: texts repeat their figures.
        if (!c.re->Match(text, pos, para_end, RE2::UNANCHORED, subs.data(), 1)) break;
        const size_t span_start = subs[0].data() - text.data();
        const size_t span_end = span_start + subs[0].size();
        if (c.ngroups > 0 &&
            !groups_cache.Read(*c.re, c.shortcut.get(), static_cast<size_t>(index), text, span_start, span_end, &subs)) {
          pos = span_start + 1;
          continue;
        }
        const size_t start = subs[0].data() - text.data();
        if (subs[0].empty()) {
          pos = start + 1;
          continue;
        }
        extend(para_end);
        // A figure never ends inside a longer one: "180" of "180.25ml" is no number. (Checked on
        // the whole text: a retry below may end its match early.)
        auto ends_inside_figure = [&](const Mention& m) {
          if (m.type != Mention::Type::kQuantity || m.end >= text.size() || m.end == 0) return false;
          auto digit = [&](size_t i) { return std::isdigit(static_cast<unsigned char>(text[i])) != 0; };
          if (!digit(m.end - 1)) return false;
          return digit(m.end) || (text[m.end] == '.' && m.end + 1 < text.size() && digit(m.end + 1));
        };
        Mention m;
        bool ok = normalize(&m);
        // "3 hundred and 2.12 hundred": the match ends inside "2.12"; a shorter match from the same
        // start may stand ("3 hundred"). Rare, so a few anchored retries cost nothing.
        for (int retry = 0; ok && ends_inside_figure(m) && retry < 8; ++retry) {
          const size_t limit = m.end - 1;
          ok = limit > start && match_from(start, limit) && !subs[0].empty();
          if (ok) {
            extend(limit);
            ok = normalize(&m);
          }
        }
        if (ok && ends_inside_figure(m)) ok = false;
        // A rejected match may still hold a shorter valid one: "20 years" is no count but 20 is a
        // number (cut before the noun); "£20bn and £20 billion" is no range but "£20bn" is money
        // (cut before the range's second number).
        for (const char* part : {"noun", "num2", "oreq", "minor"}) {
          if (ok) break;
          std::optional<std::string_view> tail = Get(groups, part);
          if (!tail) continue;
          size_t cut = start;
          for (const char* name : {"num", "scale", "num2", "scale2", "cur", "cur2"}) {
            std::optional<std::string_view> g = Get(groups, name);
            if (g && g->data() < tail->data()) cut = std::max<size_t>(cut, g->data() + g->size() - text.data());
          }
          if (cut > start && match_from(start, cut)) {
            extend(cut);
            ok = normalize(&m) && !ends_inside_figure(m);
          }
        }
        // Paragraphs are separate texts: a match across a blank line is none ("20\n\nCompanies").
        if (ok) {
          std::string_view span = text.substr(m.start, m.end - m.start);
          for (size_t nl = span.find('\n'); ok && nl != std::string_view::npos; nl = span.find('\n', nl + 1)) {
            size_t k = nl + 1;
            while (k < span.size() && (span[k] == ' ' || span[k] == '\t' || span[k] == '\r')) ++k;
            if (k < span.size() && span[k] == '\n') ok = false;
          }
        }
        if (ok) {
          const size_t end = m.end;
          candidates.push_back({m.start, m.end, rule.priority, static_cast<size_t>(index), std::move(m)});
          pos = end;
        } else {
          pos = start + 1;  // a later, shorter match of this rule may still be valid
        }
      }
    }
  }
  // In order of preference (pointers: a candidate carries its whole mention, too heavy to move).
  std::vector<Candidate*> ranked;
  ranked.reserve(candidates.size());
  for (Candidate& cand : candidates) ranked.push_back(&cand);
  std::sort(ranked.begin(), ranked.end(), [](const Candidate* a, const Candidate* b) {
    if (a->end - a->start != b->end - b->start) return a->end - a->start > b->end - b->start;
    if (a->priority != b->priority) return a->priority > b->priority;
    if (a->start != b->start) return a->start < b->start;
    return a->rule_index < b->rule_index;
  });
  // A quantity or date starting inside an ignored span ("Gemini [2.5 ...]", "COVID-[19 cases]") is
  // dropped; one starting at or before it competes by length ("Over 2.5 million" beats "Over 2.5").
  // Protected rules (money: "$ 280 million") shield their spans the same way from quantities
  // that start inside them ("280 million first preferred ship mortgage notes").
  // A protected span shields only when it is itself kept: of "10 rmb" and "rmb 20" in "10 rmb 20
  // usd" one is chosen, and "20 usd" must not die inside the other. So protected candidates are
  // chosen among themselves first (ignore spans still veto them).
  // Positions strictly inside an ignore span (s < pos < e), then also inside a kept protected span.
  Coverage vetoed(text.size());
  for (const Candidate* cand : ranked) {
    if (impl.rules[cand->rule_index].type == RuleType::kIgnore) vetoed.Mark(cand->start + 1, cand->end);
  }
  {
    Coverage kept(text.size());
    std::vector<const Candidate*> shields;
    for (const Candidate* cand : ranked) {
      if (!impl.rules[cand->rule_index].protect) continue;
      if (vetoed.Covers(cand->start) || kept.Any(cand->start, cand->end)) continue;
      kept.Mark(cand->start, cand->end);
      shields.push_back(cand);
    }
    for (const Candidate* k : shields) vetoed.Mark(k->start + 1, k->end);
  }
  Coverage taken(text.size());
  std::vector<Candidate*> chosen;
  for (Candidate* cand : ranked) {
    if (impl.rules[cand->rule_index].type != RuleType::kIgnore && vetoed.Covers(cand->start)) continue;
    if (taken.Any(cand->start, cand->end)) continue;
    taken.Mark(cand->start, cand->end);
    chosen.push_back(cand);
  }
  std::sort(chosen.begin(), chosen.end(), [](const Candidate* a, const Candidate* b) { return a->start < b->start; });
  std::vector<Mention> out;
  out.reserve(chosen.size());
  for (Candidate* cand : chosen) {
    if (impl.rules[cand->rule_index].type == RuleType::kIgnore) continue;
    Mention m = std::move(cand->mention);  // each candidate is chosen once
    m.text = std::string(text.substr(m.start, m.end - m.start));
    out.push_back(std::move(m));
  }
  return out;
}

namespace {

std::string Describe(const Mention& m) {
  std::ostringstream out;
  out << "'" << m.text << "' (" << m.rule;
  if (m.type == Mention::Type::kQuantity) {
    out << ": value " << m.quantity.value;
    if (m.quantity.value_max) out << "-" << *m.quantity.value_max;
    out << ", unit '" << m.quantity.unit << "', " << QualifierName(m.quantity.qualifier);
  } else if (m.type == Mention::Type::kDate) {
    out << ": iso '" << m.iso << "'" << (m.is_target_year ? ", target" : "") << (m.unresolved ? ", unresolved" : "");
  } else if (m.type == Mention::Type::kUnit) {
    out << ": unit '" << m.quantity.unit << "' without a figure";
  }
  out << ")";
  return out.str();
}

bool Close(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

}  // namespace

ShortcutCheck::ShortcutCheck(const Rule& rule) {
  pattern_ = std::make_unique<RE2>(CaseFlags(rule) + rule.pattern, RuleRegexOptions());
  shortcut_ = std::make_unique<RE2>(CaseFlags(rule) + rule.shortcut, RuleRegexOptions());
}

ShortcutCheck::~ShortcutCheck() = default;

std::string ShortcutCheck::Check(std::string_view text) {
  if (!pattern_->ok() || !shortcut_->ok()) return "the pattern or the shortcut does not compile";
  std::vector<re2::StringPiece> p(pattern_->NumberOfCapturingGroups() + 1);
  std::vector<re2::StringPiece> sc(shortcut_->NumberOfCapturingGroups() + 1);
  auto str = [](const re2::StringPiece& g) { return g.data() == nullptr ? std::string() : std::string(g.data(), g.size()); };
  for (size_t pos = 0; pos <= text.size();) {
    if (!pattern_->Match(text, pos, text.size(), RE2::UNANCHORED, p.data(), 1)) break;
    const size_t start = p[0].data() - text.data(), end = start + p[0].size();
    pos = end > start ? end : start + 1;
    if (!shortcut_->Match(text, start, end, RE2::ANCHOR_BOTH, sc.data(), static_cast<int>(sc.size())) ||
        !pattern_->Match(text, start, end, RE2::ANCHOR_BOTH, p.data(), static_cast<int>(p.size()))) {
      continue;
    }
    ++spans_checked_;
    for (const auto& [name, idx] : pattern_->NamedCapturingGroups()) {
      auto it = shortcut_->NamedCapturingGroups().find(name);
      const std::string want = str(p[idx]);
      const std::string got = it == shortcut_->NamedCapturingGroups().end() ? std::string() : str(sc[it->second]);
      if (got != want) {
        return "shortcut reads group " + name + " of '" + std::string(text.substr(start, end - start)) + "' as '" +
               got + "', the pattern as '" + want + "'";
      }
    }
  }
  return "";
}

std::vector<RuleTestResult> TestRuleExamples(const RuleSet& rules) {
  std::vector<RuleTestResult> results;
  for (const Rule& rule : rules.rules()) {
    RuleTestResult res;
    res.rule_id = rule.id;
    res.file = rule.file;
    std::optional<ShortcutCheck> shortcut_check;
    if (!rule.shortcut.empty()) shortcut_check.emplace(rule);
    for (const RuleExample& ex : rule.examples) {
      if (shortcut_check) {
        if (std::string why = shortcut_check->Check(ex.text); !why.empty()) {
          ++res.failed;
          res.failures.push_back("'" + ex.text + "': " + why);
          continue;
        }
      }
      std::vector<Mention> found = rules.Find(ex.text, ex.published.value_or(""));
      std::string all;
      for (const Mention& m : found) all += (all.empty() ? "" : ", ") + Describe(m);
      if (all.empty()) all = "nothing";
      std::string why;
      const Mention::Type want_type = rule.type == RuleType::kDate ? Mention::Type::kDate : Mention::Type::kQuantity;
      if (ex.expect_none) {
        // An ignore rule promises no quantity at all; another rule, that it produces nothing here.
        for (const Mention& m : found) {
          if (rule.type == RuleType::kIgnore ? m.type == want_type : m.rule == rule.id) why = "expected no " + std::string(rule.type == RuleType::kIgnore ? "quantity" : "match of this rule") + ", got " + all;
        }
      } else {
        const Mention* hit = nullptr;
        for (const Mention& m : found) {
          if (m.rule == rule.id && (!ex.match || m.text == *ex.match)) {
            hit = &m;
            break;
          }
        }
        if (hit == nullptr) {
          why = "rule did not produce " + (ex.match ? "'" + *ex.match + "'" : std::string("a mention")) + "; got " + all;
        } else {
          const Quantity& q = hit->quantity;
          if (ex.value && !Close(q.value, *ex.value)) why += " value " + std::to_string(q.value) + " != " + std::to_string(*ex.value) + ";";
          if (ex.value_max && (!q.value_max || !Close(*q.value_max, *ex.value_max))) why += " value_max differs;";
          if (!ex.value_max && q.value_max && rule.type == RuleType::kQuantity && ex.value) why += " unexpected value_max;";
          if (ex.unit && q.unit != *ex.unit) why += " unit '" + q.unit + "' != '" + *ex.unit + "';";
          if (ex.qualifier && QualifierName(q.qualifier) != *ex.qualifier) why += " qualifier " + std::string(QualifierName(q.qualifier)) + " != " + *ex.qualifier + ";";
          if (ex.iso && hit->iso != *ex.iso) why += " iso '" + hit->iso + "' != '" + *ex.iso + "';";
          if (ex.target && hit->is_target_year != *ex.target) why += " target flag differs;";
          if (!why.empty()) why = "got " + Describe(*hit) + ":" + why;
        }
      }
      if (why.empty()) {
        ++res.passed;
      } else {
        ++res.failed;
        res.failures.push_back("'" + ex.text + "': " + why);
      }
    }
    results.push_back(std::move(res));
  }
  return results;
}

}  // namespace newsfacts
