#include "fetch/feeds.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "fetch/url.h"
#include "fetch/warc.h"

namespace newsfacts {
namespace {

// Element name without its namespace prefix ("news:publication_date" -> "publication_date").
std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c) == local) return c;
  }
  return pugi::xml_node();
}

std::string Trimmed(const char* s) {
  std::string_view v(s);
  const size_t first = v.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const size_t last = v.find_last_not_of(" \t\r\n");
  return std::string(v.substr(first, last - first + 1));
}

// Text of a child element (PCDATA or CDATA), trimmed; "" when absent.
std::string ChildText(const pugi::xml_node& node, std::string_view local) {
  pugi::xml_node c = Child(node, local);
  return c ? Trimmed(c.text().get()) : std::string();
}

// ---- dates ----

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {  // Howard Hinnant's algorithm
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

struct DateParts {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int precision = 0;  // 1 year, 2 month, 3 day, 4 time
  bool has_zone = false;
  int offset_minutes = 0;
};

bool Valid(const DateParts& p) {
  if (p.year < 1000 || p.year > 9999) return false;
  if (p.precision >= 2 && (p.month < 1 || p.month > 12)) return false;
  if (p.precision >= 3 && (p.day < 1 || p.day > 31)) return false;
  if (p.precision >= 4 && (p.hour > 23 || p.minute > 59 || p.second > 60)) return false;
  return true;
}

std::string Format(const DateParts& p) {
  char buf[96];
  switch (p.precision) {
    case 1: std::snprintf(buf, sizeof buf, "%04d", p.year); return buf;
    case 2: std::snprintf(buf, sizeof buf, "%04d-%02d", p.year, p.month); return buf;
    case 3: std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, p.day); return buf;
    default: break;
  }
  if (!p.has_zone) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", p.year, p.month, p.day, p.hour, p.minute,
                  p.second);
    return buf;
  }
  int64_t secs = DaysFromCivil(p.year, p.month, p.day) * 86400 + p.hour * 3600 + p.minute * 60 +
                 std::min(p.second, 59) - static_cast<int64_t>(p.offset_minutes) * 60;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t rem = secs - days * 86400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60));
  return buf;
}

// Reads exactly `n` digits at s[*i].
bool Digits(std::string_view s, size_t* i, size_t n, int* out) {
  if (*i + n > s.size()) return false;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    const char c = s[*i + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *i += n;
  *out = v;
  return true;
}

// "Z", "+08:00", "+0800", "-05"
bool ParseNumericZone(std::string_view z, int* minutes) {
  if (z == "Z" || z == "z") {
    *minutes = 0;
    return true;
  }
  if (z.size() < 3 || (z[0] != '+' && z[0] != '-')) return false;
  size_t i = 1;
  int h = 0, m = 0;
  if (!Digits(z, &i, 2, &h)) return false;
  if (i < z.size() && z[i] == ':') ++i;
  if (i < z.size() && !Digits(z, &i, 2, &m)) return false;
  if (i != z.size() || h > 23 || m > 59) return false;
  *minutes = (z[0] == '-' ? -1 : 1) * (h * 60 + m);
  return true;
}

bool ParseIso(std::string_view s, DateParts* p) {
  size_t i = 0;
  if (!Digits(s, &i, 4, &p->year)) return false;
  p->precision = 1;
  if (i == s.size()) return true;
  if (s[i++] != '-' || !Digits(s, &i, 2, &p->month)) return false;
  p->precision = 2;
  if (i == s.size()) return true;
  if (s[i++] != '-' || !Digits(s, &i, 2, &p->day)) return false;
  p->precision = 3;
  if (i == s.size()) return true;
  if ((s[i] != 'T' && s[i] != 't' && s[i] != ' ')) return false;
  ++i;
  if (!Digits(s, &i, 2, &p->hour) || i >= s.size() || s[i++] != ':' || !Digits(s, &i, 2, &p->minute))
    return false;
  p->precision = 4;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!Digits(s, &i, 2, &p->second)) return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
  }
  if (i == s.size()) return true;
  p->has_zone = ParseNumericZone(s.substr(i), &p->offset_minutes);
  return p->has_zone;
}

