// The SQLite implementation of Store. README.md "Database schema" documents the tables it writes.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/ascii.h"
#include "store/body_hash.h"
#include "store/fact_key.h"
#include "store/schema.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace newsfacts {
namespace {

// ISO 8601 UTC with milliseconds: sorts as text, readable in sqlite3.
std::string NowUtc() {
  using namespace std::chrono;
  const int64_t ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buffer;
}

// A JSON array of strings. Bytes >= 0x80 pass through untouched (the text is already UTF-8).
std::string JsonStringArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (unsigned char c : items[i]) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
          } else {
            out += static_cast<char>(c);
          }
      }
    }
    out += '"';
  }
  out += ']';
  return out;
}

bool Finite(const Quantity& q) { return std::isfinite(q.value) && (!q.value_max || std::isfinite(*q.value_max)); }

// Columns of the fact_rows view, in FactRow order; `first` is the index of `id`.
constexpr const char* kFactRowColumns =
    "id, kind, metric, value, value_max, unit, qualifier, date, place, sentence, article, evidence";

FactRow ReadFactRow(const Statement& s, int first) {
  FactRow row;
  row.id = s.ColumnInt(first);
  row.kind = s.ColumnText(first + 1);
  row.metric = s.ColumnText(first + 2);
  row.value = s.ColumnDouble(first + 3);
  row.value_max = s.ColumnOptionalDouble(first + 4);
  row.unit = s.ColumnText(first + 5);
  row.qualifier = s.ColumnText(first + 6);
  row.date = s.ColumnText(first + 7);
  row.place = s.ColumnText(first + 8);
  row.sentence = s.ColumnText(first + 9);
  row.article = s.ColumnText(first + 10);
  row.evidence = s.ColumnInt(first + 11);
  return row;
}

// Binds the FactQuery filters to parameters 1 (place), 2 (year pattern) and 3 (kind).
void BindFactQuery(Statement& s, const FactQuery& query) {
  if (query.place) {
    s.BindText(1, *query.place);
  } else {
    s.BindNull(1);
  }
  if (query.year) {
    char pattern[32];
    std::snprintf(pattern, sizeof pattern, "%04d%%", *query.year);
    s.BindText(2, pattern);
  } else {
    s.BindNull(2);
  }
  if (query.kind) {
    s.BindText(3, FactKindName(*query.kind));
  } else {
    s.BindNull(3);
  }
}

class SqliteStore : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}

  Status BeginBatch() override;
  Status CommitBatch() override;
  Status RollbackBatch() override;
  Result<int64_t> StartRun(const std::string& command) override;
  Status FinishRun(int64_t run_id, const RunCounts& counts, const std::string& status) override;
  Status RecordError(int64_t run_id, const std::string& source, const std::string& stage,
                     const std::string& message) override;
  using Store::AddArticle;
  Result<AddArticleResult> AddArticle(int64_t run_id, const Article& article, const std::vector<Fact>& facts,
                                      const AddArticleOptions& options) override;
  Result<std::vector<FactRow>> QueryFacts(const FactQuery& query) override;
  Result<std::vector<FactRevision>> QueryRevisions(const FactQuery& query) override;
  Result<std::optional<FetchState>> GetFetchState(const std::string& url) override;
  Status PutFetchState(const FetchState& state) override;
  Status NoteSourceRun(const std::string& name, const std::string& type, const std::string& location,
                       int64_t new_articles) override;
  Result<std::vector<SourceState>> QuerySources() override;
  Result<bool> IsKnownFile(const std::string& path, uint64_t size, int64_t mtime_ns) override;
  Status RecordFile(const std::string& path, uint64_t size, int64_t mtime_ns, const std::string& content_hash,
                    int64_t article_id) override;
  Result<std::vector<KnownContent>> QueryKnownContent() override;
  Status RecordKnownContentFile(const std::string& path, uint64_t size, int64_t mtime_ns,
                                const std::string& content_hash, int64_t article_id) override;

 private:
  // Runs one parameterless cached statement (BEGIN, COMMIT, ...).
  Status RunSimple(const char* sql);
  Result<AddArticleResult> AddArticleInTransaction(int64_t run_id, const Article& article,
                                                   const std::vector<Fact>& facts, const AddArticleOptions& options);
  Result<int64_t> FindArticleByUrl(const std::vector<std::string>& urls);
  Result<int64_t> FindArticleByBodyHash(const std::string& hash);
  Result<int64_t> InsertArticle(int64_t run_id, const Article& article, const std::string& hash,
                                const std::string& now);
  Status UpdateArticle(int64_t id, int64_t run_id, const Article& article, const std::string& hash,
                       const std::string& now);
  Status ReplaceRelatedLinks(int64_t id, const std::vector<RelatedLink>& related);
  Status RecordUrlsAndSource(int64_t id, const std::vector<std::string>& urls, const std::string& source,
                             const std::string& now);
  // Returns the fact's id and whether it was inserted by this call.
  Result<std::pair<int64_t, bool>> UpsertFact(const Fact& fact, const std::string& key, const std::string& now,
                                              const std::string& published);
  Status LinkRevisions(int64_t fact_id, const std::string& revision_key, const std::string& published,
                       const std::string& now);
  Status InsertEvidence(int64_t fact_id, int64_t article_id, const Fact& fact, const std::string& now);
  // The facts `article_id` has current evidence for, added to `ids`.
  Status CurrentEvidenceFacts(int64_t article_id, std::unordered_set<int64_t>* ids);
  // The current evidence rows of `article_id`.
  struct EvidenceRef {
    int64_t id;
    int64_t fact_id;
    int64_t quantity_start;
  };
  Status CurrentEvidence(int64_t article_id, std::vector<EvidenceRef>* rows);

  std::unique_ptr<Database> db_;
  bool in_batch_ = false;
};

