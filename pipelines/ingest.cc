// `newsfacts ingest PATH... [--db FILE]`: files and folders -> read -> parse -> extract -> store.
#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "extract/extract.h"
#include "fetch/files.h"
#include "parse/parse.h"
#include "pipelines/commands.h"
#include "pipelines/log.h"
#include "pipelines/ordered_pool.h"
#include "store/store.h"

namespace newsfacts {
namespace {

struct IngestOptions {
  std::vector<std::string> paths;
  std::string db = "newsfacts.db";
  std::vector<std::string> rule_dirs;
  bool follow_symlinks = false;
  int batch_size = 200;  // articles per transaction: fewer fsyncs, bounded loss on a crash
  int jobs = 0;          // parse/extract threads; 0 = one per core
  bool quiet = false;
  bool verbose = false;
};

// What a worker hands to the writer for one input: an article with its facts, or a failure.
struct Processed {
  std::string source;
  std::string stage;  // where it failed: "walk", "read", "parse"; empty on success
  Status status;
  Article article;
  std::vector<Fact> facts;
};

// An input in the order the walk found it: a file to process or a problem to record.
struct WalkItem {
  InputFile file;
  std::optional<WalkProblem> problem;
};

// Read, parse and extract: pure work that runs on the worker threads.
Processed ProcessFile(const WalkItem& item, const Extractor& extractor) {
  Processed p;
  if (item.problem) {
    p.source = item.problem->path;
    p.stage = "walk";
    p.status = Status::IoError(item.problem->message);
    return p;
  }
  p.source = item.file.path;
  Result<RawDocument> raw = ReadFileDocument(item.file.path);
  if (!raw.ok()) {
    p.stage = "read";
    p.status = raw.status();
    return p;
  }
  Result<Article> article = ParseDocument(*raw);
  if (!article.ok()) {
    p.stage = "parse";
    p.status = article.status();
    return p;
  }
  p.article = std::move(article).value();
  try {
    p.facts = extractor.Extract(p.article).facts;
  } catch (const std::exception& e) {  // a bug in a rule must not take the batch down
    p.stage = "extract";
    p.status = Status::Internal(std::string("extraction failed: ") + e.what());
  }
  return p;
}

// The single writer: owns the store connection, commits in batches, counts and records errors.
class IngestWriter {
 public:
  IngestWriter(const IngestOptions& options, Store& store, int64_t run_id)
      : options_(options), store_(store), run_id_(run_id) {}

  void Write(Processed& p) {
    if (p.stage != "walk") ++counts_.files_seen;
    if (!p.status.ok()) return Fail(p.source, p.stage, p.status);
    Result<AddArticleResult> added = store_.AddArticle(run_id_, p.article, p.facts);
    if (!added.ok()) return Fail(p.source, "store", added.status());
    if (added->article_new) {
      ++counts_.articles_new;
    } else {
      ++counts_.articles_duplicate;
      LogDebug(p.source + ": duplicate (" + added->duplicate_reason + ")");
    }
    counts_.facts_new += added->facts_new;
    counts_.facts_existing += added->facts_existing;
    if (++in_batch_ >= options_.batch_size) Flush();
  }

  // Commits the open batch and starts the next one.
  void Flush() {
    if (Status s = store_.CommitBatch(); !s.ok()) {
      LogError(options_.db, "cannot commit: " + s.ToString());
      commit_failed_ = true;
    }
    in_batch_ = 0;
    if (Status s = store_.BeginBatch(); !s.ok()) LogError(options_.db, "cannot begin a batch: " + s.ToString());
  }

  // Commits the last batch.
  void Finish() {
    if (Status s = store_.CommitBatch(); !s.ok()) {
      LogError(options_.db, "cannot commit: " + s.ToString());
      commit_failed_ = true;
    }
  }

  const RunCounts& counts() const { return counts_; }
  bool commit_failed() const { return commit_failed_; }

 private:
  void Fail(const std::string& source, const std::string& stage, const Status& status) {
    ++counts_.errors;
    LogError(source, status.message());
    if (Status s = store_.RecordError(run_id_, source, stage, status.message()); !s.ok()) {
      LogError(options_.db, "cannot record error: " + s.ToString());
    }
  }

