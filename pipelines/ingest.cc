// `newsfacts ingest PATH... [--db FILE]`: files and folders -> read -> parse -> extract -> store.
// The walk and the store run on the calling thread; reading, parsing and extracting run on a
// worker pool, and results are written in walk order so that any --jobs gives the same database.
#include <xxhash.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "extract/extract.h"
#include "fetch/files.h"
#include "fetch/warc.h"
#include "pipelines/article_flow.h"
#include "pipelines/commands.h"
#include "pipelines/log.h"
#include "pipelines/ordered_pool.h"
#include "pipelines/progress.h"
#include "store/store.h"

namespace newsfacts {
namespace {

// Documents in flight per worker (queued, being processed or waiting to be written). While the
// writer commits a batch and SQLite checkpoints (up to half a second), the workers go on with the
// queue: with 32 they idled 12% of a 20,000-article ingest, with 256 about 1%, for 6 MB more RSS.
constexpr size_t kWindowPerJob = 256;

struct IngestOptions {
  std::vector<std::string> paths;
  std::string db = "newsfacts.db";
  std::vector<std::string> rule_dirs;
  bool follow_symlinks = false;
  // Articles per transaction. A commit writes every page the batch changed, and new facts change
  // index pages all over the file, so larger batches write far less: 1,000 instead of 200 cut the
  // store's time for 20,000 articles by 40%. A crash loses at most one batch (redone next run).
  int batch_size = 1000;
  int max_batch_ms = 5000;  // ... and at most this long, so another writer waits seconds, not minutes
  int jobs = 0;          // parse/extract threads; 0 = one per core
  bool force = false;      // also process files stored before with the same path, size and mtime
  bool reextract = false;  // replace the facts of already stored articles with the current rules' output
  std::string command = "ingest";  // recorded in `runs` and the summary line
  bool quiet = false;
  bool verbose = false;
};

// One unit of work in walk order: a file to read, a document already read (a WARC record), or a
// problem to record.
struct WorkItem {
  std::string path;
  std::optional<RawDocument> document;
  std::optional<Processed> failure;
  std::optional<InputFile> file;  // a file on disk, remembered once stored so re-ingests skip it
};

// What the writer needs besides the article: the file to remember, with its content hash.
struct Done {
  Processed processed;
  std::optional<InputFile> file;
  std::string content_hash;
  int64_t known_article_id = 0;  // > 0: the bytes were stored before as this article; not parsed
};

std::string ContentHash(std::string_view bytes) {
  const XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return hex;
}

// Content hashes stored by earlier runs, sorted by hash; read-only while the workers run, so
// they can consult it without touching the database.
class KnownContentIndex {
 public:
  explicit KnownContentIndex(std::vector<KnownContent> known) : known_(std::move(known)) {
    std::sort(known_.begin(), known_.end(),
              [](const KnownContent& a, const KnownContent& b) { return a.content_hash < b.content_hash; });
  }
  // The article stored from these bytes, or 0.
  int64_t Find(const std::string& content_hash) const {
    auto it = std::lower_bound(
        known_.begin(), known_.end(), content_hash,
        [](const KnownContent& entry, const std::string& hash) { return entry.content_hash < hash; });
    return it != known_.end() && it->content_hash == content_hash ? it->article_id : 0;
  }

 private:
  std::vector<KnownContent> known_;
};

Done Process(WorkItem& item, const Extractor& extractor, const KnownContentIndex* known_content) {
  Done done;
  done.file = item.file;
  if (item.failure) {
    done.processed = std::move(*item.failure);
  } else if (item.document) {
    done.processed = ProcessDocument(std::move(*item.document), extractor);
  } else {
    Result<RawDocument> raw = ReadFileDocument(item.path);
    if (!raw.ok()) {
      done.processed = FailedInput(item.path, "read", raw.status());
    } else {
      done.content_hash = ContentHash(raw->body);
      if (known_content != nullptr) done.known_article_id = known_content->Find(done.content_hash);
      if (done.known_article_id == 0) done.processed = ProcessDocument(std::move(raw).value(), extractor);
    }
  }
  return done;
}

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
  Result<int64_t> run_id = (*store)->StartRun(options.command);
  if (!run_id.ok()) {
    LogError(options.db, "cannot record the run: " + run_id.status().message());
    return kExitUsage;
  }

