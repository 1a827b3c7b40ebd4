#include "parse/dates.h"

#include <cstdio>

#include "parse/text_util.h"

namespace newsfacts {
namespace {

constexpr int kMinYear = 1800;
constexpr int kMaxYear = 2200;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }

struct DateParts {
  int year = 0;
  int month = 0;
  int day = 0;      // 0: month precision
  int hour = -1;    // -1: no time
  int minute = 0;
  int second = -1;  // -1: the text gave no seconds
  std::string fraction;  // digits after the decimal point of the seconds
  std::string zone;      // "Z", "+08:00" or empty (local time / unknown zone)
};

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

bool Valid(const DateParts& d) {
  if (d.year < kMinYear || d.year > kMaxYear || d.month < 1 || d.month > 12) return false;
  if (d.day != 0 && (d.day < 1 || d.day > DaysInMonth(d.year, d.month))) return false;
  if (d.hour >= 0 && (d.hour > 23 || d.minute < 0 || d.minute > 59 || d.second > 60)) return false;
  return true;
}

std::string Format(const DateParts& d) {
  char buf[64];
  if (d.day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  std::string out = buf;
  if (d.hour < 0) return out;
  std::snprintf(buf, sizeof buf, "T%02d:%02d", d.hour, d.minute);
  out += buf;
  if (d.second >= 0) {
    std::snprintf(buf, sizeof buf, ":%02d", d.second);
    out += buf;
    if (!d.fraction.empty()) out += "." + d.fraction;
  }
  return out + d.zone;
}

int MonthFromWord(const std::string& w) {
  static constexpr const char* kFull[] = {"january", "february", "march",     "april",   "may",      "june",
                                          "july",    "august",   "september", "october", "november", "december"};
  static constexpr const char* kShort[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                           "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i) {
    if (w == kFull[i] || w == kShort[i]) return i + 1;
  }
  if (w == "sept") return 9;
  return 0;
}

bool IsWeekday(const std::string& w) {
  static constexpr const char* kNames[] = {"monday", "mon",  "tuesday", "tue", "tues", "wednesday", "wed",
                                           "thursday", "thu", "thur", "thurs", "friday", "fri", "saturday",
                                           "sat",      "sunday", "sun"};
  for (const char* n : kNames) {
    if (w == n) return true;
  }
  return false;
}

// Zone names that RFC 2822 and news sites use; ambiguous ones (CST, IST) give no offset.
bool ZoneFromName(const std::string& upper, std::string* zone) {
  struct Entry {
    const char* name;
    const char* offset;
  };
  static constexpr Entry kZones[] = {{"UTC", "Z"},     {"GMT", "Z"},     {"UT", "Z"},      {"Z", "Z"},
                                     {"EST", "-05:00"}, {"EDT", "-04:00"}, {"CDT", "-05:00"}, {"MST", "-07:00"},
                                     {"MDT", "-06:00"}, {"PST", "-08:00"}, {"PDT", "-07:00"}, {"BST", "+01:00"},
                                     {"CET", "+01:00"}, {"CEST", "+02:00"}, {"JST", "+09:00"}, {"KST", "+09:00"},
                                     {"HKT", "+08:00"}, {"SGT", "+08:00"}, {"BJT", "+08:00"}, {"CST", ""},
                                     {"IST", ""}};
  for (const Entry& e : kZones) {
    if (upper == e.name) {
      *zone = e.offset;
      return true;
    }
  }
  return false;
}

// A cursor over the text; every Parse* method either advances and returns true or leaves pos alone.
class Scanner {
 public:
  explicit Scanner(std::string_view s, size_t pos = 0) : s_(s), pos_(pos) {}

  size_t pos() const { return pos_; }

  // A date (optionally with weekday before and time after) starting exactly at pos.
  bool ParseDate(DateParts* out) {
    const size_t start = pos_;
    DateParts d;
    if (pos_ < s_.size() && IsAlpha(s_[pos_])) {
      const size_t word_start = pos_;
      const std::string w = ReadWord();
      if (IsWeekday(w)) {
        Skip('.');
        Skip(',');
        SkipSpaces();
      } else {
        pos_ = word_start;
      }
    }
    if (!ParseCore(&d) || !Valid(d)) {
      pos_ = start;
      return false;
    }
    if (d.day != 0) ParseTime(&d);
    if (!Valid(d)) {
      pos_ = start;
      return false;
    }
    *out = d;
    return true;
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  bool Skip(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  bool SkipLiteral(std::string_view lit) {
    if (s_.substr(pos_, lit.size()) != lit) return false;
    pos_ += lit.size();
    return true;
  }
  size_t SkipSpaces() {
    const size_t start = pos_;
    while (!AtEnd()) {
      if (Peek() == ' ' || Peek() == '\t') {
        ++pos_;
      } else if (SkipLiteral("\xc2\xa0")) {
      } else {
        break;
      }
    }
    return pos_ - start;
  }
  std::string ReadWord() {
    std::string w;
    // Month and weekday names are short: longer words are cut off here and then match nothing.
    while (!AtEnd() && IsAlpha(Peek()) && w.size() < 12) w += static_cast<char>(s_[pos_++] | 0x20);
    return w;
  }
  // Reads min..max digits; fails when fewer or when more digits follow.
  bool ReadNumber(size_t min, size_t max, int* value) {
    size_t n = 0;
    int v = 0;
    while (n < max && IsDigit(Peek(n))) v = v * 10 + (Peek(n++) - '0');
    if (n < min || IsDigit(Peek(n))) return false;
    pos_ += n;
    *value = v;
    return true;
  }
  size_t DigitRun() const {
    size_t n = 0;
    while (IsDigit(Peek(n))) ++n;
    return n;
  }
  void SkipOrdinal() {
    const size_t save = pos_;
    const std::string w = ReadWord();
    if (w != "st" && w != "nd" && w != "rd" && w != "th") pos_ = save;
  }
  bool AtWordEnd() const { return !IsAlnum(Peek()); }

  bool ParseCore(DateParts* d) {
    const size_t start = pos_;
    bool ok = IsAlpha(Peek()) ? ParseMonthFirst(d) : IsDigit(Peek()) ? ParseNumeric(d) : false;
    if (!ok) pos_ = start;
    return ok;
  }

  // "April 6, 2024", "Apr. 5 2024", "July 19th, 2024", "September 2019", "Sept. 2019".
  bool ParseMonthFirst(DateParts* d) {
    d->month = MonthFromWord(ReadWord());
    if (d->month == 0) return false;
    Skip('.');
    if (SkipSpaces() == 0 && Peek() != ',') return false;
    const size_t after_month = pos_;
    if (DigitRun() <= 2 && ReadNumber(1, 2, &d->day)) {
      SkipOrdinal();
      Skip(',');
      SkipSpaces();
      if (ReadNumber(4, 4, &d->year) && AtWordEnd()) return true;
      pos_ = after_month;
      d->day = 0;
    }
    Skip(',');
    SkipSpaces();
    return ReadNumber(4, 4, &d->year) && AtWordEnd();
  }

  bool ParseNumeric(DateParts* d) {
    const size_t run = DigitRun();
    if (run == 8) {  // 20240405
      int v = 0;
      if (!ReadNumber(8, 8, &v) || !AtWordEnd()) return false;
      d->year = v / 10000;
      d->month = v / 100 % 100;
      d->day = v % 100;
      return true;
    }
    if (run == 4) return ParseYearFirst(d);
    if (run == 1 || run == 2) return ParseDayFirst(d);
    return false;
  }

  // "2024-04-05", "2024-04", "2024/04/05", "2024.04.05", "2024年4月5日", "2024年4月".
  bool ParseYearFirst(DateParts* d) {
    ReadNumber(4, 4, &d->year);
    if (SkipLiteral("\xe5\xb9\xb4")) {  // 年
      if (!ReadNumber(1, 2, &d->month) || !SkipLiteral("\xe6\x9c\x88")) return false;  // 月
      const size_t save = pos_;
      if (ReadNumber(1, 2, &d->day)) {
        if (!SkipLiteral("\xe6\x97\xa5") && !SkipLiteral("\xe5\x8f\xb7")) {  // 日 / 号
          pos_ = save;
          d->day = 0;
        }
      }
      return true;
    }
    const char sep = Peek();
    if (sep != '-' && sep != '/' && sep != '.') return false;
    ++pos_;
    if (!ReadNumber(1, 2, &d->month)) return false;
    if (Peek() == sep && IsDigit(Peek(1))) {
      ++pos_;
      return ReadNumber(1, 2, &d->day);
    }
    // Year-month only in the ISO form, and never as part of a range like "2023-24".
    return sep == '-' && AtWordEnd() && Peek() != '-' && Peek() != '/';
  }

  // "5 April 2024", "19 Jul 2024", "5th April, 2024", "19-Jul-2024", "19.07.2024", "19/07/2024".
  bool ParseDayFirst(DateParts* d) {
    int first = 0;
    ReadNumber(1, 2, &first);
    const char sep = Peek();
    if ((sep == '/' || sep == '.') && IsDigit(Peek(1))) {
      ++pos_;
      int second = 0;
      if (!ReadNumber(1, 2, &second) || !Skip(sep) || !ReadNumber(4, 4, &d->year) || !AtWordEnd()) return false;
      if (sep == '.' || first > 12) {  // dotted dates are day-first everywhere they are used
        d->day = first;
        d->month = second;
      } else if (second > 12) {
        d->month = first;
        d->day = second;
      } else {
        return false;  // 05/04/2024: April 5 or May 4? Do not guess.
      }
      return true;
    }
    d->day = first;
    SkipOrdinal();
    if (!Skip('-')) {
      if (SkipSpaces() == 0) return false;
      SkipLiteral("of ");
    }
    d->month = MonthFromWord(ReadWord());
    if (d->month == 0) return false;
    Skip('.');
    Skip(',');
    if (!Skip('-') && SkipSpaces() == 0) return false;
    return ReadNumber(4, 4, &d->year) && AtWordEnd();
  }

  // Optional time after a full date: "T14:27:00Z", " 07:03", ", 7:03 pm", " at 10:00 GMT", " 10:00:00 +0800".
  void ParseTime(DateParts* d) {
    const size_t start = pos_;
    if (!Skip('T')) {
      Skip(',');
      SkipSpaces();
      SkipLiteral("at ");
      SkipSpaces();
    }
    int hour = 0, minute = 0;
    if (!ReadNumber(1, 2, &hour) || !Skip(':') || !ReadNumber(2, 2, &minute)) {
      pos_ = start;
      return;
    }
    d->hour = hour;
    d->minute = minute;
    if (Peek() == ':' && IsDigit(Peek(1))) {
      ++pos_;
      if (!ReadNumber(2, 2, &d->second)) {
        pos_ = start;
        d->hour = -1;
        return;
      }
      if (Peek() == '.' && IsDigit(Peek(1))) {
        ++pos_;
        while (IsDigit(Peek())) d->fraction += s_[pos_++];
      }
    }
    ParseMeridiem(d);
    ParseZone(d);
  }

  void ParseMeridiem(DateParts* d) {
    const size_t save = pos_;
    SkipSpaces();
    std::string w;
    while (IsAlpha(Peek()) || Peek() == '.') {
      if (Peek() != '.') w += static_cast<char>(Peek() | 0x20);
      ++pos_;
    }
    if ((w == "am" || w == "pm") && AtWordEnd() && d->hour >= 1 && d->hour <= 12) {
      if (w == "am" && d->hour == 12) d->hour = 0;
      if (w == "pm" && d->hour != 12) d->hour += 12;
      return;
    }
    pos_ = save;
  }

  // "Z", "+08:00", "+0800", " GMT", " UTC+8", " EST". Unknown words are left for the caller.
  void ParseZone(DateParts* d) {
    if (Skip('Z') || Skip('z')) {
      if (!AtWordEnd()) {
        --pos_;
        return;
      }
      d->zone = "Z";
      return;
    }
    const size_t save = pos_;
    SkipSpaces();
    if (ParseOffset(&d->zone)) return;
    std::string upper;
    while (Peek() >= 'A' && Peek() <= 'Z') upper += s_[pos_++];
    std::string zone;
    if (!upper.empty() && AtWordEnd() && ZoneFromName(upper, &zone)) {
      d->zone = zone;
      std::string offset;
      if ((upper == "UTC" || upper == "GMT") && ParseOffset(&offset)) d->zone = offset;
      return;
    }
    pos_ = save;
  }

  bool ParseOffset(std::string* zone) {
    const size_t save = pos_;
    const char sign = Peek();
    if (sign != '+' && sign != '-') return false;
    ++pos_;
    int hours = 0, minutes = 0;
    const size_t run = DigitRun();
    bool ok = false;
    if (run == 4) {
      int v = 0;
      ok = ReadNumber(4, 4, &v);
      hours = v / 100;
      minutes = v % 100;
    } else if (run == 1 || run == 2) {
      ok = ReadNumber(1, 2, &hours);
      if (ok && Peek() == ':' && IsDigit(Peek(1))) {
        ++pos_;
        ok = ReadNumber(2, 2, &minutes);
      }
    }
    if (!ok || hours > 14 || minutes > 59 || !AtWordEnd()) {
      pos_ = save;
      return false;
    }
    if (hours == 0 && minutes == 0) {
      *zone = "Z";
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%c%02d:%02d", sign, hours, minutes);
      *zone = buf;
    }
    return true;
  }

  std::string_view s_;
  size_t pos_;
};

bool OnlyTrailingNoise(std::string_view rest) {
  for (char c : rest) {
    if (c != ' ' && c != '\t' && c != '.' && c != ',' && c != ';' && c != ')') return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> NormalizeDate(std::string_view text) {
  const std::string_view t = Trim(text);
  if (t.size() > 200) return std::nullopt;  // far longer than any date expression
  Scanner scanner(t);
  DateParts d;
  if (!scanner.ParseDate(&d)) return std::nullopt;
  if (!OnlyTrailingNoise(Trim(t.substr(scanner.pos())))) return std::nullopt;
  return Format(d);
}

std::optional<std::string> FindDateInLine(std::string_view line, size_t* begin, size_t* end) {
  for (size_t p = 0; p < line.size(); ++p) {
    if (!IsAlnum(line[p]) || (p > 0 && IsAlnum(line[p - 1]))) continue;
    Scanner scanner(line, p);
    DateParts d;
    if (scanner.ParseDate(&d)) {
      if (begin) *begin = p;
      if (end) *end = scanner.pos();
      return Format(d);
    }
  }
  return std::nullopt;
}

std::optional<std::string> FindDateInLine(std::string_view line) { return FindDateInLine(line, nullptr, nullptr); }

}  // namespace newsfacts