Status SqliteStore::RunSimple(const char* sql) {
  Result<StatementLease> stmt = db_->Prepared(sql);
  if (!stmt.ok()) return stmt.status();
  return (*stmt)->Run();
}

Status SqliteStore::BeginBatch() {
  if (in_batch_) return Status::InvalidInput("BeginBatch: a batch is already open; commit or roll it back first");
  // IMMEDIATE takes the write lock now (waiting up to the busy timeout) instead of failing mid-batch.
  Status begun = RunSimple("BEGIN IMMEDIATE");
  if (begun.ok()) in_batch_ = true;
  return begun;
}

Status SqliteStore::CommitBatch() {
  if (!in_batch_) return Status::InvalidInput("CommitBatch: no batch is open");
  if (!db_->InTransaction()) {
    in_batch_ = false;
    return Status::Internal("CommitBatch: SQLite rolled the batch back after an earlier error; nothing was stored");
  }
  Status committed = RunSimple("COMMIT");
  if (committed.ok()) in_batch_ = false;  // on failure the batch stays open: retry or roll back
  return committed;
}

Status SqliteStore::RollbackBatch() {
  if (!in_batch_) return Status::InvalidInput("RollbackBatch: no batch is open");
  in_batch_ = false;
  if (!db_->InTransaction()) return Status::Ok();  // SQLite already rolled it back
  return RunSimple("ROLLBACK");
}

Result<int64_t> SqliteStore::StartRun(const std::string& command) {
  Result<StatementLease> stmt =
      db_->Prepared("INSERT INTO runs (command, started_at, status) VALUES (?1, ?2, 'running')");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, command);
  (*stmt)->BindText(2, NowUtc());
  Status ran = (*stmt)->Run();
  if (!ran.ok()) return ran;
  return db_->LastInsertRowId();
}