  ArticleWriterOptions writer_options;
  writer_options.db_label = options.db;
  writer_options.batch_size = options.batch_size;
  writer_options.max_batch_ms = options.max_batch_ms;
  writer_options.reextract = options.reextract;
  ArticleWriter writer(writer_options, **store, *run_id);
  if (Status s = writer.Begin(); !s.ok()) {
    LogError(options.db, "cannot begin a batch: " + s.ToString());
    return kExitSomeFailed;
  }

  const int jobs =
      options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const Extractor& extractor_ref = **extractor;
  Store& store_ref = **store;
  // Without --force or --reextract, a file whose bytes were stored before (moved, copied or
  // touched since) is recorded, not parsed again.
  std::optional<KnownContentIndex> known_content;
  if (!options.force && !options.reextract) {
    Result<std::vector<KnownContent>> known = store_ref.QueryKnownContent();
    if (!known.ok()) {
      LogError(options.db, "cannot read the known content hashes: " + known.status().message());
      return kExitSomeFailed;
    }
    known_content.emplace(std::move(known).value());
  }
  const KnownContentIndex* known_content_ref = known_content ? &*known_content : nullptr;
  auto remember = [&](const InputFile& file, const std::string& hash, int64_t article_id) {
    if (Status s = store_ref.RecordFile(file.path, file.size, file.mtime_ns, hash, article_id); !s.ok()) {
      LogError(options.db, "cannot record " + file.path + ": " + s.message());
    }
  };
  // A bar with an ETA on a terminal (after a quick count of the inputs); plain lines otherwise.
  const bool terminal = !options.quiet && ::isatty(STDERR_FILENO) == 1;
  int64_t total = -1;
  if (terminal) {
    FileWalkOptions count_options;
    count_options.follow_symlinks_outside_root = options.follow_symlinks;
    total = WalkInputs(options.paths, count_options, [](const InputFile&) {}, [](const WalkProblem&) {}).files;
  }
  Progress progress(terminal, total);
  int64_t inputs_done = 0;
  int64_t same_content = 0;  // files not parsed because their bytes were stored before
  // The window is the work queued ahead of the writer: while it commits a batch (tens to hundreds
  // of milliseconds) the workers keep parsing from it instead of waiting.
  OrderedPool<WorkItem, Done> pool(
      jobs, /*window=*/static_cast<size_t>(jobs) * kWindowPerJob,
      [&extractor_ref, known_content_ref](WorkItem& item) { return Process(item, extractor_ref, known_content_ref); },
      [&](Done& done) {
        if (done.known_article_id > 0) {
          ++same_content;
          ++inputs_done;
          if (Status s = store_ref.RecordKnownContentFile(done.file->path, done.file->size, done.file->mtime_ns,
                                                          done.content_hash, done.known_article_id);
              !s.ok()) {
            LogError(options.db, "cannot record " + done.file->path + ": " + s.message());
          }
          if (!options.quiet) progress.Update(inputs_done, writer.counts().articles_new + writer.counts().articles_duplicate);
          return;
        }
        std::optional<AddArticleResult> added = writer.Write(done.processed);
        // Only stored files are remembered: a failed one is tried again next time.
        if (added && done.file) remember(*done.file, done.content_hash, added->article_id);
        if (done.file) ++inputs_done;
        if (!options.quiet) progress.Update(inputs_done, writer.counts().articles_new + writer.counts().articles_duplicate);
      });

