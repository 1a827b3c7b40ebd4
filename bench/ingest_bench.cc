// End-to-end ingest throughput (issue 7): runs `newsfacts ingest` on a corpus and prints articles/s,
// MB/s, facts/s, peak RSS, the speed-up from --jobs 1 to --jobs <cores>, the time of an unchanged
// re-ingest, the time per stage measured in-process on one core (read / parse / extract / store)
// and a parse-only pass (read + gumbo over HTML, text parse for the rest) as the floor.
//
// Usage: ingest_bench NEWSFACTS_BINARY [CORPUS_DIR] [--articles N] [--jobs N] [--repeat N]
//                     [--rss-scaling] [--corpus-gen PATH] [--work DIR] [--keep]
//   Without CORPUS_DIR a corpus of N articles (default 20000) is generated with corpus_gen (found
//   beside this program unless --corpus-gen) into a temporary folder, removed at the end unless --keep.
//   --repeat N runs the parse-only pass and both end-to-end ingests N times, interleaved, and the
//   summary takes the fastest of each: on a shared machine other tenants only ever add time, and the
//   run with two threads needs both cores free at once, so single runs understate its speed-up.
//   --rss-scaling also generates 10,000- and 40,000-article corpora and prints the ingest's peak RSS.
// The binary is spawned with posix_spawn (no shell); peak RSS comes from wait4's rusage.
#include <gumbo.h>
#include <sched.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "extract/extract.h"
#include "fetch/files.h"
#include "parse/parse.h"
#include "store/store.h"

extern char** environ;
namespace fs = std::filesystem;
using namespace newsfacts;

namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct ChildRun {
  int exit_code = -1;
  double seconds = 0;
  long max_rss_kb = 0;
};

// Runs argv[0] with argv, stdout/stderr inherited; waits with wait4 for its own rusage.
ChildRun Spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ChildRun run;
  const auto start = Clock::now();
  pid_t pid = 0;
  if (int err = posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ); err != 0) {
    std::fprintf(stderr, "ingest_bench: cannot start %s: %s\n", argv[0], std::strerror(err));
    return run;
  }
  int status = 0;
  struct rusage usage {};
  if (wait4(pid, &status, 0, &usage) < 0) {
    std::perror("ingest_bench: wait4");
    return run;
  }
  run.seconds = Since(start);
  run.max_rss_kb = usage.ru_maxrss;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

void RemoveDb(const std::string& db) {
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) fs::remove(db + suffix);
}

std::string Load() {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) < 0) return "load ?";
  char buf[64];
  std::snprintf(buf, sizeof buf, "load %.2f %.2f %.2f", load[0], load[1], load[2]);
  return buf;
}

// `newsfacts ingest` into a fresh (or, when fresh=false, the same) database.
ChildRun Ingest(const std::string& binary, const std::string& corpus, const std::string& db, int jobs, bool fresh) {
  if (fresh) RemoveDb(db);
  ChildRun run = Spawn({binary, "ingest", corpus, "--db", db, "--jobs", std::to_string(jobs), "--quiet"});
  if (run.exit_code != 0) std::fprintf(stderr, "ingest_bench: newsfacts ingest exited with %d\n", run.exit_code);
  return run;
}

bool Generate(const std::string& corpus_gen, const std::string& dir, long articles) {
  ChildRun run = Spawn({corpus_gen, "--out", dir, "--articles", std::to_string(articles)});
  return run.exit_code == 0;
}

struct CorpusFiles {
  std::vector<std::string> paths;
  uint64_t bytes = 0;
};

CorpusFiles ListCorpus(const std::string& dir) {
  CorpusFiles files;
  WalkInputs({dir}, FileWalkOptions{}, [&](const InputFile& f) {
    files.paths.push_back(f.path);
    files.bytes += f.size;
  }, [](const WalkProblem& p) { std::fprintf(stderr, "ingest_bench: %s: %s\n", p.path.c_str(), p.message.c_str()); });
  return files;
}

struct StageTimes {
  double read = 0, parse = 0, extract = 0, store = 0;
  int64_t articles = 0, facts = 0, mentions = 0, errors = 0;
};