Status SqliteStore::FinishRun(int64_t run_id, const RunCounts& counts, const std::string& status) {
  Result<StatementLease> stmt = db_->Prepared(
      "UPDATE runs SET finished_at = ?2, status = ?3, files_seen = ?4, articles_new = ?5, "
      "articles_duplicate = ?6, facts_new = ?7, facts_existing = ?8, errors = ?9, fetched = ?10, "
      "not_modified = ?11, fetch_failed = ?12 WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  Statement& s = **stmt;
  s.BindInt(1, run_id);
  s.BindText(2, NowUtc());
  s.BindText(3, status);
  s.BindInt(4, counts.files_seen);
  s.BindInt(5, counts.articles_new);
  s.BindInt(6, counts.articles_duplicate);
  s.BindInt(7, counts.facts_new);
  s.BindInt(8, counts.facts_existing);
  s.BindInt(9, counts.errors);
  s.BindInt(10, counts.fetched);
  s.BindInt(11, counts.not_modified);
  s.BindInt(12, counts.fetch_failed);
  Status ran = s.Run();
  if (!ran.ok()) return ran;
  if (db_->Changes() == 0) return Status::NotFound("FinishRun: no run with id " + std::to_string(run_id));
  return Status::Ok();
}

Status SqliteStore::RecordError(int64_t run_id, const std::string& source, const std::string& stage,
                                const std::string& message) {
  Result<StatementLease> stmt =
      db_->Prepared("INSERT INTO errors (run_id, source, stage, message, at) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!stmt.ok()) return stmt.status();
  Statement& s = **stmt;
  s.BindIntOrNull(1, run_id);
  s.BindText(2, source);
  s.BindText(3, stage);
  s.BindText(4, message);
  s.BindText(5, NowUtc());
  return s.Run();
}

Result<AddArticleResult> SqliteStore::AddArticle(int64_t run_id, const Article& article,
                                                 const std::vector<Fact>& facts, const AddArticleOptions& options) {
  for (const Fact& fact : facts) {
    if (!Finite(fact.quantity) || (fact.alternative && !Finite(*fact.alternative))) {
      return Status::InvalidInput("article '" + article.source + "': fact '" + fact.metric +
                                  "' has a value that is not a finite number; nothing was stored");
    }
  }
  // Inside a batch a savepoint keeps a failed article from leaving half its rows in the batch.
  const bool own_transaction = !in_batch_;
  Status begun = RunSimple(own_transaction ? "BEGIN IMMEDIATE" : "SAVEPOINT add_article");
  if (!begun.ok()) return begun;
  Result<AddArticleResult> result = AddArticleInTransaction(run_id, article, facts, options);
  if (result.ok()) {
    Status done = RunSimple(own_transaction ? "COMMIT" : "RELEASE add_article");
    if (done.ok()) return result;
    result = done;
  }
  if (db_->InTransaction()) {
    if (own_transaction) {
      RunSimple("ROLLBACK");
    } else {
      RunSimple("ROLLBACK TO add_article");
      RunSimple("RELEASE add_article");
    }
  }
  return result;
}

Result<AddArticleResult> SqliteStore::AddArticleInTransaction(int64_t run_id, const Article& article,
                                                              const std::vector<Fact>& facts,
                                                              const AddArticleOptions& options) {
  const std::string now = NowUtc();
  const std::string hash = BodyHash(article.body);
  std::vector<std::string> urls;
  auto add_url = [&urls](const std::string& url) {
    if (url.empty()) return;
    for (const std::string& seen : urls) {
      if (seen == url) return;
    }
    urls.push_back(url);
  };
  add_url(article.url);
  for (const std::string& alias : article.url_aliases) add_url(alias);

  AddArticleResult result;
  bool same_body = true;       // for a duplicate: its body hash equals the stored one
  bool newer_version = false;  // for a URL duplicate: a newer version of the stored article
  bool reextract = false;      // options.reextract applies: the stored article, byte for byte
  Result<int64_t> found = FindArticleByUrl(urls);
  if (!found.ok()) return found.status();
  int64_t id = *found;
  if (id != 0) {
    result.duplicate_reason = "url";
  } else if (!TrimAscii(article.body).empty()) {
    // Only a text is evidence of a copy: documents without one (front-matter alone, a page whose
    // text could not be found) all share the empty body's hash but are different articles.
    found = FindArticleByBodyHash(hash);
    if (!found.ok()) return found.status();
    id = *found;
    if (id != 0) result.duplicate_reason = "body-hash";
  }

  if (id == 0) {
    Result<int64_t> inserted = InsertArticle(run_id, article, hash, now);
    if (!inserted.ok()) return inserted.status();
    id = *inserted;
    result.article_new = true;
    Status related = ReplaceRelatedLinks(id, article.related);
    if (!related.ok()) return related;
  } else {
    Result<StatementLease> stored = db_->Prepared(
        "SELECT body_hash, COALESCE(published, ''), "
        "body_source = ?2, body = ?3 FROM articles WHERE id = ?1");
    if (!stored.ok()) return stored.status();
    (*stored)->BindInt(1, id);
    (*stored)->BindText(2, article.source);
    (*stored)->BindText(3, article.body);
    Result<bool> row = (*stored)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Internal("article " + std::to_string(id) + " vanished during AddArticle");
    same_body = (*stored)->ColumnText(0) == hash;
    const std::string stored_published = (*stored)->ColumnText(1);
    const bool same_source = (*stored)->ColumnInt(2) != 0;
    // A different body under a known URL replaces the stored one only when it is a newer version:
    // published later, or re-read from the same source without an older date. Another rendition
    // (an AMP copy saved separately, an older version) must not make two files overwrite each
    // other on every run.
    const bool both_dated = !article.published.empty() && !stored_published.empty();
    const bool later = both_dated && article.published > stored_published;
    const bool earlier = both_dated && article.published < stored_published;
    newer_version = !same_body && (later || (same_source && !earlier));
    // Only the article itself is re-extracted: a copy of its text found by body hash under another
    // URL or path (possibly dated differently, so its facts may differ) stays a plain duplicate.
    const bool same_bytes = (*stored)->ColumnInt(3) != 0;
    reextract = options.reextract && same_bytes && (result.duplicate_reason == "url" || same_source);
    if (result.duplicate_reason == "url" && newer_version) {
      Status updated = UpdateArticle(id, run_id, article, hash, now);
      if (!updated.ok()) return updated;
      result.article_updated = true;
    } else {
      Result<StatementLease> touch = db_->Prepared(
          "UPDATE articles SET last_seen = ?2, last_run_id = COALESCE(?3, last_run_id), url = COALESCE(url, ?4) "
          "WHERE id = ?1");
      if (!touch.ok()) return touch.status();
      (*touch)->BindInt(1, id);
      (*touch)->BindText(2, now);
      (*touch)->BindIntOrNull(3, run_id);
      (*touch)->BindTextOrNull(4, article.url);
      Status touched = (*touch)->Run();
      if (!touched.ok()) return touched;
    }
  }
  result.article_id = id;
  Status recorded = RecordUrlsAndSource(id, urls, article.source, now);
  if (!recorded.ok()) return recorded;

  // Another version of a stored article that is not newer: its URLs and source are recorded, but
  // the stored text stays authoritative, so its facts are not stored.
  if (!result.article_new && !result.article_updated && !same_body) return result;
  // A duplicate of the same text (maybe spaced differently, so its offsets may not match the stored
  // body) only adds evidence for facts the stored article does not state yet (new rules, say).
  const bool plain_duplicate = !result.article_new && !result.article_updated && !reextract;
  std::unordered_set<int64_t> already_evidenced;
  if (plain_duplicate) {
    Status loaded = CurrentEvidenceFacts(id, &already_evidenced);
    if (!loaded.ok()) return loaded;
  }
  // Re-extraction: the evidence rows before, and the (fact, quantity_start) keys the new facts state.
  std::vector<EvidenceRef> previous_evidence;
  std::set<std::pair<int64_t, int64_t>> restated;
  if (reextract) {
    Status loaded = CurrentEvidence(id, &previous_evidence);
    if (!loaded.ok()) return loaded;
  }
  std::unordered_set<int64_t> counted;
  for (const Fact& fact : facts) {
    Result<std::pair<int64_t, bool>> upserted = UpsertFact(fact, FactKey(fact), now, article.published);
    if (!upserted.ok()) return upserted.status();
    const auto [fact_id, inserted] = *upserted;
    if (counted.insert(fact_id).second) {
      if (inserted) {
        ++result.facts_new;
      } else {
        ++result.facts_existing;
      }
    }
    if (plain_duplicate && already_evidenced.count(fact_id) > 0) continue;
    Status evidence = InsertEvidence(fact_id, id, fact, now);
    if (!evidence.ok()) return evidence;
    if (reextract) restated.emplace(fact_id, static_cast<int64_t>(fact.quantity_start));
  }
  // Evidence the new extraction no longer states is marked, not deleted, as for an updated article.
  for (const EvidenceRef& old : previous_evidence) {
    if (restated.count({old.fact_id, old.quantity_start}) > 0) continue;
    Result<StatementLease> supersede = db_->Prepared("UPDATE evidence SET superseded_at = ?2 WHERE id = ?1");
    if (!supersede.ok()) return supersede.status();
    (*supersede)->BindInt(1, old.id);
    (*supersede)->BindText(2, now);
    Status superseded = (*supersede)->Run();
    if (!superseded.ok()) return superseded;
  }
  return result;
}

Result<int64_t> SqliteStore::FindArticleByUrl(const std::vector<std::string>& urls) {
  for (const std::string& url : urls) {
    Result<StatementLease> stmt = db_->Prepared("SELECT article_id FROM article_urls WHERE url = ?1");
    if (!stmt.ok()) return stmt.status();
    (*stmt)->BindText(1, url);
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (*row) return (*stmt)->ColumnInt(0);
  }
  return int64_t{0};
}

Result<int64_t> SqliteStore::FindArticleByBodyHash(const std::string& hash) {
  Result<StatementLease> stmt = db_->Prepared("SELECT id FROM articles WHERE body_hash = ?1 ORDER BY id LIMIT 1");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, hash);
  Result<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  return *row ? (*stmt)->ColumnInt(0) : int64_t{0};
}

// Parameters 2..12 and 15 of INSERT and UPDATE: the article's metadata, body and its source.
void BindArticleFields(Statement& s, const Article& article, const std::string& hash) {
  s.BindTextOrNull(2, article.url);
  s.BindText(3, article.title);
  s.BindTextOrNull(4, article.published);
  s.BindText(5, article.author);
  s.BindText(6, article.language);
  s.BindText(7, article.site_name);
  s.BindText(8, article.excerpt);
  s.BindText(9, article.format);
  s.BindText(10, article.body);
  s.BindText(11, hash);
  s.BindText(12, JsonStringArray(article.topics));
  s.BindText(15, article.source);
}

Result<int64_t> SqliteStore::InsertArticle(int64_t run_id, const Article& article, const std::string& hash,
                                           const std::string& now) {
  Result<StatementLease> stmt = db_->Prepared(
      "INSERT INTO articles (url, title, published, author, language, site_name, excerpt, format, body, "
      "body_hash, topics, first_seen, last_seen, first_run_id, last_run_id, body_source) "
      "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?1, ?1, ?15)");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindIntOrNull(1, run_id);
  BindArticleFields(**stmt, article, hash);
  (*stmt)->BindText(13, now);
  Status ran = (*stmt)->Run();
  if (!ran.ok()) return ran;
  return db_->LastInsertRowId();
}

Status SqliteStore::UpdateArticle(int64_t id, int64_t run_id, const Article& article, const std::string& hash,
                                  const std::string& now) {
  Result<StatementLease> stmt = db_->Prepared(
      "UPDATE articles SET url = COALESCE(url, ?2), title = ?3, published = ?4, author = ?5, language = ?6, "
      "site_name = ?7, excerpt = ?8, format = ?9, body = ?10, body_hash = ?11, topics = ?12, last_seen = ?13, "
      "last_run_id = COALESCE(?14, last_run_id), body_source = ?15 WHERE id = ?1");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindInt(1, id);
  BindArticleFields(**stmt, article, hash);
  (*stmt)->BindText(13, now);
  (*stmt)->BindIntOrNull(14, run_id);
  Status ran = (*stmt)->Run();
  if (!ran.ok()) return ran;
  // The old evidence is marked, not deleted: facts only the old text stated keep their sentence.
  Result<StatementLease> supersede = db_->Prepared(
      "UPDATE evidence SET superseded_at = ?2 WHERE article_id = ?1 AND superseded_at IS NULL");
  if (!supersede.ok()) return supersede.status();
  (*supersede)->BindInt(1, id);
  (*supersede)->BindText(2, now);
  Status superseded = (*supersede)->Run();
  if (!superseded.ok()) return superseded;
  return ReplaceRelatedLinks(id, article.related);
}

Status SqliteStore::ReplaceRelatedLinks(int64_t id, const std::vector<RelatedLink>& related) {
  Result<StatementLease> clear = db_->Prepared("DELETE FROM related_links WHERE article_id = ?1");
  if (!clear.ok()) return clear.status();
  (*clear)->BindInt(1, id);
  Status cleared = (*clear)->Run();
  if (!cleared.ok()) return cleared;
  for (size_t i = 0; i < related.size(); ++i) {
    Result<StatementLease> stmt = db_->Prepared(
        "INSERT INTO related_links (article_id, position, title, url, published) VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!stmt.ok()) return stmt.status();
    (*stmt)->BindInt(1, id);
    (*stmt)->BindInt(2, static_cast<int64_t>(i));
    (*stmt)->BindText(3, related[i].title);
    (*stmt)->BindText(4, related[i].url);
    (*stmt)->BindTextOrNull(5, related[i].published);
    Status ran = (*stmt)->Run();
    if (!ran.ok()) return ran;
  }
  return Status::Ok();
}

Status SqliteStore::RecordUrlsAndSource(int64_t id, const std::vector<std::string>& urls,
                                        const std::string& source, const std::string& now) {
  for (const std::string& url : urls) {
    // A URL already naming another article stays with that one (first come, first kept).
    Result<StatementLease> stmt = db_->Prepared(
        "INSERT INTO article_urls (url, article_id, first_seen) VALUES (?1, ?2, ?3) ON CONFLICT (url) DO NOTHING");
    if (!stmt.ok()) return stmt.status();
    (*stmt)->BindText(1, url);
    (*stmt)->BindInt(2, id);
    (*stmt)->BindText(3, now);
    Status ran = (*stmt)->Run();
    if (!ran.ok()) return ran;
  }
  if (source.empty()) return Status::Ok();
  Result<StatementLease> stmt = db_->Prepared(
      "INSERT INTO article_sources (article_id, source, first_seen, last_seen) VALUES (?1, ?2, ?3, ?3) "
      "ON CONFLICT (article_id, source) DO UPDATE SET last_seen = excluded.last_seen");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindInt(1, id);
  (*stmt)->BindText(2, source);
  (*stmt)->BindText(3, now);
  return (*stmt)->Run();
}

Result<std::pair<int64_t, bool>> SqliteStore::UpsertFact(const Fact& fact, const std::string& key,
                                                         const std::string& now, const std::string& published) {
  {
    Result<StatementLease> find = db_->Prepared("SELECT id FROM facts WHERE fact_key = ?1");
    if (!find.ok()) return find.status();
    (*find)->BindText(1, key);
    Result<bool> row = (*find)->Step();
    if (!row.ok()) return row.status();
    if (*row) {
      const int64_t id = (*find)->ColumnInt(0);
      // An older article stating a known fact moves its first publication date back.
      Result<StatementLease> touch = db_->Prepared(
          "UPDATE facts SET last_seen = ?2, first_published = CASE WHEN ?3 <> '' AND "
          "(first_published = '' OR ?3 < first_published) THEN ?3 ELSE first_published END WHERE id = ?1");
      if (!touch.ok()) return touch.status();
      (*touch)->BindInt(1, id);
      (*touch)->BindText(2, now);
      (*touch)->BindText(3, published);
      Status touched = (*touch)->Run();
      if (!touched.ok()) return touched;
      return std::make_pair(id, false);
    }
  }
  const std::string revision_key = RevisionKey(fact);
  Result<StatementLease> insert = db_->Prepared(
      "INSERT INTO facts (fact_key, revision_key, kind, metric, value, value_max, unit, qualifier, date, place, "
      "alt_value, alt_value_max, alt_unit, alt_qualifier, first_seen, last_seen, first_published) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16)");
  if (!insert.ok()) return insert.status();
  Statement& s = **insert;
  s.BindText(1, key);
  s.BindText(2, revision_key);
  s.BindText(3, FactKindName(fact.kind));
  s.BindText(4, fact.metric);
  s.BindDouble(5, fact.quantity.value);
  s.BindOptionalDouble(6, fact.quantity.value_max);
  s.BindText(7, fact.quantity.unit);
  s.BindText(8, QualifierName(fact.quantity.qualifier));
  s.BindText(9, fact.date);
  s.BindText(10, fact.place);
  if (fact.alternative) {
    s.BindDouble(11, fact.alternative->value);
    s.BindOptionalDouble(12, fact.alternative->value_max);
    s.BindText(13, fact.alternative->unit);
    s.BindText(14, QualifierName(fact.alternative->qualifier));
  } else {
    for (int i = 11; i <= 14; ++i) s.BindNull(i);
  }
  s.BindText(15, now);
  s.BindText(16, published);
  Status ran = s.Run();
  if (!ran.ok()) return ran;
  const int64_t id = db_->LastInsertRowId();
  Status linked = LinkRevisions(id, revision_key, published, now);
  if (!linked.ok()) return linked;
  return std::make_pair(id, true);
}

Status SqliteStore::LinkRevisions(int64_t fact_id, const std::string& revision_key, const std::string& published,
                                  const std::string& now) {
  if (revision_key.empty()) return Status::Ok();
  // One link to the nearest neighbour in publication order keeps the revisions a chain
  // (300 -> 400 -> 500) rather than linking every pair: the latest fact published no later than the
  // new one, else the earliest published after it, else the latest undated one. An undated fact
  // follows the latest undated one, else the latest published. ISO 8601 text compares
  // chronologically; each query is one seek in facts_revision_order, however many facts share the key.
  auto find_one = [&](const char* sql, bool bind_published) -> Result<int64_t> {
    Result<StatementLease> find = db_->Prepared(sql);
    if (!find.ok()) return find.status();
    (*find)->BindText(1, revision_key);
    (*find)->BindInt(2, fact_id);
    if (bind_published) (*find)->BindText(3, published);
    Result<bool> row = (*find)->Step();
    if (!row.ok()) return row.status();
    return *row ? (*find)->ColumnInt(0) : int64_t{0};
  };
  int64_t older = 0;
  int64_t newer = 0;
  if (!published.empty()) {
    Result<int64_t> predecessor = find_one(
        "SELECT id FROM facts WHERE revision_key = ?1 AND id <> ?2 AND first_published <> '' "
        "AND first_published <= ?3 ORDER BY first_published DESC, id DESC LIMIT 1",
        true);
    if (!predecessor.ok()) return predecessor.status();
    if (*predecessor != 0) {
      older = *predecessor;
      newer = fact_id;
    } else {
      Result<int64_t> successor = find_one(
          "SELECT id FROM facts WHERE revision_key = ?1 AND id <> ?2 AND first_published > ?3 "
          "ORDER BY first_published, id LIMIT 1",
          true);
      if (!successor.ok()) return successor.status();
      if (*successor != 0) {
        older = fact_id;
        newer = *successor;
      }
    }
  }
  if (older == 0) {
    Result<int64_t> latest = find_one(
        "SELECT id FROM facts WHERE revision_key = ?1 AND id <> ?2 AND first_published = '' "
        "ORDER BY id DESC LIMIT 1",
        false);
    if (!latest.ok()) return latest.status();
    if (*latest == 0 && published.empty()) {
      latest = find_one(
          "SELECT id FROM facts WHERE revision_key = ?1 AND id <> ?2 AND first_published <> '' "
          "ORDER BY first_published DESC, id DESC LIMIT 1",
          false);
      if (!latest.ok()) return latest.status();
    }
    if (*latest == 0) return Status::Ok();  // the first fact with this key
    older = *latest;
    newer = fact_id;
  }
  Result<StatementLease> link = db_->Prepared(
      "INSERT INTO fact_revisions (older_fact_id, newer_fact_id, linked_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT DO NOTHING");
  if (!link.ok()) return link.status();
  (*link)->BindInt(1, older);
  (*link)->BindInt(2, newer);
  (*link)->BindText(3, now);
  return (*link)->Run();
}

Status SqliteStore::InsertEvidence(int64_t fact_id, int64_t article_id, const Fact& fact, const std::string& now) {
  Result<StatementLease> stmt = db_->Prepared(
      "INSERT INTO evidence (fact_id, article_id, sentence, sentence_start, sentence_end, quantity_start, "
      "quantity_end, rule, date_from, place_from, first_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
      "ON CONFLICT (fact_id, article_id, quantity_start) DO UPDATE SET sentence = excluded.sentence, "
      "sentence_start = excluded.sentence_start, sentence_end = excluded.sentence_end, "
      "quantity_end = excluded.quantity_end, rule = excluded.rule, date_from = excluded.date_from, "
      "place_from = excluded.place_from, superseded_at = NULL");
  if (!stmt.ok()) return stmt.status();
  Statement& s = **stmt;
  s.BindInt(1, fact_id);
  s.BindInt(2, article_id);
  s.BindText(3, fact.sentence);
  s.BindInt(4, static_cast<int64_t>(fact.sentence_start));
  s.BindInt(5, static_cast<int64_t>(fact.sentence_end));
  s.BindInt(6, static_cast<int64_t>(fact.quantity_start));
  s.BindInt(7, static_cast<int64_t>(fact.quantity_end));
  s.BindText(8, fact.rule);
  s.BindText(9, ProvenanceName(fact.date_from));
  s.BindText(10, ProvenanceName(fact.place_from));
  s.BindText(11, now);
  return s.Run();
}

Status SqliteStore::CurrentEvidenceFacts(int64_t article_id, std::unordered_set<int64_t>* ids) {
  Result<StatementLease> stmt =
      db_->Prepared("SELECT DISTINCT fact_id FROM evidence WHERE article_id = ?1 AND superseded_at IS NULL");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindInt(1, article_id);
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    ids->insert((*stmt)->ColumnInt(0));
  }
}

Status SqliteStore::CurrentEvidence(int64_t article_id, std::vector<EvidenceRef>* rows) {
  Result<StatementLease> stmt = db_->Prepared(
      "SELECT id, fact_id, quantity_start FROM evidence WHERE article_id = ?1 AND superseded_at IS NULL");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindInt(1, article_id);
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    rows->push_back({(*stmt)->ColumnInt(0), (*stmt)->ColumnInt(1), (*stmt)->ColumnInt(2)});
  }
}

