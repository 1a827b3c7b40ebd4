// Article-extraction benchmark (scrapinghub/article-extraction-benchmark, 181 news pages).
//
// Scores newsfacts' HTML main text with the upstream metric (word 4-gram shingles, per-page
// normalised TP/FP/FN, mean precision and recall, F1 of the means; see SOURCE.txt in the peers
// folder), measures speed on one core, and checks the scorer by re-scoring the stored outputs of
// trafilatura, readability.js, rs_trafilatura and go_trafilatura against their published F1 (exit
// code 1 when one does not reproduce to three decimals).
//
// Usage: html_extraction_bench [PEERS_DIR] [--per-page FILE] [--dump FILE] [--repeat N]
//   --per-page FILE writes a TSV: page_id, precision, recall, f1.
//   --dump FILE writes newsfacts' bodies as {id: {"articleBody": ...}} (the shape of output/*.json).
//   --repeat N times the extraction N times (default 3) and reports the fastest pass.
//   PEERS_DIR defaults to <repo>/../shared/peers/article-extraction-benchmark.
#include <re2/re2.h>
#include <time.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/types.h"
#include "parse/html.h"

namespace fs = std::filesystem;
using newsfacts::Article;
using newsfacts::RawDocument;

namespace {

#ifndef NEWSFACTS_DATA_DIR
#define NEWSFACTS_DATA_DIR "data"
#endif

// Python's `\w+` on str: letters, numbers (all of \pN) and underscore.
std::vector<std::string> Tokenize(const std::string& text) {
  static const RE2 kToken("([\\pL\\pN_]+)");
  std::vector<std::string> tokens;
  re2::StringPiece input(text);
  std::string token;
  while (RE2::FindAndConsume(&input, kToken, &token)) tokens.push_back(token);
  return tokens;
}

std::unordered_map<std::string, int> Shingles(const std::vector<std::string>& tokens) {
  constexpr size_t kN = 4;
  std::unordered_map<std::string, int> counts;
  const size_t n = tokens.size() >= kN ? tokens.size() - kN + 1 : 1;
  for (size_t i = 0; i < n; ++i) {
    std::string shingle;
    for (size_t j = i; j < std::min(tokens.size(), i + kN); ++j) {
      if (j > i) shingle += ' ';
      shingle += tokens[j];
    }
    if (!shingle.empty()) ++counts[shingle];
  }
  return counts;
}

struct PageScore {
  double tp = 0, fp = 0, fn = 0;  // normalised so that tp + fp + fn == 1 (or all 0)
  bool exact = false;             // identical token sequences
};

PageScore ScorePage(const std::string& gold, const std::string& predicted) {
  const auto gold_tokens = Tokenize(gold);
  const auto pred_tokens = Tokenize(predicted);
  const auto g = Shingles(gold_tokens);
  const auto p = Shingles(pred_tokens);
  double tp = 0, fp = 0, fn = 0;
  for (const auto& [key, gc] : g) {
    auto it = p.find(key);
    const int pc = it == p.end() ? 0 : it->second;
    tp += std::min(gc, pc);
    fn += std::max(0, gc - pc);
  }
  for (const auto& [key, pc] : p) {
    auto it = g.find(key);
    const int gc = it == g.end() ? 0 : it->second;
    fp += std::max(0, pc - gc);
  }
  PageScore s;
  const double sum = tp + fp + fn;
  if (sum > 0) {
    s.tp = tp / sum;
    s.fp = fp / sum;
    s.fn = fn / sum;
  }
  s.exact = gold_tokens == pred_tokens;
  return s;
}

double PagePrecision(const PageScore& s) {
  if (s.fp == 0 && s.fn == 0) return 1;
  return s.tp / (s.tp + s.fp);
}
double PageRecall(const PageScore& s) {
  if (s.fp == 0 && s.fn == 0) return 1;
  if (s.tp + s.fn == 0) return 0;
  return s.tp / (s.tp + s.fn);
}

struct Summary {
  double precision = 0, recall = 0, f1 = 0, accuracy = 0;
};

Summary Summarize(const std::vector<PageScore>& pages) {
  double p_sum = 0, r_sum = 0;
  int p_count = 0, exact = 0;
  for (const auto& s : pages) {
    if (s.tp + s.fp > 0 || (s.fp == 0 && s.fn == 0)) {
      p_sum += PagePrecision(s);
      ++p_count;
    }
    r_sum += PageRecall(s);
    exact += s.exact ? 1 : 0;
  }
  Summary out;
  out.precision = p_count ? p_sum / p_count : 0;
  out.recall = pages.empty() ? 0 : r_sum / pages.size();
  out.f1 = out.precision + out.recall > 0 ? 2 * out.precision * out.recall / (out.precision + out.recall) : 0;
  out.accuracy = pages.empty() ? 0 : static_cast<double>(exact) / pages.size();
  return out;
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

bool ReadFile(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return true;
}

// The pages are gzip files; the system gzip decompresses them (the bench links no zlib).
bool ReadGzip(const fs::path& path, std::string& out) {
  std::string quoted = "'";
  for (char c : path.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  FILE* pipe = popen(("gzip -dc " + quoted).c_str(), "r");
  if (pipe == nullptr) return false;
  out.clear();
  char buffer[65536];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  return pclose(pipe) == 0;
}

// Stored outputs are {id: {"articleBody": ...}}, sometimes wrapped as {"output": {...}}.
std::map<std::string, std::string> LoadBodies(const fs::path& path) {
  std::string text;
  std::map<std::string, std::string> bodies;
  if (!ReadFile(path, text)) return bodies;
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return bodies;
  if (json.contains("output") && json["output"].is_object()) json = json["output"];
  for (auto it = json.begin(); it != json.end(); ++it) {
    if (!it.value().is_object()) continue;
    const auto& body = it.value().value("articleBody", nlohmann::json());
    bodies[it.key()] = body.is_string() ? body.get<std::string>() : "";
  }
  return bodies;
}

void PrintRow(const char* name, const Summary& s) {
  std::printf("  %-16s F1 %.3f  precision %.3f  recall %.3f  accuracy %.3f\n", name, s.f1, s.precision,
              s.recall, s.accuracy);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path peers =
      fs::path(NEWSFACTS_DATA_DIR) / ".." / ".." / "shared" / "peers" / "article-extraction-benchmark";
  std::string per_page_path, dump_path;
  int repeat = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--per-page" && i + 1 < argc) {
      per_page_path = argv[++i];
    } else if (arg == "--dump" && i + 1 < argc) {
      dump_path = argv[++i];
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--help" || arg == "-h") {
      std::printf("usage: %s [PEERS_DIR] [--per-page FILE] [--dump FILE] [--repeat N]\n", argv[0]);
      return 0;
    } else {
      peers = arg;
    }
  }
  std::string gold_text;
  if (!fs::is_directory(peers) || !ReadFile(peers / "ground-truth.json", gold_text)) {
    std::printf("peers folder absent (%s): benchmark not run, nothing scored.\n", peers.string().c_str());
    return 0;
  }
  const nlohmann::json gold_json = nlohmann::json::parse(gold_text, nullptr, false);
  if (gold_json.is_discarded() || !gold_json.is_object()) {
    std::fprintf(stderr, "error: %s/ground-truth.json is not valid JSON\n", peers.string().c_str());
    return 1;
  }
  struct Page {
    std::string id, url, gold, html;
  };
  std::vector<Page> pages;
  size_t total_bytes = 0;
  for (auto it = gold_json.begin(); it != gold_json.end(); ++it) {
    Page page;
    page.id = it.key();
    page.gold = it.value().value("articleBody", "");
    page.url = it.value().value("url", "");
    if (!ReadGzip(peers / "html" / (page.id + ".html.gz"), page.html)) {
      std::fprintf(stderr, "error: cannot read %s.html.gz\n", page.id.c_str());
      return 1;
    }
    total_bytes += page.html.size();
    pages.push_back(std::move(page));
  }

  // Extraction, timed on this one thread; the best of `repeat` passes counts.
  std::vector<std::string> predicted(pages.size());
  double best_seconds = 1e100, best_cpu_seconds = 1e100;
  int failures = 0;
  for (int r = 0; r < repeat; ++r) {
    failures = 0;
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuSeconds();
    for (size_t i = 0; i < pages.size(); ++i) {
      RawDocument raw;
      raw.source = pages[i].id + ".html";
      raw.url = pages[i].url;
      raw.body = pages[i].html;
      auto article = newsfacts::ParseHtml(raw);
      if (article.ok()) {
        predicted[i] = std::move(article->body);
      } else {
        predicted[i].clear();
        ++failures;
      }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best_seconds = std::min(best_seconds, seconds);
    best_cpu_seconds = std::min(best_cpu_seconds, ThreadCpuSeconds() - cpu_start);
  }

  std::vector<PageScore> ours;
  for (size_t i = 0; i < pages.size(); ++i) ours.push_back(ScorePage(pages[i].gold, predicted[i]));
  const Summary s = Summarize(ours);
  std::printf("article-extraction-benchmark: %zu pages, %.1f MB of HTML (%s)\n", pages.size(),
              total_bytes / 1e6, peers.string().c_str());
  PrintRow("newsfacts", s);
  // CPU time of this thread is what one core spends; wall time also counts waiting for a shared CPU.
  std::printf(
      "  speed (one core, best of %d): %.1f pages/s, %.2f MB/s by CPU time (%.1f pages/s by wall clock); "
      "%d parse failures\n",
      repeat, pages.size() / best_cpu_seconds, total_bytes / 1e6 / best_cpu_seconds,
      pages.size() / best_seconds, failures);
  std::printf("  goals: F1 >= 0.970 %s, precision >= 0.950 %s, >= 100 pages/s %s\n",
              s.f1 >= 0.97 ? "met" : "NOT met", s.precision >= 0.95 ? "met" : "NOT met",
              pages.size() / best_cpu_seconds >= 100 ? "met" : "NOT met");

  // Scorer check: the stored outputs of two reference tools against their published F1.
  std::printf("scorer check (stored outputs in output/):\n");
  struct Reference {
    const char* name;
    double published_f1;
  };
  bool scorer_ok = true;
  for (const Reference& ref : {Reference{"trafilatura", 0.958}, Reference{"readability_js", 0.947},
                               Reference{"rs_trafilatura", 0.970}, Reference{"go_trafilatura", 0.960}}) {
    const auto bodies = LoadBodies(peers / "output" / (std::string(ref.name) + ".json"));
    if (bodies.empty()) {
      std::printf("  %-16s output file missing or unreadable\n", ref.name);
      scorer_ok = false;
      continue;
    }
    std::vector<PageScore> scores;
    for (const auto& page : pages) {
      auto it = bodies.find(page.id);
      scores.push_back(ScorePage(page.gold, it == bodies.end() ? "" : it->second));
    }
    const Summary r = Summarize(scores);
    const bool match = std::lround(r.f1 * 1000) == std::lround(ref.published_f1 * 1000);
    scorer_ok = scorer_ok && match;
    std::printf("  %-16s published F1 %.3f, reproduced F1 %.3f (P %.3f R %.3f acc %.3f) %s\n", ref.name,
                ref.published_f1, r.f1, r.precision, r.recall, r.accuracy, match ? "match" : "MISMATCH");
  }

  if (!per_page_path.empty()) {
    std::ofstream out(per_page_path);
    if (!out) {
      std::fprintf(stderr, "error: cannot write %s\n", per_page_path.c_str());
      return 1;
    }
    out << "page_id\tprecision\trecall\tf1\n";
    for (size_t i = 0; i < pages.size(); ++i) {
      const double p = PagePrecision(ours[i]), rc = PageRecall(ours[i]);
      const double f = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
      char line[256];
      std::snprintf(line, sizeof line, "%s\t%.4f\t%.4f\t%.4f\n", pages[i].id.c_str(), p, rc, f);
      out << line;
    }
    std::printf("per-page table written to %s\n", per_page_path.c_str());
  }
  if (!dump_path.empty()) {
    nlohmann::json dump = nlohmann::json::object();
    for (size_t i = 0; i < pages.size(); ++i) dump[pages[i].id] = {{"articleBody", predicted[i]}};
    std::ofstream out(dump_path);
    out << dump.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    std::printf("bodies written to %s\n", dump_path.c_str());
  }
  return scorer_ok ? 0 : 1;
}
