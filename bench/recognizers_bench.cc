// Measures the extraction rules against Microsoft Recognizers-Text's English test specs
// (../shared/peers/recognizers-text, MIT): NumberModel, PercentModel, NumberRangeModel,
// CurrencyModel, and the DateTimeModel cases whose every result is a date, a month, a year or a
// year range. Prints per model: cases passed / cases run, and how many were skipped.
//
// A case passes when every expected result is found: a mention of the right kind whose text
// contains the expected text or is contained in it (case-insensitive; our spans may include a
// qualifier or a counted noun, theirs a preposition: "after 2016") with the same normalised value: the
// number; for percents the number before "%"; a null value (a percent or currency named without a figure,
// "a small percent", "the dollar") is a unit mention of that unit; for ranges both bounds (an open range's bracket too: "(40,"
// is over 40, "[40," at least 40; "[20,20]" is exactly 20); for currency value and ISO 4217 code; for dates
// the timex (a year range's end year read as inclusive or exclusive). A case expecting no result passes when
// no mention of the model's kind comes out (no money for CurrencyModel, no percent, no range, no date).
// Cases marked NotSupported (or NotSupportedByDesign) for every platform (dotnet, java, javascript, python) are
// skipped. Relative dates resolve against the case's ReferenceDateTime, as against a publication date.
//
// Usage: recognizers_bench [PEERS_DIR] [--failures FILE]   (default failures file:
// recognizers_failures.txt in the current folder)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <re2/re2.h>
#include <sstream>
#include <string>
#include <vector>

#include "extract/rules.h"

namespace fs = std::filesystem;
using nlohmann::json;
using newsfacts::Mention;

namespace {

#ifndef NEWSFACTS_DATA_DIR
#define NEWSFACTS_DATA_DIR "data"
#endif

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// j[key] when it is a string, else "" (specs hold nulls and numbers in places).
std::string Str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return "";
  return j[key].get<std::string>();
}

bool SkippedEverywhere(const json& c) {
  for (const char* key : {"NotSupported", "NotSupportedByDesign"}) {
    if (!c.contains(key) || !c[key].is_string()) continue;
    const std::string v = Lower(c[key].get<std::string>());
    if (v.find("dotnet") != std::string::npos && v.find("java") != std::string::npos &&
        v.find("javascript") != std::string::npos && v.find("python") != std::string::npos)
      return true;
  }
  return false;
}

bool Near(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(b)); }

std::optional<double> Num(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return std::nullopt;
  return v;
}

// Recognizers-Text currency names -> ISO 4217.
std::string IsoFor(const std::string& unit) {
  static const std::map<std::string, std::string> kCodes = {
      {"Dollar", "USD"}, {"United States dollar", "USD"}, {"Euro", "EUR"}, {"Chinese yuan", "CNY"},
      {"Pound", "GBP"}, {"British pound", "GBP"}, {"Canadian dollar", "CAD"}, {"Japanese yen", "JPY"},
      {"Australian dollar", "AUD"}, {"Rupee", "INR"}, {"Indian rupee", "INR"}, {"Hong Kong dollar", "HKD"},
      {"Swiss franc", "CHF"}, {"New Zealand dollar", "NZD"}, {"Korean won", "KRW"}, {"South Korean won", "KRW"},
      {"Brazilian real", "BRL"}, {"Russian ruble", "RUB"}, {"Singapore dollar", "SGD"}, {"South African rand", "ZAR"},
      // Not in ISO 4217 today or minor units: newsfacts' units for them.
      {"Cent", "cent"}, {"Pence", "pence"}, {"Penny", "pence"}, {"Franc", "CHF"}, {"Peseta", "ESP"},
      {"Finnish markka", "FIM"}, {"Mexican peso", "MXN"}, {"Turkish lira", "TRY"}, {"Bitcoin", "BTC"},
      {"Netherlands guilder", "NLG"}};
  auto it = kCodes.find(unit);
  return it == kCodes.end() ? "" : it->second;
}

struct Model {
  const char* name;
  const char* file;
  enum Kind { kNumber, kPercent, kRange, kCurrency, kDate } kind;
};

// Our date iso ("2016", "2016-11", "2016/2018", "2024-01/2024-06") as a Recognizers timex.
std::string TimexOf(const std::string& iso) {
  const size_t slash = iso.find('/');
  if (slash == std::string::npos) return iso;
  const std::string a = iso.substr(0, slash), b = iso.substr(slash + 1);
  if (a.size() == 4 && b.size() == 4) {
    const int y1 = std::stoi(a), y2 = std::stoi(b) + 1;
    return "(" + a + "-01-01," + std::to_string(y2) + "-01-01,P" + std::to_string(y2 - y1) + "Y)";
  }
  return iso;
}