Result<std::vector<FactRow>> SqliteStore::QueryFacts(const FactQuery& query) {
  static const std::string sql = std::string("SELECT ") + kFactRowColumns +
                                 " FROM fact_rows WHERE (?1 IS NULL OR place = ?1 COLLATE NOCASE) "
                                 "AND (?2 IS NULL OR date LIKE ?2) AND (?3 IS NULL OR kind = ?3) "
                                 "ORDER BY date, place, metric, id";
  Result<StatementLease> stmt = db_->Prepared(sql.c_str());
  if (!stmt.ok()) return stmt.status();
  BindFactQuery(**stmt, query);
  std::vector<FactRow> rows;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return rows;
    rows.push_back(ReadFactRow(**stmt, 0));
  }
}

Result<std::vector<FactRevision>> SqliteStore::QueryRevisions(const FactQuery& query) {
  static const std::string sql =
      "SELECT o.id, o.kind, o.metric, o.value, o.value_max, o.unit, o.qualifier, o.date, o.place, o.sentence, "
      "o.article, o.evidence, n.id, n.kind, n.metric, n.value, n.value_max, n.unit, n.qualifier, n.date, n.place, "
      "n.sentence, n.article, n.evidence "
      "FROM fact_revisions r JOIN fact_rows o ON o.id = r.older_fact_id JOIN fact_rows n ON n.id = r.newer_fact_id "
      "WHERE (?1 IS NULL OR n.place = ?1 COLLATE NOCASE) AND (?2 IS NULL OR n.date LIKE ?2) "
      "AND (?3 IS NULL OR n.kind = ?3) ORDER BY n.date, n.place, n.metric, o.id, n.id";
  Result<StatementLease> stmt = db_->Prepared(sql.c_str());
  if (!stmt.ok()) return stmt.status();
  BindFactQuery(**stmt, query);
  std::vector<FactRevision> pairs;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return pairs;
    pairs.push_back({ReadFactRow(**stmt, 0), ReadFactRow(**stmt, 12)});
  }
}

