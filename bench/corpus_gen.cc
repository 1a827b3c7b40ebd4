// Deterministic benchmark corpus: N news articles as YAML front-matter files, plain text with page
// junk around it, and HTML pages of realistic size (2-200 KB: navigation, header, sidebars, related
// lists, scripts, styles, footer), built from varied templates and sentences stating figures (money,
// percents, counts, dates) about places from the gazetteer.
//
// Usage: corpus_gen --out DIR --articles N [--seed S] [--templates HTML_DIR] [--data DATA_DIR]
//   --templates: a folder of real pages (*.html or *.html.gz, e.g. the article-extraction benchmark's
//   html/ folder); each generated HTML article then replaces a template page's paragraphs.
// The same arguments always give the same bytes (own PRNG, no std distributions, sorted inputs).
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

// SplitMix64: tiny, fast and identical on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  int64_t Range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1)); }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  bool Chance(double p) { return Unit() < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) { return v[Next() % v.size()]; }

 private:
  uint64_t state_;
};

const std::vector<std::string> kFallbackPlaces = {"Shanghai", "Beijing", "Guangdong", "Shenzhen", "Germany",
                                                  "Brazil",   "Kenya",   "Texas",     "Jakarta",  "India"};

// First column of every gazetteer row (skipping comments, the header and ambiguous names).
std::vector<std::string> LoadPlaces(const std::string& data_dir) {
  std::vector<std::string> places;
  for (const char* file : {"china_provinces.tsv", "china_cities.tsv", "world_cities.tsv", "countries.tsv"}) {
    std::ifstream in(data_dir + "/gazetteer/" + file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#' || line.rfind("name\t", 0) == 0) continue;
      std::vector<std::string> cols;
      std::stringstream ss(line);
      std::string col;
      while (std::getline(ss, col, '\t')) cols.push_back(col);
      if (cols.empty() || cols[0].empty()) continue;
      if (cols.size() >= 8 && (cols[7] == "1" || cols[7] == "true" || cols[7] == "yes")) continue;
      places.push_back(cols[0]);
    }
  }
  if (places.empty()) places = kFallbackPlaces;
  return places;
}

const std::vector<std::string> kMetrics = {
    "output of its AI industry",       "digital economy",          "retail sales",        "exports",
    "investment in new infrastructure", "renewable energy capacity", "GDP",                 "tourism revenue",
    "semiconductor sales",             "R&D spending",             "foreign direct investment", "electric vehicle output",
    "industrial output",               "fiscal revenue",           "online sales",        "grain output"};
const std::vector<std::string> kCounted = {"enterprises", "jobs",     "charging piles", "5G base stations", "startups",
                                           "data centers", "patents", "visitors",       "students",         "homes"};
const std::vector<std::string> kCurrencies = {"yuan", "dollars", "euros", "rupees", "yen"};
const std::vector<std::string> kScale = {"million", "billion", "trillion"};
const std::vector<std::string> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};
const std::vector<std::string> kPeople = {"Zhang Ying", "Liu Qingfeng", "Maria Costa", "Wang Wei", "Amina Njoroge",
                                          "Li Na",      "Rahul Mehta",  "Sofia Berg",  "Chen Jie", "Daniel Okafor"};
const std::vector<std::string> kOrgs = {"the Ministry of Industry and Information Technology", "the city government",
                                        "the provincial development commission", "the statistics bureau",
                                        "the national energy administration", "a local industry association"};
const std::vector<std::string> kSites = {"Daily Ledger", "Metro Wire", "Global Times Review", "The Harbour Post",
                                         "Tech Horizon", "Eastern Business", "Market Watcher", "Policy Brief"};
const std::vector<std::string> kTopics = {"AI", "Economy", "Energy", "Trade", "Technology", "Cities", "Policy"};
const std::vector<std::string> kFiller = {
    "Analysts said the plan reflects a broader push to upgrade traditional industries.",
    "The announcement came after months of consultation with companies and research institutes.",
    "Officials did not say how the program would be financed.",
    "Several experts warned that talent shortages remain the main obstacle.",
    "The measures cover research, infrastructure and the training of skilled workers.",
    "Local companies welcomed the policy but asked for clearer rules on data sharing.",
    "The government will also set up a fund to support small and medium-sized firms.",
    "Critics argue that similar targets in the past were missed by a wide margin.",
    "The document calls for closer cooperation between universities and industry.",
    "Details of the implementation are expected later this year.",
    "Demand from overseas markets has softened, according to the industry group.",
    "The pilot zones will test new approaches to licensing and investment approval.",
};

