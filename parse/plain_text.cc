#include "parse/plain_text.h"

#include <algorithm>
#include <array>
#include <vector>

#include "parse/dates.h"
#include "parse/text_util.h"
#include "core/ascii.h"

namespace newsfacts {
namespace {

// How far into a document header lines (title, date, byline, widgets) are looked for.
constexpr int kMaxLinesBeforeTitle = 6;
constexpr int kMaxHeaderLinesAfterTitle = 4;
// A paragraph-like first line longer than this gives no title.
constexpr size_t kMaxTitleChars = 300;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Appends `line` with runs of whitespace (U+00A0 included) collapsed to one space, zero-width
// characters removed and both ends trimmed.
std::string NormalizeLine(std::string_view line) {
  line = Trim(line);
  // Fast path: most lines hold only single ASCII spaces.
  bool clean = true;
  for (size_t i = 0; i < line.size() && clean; ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    clean = c >= 0x20 && c < 0x80 && !(c == ' ' && i + 1 < line.size() && line[i + 1] == ' ');
    if (c >= 0x80) clean = c != 0xC2 && c != 0xE2 && c != 0xEF;  // lead bytes of the special spaces
  }
  if (clean) return std::string(line);
  std::string out;
  out.reserve(line.size());
  bool space = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r') {
      space = true;
      continue;
    }
    const unsigned char u = static_cast<unsigned char>(c);
    if (u == 0xC2 && line.substr(i, 2) == "\xc2\xa0") {
      space = true;
      ++i;
      continue;
    }
    if ((u == 0xE2 || u == 0xEF) && (line.substr(i, 3) == "\xe2\x80\x8b" || line.substr(i, 3) == "\xef\xbb\xbf")) {
      i += 2;  // zero-width characters vanish
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Splits on \n, \r\n and \r; each line normalised by NormalizeLine ("" for blank lines).
std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (true) {
    size_t end = pos;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') ++end;
    if (end == text.size()) {
      lines.push_back(NormalizeLine(text.substr(pos)));
      break;
    }
    lines.push_back(NormalizeLine(text.substr(pos, end - pos)));
    pos = end + 1;
    if (text[end] == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
  }
  return lines;
}

size_t WordCount(std::string_view line) {
  size_t words = 0;
  bool in_word = false;
  for (char c : line) {
    const bool sp = c == ' ';
    if (!sp && !in_word) ++words;
    in_word = !sp;
  }
  return words;
}

// Last character, looking through closing quotes and brackets ("... he said." + ’ ” " ) ]).
std::string_view LastMeaningfulChar(std::string_view line) {
  static constexpr std::array<std::string_view, 6> kClosers = {"\"", "'", ")", "]", "\xe2\x80\x9d", "\xe2\x80\x99"};
  bool stripped = true;
  while (stripped && !line.empty()) {
    stripped = false;
    for (std::string_view closer : kClosers) {
      if (line.size() > closer.size() && line.substr(line.size() - closer.size()) == closer) {
        line.remove_suffix(closer.size());
        stripped = true;
      }
    }
  }
  if (line.empty()) return line;
  size_t start = line.size() - 1;
  while (start > 0 && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) --start;
  return line.substr(start);
}

bool EndsSentence(std::string_view line) {
  const std::string_view last = LastMeaningfulChar(line);
  return last == "." || last == "!" || last == "?" || last == "\xe3\x80\x82" /*。*/ || last == "\xef\xbc\x81" /*！*/ ||
         last == "\xef\xbc\x9f" /*？*/ || last == "\xe2\x80\xa6" /*…*/;
}

// Code points, with CJK and other wide characters counted twice: a Chinese sentence of 30
// characters says as much as an English one of 60.
size_t TextWidth(std::string_view line) {
  size_t width = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    width += c >= 0xE3 ? 2 : 1;  // lead bytes E3..EF: U+3000..U+FFFF (CJK, kana, fullwidth)
  }
  return width;
}

// A line of a real paragraph: long, or a complete sentence of some length.
bool IsProse(std::string_view line) {
  const size_t chars = TextWidth(line);
  return chars >= 120 || (chars >= 60 && EndsSentence(line));
}

// "-", "***", "•", "—", "|", "===": visual separators between items.
bool IsSeparatorLine(std::string_view line) {
  if (line.empty() || line.size() > 40 || CodePointCount(line) > 10) return false;
  std::string_view rest = line;
  static constexpr std::array<std::string_view, 12> kMarks = {"-", "*", "_", "=", "~", "|", "#", "\xe2\x80\x93" /*–*/,
                                                            "\xe2\x80\x94" /*—*/, "\xe2\x80\xa2" /*•*/,
                                                            "\xc2\xb7" /*·*/, " "};
  while (!rest.empty()) {
    bool matched = false;
    for (std::string_view mark : kMarks) {
      if (rest.substr(0, mark.size()) == mark) {
        rest.remove_prefix(mark.size());
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

bool IsListItem(std::string_view line) {
  if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ') return true;
  if (line.substr(0, 4) == "\xe2\x80\xa2 ") return true;  // "• "
  size_t i = 0;
  while (i < line.size() && i < 3 && IsDigit(line[i])) ++i;
  return i > 0 && i + 1 < line.size() && (line[i] == '.' || line[i] == ')') && line[i + 1] == ' ';
}

// Weather and similar widgets: a number with a short unit and nothing else ("34 C", "93°F", "12%").
bool IsWidgetLine(std::string_view line) {
  if (line.empty() || line.size() > 48 || CodePointCount(line) > 12) return false;
  size_t i = 0;
  if (line[i] == '-' || line[i] == '+') ++i;
  const size_t digits_start = i;
  while (i < line.size() && (IsDigit(line[i]) || line[i] == '.' || line[i] == ',')) ++i;
  if (i == digits_start || !IsDigit(line[digits_start])) return false;
  while (i < line.size() && line[i] == ' ') ++i;
  for (std::string_view degree : {std::string_view("\xc2\xb0"), std::string_view("\xc2\xba")}) {
    if (line.substr(i, degree.size()) == degree) i += degree.size();
  }
  while (i < line.size() && line[i] == ' ') ++i;
  size_t letters = 0;
  while (i < line.size() && (IsAsciiAlpha(line[i]) || line[i] == '%')) {
    ++i;
    ++letters;
  }
  return i == line.size() && letters <= 4 && (letters > 0 || line.find("\xc2\xb0") != std::string_view::npos);
}

bool IsDateOnlyLine(std::string_view line) { return NormalizeDate(line).has_value(); }

bool StartsWithAny(std::string_view lower, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (lower.substr(0, p.size()) == p) return true;
  }
  return false;
}

bool ContainsAny(std::string_view lower, std::initializer_list<std::string_view> needles) {
  for (std::string_view n : needles) {
    if (lower.find(n) != std::string_view::npos) return true;
  }
  return false;
}

// Strips separators and punctuation around header fragments ("| Xinhua", "-- ", ": ").
std::string_view TrimPunctuation(std::string_view s) {
  auto is_punct = [](char c) {
    return c == ' ' || c == '|' || c == '-' || c == ',' || c == ':' || c == ';' || c == '/' || c == '(' || c == ')';
  };
  while (!s.empty() && is_punct(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_punct(s.back())) s.remove_suffix(1);
  return Trim(s);
}

struct HeaderLine {
  std::string date;       // ISO 8601
  bool is_update = false;  // "Updated: ..." / "Modified ..." (less good as a publication date)
  std::string site;       // words after the date: "07:03 Xinhua" -> "Xinhua"
};

// Short lines holding a date and little else, or a date after a header keyword.
std::optional<HeaderLine> ParseHeaderLine(std::string_view line) {
  if (line.size() > 160) return std::nullopt;
  size_t begin = 0, end = 0;
  const std::optional<std::string> date = FindDateInLine(line, &begin, &end);
  if (!date) return std::nullopt;
  const std::string lower_before = AsciiLower(TrimPunctuation(line.substr(0, begin)));
  const std::string_view after = TrimPunctuation(line.substr(end));
  const bool keyword = StartsWithAny(lower_before, {"updated", "last updated", "published", "posted", "date",
                                                    "released", "modified", "created", "first published", "time",
                                                    "\xe5\x8f\x91\xe5\xb8\x83" /*发布*/, "\xe6\x9b\xb4\xe6\x96\xb0" /*更新*/});
  // Without a keyword only a source name may stand beside the date; a headline that mentions a
  // date ("Apple event set for September 9, 2024") is not a header.
  if (!keyword && (WordCount(lower_before) > 2 || WordCount(after) > 4 ||
                   CodePointCount(lower_before) + CodePointCount(after) > 40)) {
    return std::nullopt;
  }
  HeaderLine header;
  header.date = *date;
  header.is_update = StartsWithAny(lower_before, {"updated", "last updated", "modified", "\xe6\x9b\xb4\xe6\x96\xb0"});
  const bool site_like = !after.empty() && after.size() <= 40 && WordCount(after) <= 4 &&
                         std::none_of(after.begin(), after.end(), IsDigit) && after[0] >= 'A' && after[0] <= 'Z';
  if (site_like) header.site = std::string(after);
  return header;
}

// "By Zhang Ying", "By Zhang Ying | China Daily" -> "Zhang Ying".
std::optional<std::string> ParseByline(std::string_view line) {
  if (line.size() > 100 || !(line.substr(0, 3) == "By " || line.substr(0, 3) == "by ")) return std::nullopt;
  std::string_view name = line.substr(3);
  const size_t cut = name.find_first_of("|,(");
  if (cut != std::string_view::npos) name = name.substr(0, cut);
  const size_t dash = name.find(" - ");
  if (dash != std::string_view::npos) name = name.substr(0, dash);
  name = TrimPunctuation(name);
  if (name.empty() || WordCount(name) > 6 || EndsSentence(line)) return std::nullopt;
  return std::string(name);
}

// Section headings after which a page holds only other articles, ads or comments.
bool IsJunkHeading(std::string_view line) {
  if (line.empty() || line.size() > 160 || CodePointCount(line) > 40) return false;
  // Markdown decoration around a heading: "## Related", "**Read more:**".
  std::string lower = AsciiLower(line);
  while (!lower.empty() && (lower.back() == ':' || lower.back() == ' ' || lower.back() == '>' ||
                            lower.back() == '*' || lower.back() == '_')) {
    lower.pop_back();
  }
  const size_t start = lower.find_first_not_of("#*_ ");
  lower.erase(0, start == std::string::npos ? lower.size() : start);
  static constexpr std::array<std::string_view, 44> kHeadings = {
      "related",          "related articles",     "related article",      "related stories",
      "related news",     "related posts",        "related content",      "related coverage",
      "related links",    "related reading",      "related topics",       "you may also like",
      "you might also like", "you may like",      "you might like",       "we recommend",
      "read more",        "read also",            "also read",            "read next",
      "what to read next", "more stories",        "more news",            "more articles",
      "recommended",      "recommended for you",  "recommended articles", "recommended stories",
      "recommended reading", "most popular",      "most read",            "most viewed",
      "popular",          "popular stories",      "trending",             "trending now",
      "trending stories", "see also",             "further reading",      "editor's picks",
      "top stories",      "latest news",          "don't miss",           "from around the web"};
  if (std::find(kHeadings.begin(), kHeadings.end(), lower) != kHeadings.end()) return true;
  return StartsWithAny(lower, {"more from ", "more on ", "more in ", "more stories from ", "latest from "}) &&
         !EndsSentence(line);
}

// Copyright, registration-number and "About us | Contact us" lines.
bool IsFooterLine(std::string_view line) {
  if (line.size() > 1600 || CodePointCount(line) > 400) return false;
  const std::string lower = AsciiLower(line);
  if (ContainsAny(lower, {"\xc2\xa9" /*©*/, "&copy;", "all rights reserved", "(c) 19", "(c) 20"})) return true;
  // "Copyright 2024 Xinhua", "Copyright: ...", but not prose such as "Copyright law was ...".
  if (lower.rfind("copyright", 0) == 0 && CodePointCount(line) <= 200) {
    const std::string_view after = Trim(line.substr(9));
    if (after.empty() || !(after[0] >= 'a' && after[0] <= 'z')) return true;
  }
  // ICP licences of Chinese sites and "Registration Number: 05070218" style identifiers.
  if (lower.find("icp") != std::string::npos && std::any_of(lower.begin(), lower.end(), IsDigit)) return true;
  if (ContainsAny(lower, {"\xe5\xa4\x87\xe6\xa1\x88" /*备案*/, "\xe5\x85\xac\xe7\xbd\x91\xe5\xae\x89\xe5\xa4\x87"})) {
    return true;
  }
  for (std::string_view label : {"registration number", "registration no", "identification code", "license number",
                                 "licence number", "record number", "license no", "licence no"}) {
    const size_t at = lower.find(label);
    if (at == std::string::npos) continue;
    size_t digits = 0;
    for (size_t i = at + label.size(); i < lower.size() && i < at + label.size() + 30; ++i) digits += IsDigit(lower[i]);
    if (digits >= 5) return true;
  }
  // Navigation link lists: "About us | Contact us | Privacy". Markdown table rows ("| 2025 | 300 |")
  // start with a bar or hold figures, and are article content.
  if (line.find('|') != std::string_view::npos && line[0] != '|' && !EndsSentence(line) &&
      std::none_of(line.begin(), line.end(), IsDigit)) {
    size_t segments = 0, short_segments = 0, start = 0;
    while (start <= line.size()) {
      size_t bar = line.find('|', start);
      if (bar == std::string_view::npos) bar = line.size();
      const std::string_view seg = Trim(line.substr(start, bar - start));
      ++segments;
      if (CodePointCount(seg) <= 30 && WordCount(seg) <= 4) ++short_segments;
      start = bar + 1;
    }
    if (segments >= 2 && short_segments == segments) return true;
  }
  return CodePointCount(line) <= 60 &&
         ContainsAny(lower, {"privacy policy", "terms of use", "terms of service", "cookie policy", "contact us",
                             "about us"});
}

// A line in a list of other articles' headlines: a few words, no sentence-final punctuation.
// Markdown list items and table rows are the author's content, not scraped link lists.
bool IsHeadlineLike(std::string_view line) {
  if (line.empty() || IsListItem(line) || line[0] == '|') return false;
  const size_t words = WordCount(line);
  return words >= 3 && words <= 30 && CodePointCount(line) <= 200 && !EndsSentence(line);
}

// Drops junk lines and truncates the line list at boilerplate sections. Blank lines are "".
std::vector<std::string> RemoveJunkLines(std::vector<std::string> lines) {
  // Widgets, dates and separators before the first real line.
  size_t first = 0;
  while (first < lines.size() && (lines[first].empty() || IsWidgetLine(lines[first]) ||
                                  IsDateOnlyLine(lines[first]) || IsSeparatorLine(lines[first]))) {
    ++first;
  }
  lines.erase(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(first));

  size_t total_bytes = 0;
  for (const std::string& l : lines) total_bytes += l.size() + 1;

  std::vector<std::string> kept;
  bool prose_seen = false;
  size_t offset = 0;
  for (const std::string& line : lines) {
    const size_t at = offset;
    offset += line.size() + 1;
    if (line.empty()) {
      kept.push_back(line);
      continue;
    }
    // A junk heading after the article ends it; before any prose it is a stray navigation line.
    if (IsJunkHeading(line)) {
      if (prose_seen) break;
      continue;
    }
    // Footers end the article when they come in its second half; earlier ones are single lines.
    if (IsFooterLine(line)) {
      if (prose_seen && at * 2 >= total_bytes) break;
      continue;
    }
    if (IsSeparatorLine(line)) {
      kept.emplace_back();  // a separator still separates paragraphs
      continue;
    }
    if (IsProse(line)) prose_seen = true;
    kept.push_back(line);
  }

  // Trailing lists of other headlines: walk back over headline-like lines (and blanks); at least
  // three of them after some prose make a list to drop.
  size_t run_start = kept.size();
  size_t headlines = 0;
  while (run_start > 0) {
    const std::string& l = kept[run_start - 1];
    if (l.empty()) {
      --run_start;
    } else if (IsHeadlineLike(l)) {
      ++headlines;
      --run_start;
    } else {
      break;
    }
  }
  if (headlines >= 3) {
    bool prose_before = false;
    for (size_t i = 0; i < run_start && !prose_before; ++i) prose_before = IsProse(kept[i]);
    if (prose_before) kept.resize(run_start);
  }
  return kept;
}

bool IsShortLine(std::string_view line) { return CodePointCount(line) < 80 && !EndsSentence(line); }

bool IsWideChar(std::string_view text, bool at_end) {
  if (text.empty()) return false;
  size_t start = at_end ? text.size() - 1 : 0;
  if (at_end) {
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  }
  // Lead bytes E2 BA.. and above cover CJK radicals, kana, ideographs and fullwidth forms.
  const unsigned char c = static_cast<unsigned char>(text[start]);
  return c >= 0xE3 || (c == 0xE2 && text.size() > start + 1 && static_cast<unsigned char>(text[start + 1]) >= 0xBA);
}

// Lays out one block of consecutive non-blank lines as paragraphs (see CleanBodyText).
void AppendBlock(const std::vector<std::string_view>& block, std::vector<std::string>& paragraphs) {
  if (block.empty()) return;
  size_t longest = 0;
  for (size_t i = 0; i + 1 < block.size(); ++i) longest = std::max(longest, CodePointCount(block[i]));
  bool wrapped = block.size() >= 2 && longest <= 100;
  size_t near_longest = 0;
  for (size_t i = 0; wrapped && i + 1 < block.size(); ++i) {
    const size_t len = CodePointCount(block[i]);
    if (len < 30 || IsListItem(block[i])) wrapped = false;
    if (len * 10 >= longest * 7) ++near_longest;
  }
  if (IsListItem(block.back())) wrapped = false;
  // Wrapped lines rarely all end at a sentence end; lines that all do are one paragraph each.
  const bool all_sentences =
      std::all_of(block.begin(), block.end() - 1, [](std::string_view l) { return EndsSentence(l); });
  wrapped = wrapped && !all_sentences && near_longest * 2 >= block.size() - 1;

  std::string cur;
  if (wrapped) {
    for (std::string_view line : block) {
      if (!cur.empty()) cur += IsWideChar(cur, true) && IsWideChar(line, false) ? "" : " ";
      cur += line;
      if (EndsSentence(line) && CodePointCount(line) * 10 < longest * 6) {
        paragraphs.push_back(std::move(cur));
        cur.clear();
      }
    }
  } else {
    std::string_view prev;
    for (std::string_view line : block) {
      const bool list = !prev.empty() && ((IsShortLine(prev) && IsShortLine(line)) ||
                                          (IsListItem(prev) && IsListItem(line)));
      if (!cur.empty() && !list) {
        paragraphs.push_back(std::move(cur));
        cur.clear();
      }
      if (!cur.empty()) cur += '\n';
      cur += line;
      prev = line;
    }
  }
  if (!cur.empty()) paragraphs.push_back(std::move(cur));
}

std::string LayOut(const std::vector<std::string>& lines) {
  std::vector<std::string> paragraphs;
  std::vector<std::string_view> block;
  for (const std::string& line : lines) {
    if (line.empty()) {
      AppendBlock(block, paragraphs);
      block.clear();
    } else {
      block.push_back(line);
    }
  }
  AppendBlock(block, paragraphs);
  std::string out;
  for (const std::string& p : paragraphs) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

}  // namespace

std::string CleanBodyText(std::string_view text) { return LayOut(RemoveJunkLines(SplitLines(text))); }

Result<Article> ParsePlainText(std::string_view text, const std::string& source) {
  if (IsBlank(text)) return Status::InvalidInput("empty document (only whitespace)");
  const std::vector<std::string> lines = SplitLines(text);
  Article article;
  article.source = source;
  article.format = "text";

  std::optional<HeaderLine> published;
  auto take_header = [&](std::string_view line) {
    if (std::optional<std::string> author = ParseByline(line)) {
      if (article.author.empty()) article.author = *author;
      if (std::optional<HeaderLine> h = ParseHeaderLine(line)) {
        if (!published) published = h;
      }
      return true;
    }
    std::optional<HeaderLine> h = ParseHeaderLine(line);
    if (!h) return IsWidgetLine(line) || IsSeparatorLine(line);
    // The first publication date wins; an "Updated" date only until a real one turns up.
    if (!published || (published->is_update && !h->is_update)) published = h;
    if (article.site_name.empty()) article.site_name = h->site;
    return true;
  };

  size_t i = 0;
  int seen = 0;
  for (; i < lines.size() && seen < kMaxLinesBeforeTitle; ++i) {
    if (lines[i].empty()) continue;
    ++seen;
    if (!take_header(lines[i])) break;
  }
  size_t body_start = i;
  // Files without a title line start with the first paragraph: it stays in the body.
  const bool paragraph_first = i < lines.size() && (CodePointCount(lines[i]) >= 150 ||
                                                    (CodePointCount(lines[i]) >= 80 && EndsSentence(lines[i])));
  if (paragraph_first) {
    if (CodePointCount(lines[i]) <= kMaxTitleChars) article.title = lines[i];
  } else if (i < lines.size() && !IsJunkHeading(lines[i]) && !IsFooterLine(lines[i])) {
    article.title = lines[i];
    body_start = i + 1;
    int headers = 0;
    for (size_t j = i + 1; j < lines.size() && headers < kMaxHeaderLinesAfterTitle; ++j) {
      if (lines[j].empty()) continue;
      ++headers;
      if (!take_header(lines[j])) break;
      body_start = j + 1;
    }
  }
  if (published) article.published = published->date;

  std::string rest;
  for (size_t j = body_start; j < lines.size(); ++j) {
    rest += lines[j];
    rest += '\n';
  }
  article.body = CleanBodyText(rest);
  if (article.body.empty()) article.body = article.title;
  if (article.body.empty()) return Status::InvalidInput("no article text (only headers, widgets or footers)");
  return article;
}

}  // namespace newsfacts