Result<std::optional<FetchState>> SqliteStore::GetFetchState(const std::string& url) {
  Result<StatementLease> stmt = db_->Prepared(
      "SELECT etag, last_modified, http_status, fetched_at, source, COALESCE(article_id, 0) FROM fetch_state "
      "WHERE url = ?1");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, url);
  Result<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<FetchState>();
  const Statement& s = **stmt;
  FetchState state;
  state.url = url;
  state.etag = s.ColumnText(0);
  state.last_modified = s.ColumnText(1);
  state.http_status = static_cast<long>(s.ColumnInt(2));
  state.fetched_at = s.ColumnText(3);
  state.source = s.ColumnText(4);
  state.article_id = s.ColumnInt(5);
  return std::optional<FetchState>(std::move(state));
}

Status SqliteStore::PutFetchState(const FetchState& state) {
  if (state.url.empty()) return Status::InvalidInput("PutFetchState: the URL is empty");
  Result<StatementLease> stmt = db_->Prepared(
      "INSERT INTO fetch_state (url, etag, last_modified, http_status, fetched_at, source, article_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
      "last_modified = excluded.last_modified, http_status = excluded.http_status, "
      "fetched_at = excluded.fetched_at, source = excluded.source, article_id = excluded.article_id");
  if (!stmt.ok()) return stmt.status();
  Statement& s = **stmt;
  s.BindText(1, state.url);
  s.BindText(2, state.etag);
  s.BindText(3, state.last_modified);
  s.BindInt(4, static_cast<int64_t>(state.http_status));
  s.BindText(5, state.fetched_at.empty() ? NowUtc() : state.fetched_at);
  s.BindText(6, state.source);
  s.BindIntOrNull(7, state.article_id);
  return s.Run();
}