// The pipeline's stages called directly, one after the other on this thread, each timed on its own.
StageTimes MeasureStages(const CorpusFiles& files, const Extractor& extractor, const std::string& db) {
  StageTimes t;
  RemoveDb(db);
  Result<std::unique_ptr<Store>> store = Store::Open(db);
  if (!store.ok()) {
    std::fprintf(stderr, "ingest_bench: %s\n", store.status().ToString().c_str());
    return t;
  }
  Result<int64_t> run_id = (*store)->StartRun("bench");
  constexpr int kBatch = 1000;  // as `newsfacts ingest`
  int in_batch = 0;
  for (const std::string& path : files.paths) {
    auto t0 = Clock::now();
    Result<RawDocument> raw = ReadFileDocument(path);
    t.read += Since(t0);
    if (!raw.ok()) { ++t.errors; continue; }
    t0 = Clock::now();
    Result<Article> article = ParseDocument(*raw);
    t.parse += Since(t0);
    if (!article.ok()) { ++t.errors; continue; }
    t0 = Clock::now();
    Extraction extraction = extractor.Extract(*article);
    t.extract += Since(t0);
    t.facts += static_cast<int64_t>(extraction.facts.size());
    t.mentions += static_cast<int64_t>(extraction.mentions.size());
    ++t.articles;
    t0 = Clock::now();
    if (in_batch == 0) (void)(*store)->BeginBatch();
    Result<AddArticleResult> added = (*store)->AddArticle(run_id.ok() ? *run_id : 0, *article, extraction.facts);
    if (!added.ok()) ++t.errors;
    if (++in_batch == kBatch) {
      (void)(*store)->CommitBatch();
      in_batch = 0;
    }
    t.store += Since(t0);
  }
  auto t0 = Clock::now();
  if (in_batch > 0) (void)(*store)->CommitBatch();
  t.store += Since(t0);
  return t;
}

struct ParseOnly {
  double seconds = 0;
  int64_t html = 0, other = 0;
};

// The floor for any pipeline: read every file, build the HTML tree with gumbo (nothing else), and
// parse the text formats (front-matter, plain text) with the real parser.
ParseOnly MeasureParseOnly(const CorpusFiles& files) {
  ParseOnly p;
  const auto start = Clock::now();
  for (const std::string& path : files.paths) {
    Result<RawDocument> raw = ReadFileDocument(path);
    if (!raw.ok()) continue;
    if (DetectFormat(*raw) == InputFormat::kHtml) {
      GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, raw->body.data(), raw->body.size());
      gumbo_destroy_output(&kGumboDefaultOptions, out);
      ++p.html;
    } else {
      Result<Article> article = ParseDocument(*raw);
      ++p.other;
    }
  }
  p.seconds = Since(start);
  return p;
}

// The same gumbo work (the corpus' first 100 HTML pages, read once) on each core this process may
// use, one after the other. On a shared virtual machine one core can run at half speed while another
// tenant is busy on the host: a single-thread run is then fast or slow depending on the core it
// lands on, and the speed-up from 1 to 2 jobs means nothing.
class CoreProbe {
 public:
  explicit CoreProbe(const CorpusFiles& files) {
    for (const std::string& path : files.paths) {
      Result<RawDocument> raw = ReadFileDocument(path);
      if (raw.ok() && DetectFormat(*raw) == InputFormat::kHtml) pages_.push_back(std::move(raw->body));
      if (pages_.size() == 100) break;
    }
  }

  // (cpu, pages/s) for every core this process may run on; empty without HTML pages.
  std::vector<std::pair<int, double>> Speeds() const {
    std::vector<std::pair<int, double>> speeds;
    cpu_set_t allowed;
    if (pages_.empty() || sched_getaffinity(0, sizeof allowed, &allowed) != 0) return speeds;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (!CPU_ISSET(cpu, &allowed)) continue;
      double rate = 0;
      std::thread pinned([&] {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        if (sched_setaffinity(0, sizeof one, &one) != 0) return;  // 0: this thread only
        const auto start = Clock::now();
        for (const std::string& page : pages_) {
          GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, page.data(), page.size());
          gumbo_destroy_output(&kGumboDefaultOptions, out);
        }
        rate = static_cast<double>(pages_.size()) / Since(start);
      });
      pinned.join();
      if (rate > 0) speeds.emplace_back(cpu, rate);
    }
    return speeds;
  }

  // The fastest core's speed over the slowest's: 1 when they are even (or cannot be measured).
  double Spread() const {
    const std::vector<std::pair<int, double>> speeds = Speeds();
    double slowest = 0, fastest = 0;
    for (const auto& [cpu, rate] : speeds) {
      slowest = slowest == 0 ? rate : std::min(slowest, rate);
      fastest = std::max(fastest, rate);
    }
    return slowest > 0 ? fastest / slowest : 1.0;
  }

 private:
  std::vector<std::string> pages_;
};