std::string Money(Rng& rng) {
  const int64_t whole = rng.Range(1, 999);
  std::string s = std::to_string(whole);
  if (rng.Chance(0.3)) s += "." + std::to_string(rng.Range(1, 9));
  return s + " " + rng.Pick(kScale) + " " + rng.Pick(kCurrencies);
}
std::string Percent(Rng& rng) {
  std::string s = std::to_string(rng.Range(1, 60));
  if (rng.Chance(0.5)) s += "." + std::to_string(rng.Range(1, 9));
  return s + (rng.Chance(0.7) ? " percent" : "%");
}
std::string Count(Rng& rng) {
  const int64_t n = rng.Range(20, 99999);
  std::string digits = std::to_string(n);
  if (digits.size() > 3) digits.insert(digits.size() - 3, ",");
  return digits + " " + rng.Pick(kCounted);
}
std::string Year(Rng& rng) { return std::to_string(rng.Range(2024, 2035)); }
std::string DayDate(Rng& rng) { return rng.Pick(kMonths) + " " + std::to_string(rng.Range(1, 28)) + ", " + Year(rng); }

// One sentence stating a figure: the kinds of sentences in samples/.
std::string FactSentence(Rng& rng, const std::vector<std::string>& places) {
  const std::string& place = rng.Pick(places);
  const std::string& metric = rng.Pick(kMetrics);
  switch (rng.Range(0, 11)) {
    case 0: return place + " aims to raise its " + metric + " to " + Money(rng) + " by " + Year(rng) + ".";
    case 1: return "The " + metric + " of " + place + " reached " + Money(rng) + " last year, up " + Percent(rng) + " year on year.";
    case 2: return place + " plans to build " + Count(rng) + " by the end of " + Year(rng) + ", " + rng.Pick(kOrgs) + " said.";
    case 3: return "By " + Year(rng) + ", the " + metric + " in " + place + " is expected to exceed " + Money(rng) + ".";
    case 4: return "More than " + Count(rng) + " were registered in " + place + " in the first half, " + rng.Pick(kPeople) + " said.";
    case 5: return place + "'s " + metric + " grew by " + Percent(rng) + " in " + rng.Pick(kMonths) + " from a year earlier.";
    case 6: return "The city will invest about " + Money(rng) + " in the project, which is due to be completed on " + DayDate(rng) + ".";
    case 7: return "Nearly " + Count(rng) + " have been set up in " + place + " since " + std::to_string(rng.Range(2015, 2023)) + ".";
    case 8: return "Under the plan, " + place + " will lift the share of the " + metric + " to " + Percent(rng) + " of GDP by " + Year(rng) + ".";
    case 9: return "The target of " + Money(rng) + " set for " + place + " was raised from an earlier goal, according to " + rng.Pick(kOrgs) + ".";
    case 10: return "In " + place + ", the " + metric + " fell " + Percent(rng) + " to " + Money(rng) + " in " + std::to_string(rng.Range(2019, 2025)) + ".";
    default: return "Between 2 and 3 " + rng.Pick(kScale) + " " + rng.Pick(kCurrencies) + " will go to " + place + " over the next " + std::to_string(rng.Range(2, 10)) + " years.";
  }
}

struct Story {
  std::string title;
  std::string published;  // 2023-05-19T14:27:00Z
  std::string site;
  std::string domain;
  std::string url;
  std::string topic;
  std::vector<std::string> paragraphs;
};

