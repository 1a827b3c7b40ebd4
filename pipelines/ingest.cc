// `newsfacts ingest PATH... [--db FILE]`: files and folders -> read -> parse -> extract -> store.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "extract/extract.h"
#include "fetch/files.h"
#include "parse/parse.h"
#include "pipelines/commands.h"
#include "pipelines/log.h"
#include "store/store.h"

namespace newsfacts {
namespace {

struct IngestOptions {
  std::vector<std::string> paths;
  std::string db = "newsfacts.db";
  std::vector<std::string> rule_dirs;
  bool follow_symlinks = false;
  int batch_size = 200;  // articles per transaction: fewer fsyncs, bounded loss on a crash
  bool quiet = false;
  bool verbose = false;
};

class Ingestor {
 public:
  Ingestor(const IngestOptions& options, Store& store, const Extractor& extractor, int64_t run_id)
      : options_(options), store_(store), extractor_(extractor), run_id_(run_id) {}

  // Processes one file; every failure becomes one error line and one `errors` row.
  void IngestFile(const InputFile& file) {
    ++counts_.files_seen;
    Result<RawDocument> raw = ReadFileDocument(file.path);
    if (!raw.ok()) return Fail(file.path, "read", raw.status());
    Result<Article> article = ParseDocument(*raw);
    if (!article.ok()) return Fail(file.path, "parse", article.status());
    const Extraction extraction = extractor_.Extract(*article);
    Result<AddArticleResult> added = store_.AddArticle(run_id_, *article, extraction.facts);
    if (!added.ok()) return Fail(file.path, "store", added.status());
    if (added->article_new) {
      ++counts_.articles_new;
    } else {
      ++counts_.articles_duplicate;
      LogDebug(file.path + ": duplicate (" + added->duplicate_reason + ")");
    }
    counts_.facts_new += added->facts_new;
    counts_.facts_existing += added->facts_existing;
    if (++in_batch_ >= options_.batch_size) Flush();
  }

  void Problem(const WalkProblem& problem) {
    Fail(problem.path, "walk", Status::IoError(problem.message));
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
  const Extractor& extractor_;
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

  Ingestor ingestor(options, **store, **extractor, *run_id);
  if (Status s = (*store)->BeginBatch(); !s.ok()) {
    LogError(options.db, "cannot begin a batch: " + s.ToString());
    return kExitSomeFailed;
  }
  FileWalkOptions walk_options;
  walk_options.follow_symlinks_outside_root = options.follow_symlinks;
  const WalkCounts walked = WalkInputs(
      options.paths, walk_options, [&](const InputFile& file) { ingestor.IngestFile(file); },
      [&](const WalkProblem& problem) { ingestor.Problem(problem); });
  ingestor.Flush();
  if (Status s = (*store)->CommitBatch(); !s.ok()) LogError(options.db, "cannot commit: " + s.ToString());

  const RunCounts& counts = ingestor.counts();
  const bool failed = counts.errors > 0 || ingestor.commit_failed();
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
  sub.add_flag("-q,--quiet", options->quiet, "Print errors only");
  sub.add_flag("-v,--verbose", options->verbose, "Also print each duplicate and debugging details");
  return [options] { return RunIngest(*options); };
}

}  // namespace newsfacts