Status SqliteStore::NoteSourceRun(const std::string& name, const std::string& type, const std::string& location,
                                  int64_t new_articles) {
  if (name.empty()) return Status::InvalidInput("NoteSourceRun: the source name is empty");
  if (new_articles < 0) {
    return Status::InvalidInput("NoteSourceRun: source '" + name + "' has a negative count of new articles (" +
                                std::to_string(new_articles) + ")");
  }
  Result<StatementLease> stmt = db_->Prepared(
      "INSERT INTO sources (name, type, location, first_run_at, last_run_at, last_new_article_at, articles_total) "
      "VALUES (?1, ?2, ?3, ?4, ?4, CASE WHEN ?5 > 0 THEN ?4 END, ?5) ON CONFLICT (name) DO UPDATE SET "
      "type = excluded.type, location = excluded.location, last_run_at = excluded.last_run_at, "
      "last_new_article_at = COALESCE(excluded.last_new_article_at, last_new_article_at), "
      "articles_total = articles_total + excluded.articles_total");
  if (!stmt.ok()) return stmt.status();
  Statement& s = **stmt;
  s.BindText(1, name);
  s.BindText(2, type);
  s.BindText(3, location);
  s.BindText(4, NowUtc());
  s.BindInt(5, new_articles);
  return s.Run();
}