// A run counts as measured on even cores when they were within 10% of each other just before and
// just after it.
constexpr double kEvenCores = 1.10;

void PrintCoreSpeeds(const char* when, const CoreProbe& probe) {
  std::string line;
  for (const auto& [cpu, rate] : probe.Speeds()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%scpu%d %.0f pages/s", line.empty() ? "" : ", ", cpu, rate);
    line += buf;
  }
  if (!line.empty()) std::printf("\n[cores] gumbo on each core, %s: %s\n", when, line.c_str());
}

// The fastest of a configuration's runs, preferring runs on even cores; the highest peak RSS.
class Fastest {
 public:
  void Add(double seconds, long max_rss_kb, bool even) {
    max_rss_kb_ = std::max(max_rss_kb_, max_rss_kb);
    any_ = std::min(any_, seconds);
    if (even) even_ = std::min(even_, seconds);
  }
  bool even() const { return even_ < kNone; }
  double seconds() const { return even() ? even_ : any_; }
  long max_rss_kb() const { return max_rss_kb_; }

 private:
  static constexpr double kNone = 1e300;
  double any_ = kNone, even_ = kNone;
  long max_rss_kb_ = 0;
};

// " (round 2 of 3)" when the runs repeat, else nothing.
std::string RoundLabel(int round, int repeat) {
  return repeat > 1 ? " (round " + std::to_string(round) + " of " + std::to_string(repeat) + ")" : "";
}

