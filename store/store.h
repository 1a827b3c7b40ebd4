// store/: the public interface of the SQLite store. Articles and facts are deduplicated; every
// fact keeps its evidence. Prepared statements only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace newsfacts {

struct StoreOptions {
  // How long to wait for another process's write lock before failing with Status::Busy.
  int busy_timeout_ms = 30000;
  // Open read-only (for `facts`): the file must exist; no migration is run.
  bool read_only = false;
};

// What AddArticle did.
struct AddArticleResult {
  int64_t article_id = 0;
  bool article_new = false;       // false: the article was already stored (same URL/alias or body)
  std::string duplicate_reason;   // "url", "body-hash" or "" when new
  // true: a stored URL came with a different body that is a newer version (published later, or
  // read again from the same source without an older date). Its body and metadata were replaced
  // and its evidence now is the new facts; facts it no longer states are kept. A different body
  // that is not newer (an AMP rendition, an older version) only adds its URLs and source.
  bool article_updated = false;
  // Counted per distinct fact of the call (a fact stated twice in the article counts once).
  int facts_new = 0;              // facts not stored before
  int facts_existing = 0;         // facts already stored (from this or another article)
};

struct RunCounts {
  int64_t files_seen = 0;
  int64_t articles_new = 0;
  int64_t articles_duplicate = 0;
  int64_t facts_new = 0;
  int64_t facts_existing = 0;
  int64_t errors = 0;
};

// Filters for QueryFacts; unset members match everything.
struct FactQuery {
  std::optional<std::string> place;  // canonical place name, case-insensitive
  std::optional<int> year;           // facts whose date lies in this year
  std::optional<FactKind> kind;
};

// One row of the export contract (DESIGN.md): field names match the JSON keys.
struct FactRow {
  int64_t id = 0;
  std::string kind;
  std::string metric;
  double value = 0;
  std::optional<double> value_max;
  std::string unit;
  std::string qualifier;
  std::string date;
  std::string place;
  std::string sentence;  // the sentence of the first evidence
  std::string article;   // canonical URL or file path of the first evidence's article
  int64_t evidence = 0;  // number of distinct articles stating it
};

// Two facts with the same metric, kind, unit, date and place but different values
// (`facts --changes`). A new fact is linked once, to its nearest such fact in publication order
// (ingest order when a publication date is missing), so successive values form a chain.
struct FactRevision {
  FactRow older;
  FactRow newer;
};

class Store {
 public:
  // Opens (creating if needed) the database at `path`, sets WAL and runs schema migrations.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, const StoreOptions& options = {});
  virtual ~Store() = default;

  // Batches: everything between Begin and Commit is one transaction. Rollback discards it.
  virtual Status BeginBatch() = 0;
  virtual Status CommitBatch() = 0;
  virtual Status RollbackBatch() = 0;

  // Runs: one row per command invocation (ingest, run, ...).
  virtual Result<int64_t> StartRun(const std::string& command) = 0;
  virtual Status FinishRun(int64_t run_id, const RunCounts& counts, const std::string& status) = 0;
  virtual Status RecordError(int64_t run_id, const std::string& source, const std::string& stage,
                             const std::string& message) = 0;

  // Stores an article and its facts, deduplicating both. Idempotent: adding the same article
  // again changes nothing but its last-seen time.
  virtual Result<AddArticleResult> AddArticle(int64_t run_id, const Article& article,
                                              const std::vector<Fact>& facts) = 0;

  // Ordered by date, place, metric. `sentence`/`article` come from the earliest evidence; facts
  // whose articles no longer state them are kept with evidence 0.
  virtual Result<std::vector<FactRow>> QueryFacts(const FactQuery& query) = 0;

  // Revision pairs whose newer fact matches `query`, ordered like QueryFacts by the newer fact.
  virtual Result<std::vector<FactRevision>> QueryRevisions(const FactQuery& query) = 0;
};

}  // namespace newsfacts
