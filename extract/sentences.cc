#include "extract/sentences.h"

#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_set>

#include "extract/numbers.h"
#include "core/ascii.h"

namespace newsfacts {
namespace {

// The bytes SplitSentences stops at: a line break or sentence-final punctuation.
constexpr std::array<bool, 256> kMayEndSentence = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : {'\n', '.', '!', '?'}) t[c] = true;
  return t;
}();

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

TextSpan Trimmed(std::string_view text, size_t b, size_t e) {
  while (b < e && IsSpace(text[b])) ++b;
  while (e > b && IsSpace(text[e - 1])) --e;
  return {b, e};
}

// The word ending just before position `dot` (letters and inner dots), lower-cased.
std::string WordBefore(std::string_view text, size_t begin, size_t dot) {
  size_t b = dot;
  while (b > begin && (std::isalpha(static_cast<unsigned char>(text[b - 1])) || text[b - 1] == '.')) --b;
  return AsciiLower(text.substr(b, dot - b));
}

bool IsAbbreviation(const std::string& word) {
  static const std::unordered_set<std::string_view> kAbbrev = {
      "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "corp", "st", "jr", "sr", "vs", "etc", "e.g",
      "i.e", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
      "gov", "gen", "rep", "sen", "u.s", "u.k", "u.n", "e.u", "p.m", "a.m", "approx", "est", "dept",
      "fig", "vol", "rev", "mt", "ft", "lt", "col", "capt", "sgt", "pres", "govt", "u.s.a", "d.c"};
  if (kAbbrev.count(word) > 0) return true;
  return word.size() == 1 && std::isalpha(static_cast<unsigned char>(word[0]));  // initials: "J. Smith"
}

}  // namespace

std::vector<TextSpan> SplitParagraphs(std::string_view text) {
  std::vector<TextSpan> out;
  size_t start = 0;
  size_t i = 0;
  // Line by line (memchr finds the breaks): a blank line is '\n', optional spaces, '\n'.
  while ((i = text.find('\n', i)) != std::string_view::npos) {
    size_t j = i + 1;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
    if (j < text.size() && text[j] == '\n') {
      TextSpan p = Trimmed(text, start, i);
      if (p.end > p.start) out.push_back(p);
      while (j < text.size() && IsSpace(text[j])) ++j;
      start = i = j;
      continue;
    }
    ++i;
  }
  TextSpan p = Trimmed(text, start, text.size());
  if (p.end > p.start) out.push_back(p);
  return out;
}

std::vector<TextSpan> SplitSentences(std::string_view text, TextSpan span) {
  std::vector<TextSpan> out;
  size_t start = span.start;
  auto emit = [&](size_t end) {
    TextSpan s = Trimmed(text, start, end);
    if (s.end > s.start) out.push_back(s);
  };
  for (size_t i = span.start; i < span.end; ++i) {
    // Most bytes can end nothing: skip them with one table test each.
    while (i < span.end && !kMayEndSentence[static_cast<unsigned char>(text[i])]) ++i;
    if (i == span.end) break;
    const char c = text[i];
    if (c == '\n') {
      emit(i);
      start = i + 1;
      continue;
    }
    if (c != '.' && c != '!' && c != '?') continue;
    size_t j = i + 1;
    // Closing quotes and brackets belong to the sentence: '"', ')', and UTF-8 right quotes.
    while (j < span.end) {
      if (text[j] == '"' || text[j] == '\'' || text[j] == ')' || text[j] == ']') {
        ++j;
      } else if (span.end - j >= 3 && text.substr(j, 2) == "\xE2\x80" &&
                 (text[j + 2] == '\x9D' || text[j + 2] == '\x99')) {
        j += 3;
      } else {
        break;
      }
    }
    if (j >= span.end) continue;  // end of the paragraph closes the last sentence anyway
    if (!IsSpace(text[j])) continue;  // "140.9", "U.S.A"
    size_t k = j;
    while (k < span.end && IsSpace(text[k]) && text[k] != '\n') ++k;
    if (k >= span.end) continue;
    const unsigned char next = static_cast<unsigned char>(text[k]);
    const bool starts_sentence = std::isupper(next) || std::isdigit(next) || next == '"' || next == '(' ||
                                 next == '\'' || next >= 0x80 || next == '\n';
    if (!starts_sentence) continue;
    if (c == '.' && IsAbbreviation(WordBefore(text, span.start, i))) {
      // "U.S. President" continues; but "the U.S. It" would need a dictionary, so keep it joined.
      continue;
    }
    emit(j);
    start = j;
  }
  emit(span.end);
  return out;
}

}  // namespace newsfacts