int Usage(const char* message) {
  std::fprintf(stderr,
               "ingest_bench: %s\nusage: ingest_bench NEWSFACTS_BINARY [CORPUS_DIR] [--articles N] [--jobs N] "
               "[--repeat N] [--rss-scaling] [--corpus-gen PATH] [--work DIR] [--keep]\n",
               message);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows up line by line even when redirected
  std::string binary, corpus, corpus_gen, work;
  long articles = 20000;
  int repeat = 1;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool rss_scaling = false, keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--rss-scaling") rss_scaling = true;
    else if (arg == "--keep") keep = true;
    else if (arg == "--articles" || arg == "--jobs" || arg == "--repeat" || arg == "--corpus-gen" || arg == "--work") {
      const char* v = value();
      if (v == nullptr) return Usage(("missing value after " + arg).c_str());
      if (arg == "--articles") articles = std::atol(v);
      else if (arg == "--jobs") jobs = std::atoi(v);
      else if (arg == "--repeat") repeat = std::atoi(v);
      else if (arg == "--corpus-gen") corpus_gen = v;
      else work = v;
    } else if (arg.rfind("--", 0) == 0) return Usage(("unknown option " + arg).c_str());
    else if (binary.empty()) binary = arg;
    else if (corpus.empty()) corpus = arg;
    else return Usage("too many arguments");
  }
  if (binary.empty()) return Usage("the newsfacts binary is required");
  binary = fs::absolute(binary).string();
  if (access(binary.c_str(), X_OK) != 0) return Usage(("not an executable: " + binary).c_str());
  if (corpus_gen.empty()) corpus_gen = (fs::absolute(fs::path(argv[0])).parent_path() / "corpus_gen").string();
  if (jobs < 1 || articles < 1 || repeat < 1) return Usage("--jobs, --articles and --repeat must be positive");

  if (work.empty()) {
    char tmpl[] = "/tmp/ingest_bench.XXXXXX";
    if (mkdtemp(tmpl) == nullptr) return Usage("cannot create a temporary folder");
    work = tmpl;
  }
  fs::create_directories(work);
  const bool generated = corpus.empty();
  if (generated) {
    corpus = work + "/corpus";
    std::printf("generating %ld articles into %s\n", articles, corpus.c_str());
    if (!Generate(corpus_gen, corpus, articles)) return Usage(("corpus_gen failed: " + corpus_gen).c_str());
  }
  const CorpusFiles files = ListCorpus(corpus);
  if (files.paths.empty()) return Usage(("no input files in " + corpus).c_str());
  const double mb = files.bytes / 1e6;
  const double n = static_cast<double>(files.paths.size());
  std::printf("corpus: %s: %zu files, %.1f MB; jobs %d; %s\n", corpus.c_str(), files.paths.size(), mb, jobs,
              Load().c_str());

  // Warm the page cache so that every pass below reads from memory.
  for (const std::string& path : files.paths) (void)ReadFileDocument(path);

  const CoreProbe probe(files);
  PrintCoreSpeeds("before", probe);
  // Runs `run`, printing whether the cores were even around it.
  auto bracketed = [&](auto run, bool* even) {
    const double before = probe.Spread();
    auto result = run();
    const double after = probe.Spread();
    *even = std::max(before, after) <= kEvenCores;
    std::printf("  cores %s (fastest / slowest: %.2f before, %.2f after)\n",
                *even ? "even" : "UNEVEN, not counted while even runs exist", before, after);
    return result;
  };

  ExtractorOptions extractor_options;
  extractor_options.data_dir = NEWSFACTS_DATA_DIR;
  Result<std::unique_ptr<Extractor>> extractor = Extractor::Load(extractor_options);
  if (!extractor.ok()) return Usage(extractor.status().ToString().c_str());

  const std::string db = work + "/bench.db";
  Fastest parse_only;
  auto measure_parse_only = [&](int round) {
    std::printf("\n[parse-only] read + gumbo (HTML) / text parse, 1 core%s ... %s\n", RoundLabel(round, repeat).c_str(),
                Load().c_str());
    bool even = false;
    const ParseOnly p = bracketed([&] { return MeasureParseOnly(files); }, &even);
    std::printf("  %.2f s  %.1f articles/s  %.1f MB/s  (%lld html, %lld text)\n", p.seconds, n / p.seconds,
                mb / p.seconds, static_cast<long long>(p.html), static_cast<long long>(p.other));
    parse_only.Add(p.seconds, 0, even);
  };
  measure_parse_only(1);

  std::printf("\n[stages] in-process, 1 core ... %s\n", Load().c_str());
  const StageTimes st = MeasureStages(files, **extractor, db);
  const double total = st.read + st.parse + st.extract + st.store;
  std::printf("  read    %7.2f s  %5.1f%%\n  parse   %7.2f s  %5.1f%%\n  extract %7.2f s  %5.1f%%\n"
              "  store   %7.2f s  %5.1f%%\n  total   %7.2f s  %.1f articles/s; %lld articles, %lld mentions, "
              "%lld facts extracted, %lld errors\n",
              st.read, 100 * st.read / total, st.parse, 100 * st.parse / total, st.extract, 100 * st.extract / total,
              st.store, 100 * st.store / total, total, st.articles / total, static_cast<long long>(st.articles),
              static_cast<long long>(st.mentions), static_cast<long long>(st.facts), static_cast<long long>(st.errors));

  // A fresh ingest with `with_jobs`, added to `fastest`; returns its time and whether the cores were even.
  auto ingest = [&](int with_jobs, int round, Fastest* fastest) {
    std::printf("\n[end-to-end] newsfacts ingest --jobs %d, fresh db%s ... %s\n", with_jobs,
                RoundLabel(round, repeat).c_str(), Load().c_str());
    bool even = false;
    const ChildRun run = bracketed([&] { return Ingest(binary, corpus, db, with_jobs, true); }, &even);
    std::printf("  %.2f s  %.1f articles/s  %.1f MB/s  %.0f facts/s  peak RSS %.1f MB  (exit %d)\n", run.seconds,
                n / run.seconds, mb / run.seconds, st.facts / run.seconds, run.max_rss_kb / 1024.0, run.exit_code);
    fastest->Add(run.seconds, run.max_rss_kb, even);
    return std::make_pair(run.seconds, even);
  };
  Fastest full, single;
  const std::pair<double, bool> first_full = ingest(jobs, 1, &full);
  const double first_full_seconds = first_full.first;

  std::printf("\n[re-ingest] unchanged corpus, same db ... %s\n", Load().c_str());
  const ChildRun again = Ingest(binary, corpus, db, jobs, false);
  std::printf("  %.3f s = %.2f%% of the first run (goal <= 3%%)  peak RSS %.1f MB  (exit %d)\n", again.seconds,
              100 * again.seconds / first_full_seconds, again.max_rss_kb / 1024.0, again.exit_code);

  std::string rounds;  // each round's speed-up, "(uneven)" where the cores were not even
  for (int round = 1; round <= repeat; ++round) {
    if (round > 1) measure_parse_only(round);
    const auto [full_seconds, full_even] = round > 1 ? ingest(jobs, round, &full) : first_full;
    const auto [single_seconds, single_even] = ingest(1, round, &single);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%.2fx%s", rounds.empty() ? "" : ", ", single_seconds / full_seconds,
                  full_even && single_even ? "" : " (uneven)");
    rounds += buf;
  }

  PrintCoreSpeeds("after", probe);
  std::printf("\n[summary] %s\n", Load().c_str());
  if (!full.even() || !single.even() || !parse_only.even()) {
    std::printf("  WARNING: some configuration had no run on even cores (another tenant was busy on the host); "
                "its fastest uneven run is used, and single-thread times are not comparable to a quiet run\n");
  }
  if (repeat > 1) {
    std::printf("  fastest of %d runs each (on even cores where possible): parse-only %.2f s, --jobs %d %.2f s, "
                "--jobs 1 %.2f s\n", repeat, parse_only.seconds(), jobs, full.seconds(), single.seconds());
    std::printf("  speed-up within each round: %s\n", rounds.c_str());
  }
  std::printf("  speed-up jobs 1 -> %d: %.2fx (goal >= 1.8x)\n", jobs, single.seconds() / full.seconds());
  std::printf("  end-to-end / parse-only: %.2fx with --jobs %d, %.2fx with --jobs 1 (goal <= 1.5x)\n",
              full.seconds() / parse_only.seconds(), jobs, single.seconds() / parse_only.seconds());
  std::printf("  unchanged re-ingest: %.2f%% of the first run (goal <= 3%%)\n", 100 * again.seconds / first_full_seconds);
  std::printf("  peak RSS: %.1f MB (--jobs %d), %.1f MB (--jobs 1) (goal < 200 MB)\n", full.max_rss_kb() / 1024.0,
              jobs, single.max_rss_kb() / 1024.0);

  // One machine-readable line (bench/peers/peers.mjs reads it).
  std::printf("RESULT files=%zu mb=%.3f read_s=%.4f parse_s=%.4f extract_s=%.4f store_s=%.4f parse_only_s=%.4f "
              "e2e_jobs_s=%.4f e2e_1_s=%.4f reingest_s=%.4f rss_jobs_mb=%.1f rss_1_mb=%.1f facts=%lld\n",
              files.paths.size(), mb, st.read, st.parse, st.extract, st.store, parse_only.seconds(), full.seconds(),
              single.seconds(), again.seconds, full.max_rss_kb() / 1024.0, single.max_rss_kb() / 1024.0,
              static_cast<long long>(st.facts));
  std::fflush(stdout);

  if (rss_scaling) {
    std::printf("\n[rss-scaling] newsfacts ingest --jobs %d on generated corpora\n", jobs);
    double rss[2] = {0, 0};
    const long sizes[2] = {10000, 40000};
    for (int k = 0; k < 2; ++k) {
      const std::string dir = work + "/corpus-" + std::to_string(sizes[k]);
      if (!fs::exists(dir) && !Generate(corpus_gen, dir, sizes[k])) return Usage("corpus_gen failed");
      const ChildRun run = Ingest(binary, dir, db, jobs, true);
      rss[k] = run.max_rss_kb / 1024.0;
      std::printf("  %ld articles: %.2f s, peak RSS %.1f MB  (exit %d; %s)\n", sizes[k], run.seconds, rss[k],
                  run.exit_code, Load().c_str());
      if (!keep) fs::remove_all(dir);
    }
    std::printf("  40,000 vs 10,000: %+.1f%% (goal within +-10%%)\n", 100 * (rss[1] - rss[0]) / rss[0]);
  }

  RemoveDb(db);
  if (generated && !keep) fs::remove_all(corpus);
  if (!keep) {
    std::error_code ec;
    fs::remove(work, ec);  // only when empty: a --work folder given by the user keeps its other files
  }
  return 0;
}
