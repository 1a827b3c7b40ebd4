#include "store/fact_key.h"

#include <algorithm>
#include <cstdio>

#include "store/body_hash.h"

namespace newsfacts {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

void SingularizeLastWord(std::string& text) {
  const size_t space = text.rfind(' ');
  const size_t start = space == std::string::npos ? 0 : space + 1;
  std::string_view word(text.data() + start, text.size() - start);
  if (word.size() <= 3) return;  // "gas", "bus", "its": too short to tell
  if (EndsWith(word, "ies") && word.size() > 4) {
    text.replace(text.size() - 3, 3, "y");
  } else if (EndsWith(word, "s") && !EndsWith(word, "ss") && !EndsWith(word, "us") && !EndsWith(word, "is")) {
    text.pop_back();
  }
}

}  // namespace

std::string NormalizeKeyText(std::string_view text) {
  // '|' separates the key's fields, so inside a field it counts as a space.
  std::string spaced(text);
  std::replace(spaced.begin(), spaced.end(), '|', ' ');
  return NormalizeBodyForHash(spaced);
}

std::string NormalizeMetric(std::string_view metric) {
  std::string out = NormalizeKeyText(metric);
  for (std::string_view article : {"the ", "a ", "an "}) {
    if (out.size() > article.size() && out.compare(0, article.size(), article) == 0) {
      out.erase(0, article.size());
      break;
    }
  }
  SingularizeLastWord(out);
  return out;
}

std::string FormatKeyNumber(double value) {
  if (value == 0) value = 0;  // folds -0 into 0
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.12g", value);
  return buffer;
}

namespace {

// "|unit|date|place": the part of the fact and revision keys that says where and when.
void AppendContext(std::string& key, const Fact& fact) {
  key += '|';
  key += NormalizeKeyText(fact.quantity.unit);
  key += '|';
  key += NormalizeKeyText(fact.date);
  key += '|';
  key += NormalizeKeyText(fact.place);
}

}  // namespace

std::string FactKey(const Fact& fact) {
  std::string key = NormalizeMetric(fact.metric);
  key += '|';
  key += FormatKeyNumber(fact.quantity.value);
  key += '|';
  if (fact.quantity.value_max) key += FormatKeyNumber(*fact.quantity.value_max);
  AppendContext(key, fact);
  return key;
}

std::string RevisionKey(const Fact& fact) {
  std::string metric = NormalizeMetric(fact.metric);
  if (metric.empty()) return std::string();
  std::string key = FactKindName(fact.kind);
  key += '|';
  key += metric;
  AppendContext(key, fact);
  return key;
}

}  // namespace newsfacts
