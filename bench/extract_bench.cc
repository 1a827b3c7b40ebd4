// Extraction throughput: MB/s of plain text through Extractor::Extract on one core.
//
// Usage: extract_bench [FILE...] [--min-mb N]
//   Without files the corpus is the article bodies of ../shared/peers/article-extraction-benchmark
//   (ground-truth.json, 181 real news articles) when present, plus samples/*.txt. The corpus is run
//   repeatedly until at least N MB (default 20) went through; the time is the thread's CPU time.
//   What Extract remembers across texts is forgotten before each pass (untimed), so a pass is timed
//   as one run over the corpus, not helped by having seen the same texts before.
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "extract/extract.h"

namespace fs = std::filesystem;

namespace {

#ifndef NEWSFACTS_DATA_DIR
#define NEWSFACTS_DATA_DIR "data"
#endif

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  double min_mb = 20;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--min-mb" && i + 1 < argc) {
      min_mb = std::atof(argv[++i]);
    } else if (arg == "--help" || arg == "-h") {
      std::printf("usage: extract_bench [FILE...] [--min-mb N]\n");
      return 0;
    } else {
      files.push_back(arg);
    }
  }
  const fs::path source = fs::path(NEWSFACTS_DATA_DIR).parent_path();
  std::vector<newsfacts::Article> corpus;
  if (files.empty()) {
    const fs::path truth = source / ".." / "shared" / "peers" / "article-extraction-benchmark" / "ground-truth.json";
    if (fs::exists(truth)) {
      nlohmann::json j = nlohmann::json::parse(ReadAll(truth), nullptr, false);
      if (j.is_object()) {
        for (const auto& [id, page] : j.items()) {
          if (!page.contains("articleBody") || !page["articleBody"].is_string()) continue;
          newsfacts::Article a;
          a.source = id;
          a.body = page["articleBody"].get<std::string>();
          a.published = "2019-06-01";
          corpus.push_back(std::move(a));
        }
        std::printf("corpus: %zu article bodies from %s\n", corpus.size(), truth.lexically_normal().c_str());
      }
    } else {
      std::printf("corpus: %s absent; using samples/ only\n", truth.lexically_normal().c_str());
    }
    for (const auto& entry : fs::directory_iterator(source / "samples")) {
      if (entry.path().extension() == ".txt") files.push_back(entry.path().string());
    }
  }
  for (const std::string& f : files) {
    newsfacts::Article a;
    a.source = f;
    a.body = ReadAll(f);
    a.published = "2024-04-06";
    corpus.push_back(std::move(a));
  }
  size_t corpus_bytes = 0;
  for (const auto& a : corpus) corpus_bytes += a.body.size();
  if (corpus_bytes == 0) {
    std::fprintf(stderr, "extract_bench: no text to run on\n");
    return 2;
  }

  const double load_start = ThreadCpuSeconds();
  newsfacts::ExtractorOptions options;
  options.data_dir = NEWSFACTS_DATA_DIR;
  auto extractor = newsfacts::Extractor::Load(options);
  if (!extractor.ok()) {
    std::fprintf(stderr, "extract_bench: %s\n", extractor.status().ToString().c_str());
    return 2;
  }
  const double load_seconds = ThreadCpuSeconds() - load_start;

  size_t bytes = 0, mentions = 0, facts = 0, passes = 0;
  double excluded = 0;  // forgetting the caches between passes
  const double start = ThreadCpuSeconds();
  while (bytes < min_mb * 1e6) {
    const double clear_start = ThreadCpuSeconds();
    (*extractor)->ClearThreadCaches();
    excluded += ThreadCpuSeconds() - clear_start;
    for (const auto& a : corpus) {
      newsfacts::Extraction ex = (*extractor)->Extract(a);
      mentions += ex.mentions.size();
      facts += ex.facts.size();
      bytes += a.body.size();
    }
    ++passes;
  }
  const double seconds = ThreadCpuSeconds() - start - excluded;
  std::printf("loaded rules + gazetteer in %.3f s CPU\n", load_seconds);
  std::printf("corpus %.2f MB (%zu texts), %zu passes: %.2f MB in %.3f s CPU on one core = %.1f MB/s\n",
              corpus_bytes / 1e6, corpus.size(), passes, bytes / 1e6, seconds, bytes / 1e6 / seconds);
  std::printf("per pass: %zu mentions, %zu facts\n", mentions / passes, facts / passes);
  return 0;
}