// Whether `m` is what `model` recognizes: any quantity for numbers, a percent, a range (two bounds
// or one open bound), an amount of money, a date.
bool OfModelKind(const Model& model, const Mention& m) {
  using newsfacts::Qualifier;
  if (model.kind == Model::kDate) return m.type == Mention::Type::kDate;
  // A percent or currency named without a figure ("a small percent", "the dollar") is what
  // PercentModel and CurrencyModel resolve to a null value.
  if (m.type == Mention::Type::kUnit) {
    if (model.kind == Model::kPercent) return m.quantity.unit == "percent";
    return model.kind == Model::kCurrency && m.rule == "unit.currency";
  }
  if (m.type != Mention::Type::kQuantity) return false;
  const auto& q = m.quantity;
  switch (model.kind) {
    case Model::kNumber: return true;
    case Model::kPercent: return q.unit == "percent";
    case Model::kRange:
      return q.value_max || q.qualifier == Qualifier::kOver || q.qualifier == Qualifier::kUnder ||
             q.qualifier == Qualifier::kAtLeast || q.qualifier == Qualifier::kAtMost;
    case Model::kCurrency: return m.rule.rfind("money.", 0) == 0;  // the money rules
    case Model::kDate: break;
  }
  return false;
}

// Recognizers-Text gives a unit named without a figure the value null (PercentModel: the string "null").
bool NullValue(const json& resolution) {
  if (!resolution.contains("value") || resolution["value"].is_null()) return true;
  return resolution["value"].is_string() && resolution["value"].get<std::string>() == "null";
}

bool Matches(const Model& model, const json& want, const Mention& m) {
  if (!want.contains("Text") || !want.contains("Resolution")) return false;
  const std::string text = Lower(Str(want, "Text"));
  if (text.empty()) return false;
  const std::string ours = Lower(m.text);
  if (ours.find(text) == std::string::npos && text.find(ours) == std::string::npos) return false;
  const json& res = want["Resolution"];
  switch (model.kind) {
    case Model::kNumber: {
      if (m.type != Mention::Type::kQuantity) return false;
      auto v = Num(Str(res, "value"));
      return v && Near(m.quantity.value, *v) && !m.quantity.value_max;
    }
    case Model::kPercent: {
      if (m.quantity.unit != "percent") return false;
      // A null value: the percent is named without a figure, a unit mention.
      if (NullValue(res)) return m.type == Mention::Type::kUnit;
      if (m.type != Mention::Type::kQuantity) return false;
      auto v = Num(Str(res, "value"));
      return v && Near(m.quantity.value, *v);
    }
    case Model::kCurrency: {
      // A null value: the currency is named without an amount ("the dollar"), a unit mention.
      if (NullValue(res)) return m.type == Mention::Type::kUnit && m.quantity.unit == IsoFor(Str(res, "unit"));
      if (m.type != Mention::Type::kQuantity) return false;
      auto v = Num(Str(res, "value"));
      return v && Near(m.quantity.value, *v) && m.quantity.unit == IsoFor(Str(res, "unit"));
    }
    case Model::kRange: {
      if (m.type != Mention::Type::kQuantity) return false;
      std::string v = Str(res, "value");
      if (v.size() < 3) return false;
      const size_t comma = v.find(',');
      if (comma == std::string::npos) return false;
      auto lo = Num(v.substr(1, comma - 1));
      auto hi = Num(v.substr(comma + 1, v.size() - comma - 2));
      using newsfacts::Qualifier;
      const auto& q = m.quantity;
      // "[170,170]" ("equal to 170") is exactly 170.
      if (lo && hi && *lo == *hi && v.front() == '[' && v.back() == ']')
        return !q.value_max && Near(q.value, *lo) && q.qualifier == Qualifier::kExact;
      if (lo && hi) return q.value_max && Near(q.value, *lo) && Near(*q.value_max, *hi);
      // An open range's bracket says whether its bound is included: "(40," is over 40, "[40," at least 40.
      if (lo) {
        const Qualifier want = v.front() == '[' ? Qualifier::kAtLeast : Qualifier::kOver;
        return !q.value_max && Near(q.value, *lo) && q.qualifier == want;
      }
      if (hi) {
        const Qualifier want = v.back() == ']' ? Qualifier::kAtMost : Qualifier::kUnder;
        return !q.value_max && Near(q.value, *hi) && q.qualifier == want;
      }
      return false;
    }
    case Model::kDate: {
      if (m.type != Mention::Type::kDate) return false;
      const json& values = res["values"];
      if (!values.is_array() || values.empty()) return false;
      const std::string want_timex = Str(values[0], "timex");
      if (TimexOf(m.iso) == want_timex) return true;
      // Year ranges: Recognizers-Text ends "2014-2018" at 2018-01-01 (exclusive), newsfacts keeps 2018
      // (inclusive); both readings of the end year count.
      const size_t slash = m.iso.find('/');
      if (slash == 4 && m.iso.size() == 9) {
        const int y1 = std::stoi(m.iso.substr(0, 4)), y2 = std::stoi(m.iso.substr(5, 4));
        const std::string alt = "(" + m.iso.substr(0, 4) + "-01-01," + std::to_string(y2) + "-01-01,P" +
                                std::to_string(y2 - y1) + "Y)";
        return alt == want_timex;
      }
      return false;
    }
  }
  return false;
}