Result<std::vector<SourceState>> SqliteStore::QuerySources() {
  Result<StatementLease> stmt = db_->Prepared(
      "SELECT name, type, location, first_run_at, last_run_at, COALESCE(last_new_article_at, ''), articles_total "
      "FROM sources ORDER BY name");
  if (!stmt.ok()) return stmt.status();
  std::vector<SourceState> sources;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return sources;
    const Statement& s = **stmt;
    SourceState source;
    source.name = s.ColumnText(0);
    source.type = s.ColumnText(1);
    source.location = s.ColumnText(2);
    source.first_run_at = s.ColumnText(3);
    source.last_run_at = s.ColumnText(4);
    source.last_new_article_at = s.ColumnText(5);
    source.articles_total = s.ColumnInt(6);
    sources.push_back(std::move(source));
  }
}

Result<bool> SqliteStore::IsKnownFile(const std::string& path, uint64_t size, int64_t mtime_ns) {
  // SQLite integers are signed 64-bit; no real file is larger, so such a size was never recorded.
  if (size > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
  Result<StatementLease> stmt =
      db_->Prepared("SELECT 1 FROM input_files WHERE path = ?1 AND size = ?2 AND mtime_ns = ?3");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, path);
  (*stmt)->BindInt(2, static_cast<int64_t>(size));
  (*stmt)->BindInt(3, mtime_ns);
  return (*stmt)->Step();
}