bool ParseRfc822(std::string_view s, DateParts* p) {
  std::vector<std::string> tok;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!cur.empty()) tok.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) tok.push_back(cur);
  size_t t = 0;
  if (t < tok.size() && std::isalpha(static_cast<unsigned char>(tok[t][0]))) ++t;  // weekday
  if (tok.size() < t + 4) return false;
  size_t i = 0;
  const std::string& day = tok[t];
  if (day.size() > 2 || !Digits(day, &i, day.size(), &p->day)) return false;
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string mon = tok[t + 1].substr(0, 3);
  for (char& c : mon) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  p->month = 0;
  for (int m = 0; m < 12; ++m) {
    if (mon == kMonths[m]) p->month = m + 1;
  }
  if (p->month == 0) return false;
  const std::string& year = tok[t + 2];
  i = 0;
  if (year.size() == 4) {
    if (!Digits(year, &i, 4, &p->year)) return false;
  } else if (year.size() == 2) {
    if (!Digits(year, &i, 2, &p->year)) return false;
    p->year += p->year < 50 ? 2000 : 1900;
  } else {
    return false;
  }
  const std::string& time = tok[t + 3];
  i = 0;
  if (!Digits(time, &i, 2, &p->hour) || i >= time.size() || time[i++] != ':' ||
      !Digits(time, &i, 2, &p->minute)) {
    return false;
  }
  if (i < time.size()) {
    if (time[i++] != ':' || !Digits(time, &i, 2, &p->second) || i != time.size()) return false;
  }
  p->precision = 4;
  if (tok.size() > t + 4) {
    std::string zone = tok[t + 4];
    std::string upper = zone;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    static const struct {
      const char* name;
      int hours;
    } kZones[] = {{"GMT", 0},  {"UT", 0},   {"UTC", 0},  {"Z", 0},    {"EST", -5}, {"EDT", -4},
                  {"CST", -6}, {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
    for (const auto& z : kZones) {
      if (upper == z.name) {
        p->has_zone = true;
        p->offset_minutes = z.hours * 60;
      }
    }
    if (!p->has_zone) p->has_zone = ParseNumericZone(zone, &p->offset_minutes);
  }
  return true;
}

// Adds `raw_url` (resolved against the base) to `out`, or counts it as skipped.
bool ResolveEntryUrl(const std::string& raw_url, const FeedParseOptions& options, std::string* out) {
  if (raw_url.empty()) return false;
  Result<std::string> url =
      options.base_url.empty() ? CanonicalizeUrl(raw_url) : ResolveUrl(options.base_url, raw_url);
  if (!url.ok()) return false;
  *out = std::move(*url);
  return true;
}

void AddEntry(FeedEntry entry, const std::string& raw_url, const FeedParseOptions& options,
              std::vector<FeedEntry>* entries, int* skipped) {
  if (ResolveEntryUrl(raw_url, options, &entry.url)) {
    entries->push_back(std::move(entry));
  } else {
    ++*skipped;
  }
}

void ParseRss(const pugi::xml_node& root, const FeedParseOptions& options, Feed* feed) {
  // RSS 2.0 nests items in <channel>; RSS 1.0 (RDF) puts them beside it.
  pugi::xml_node channel = Child(root, "channel");
  feed->title = ChildText(channel, "title");
  for (const pugi::xml_node& parent : {channel, root}) {
    for (pugi::xml_node item = parent.first_child(); item; item = item.next_sibling()) {
      if (item.type() != pugi::node_element || LocalName(item) != "item") continue;
      FeedEntry entry;
      entry.title = ChildText(item, "title");
      std::string link;
      for (pugi::xml_node l = item.first_child(); l && link.empty(); l = l.next_sibling()) {
        // <link>text</link>; an <atom:link href=.../> beside it has no text and is passed over.
        if (l.type() == pugi::node_element && LocalName(l) == "link") link = Trimmed(l.text().get());
      }
      if (link.empty()) {
        // A <guid> is a link unless isPermaLink="false".
        pugi::xml_node guid = Child(item, "guid");
        if (guid && std::strcmp(guid.attribute("isPermaLink").as_string("true"), "false") != 0) {
          link = Trimmed(guid.text().get());
        }
      }
      if (link.empty()) link = Trimmed(item.attribute("rdf:about").as_string());
      std::string date = ChildText(item, "pubDate");
      if (date.empty()) date = ChildText(item, "date");  // dc:date
      entry.published = NormalizeFeedDate(date);
      AddEntry(std::move(entry), link, options, &feed->entries, &feed->skipped);
    }
  }
}

void ParseAtom(const pugi::xml_node& root, const FeedParseOptions& options, Feed* feed) {
  feed->title = ChildText(root, "title");
  for (pugi::xml_node e = root.first_child(); e; e = e.next_sibling()) {
    if (e.type() != pugi::node_element || LocalName(e) != "entry") continue;
    FeedEntry entry;
    entry.title = ChildText(e, "title");
    std::string link;
    for (pugi::xml_node l = e.first_child(); l; l = l.next_sibling()) {
      if (l.type() != pugi::node_element || LocalName(l) != "link") continue;
      const std::string rel = l.attribute("rel").as_string("alternate");
      if (rel == "alternate") {
        link = Trimmed(l.attribute("href").as_string());
        break;
      }
    }
    std::string date = ChildText(e, "published");
    if (date.empty()) date = ChildText(e, "updated");
    entry.published = NormalizeFeedDate(date);
    AddEntry(std::move(entry), link, options, &feed->entries, &feed->skipped);
  }
}

void ParseUrlset(const pugi::xml_node& root, const FeedParseOptions& options, Feed* feed) {
  for (pugi::xml_node u = root.first_child(); u; u = u.next_sibling()) {
    if (u.type() != pugi::node_element || LocalName(u) != "url") continue;
    FeedEntry entry;
    std::string date = ChildText(u, "lastmod");
    // Google News sitemaps: <news:news><news:publication_date/><news:title/></news:news>
    if (pugi::xml_node news = Child(u, "news")) {
      entry.title = ChildText(news, "title");
      const std::string published = ChildText(news, "publication_date");
      if (!published.empty()) date = published;
    }
    entry.published = NormalizeFeedDate(date);
    AddEntry(std::move(entry), ChildText(u, "loc"), options, &feed->entries, &feed->skipped);
  }
}

void ParseSitemapIndex(const pugi::xml_node& root, const FeedParseOptions& options, Feed* feed) {
  for (pugi::xml_node s = root.first_child(); s; s = s.next_sibling()) {
    if (s.type() != pugi::node_element || LocalName(s) != "sitemap") continue;
    FeedEntry entry;
    entry.published = NormalizeFeedDate(ChildText(s, "lastmod"));
    AddEntry(std::move(entry), ChildText(s, "loc"), options, &feed->child_sitemaps, &feed->skipped);
  }
}

}  // namespace