Story MakeStory(uint64_t seed, int64_t id, const std::vector<std::string>& places) {
  Rng rng(seed * 1000003ull + static_cast<uint64_t>(id));
  Story s;
  const std::string place = rng.Pick(places);
  static const std::vector<std::string> kTitleForms = {"{p} sets new targets for {m}", "{p} steps up push on {m}",
                                                       "How {p} plans to grow its {m}", "{p} reports record {m}",
                                                       "{m}: {p} unveils five-year plan"};
  std::string title = rng.Pick(kTitleForms);
  const std::string metric = rng.Pick(kMetrics);
  title.replace(title.find("{p}"), 3, place);
  title.replace(title.find("{m}"), 3, metric);
  s.title = title;
  char date[32];
  std::snprintf(date, sizeof date, "%04d-%02d-%02dT%02d:%02d:00Z", static_cast<int>(rng.Range(2018, 2026)),
                static_cast<int>(rng.Range(1, 12)), static_cast<int>(rng.Range(1, 28)), static_cast<int>(rng.Range(0, 23)),
                static_cast<int>(rng.Range(0, 59)));
  s.published = date;
  s.site = rng.Pick(kSites);
  s.domain = s.site;
  std::transform(s.domain.begin(), s.domain.end(), s.domain.begin(), [](char c) { return c == ' ' ? '-' : std::tolower(c); });
  s.domain += ".example.com";
  s.url = "https://www." + s.domain + "/news/" + std::to_string(id) + "-" + std::to_string(rng.Next() % 1000000);
  s.topic = rng.Pick(kTopics);
  const int paragraphs = static_cast<int>(rng.Range(4, 18));
  for (int p = 0; p < paragraphs; ++p) {
    std::string text;
    const int sentences = static_cast<int>(rng.Range(1, 5));
    for (int k = 0; k < sentences; ++k) {
      if (!text.empty()) text += ' ';
      text += rng.Chance(0.45) ? FactSentence(rng, places) : rng.Pick(kFiller);
    }
    s.paragraphs.push_back(text);
  }
  return s;
}