Status SqliteStore::RecordFile(const std::string& path, uint64_t size, int64_t mtime_ns,
                               const std::string& content_hash, int64_t article_id) {
  if (path.empty()) return Status::InvalidInput("RecordFile: the path is empty");
  if (size > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return Status::InvalidInput("RecordFile: '" + path + "' has an impossible size " + std::to_string(size));
  }
  Result<StatementLease> stmt = db_->Prepared(
      "INSERT INTO input_files (path, size, mtime_ns, content_hash, article_id, last_seen) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (path) DO UPDATE SET size = excluded.size, "
      "mtime_ns = excluded.mtime_ns, content_hash = excluded.content_hash, article_id = excluded.article_id, "
      "last_seen = excluded.last_seen");
  if (!stmt.ok()) return stmt.status();
  Statement& s = **stmt;
  s.BindText(1, path);
  s.BindInt(2, static_cast<int64_t>(size));
  s.BindInt(3, mtime_ns);
  s.BindText(4, content_hash);
  s.BindIntOrNull(5, article_id);
  s.BindText(6, NowUtc());
  return s.Run();
}

Result<std::vector<KnownContent>> SqliteStore::QueryKnownContent() {
  // Only files that gave an article that still exists: a hash recorded for a failed file must not
  // make a later, fixed copy of it be skipped.
  Result<StatementLease> stmt = db_->Prepared(
      "SELECT i.content_hash, MIN(i.article_id) FROM input_files i JOIN articles a ON a.id = i.article_id "
      "WHERE i.content_hash <> '' GROUP BY i.content_hash ORDER BY i.content_hash");
  if (!stmt.ok()) return stmt.status();
  std::vector<KnownContent> known;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return known;
    known.push_back({(*stmt)->ColumnText(0), (*stmt)->ColumnInt(1)});
  }
}

Status SqliteStore::RecordKnownContentFile(const std::string& path, uint64_t size, int64_t mtime_ns,
                                           const std::string& content_hash, int64_t article_id) {
  if (article_id <= 0) return Status::InvalidInput("RecordKnownContentFile: '" + path + "' names no article");
  Status recorded = RecordFile(path, size, mtime_ns, content_hash, article_id);
  if (!recorded.ok()) return recorded;
  const std::string now = NowUtc();
  Result<StatementLease> touch = db_->Prepared("UPDATE articles SET last_seen = ?2 WHERE id = ?1");
  if (!touch.ok()) return touch.status();
  (*touch)->BindInt(1, article_id);
  (*touch)->BindText(2, now);
  Status touched = (*touch)->Run();
  if (!touched.ok()) return touched;
  return RecordUrlsAndSource(article_id, {}, path, now);
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, const StoreOptions& options) {
  DatabaseOptions db_options;
  db_options.read_only = options.read_only;
  db_options.busy_timeout_ms = options.busy_timeout_ms;
  Result<std::unique_ptr<Database>> db = Database::Open(path, db_options);
  if (!db.ok()) return db.status();
  Database& database = **db;
  Status configured = database.Exec("PRAGMA foreign_keys = ON");
  if (configured.ok() && options.cache_mib > 0) {
    const std::string cache = "PRAGMA cache_size = -" + std::to_string(options.cache_mib * 1024);  // KiB
    configured = database.Exec(cache.c_str());
  }
  // The savepoint taken for each article journals every page it changes; in memory that is a
  // memcpy, in a temp file it was most of an ingest's write system calls.
  if (configured.ok()) configured = database.Exec("PRAGMA temp_store = MEMORY");
  if (!configured.ok()) return configured;
  if (options.read_only) {
    Status checked = CheckSchemaVersion(database);
    if (!checked.ok()) return checked;
  } else {
    // WAL lets `facts` read while an ingest writes; NORMAL sync keeps every commit atomic and
    // consistent after a crash (only the last commits may be lost on power failure).
    configured = database.Exec("PRAGMA journal_mode = WAL");
    if (configured.ok()) configured = database.Exec("PRAGMA synchronous = NORMAL");
    if (!configured.ok()) return configured;
    Status migrated = MigrateSchema(database);
    if (!migrated.ok()) return migrated;
  }
  return std::unique_ptr<Store>(new SqliteStore(std::move(*db)));
}

}  // namespace newsfacts