  int64_t unchanged = 0;
  auto on_file = [&](const InputFile& file) {
    if (!options.force && !options.reextract) {
      Result<bool> known = store_ref.IsKnownFile(file.path, file.size, file.mtime_ns);
      if (known.ok() && *known) {
        ++unchanged;
        ++inputs_done;
        return;
      }
    }
    if (!IsWarcPath(file.path)) {
      pool.Submit(WorkItem{file.path, std::nullopt, std::nullopt, file});
      return;
    }
    // A WARC file is streamed record by record; each response record is one document.
    Status read = ReadWarc(
        file.path, WarcReadOptions{},
        [&](RawDocument&& doc) { pool.Submit(WorkItem{doc.source, std::move(doc), std::nullopt, std::nullopt}); },
        [&](const std::string& source, const std::string& reason) { LogDebug(source + ": skipped: " + reason); });
    if (!read.ok()) {
      pool.Submit(WorkItem{file.path, std::nullopt, FailedInput(file.path, "read", read), std::nullopt});
    } else {
      pool.Drain();  // every record of the file is stored before the file is remembered
      remember(file, "", 0);
    }
  };
  auto on_problem = [&](const WalkProblem& problem) {
    pool.Submit(WorkItem{problem.path, std::nullopt,
                         FailedInput(problem.path, "walk", Status::IoError(problem.message), false), std::nullopt});
  };
  FileWalkOptions walk_options;
  walk_options.follow_symlinks_outside_root = options.follow_symlinks;
  const WalkCounts walked = WalkInputs(options.paths, walk_options, on_file, on_problem);
  pool.Finish();
  writer.Finish();
  progress.Finish();

  const RunCounts& counts = writer.counts();
  const bool failed = counts.errors > 0 || writer.commit_failed();
  if (Status s = (*store)->FinishRun(*run_id, counts, failed ? "partial" : "ok"); !s.ok()) {
    LogError(options.db, "cannot record the run: " + s.ToString());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!options.quiet) {
    std::fprintf(stderr,
                 "newsfacts: %s: %lld files seen (%lld unchanged, %lld same content, %lld skipped), articles %lld new / "
                 "%lld duplicate, facts %lld new / %lld existing, %lld errors, %.2f s -> %s\n",
                 options.command.c_str(), static_cast<long long>(counts.files_seen + unchanged + same_content),
                 static_cast<long long>(unchanged), static_cast<long long>(same_content),
                 static_cast<long long>(walked.skipped),
                 static_cast<long long>(counts.articles_new), static_cast<long long>(counts.articles_duplicate),
                 static_cast<long long>(counts.facts_new), static_cast<long long>(counts.facts_existing),
                 static_cast<long long>(counts.errors), seconds, options.db.c_str());
  }
  return failed ? kExitSomeFailed : kExitOk;
}

// Options both commands share.
void AddCommonOptions(CLI::App& sub, IngestOptions& options) {
  sub.add_option("--db", options.db, "SQLite database file (created if missing)")->capture_default_str();
  sub.add_option("--rules", options.rule_dirs, "Extra rule folder (adds or overrides rules by id); repeatable");
  sub.add_option("--batch-size", options.batch_size, "Articles per transaction (a batch also commits after 5 s)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  sub.add_option("-j,--jobs", options.jobs,
                 "Parse/extract threads (0 = one per core; 1 = everything on one thread); results do not "
                 "depend on it")
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  sub.add_flag("-q,--quiet", options.quiet, "Print errors only");
  sub.add_flag("-v,--verbose", options.verbose, "Also print each duplicate and debugging details");
}

}  // namespace

CommandRunner SetupIngestCommand(CLI::App& sub) {
  auto options = std::make_shared<IngestOptions>();
  sub.add_option("paths", options->paths,
                 "Files and folders to ingest (folders recursively): .txt, .md, .html, .htm, .warc, .warc.gz and "
                 "files that start with front-matter or HTML")
      ->required();
  AddCommonOptions(sub, *options);
  sub.add_flag("--follow-symlinks", options->follow_symlinks,
               "Follow symlinks that lead outside the folder given (default: report and skip them)");
  sub.add_flag("--force", options->force,
               "Process every file, also those already ingested with the same path, size and modification time");
  sub.add_flag("--reextract", options->reextract,
               "Re-extract the facts of articles already stored, with the current rules");
  return [options] { return RunIngest(*options); };
}

CommandRunner SetupReprocessCommand(CLI::App& sub) {
  auto options = std::make_shared<IngestOptions>();
  auto archive = std::make_shared<std::string>();
  AddCommonOptions(sub, *options);
  sub.add_option("--archive", *archive, "Raw archive folder (default: <db>.archive, where `run` keeps responses)");
  options->reextract = true;
  options->force = true;
  options->command = "reprocess";
  return [options, archive] {
    options->paths = {archive->empty() ? options->db + ".archive" : *archive};
    return RunIngest(*options);
  };
}

}  // namespace newsfacts
