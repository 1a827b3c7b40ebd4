// The part of every command that turns documents into stored facts: parse + extract on worker
// threads (ProcessDocument), then one writer that owns the store, batches commits, counts and
// records errors (ArticleWriter). ingest, run and reprocess all feed it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/types.h"
#include "extract/extract.h"
#include "store/store.h"

namespace newsfacts {

// The outcome of processing one input: an article with its facts, or a failure at `stage`.
struct Processed {
  std::string source;   // file path, URL or "archive.warc.gz#offset"
  std::string stage;    // where it failed ("walk", "read", "fetch", "parse", "extract"); empty on success
  Status status;
  Article article;
  std::vector<Fact> facts;
  bool counts_as_file = true;  // false for problems that are not inputs (a broken symlink, a folder)
};

// Parses and extracts `raw`. A document fetched from a URL keeps that URL as the article's when
// the page names no canonical URL. Pure apart from the extractor's read-only state: thread-safe.
Processed ProcessDocument(RawDocument raw, const Extractor& extractor);

// A failure to record without processing anything.
Processed FailedInput(std::string source, std::string stage, Status status, bool counts_as_file = true);

struct ArticleWriterOptions {
  std::string db_label;           // names the database in error lines
  int batch_size = 1000;          // articles per transaction
  int max_batch_ms = 0;           // also commit when a batch is this old (0: no limit); `run` uses it
                                  // so a slow fetch loses little when the run is killed
  bool reextract = false;         // reprocess: replace the evidence of already stored articles
};

// Single-threaded: call from the thread that owns `store`.
class ArticleWriter {
 public:
  ArticleWriter(const ArticleWriterOptions& options, Store& store, int64_t run_id);

  // Opens the first batch.
  Status Begin();
  // Stores `p` or records its failure (one stderr line + an `errors` row). Returns the stored
  // article's id when it was stored (new or duplicate), nullopt when it failed.
  std::optional<AddArticleResult> Write(Processed& p);
  // Records a failure that did not come through Write (a failed fetch, a broken feed).
  void Fail(const std::string& source, const std::string& stage, const Status& status);
  // Commits the last batch.
  void Finish();

  RunCounts& counts() { return counts_; }
  bool commit_failed() const { return commit_failed_; }

 private:
  void Flush();

  const ArticleWriterOptions options_;
  Store& store_;
  const int64_t run_id_;
  RunCounts counts_;
  int in_batch_ = 0;
  std::chrono::steady_clock::time_point batch_started_ = std::chrono::steady_clock::now();
  bool commit_failed_ = false;
};

}  // namespace newsfacts