  const IngestOptions& options_;
  Store& store_;
  const int64_t run_id_;
  RunCounts counts_;
  int in_batch_ = 0;
  bool commit_failed_ = false;
};

int RunIngest(const IngestOptions& options) {
  SetVerbosity(options.quiet ? Verbosity::kQuiet : options.verbose ? Verbosity::kVerbose : Verbosity::kNormal);
  const auto started = std::chrono::steady_clock::now();

  ExtractorOptions extractor_options;
  extractor_options.extra_rule_dirs = options.rule_dirs;
  Result<std::unique_ptr<Extractor>> extractor = Extractor::Load(extractor_options);
  if (!extractor.ok()) {
    LogError("rules", extractor.status().message());
    return kExitUsage;
  }
  Result<std::unique_ptr<Store>> store = Store::Open(options.db);
  if (!store.ok()) {
    LogError(options.db, store.status().message());
    return kExitUsage;
  }
  Result<int64_t> run_id = (*store)->StartRun("ingest");
  if (!run_id.ok()) {
    LogError(options.db, "cannot record the run: " + run_id.status().message());
    return kExitUsage;
  }

  IngestWriter writer(options, **store, *run_id);
  if (Status s = (*store)->BeginBatch(); !s.ok()) {
    LogError(options.db, "cannot begin a batch: " + s.ToString());
    return kExitSomeFailed;
  }
  const int jobs = options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const Extractor& extractor_ref = **extractor;
  OrderedPool<WalkItem, Processed> pool(
      jobs, /*window=*/static_cast<size_t>(jobs) * 8,
      [&extractor_ref](WalkItem& item) { return ProcessFile(item, extractor_ref); },
      [&writer](Processed& p) { writer.Write(p); });
  FileWalkOptions walk_options;
  walk_options.follow_symlinks_outside_root = options.follow_symlinks;
  const WalkCounts walked = WalkInputs(
      options.paths, walk_options, [&](const InputFile& file) { pool.Submit(WalkItem{file, std::nullopt}); },
      [&](const WalkProblem& problem) { pool.Submit(WalkItem{InputFile{}, problem}); });
  pool.Finish();
  writer.Finish();

  const RunCounts& counts = writer.counts();
  const bool failed = counts.errors > 0 || writer.commit_failed();
  if (Status s = (*store)->FinishRun(*run_id, counts, failed ? "partial" : "ok"); !s.ok()) {
    LogError(options.db, "cannot record the run: " + s.ToString());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!options.quiet) {
    std::fprintf(stderr,
                 "newsfacts: ingest: %lld files seen (%lld skipped), articles %lld new / %lld duplicate, "
                 "facts %lld new / %lld existing, %lld errors, %.2f s -> %s\n",
                 static_cast<long long>(counts.files_seen), static_cast<long long>(walked.skipped),
                 static_cast<long long>(counts.articles_new), static_cast<long long>(counts.articles_duplicate),
                 static_cast<long long>(counts.facts_new), static_cast<long long>(counts.facts_existing),
                 static_cast<long long>(counts.errors), seconds, options.db.c_str());
  }
  return failed ? kExitSomeFailed : kExitOk;
}

}  // namespace

CommandRunner SetupIngestCommand(CLI::App& sub) {
  auto options = std::make_shared<IngestOptions>();
  sub.add_option("paths", options->paths, "Files and folders to ingest (folders recursively)")->required();
  sub.add_option("--db", options->db, "SQLite database file (created if missing)")->capture_default_str();
  sub.add_option("--rules", options->rule_dirs, "Extra rule folder (adds or overrides rules by id); repeatable");
  sub.add_flag("--follow-symlinks", options->follow_symlinks,
               "Follow symlinks that lead outside the folder given (default: report and skip them)");
  sub.add_option("--batch-size", options->batch_size, "Articles per transaction")
      ->capture_default_str()->check(CLI::PositiveNumber);
  sub.add_option("-j,--jobs", options->jobs, "Parse/extract threads (0 = one per core); results do not depend on it")
      ->capture_default_str()->check(CLI::Range(0, 256));
  sub.add_flag("-q,--quiet", options->quiet, "Print errors only");
  sub.add_flag("-v,--verbose", options->verbose, "Also print each duplicate and debugging details");
  return [options] { return RunIngest(*options); };
}

}  // namespace newsfacts
