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
  // SQLite page cache of the connection, in MiB. SQLite's default (2 MiB) is far smaller than one
  // ingest batch touches, so dirty pages spill to the WAL and are rewritten many times per commit;
  // the cache only grows to this size, so memory stays flat however large the database gets.
  int cache_mib = 48;
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
  // `newsfacts run`: URLs answered successfully (304s included), of those answered 304 Not Modified,
  // and URLs that failed for good.
  int64_t fetched = 0;
  int64_t not_modified = 0;
  int64_t fetch_failed = 0;
};

struct AddArticleOptions {
  // `newsfacts reprocess`: the article was stored before with this same body (byte for byte) and
  // `facts` come from re-extracting it with the current rules. Its current evidence is replaced by
  // `facts`: evidence the new facts do not restate is superseded as for an updated article (facts
  // no article evidences any more are kept with evidence 0), evidence they restate is kept as is,
  // so re-extracting with unchanged rules changes nothing. facts_new/facts_existing count as
  // usual. A new article, or a stored one whose body differs, is handled as without this option.
  bool reextract = false;
};

// A content hash of an ingested file and the article it gave (`input_files`).
struct KnownContent {
  std::string content_hash;
  int64_t article_id = 0;
};

// Conditional-GET state of one fetched URL (`fetch_state`).
struct FetchState {
  std::string url;            // as requested (canonical)
  std::string etag;           // empty when none
  std::string last_modified;  // empty when none
  long http_status = 0;
  std::string fetched_at;     // ISO 8601 UTC; set to now by PutFetchState when empty
  std::string source;         // configured source name
  int64_t article_id = 0;     // 0 = none
};

// One configured source of `newsfacts run` (`sources`). Times are ISO 8601 UTC.
struct SourceState {
  std::string name, type, location, first_run_at, last_run_at;
  std::string last_new_article_at;  // empty when the source never produced a new article
  int64_t articles_total = 0;       // new articles it produced over all runs
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
  Result<AddArticleResult> AddArticle(int64_t run_id, const Article& article, const std::vector<Fact>& facts) {
    return AddArticle(run_id, article, facts, AddArticleOptions{});
  }
  virtual Result<AddArticleResult> AddArticle(int64_t run_id, const Article& article,
                                              const std::vector<Fact>& facts,
                                              const AddArticleOptions& options) = 0;

  // Ordered by date, place, metric. `sentence`/`article` come from the earliest evidence; facts
  // whose articles no longer state them are kept with evidence 0.
  virtual Result<std::vector<FactRow>> QueryFacts(const FactQuery& query) = 0;

  // Revision pairs whose newer fact matches `query`, ordered like QueryFacts by the newer fact.
  virtual Result<std::vector<FactRevision>> QueryRevisions(const FactQuery& query) = 0;

  // Conditional GET: the validators stored for `url`, nullopt when it was never fetched.
  virtual Result<std::optional<FetchState>> GetFetchState(const std::string& url) = 0;
  // Inserts or replaces the state of `state.url` (article_id must name a stored article or be 0).
  virtual Status PutFetchState(const FetchState& state) = 0;

  // Upserts the source (type and location as configured now); sets last_run_at = now; when
  // new_articles > 0 also last_new_article_at = now and articles_total += new_articles. The first
  // call also sets first_run_at. new_articles < 0 is InvalidInput.
  virtual Status NoteSourceRun(const std::string& name, const std::string& type, const std::string& location,
                               int64_t new_articles) = 0;
  // Every source ever run, ordered by name.
  virtual Result<std::vector<SourceState>> QuerySources() = 0;

  // Incremental ingest: true when `path` was recorded by RecordFile with this size and mtime.
  virtual Result<bool> IsKnownFile(const std::string& path, uint64_t size, int64_t mtime_ns) = 0;
  // Inserts or replaces the record of `path` (article_id 0 = none, e.g. the file failed) and sets
  // its last_seen to now.
  virtual Status RecordFile(const std::string& path, uint64_t size, int64_t mtime_ns,
                            const std::string& content_hash, int64_t article_id) = 0;
  // Incremental ingest by content: every content hash recorded with a stored article, and that
  // article. A file whose bytes hash to one of these need not be parsed again.
  virtual Result<std::vector<KnownContent>> QueryKnownContent() = 0;
  // A file with known content seen at a new path (or touched): records it like RecordFile, adds
  // `path` as a source of the article and touches the article's last_seen.
  virtual Status RecordKnownContentFile(const std::string& path, uint64_t size, int64_t mtime_ns,
                                        const std::string& content_hash, int64_t article_id) = 0;
};

}  // namespace newsfacts