std::string Body(const Story& s) {
  std::string out;
  for (const std::string& p : s.paragraphs) out += p + "\n\n";
  return out;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string FrontMatter(const Story& s, Rng& rng) {
  std::string out = "---\ncategory: news\ntitle: " + Quote(s.title) + "\nexcerpt: " + Quote(s.paragraphs[0]) +
                    "\npublishedDateTime: " + s.published + "\noriginalUrl: " + Quote(s.url) + "\nwebUrl: " + Quote(s.url) +
                    "\ntype: article\nquality: " + std::to_string(rng.Range(40, 99)) + "\n\nprovider:\n  name: " + s.site +
                    "\n  domain: " + s.domain + "\n\ntopics:\n  - " + s.topic + "\n\nrelated:\n";
  for (int i = 0, n = static_cast<int>(rng.Range(0, 4)); i < n; ++i) {
    out += "  - title: " + Quote(rng.Pick(kFiller)) + "\n    url: \"https://www." + s.domain + "/news/r" +
           std::to_string(rng.Next() % 100000) + "\"\n";
  }
  return out + "---\n\n" + Body(s);
}

// Plain text as copied from a page: the article between menus, widgets, related lists and footers.
std::string PlainText(const Story& s, Rng& rng) {
  std::string out;
  if (rng.Chance(0.6)) out += "Home | News | Business | Tech | World | Opinion | Video\n\n";
  out += s.title + "\n\n";
  out += "By " + rng.Pick(kPeople) + " | " + s.site + " | Updated: " + s.published.substr(0, 10) + "\n\n";
  for (const std::string& p : s.paragraphs) out += p + "\n\n";
  if (rng.Chance(0.7)) {
    out += "Related Stories\n\n";
    for (int i = 0, n = static_cast<int>(rng.Range(2, 6)); i < n; ++i) out += "- " + rng.Pick(kFiller) + "\n";
    out += "\n";
  }
  if (rng.Chance(0.5)) out += "Share this article: Facebook Twitter LinkedIn Email\n\nMost Popular\n\n1. Markets close higher\n2. Weather warning issued\n\n";
  out += "Copyright (c) " + s.published.substr(0, 4) + " " + s.site + " | About us | Contact us\n\nAll rights reserved.\n";
  return out;
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

// Page furniture of about `bytes` bytes: script, style, nav links, related lists.
std::string Chrome(Rng& rng, const Story& s, size_t bytes, int kind) {
  std::string out;
  while (out.size() < bytes) {
    switch (kind == 0 ? rng.Range(0, 3) : kind) {
      case 0:
        out += "<script>window.__data=window.__data||[];__data.push({id:" + std::to_string(rng.Next() % 100000) +
               ",slot:\"ad-" + std::to_string(rng.Range(1, 40)) + "\",sizes:[[300,250],[728,90]],targeting:{section:\"" +
               s.topic + "\"}});function t" + std::to_string(rng.Range(0, 999)) +
               "(e){return e&&e.length>3?e.slice(0,3):e}</script>\n";
        break;
      case 1:
        out += "<style>.c" + std::to_string(rng.Range(0, 9999)) +
               "{margin:0 auto;padding:12px 16px;font:14px/1.5 Georgia,serif;color:#222}.c" +
               std::to_string(rng.Range(0, 9999)) + ":hover{text-decoration:underline}</style>\n";
        break;
      case 2:
        out += "<li><a href=\"https://www." + s.domain + "/section/" + std::to_string(rng.Range(1, 500)) + "\">" +
               rng.Pick(kTopics) + " " + rng.Pick(kMonths) + "</a></li>\n";
        break;
      default:
        out += "<li class=\"related\"><a href=\"/news/" + std::to_string(rng.Next() % 1000000) + "\">" +
               Escape(rng.Pick(kFiller)) + "</a><span class=\"date\">" + DayDate(rng) + "</span></li>\n";
        break;
    }
  }
  return out;
}

std::string Html(const Story& s, Rng& rng) {
  // Log-uniform size between 2 and 200 KB: many small pages, a few heavy ones.
  const double target = 2048.0 * std::pow(100.0, rng.Unit());
  std::string article = "<article><h1>" + Escape(s.title) + "</h1>\n<p class=\"byline\">By " + rng.Pick(kPeople) +
                        " | <time datetime=\"" + s.published + "\">" + s.published.substr(0, 10) + "</time></p>\n";
  for (const std::string& p : s.paragraphs) article += "<p>" + Escape(p) + "</p>\n";
  article += "</article>\n";
  const size_t furniture = target > article.size() + 1200 ? static_cast<size_t>(target) - article.size() - 1200 : 0;
  const int layout = static_cast<int>(rng.Range(0, 2));
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Escape(s.title) + " - " +
                    s.site + "</title>\n<link rel=\"canonical\" href=\"" + s.url +
                    "\">\n<meta property=\"og:title\" content=\"" + Escape(s.title) +
                    "\">\n<meta property=\"article:published_time\" content=\"" + s.published +
                    "\">\n<meta property=\"og:site_name\" content=\"" + s.site + "\">\n";
  out += Chrome(rng, s, furniture * 3 / 10, 0 == layout ? 0 : 1) + "</head><body>\n<header><nav><ul>\n";
  out += Chrome(rng, s, furniture / 10, 2) + "</ul></nav></header>\n<div class=\"main\">\n";
  if (layout == 2) out += "<aside class=\"sidebar\"><ul>" + Chrome(rng, s, furniture / 10, 3) + "</ul></aside>\n";
  out += article;
  out += "<section class=\"related\"><h2>Related</h2><ul>\n" + Chrome(rng, s, furniture * 2 / 10, 3) + "</ul></section>\n";
  out += "</div>\n<footer><p>Copyright " + s.published.substr(0, 4) + " " + s.site + ". All rights reserved.</p><ul>\n";
  out += Chrome(rng, s, furniture / 10, 2) + "</ul></footer>\n";
  out += Chrome(rng, s, furniture * 2 / 10, 0) + "</body></html>\n";
  return out;
}

// A real page with its paragraphs replaced by the story's (title too), so that real-world markup
// surrounds generated text.
std::string FromTemplate(const std::string& page, const Story& s) {
  std::string lower = page;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string out;
  size_t pos = 0;
  size_t insert_at = std::string::npos;
  for (;;) {
    size_t open = lower.find("<p", pos);
    while (open != std::string::npos && open + 2 < lower.size() && lower[open + 2] != '>' && lower[open + 2] != ' ')
      open = lower.find("<p", open + 2);
    if (open == std::string::npos) break;
    const size_t close = lower.find("</p>", open);
    if (close == std::string::npos) break;
    out.append(page, pos, open - pos);
    if (insert_at == std::string::npos) insert_at = out.size();
    pos = close + 4;
  }
  out.append(page, pos, std::string::npos);
  std::string paragraphs;
  for (const std::string& p : s.paragraphs) paragraphs += "<p>" + Escape(p) + "</p>\n";
  if (insert_at == std::string::npos) {
    size_t body = lower.find("<body");
    body = body == std::string::npos ? 0 : page.find('>', body) + 1;
    insert_at = body;
  }
  out.insert(insert_at, "<h1>" + Escape(s.title) + "</h1>\n" + paragraphs);
  return out;
}

bool ReadTemplate(const fs::path& path, std::string* out) {
  gzFile f = gzopen(path.c_str(), "rb");  // reads plain files too
  if (f == nullptr) return false;
  char buf[65536];
  int n;
  out->clear();
  while ((n = gzread(f, buf, sizeof buf)) > 0) out->append(buf, static_cast<size_t>(n));
  gzclose(f);
  return n >= 0 && !out->empty();
}

int Usage(const char* message) {
  std::fprintf(stderr, "corpus_gen: %s\nusage: corpus_gen --out DIR --articles N [--seed S] [--templates HTML_DIR] [--data DATA_DIR]\n",
               message);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_dir, templates_dir;
  std::string data_dir = (fs::path(__FILE__).parent_path().parent_path() / "data").string();
  int64_t articles = -1;
  uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return Usage(("missing value after " + arg).c_str());
    const char* value = argv[++i];
    if (arg == "--out") out_dir = value;
    else if (arg == "--articles") articles = std::strtoll(value, nullptr, 10);
    else if (arg == "--seed") seed = std::strtoull(value, nullptr, 10);
    else if (arg == "--templates") templates_dir = value;
    else if (arg == "--data") data_dir = value;
    else return Usage(("unknown option " + arg).c_str());
  }
  if (out_dir.empty() || articles < 0) return Usage("--out and --articles are required");

  const std::vector<std::string> places = LoadPlaces(data_dir);
  std::vector<std::string> templates;
  if (!templates_dir.empty()) {
    std::vector<fs::path> paths;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(templates_dir, ec)) paths.push_back(entry.path());
    if (ec) return Usage(("cannot read --templates folder: " + ec.message()).c_str());
    std::sort(paths.begin(), paths.end());
    for (const fs::path& p : paths) {
      std::string page;
      if (ReadTemplate(p, &page)) templates.push_back(std::move(page));
    }
    if (templates.empty()) return Usage("no readable pages in the --templates folder");
  }

  Rng rng(seed);
  uint64_t bytes = 0;
  int64_t counts[3] = {0, 0, 0};
  for (int64_t id = 0; id < articles; ++id) {
    // 2% are syndicated copies of an earlier story (another site, same text): dedup has work to do.
    const int64_t story_id = id > 50 && rng.Chance(0.02) ? rng.Range(0, id - 1) : id;
    Story story = MakeStory(seed, story_id, places);
    if (story_id != id) story.url += "?syndicated=" + std::to_string(id);
    const double roll = rng.Unit();
    const int kind = roll < 0.3 ? 0 : roll < 0.5 ? 1 : 2;  // 30% front-matter, 20% text, 50% HTML
    std::string content;
    const char* ext;
    if (kind == 0) {
      content = FrontMatter(story, rng);
      ext = ".md";
    } else if (kind == 1) {
      content = PlainText(story, rng);
      ext = ".txt";
    } else {
      content = !templates.empty() && rng.Chance(0.5) ? FromTemplate(rng.Pick(templates), story) : Html(story, rng);
      ext = ".html";
    }
    char folder[32], name[32];
    std::snprintf(folder, sizeof folder, "part-%04lld", static_cast<long long>(id / 1000));
    std::snprintf(name, sizeof name, "%07lld%s", static_cast<long long>(id), ext);
    const fs::path dir = fs::path(out_dir) / folder;
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::ofstream out(dir / name, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) {
      std::fprintf(stderr, "corpus_gen: cannot write %s\n", (dir / name).c_str());
      return 1;
    }
    bytes += content.size();
    ++counts[kind];
  }
  std::printf("corpus_gen: %lld articles (%lld front-matter, %lld text, %lld html), %.1f MB -> %s\n",
              static_cast<long long>(articles), static_cast<long long>(counts[0]), static_cast<long long>(counts[1]),
              static_cast<long long>(counts[2]), bytes / 1e6, out_dir.c_str());
  return 0;
}