const char* FeedKindName(Feed::Kind kind) {
  switch (kind) {
    case Feed::Kind::kRss: return "rss";
    case Feed::Kind::kAtom: return "atom";
    case Feed::Kind::kSitemap: return "sitemap";
    case Feed::Kind::kSitemapIndex: return "sitemap-index";
  }
  return "unknown";
}

std::string NormalizeFeedDate(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  DateParts p;
  if (ParseIso(text, &p) && Valid(p)) return Format(p);
  p = DateParts();
  if (ParseRfc822(text, &p) && Valid(p)) return Format(p);
  return "";
}

Result<Feed> ParseFeed(std::string_view bytes, const FeedParseOptions& options) {
  std::string inflated;
  if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
      static_cast<unsigned char>(bytes[1]) == 0x8b) {
    Result<std::string> plain = GunzipBytes(bytes, options.max_inflated_bytes);
    if (!plain.ok()) return plain.status();
    inflated = std::move(*plain);
    bytes = inflated;
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(bytes.data(), bytes.size());
  if (!parsed) {
    return Status::InvalidInput(std::string("malformed XML: ") + parsed.description() + " at byte offset " +
                                std::to_string(parsed.offset));
  }
  const pugi::xml_node root = doc.document_element();
  const std::string_view name = LocalName(root);
  Feed feed;
  if (name == "rss" || name == "RDF") {
    feed.kind = Feed::Kind::kRss;
    ParseRss(root, options, &feed);
  } else if (name == "feed") {
    feed.kind = Feed::Kind::kAtom;
    ParseAtom(root, options, &feed);
  } else if (name == "urlset") {
    feed.kind = Feed::Kind::kSitemap;
    ParseUrlset(root, options, &feed);
  } else if (name == "sitemapindex") {
    feed.kind = Feed::Kind::kSitemapIndex;
    ParseSitemapIndex(root, options, &feed);
  } else {
    return Status::InvalidInput("not an RSS, Atom or sitemap document: the root element is <" +
                                std::string(root.name()) + ">");
  }
  return feed;
}

}  // namespace newsfacts