bool IsDateCase(const json& c) {
  static const RE2 kTimex(R"(\d{4}(-\d{2}(-\d{2})?)?|\(\d{4}-01-01,\d{4}-01-01,P\d+Y\))");
  if (!c.contains("Results") || !c["Results"].is_array() || c["Results"].empty()) return false;
  for (const json& r : c["Results"]) {
    const std::string type = Str(r, "TypeName");
    if (type != "datetimeV2.date" && type != "datetimeV2.daterange") return false;
    if (!r.contains("Resolution") || !r["Resolution"].contains("values")) return false;
    for (const json& v : r["Resolution"]["values"]) {
      if (!RE2::FullMatch(Str(v, "timex"), kTimex)) return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path peers = fs::path(NEWSFACTS_DATA_DIR).parent_path() / ".." / "shared" / "peers" / "recognizers-text";
  std::string failures_path = "recognizers_failures.txt";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--failures" && i + 1 < argc) failures_path = argv[++i];
    else if (arg == "--help" || arg == "-h") {
      std::printf("usage: recognizers_bench [PEERS_DIR] [--failures FILE]\n");
      return 0;
    } else peers = arg;
  }
  peers = peers.lexically_normal();
  if (!fs::is_directory(peers)) {
    std::printf("recognizers_bench: SKIPPED: %s is absent (it holds Recognizers-Text's English specs); nothing measured\n",
                peers.c_str());
    return 0;
  }
  auto rules = newsfacts::RuleSet::Load({std::string(NEWSFACTS_DATA_DIR) + "/rules"});
  if (!rules.ok()) {
    std::fprintf(stderr, "recognizers_bench: %s\n", rules.status().ToString().c_str());
    return 2;
  }
  std::ofstream failures(failures_path);
  const Model models[] = {
      {"NumberModel", "Number/English/NumberModel.json", Model::kNumber},
      {"PercentModel", "Number/English/PercentModel.json", Model::kPercent},
      {"NumberRangeModel", "Number/English/NumberRangeModel.json", Model::kRange},
      {"CurrencyModel", "NumberWithUnit/English/CurrencyModel.json", Model::kCurrency},
      {"DateTimeModel (dates, months, years, year ranges)", "DateTime/English/DateTimeModel.json", Model::kDate},
  };
  int exit_code = 0;
  for (const Model& model : models) {
    std::ifstream in(peers / model.file, std::ios::binary);
    if (!in) {
      std::printf("%-52s SKIPPED: %s missing\n", model.name, (peers / model.file).c_str());
      continue;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::string content = ss.str();
    if (content.rfind("\xEF\xBB\xBF", 0) == 0) content.erase(0, 3);  // UTF-8 BOM
    json cases = json::parse(content, nullptr, false);
    if (!cases.is_array()) {
      std::printf("%-52s SKIPPED: not a JSON array\n", model.name);
      exit_code = 1;
      continue;
    }
    int run = 0, passed = 0, skipped = 0, out_of_subset = 0;
    for (const json& c : cases) {
      if (SkippedEverywhere(c)) {
        ++skipped;
        continue;
      }
      if (model.kind == Model::kDate && !IsDateCase(c)) {
        ++out_of_subset;
        continue;
      }
      const std::string input = Str(c, "Input");
      std::string published;
      if (c.contains("Context") && c["Context"].contains("ReferenceDateTime"))
        published = Str(c["Context"], "ReferenceDateTime");
      std::vector<Mention> found = (*rules)->Find(input, published);
      bool ok = true;
      const json& results = c.contains("Results") && c["Results"].is_array() ? c["Results"] : json::array();
      // No expected result means none of the model's kind: a currency spec's "All 70 of us" may
      // hold a plain number, a range spec's "One-fourth" a single value.
      if (results.empty()) {
        for (const Mention& m : found) ok &= !OfModelKind(model, m);
      }
      for (const json& want : results) {
        bool hit = false;
        for (const Mention& m : found) hit |= Matches(model, want, m);
        ok &= hit;
      }
      ++run;
      if (ok) {
        ++passed;
        continue;
      }
      failures << model.name << "\t" << input << "\n  expected:";
      for (const json& want : results) failures << " [" << Str(want, "Text") << " " << (want.contains("Resolution") ? want["Resolution"].dump() : "") << "]";
      failures << "\n  got:";
      for (const Mention& m : found) {
        failures << " [" << m.text << " " << m.rule << " ";
        if (m.type == Mention::Type::kDate) failures << m.iso;
        else {
          failures << m.quantity.value;
          if (m.quantity.value_max) failures << "-" << *m.quantity.value_max;
          failures << " " << m.quantity.unit << " " << newsfacts::QualifierName(m.quantity.qualifier);
        }
        failures << "]";
      }
      failures << "\n";
    }
    std::printf("%-52s %4d / %4d passed (%5.1f%%), %d skipped as NotSupported everywhere", model.name, passed, run,
                run ? 100.0 * passed / run : 0.0, skipped);
    if (model.kind == Model::kDate) std::printf(", %d outside the date subset", out_of_subset);
    std::printf("\n");
  }
  std::printf("failures written to %s\n", failures_path.c_str());
  return exit_code;
}
