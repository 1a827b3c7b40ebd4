#include "store/schema.h"

#include <string>

namespace newsfacts {
namespace {

struct Migration {
  int version;
  const char* sql;
};

// Append-only: a released migration is never edited; a change to the schema is a new entry.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL DEFAULT 'running',
  files_seen INTEGER NOT NULL DEFAULT 0,
  articles_new INTEGER NOT NULL DEFAULT 0,
  articles_duplicate INTEGER NOT NULL DEFAULT 0,
  facts_new INTEGER NOT NULL DEFAULT 0,
  facts_existing INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  fetched INTEGER NOT NULL DEFAULT 0,
  not_modified INTEGER NOT NULL DEFAULT 0,
  fetch_failed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE errors (
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id),
  source TEXT NOT NULL,
  stage TEXT NOT NULL,
  message TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX errors_run ON errors(run_id);
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  url TEXT,
  title TEXT NOT NULL DEFAULT '',
  published TEXT,
  author TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  site_name TEXT NOT NULL DEFAULT '',
  excerpt TEXT NOT NULL DEFAULT '',
  format TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  body_hash TEXT NOT NULL,
  body_source TEXT NOT NULL DEFAULT '',
  topics TEXT NOT NULL DEFAULT '[]',
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  first_run_id INTEGER REFERENCES runs(id),
  last_run_id INTEGER REFERENCES runs(id)
);
CREATE INDEX articles_body_hash ON articles(body_hash);
CREATE TABLE article_urls (
  url TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  first_seen TEXT NOT NULL
);
CREATE INDEX article_urls_article ON article_urls(article_id);
CREATE TABLE article_sources (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id),
  source TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  UNIQUE (article_id, source)
);
CREATE TABLE related_links (
  article_id INTEGER NOT NULL REFERENCES articles(id),
  position INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  published TEXT,
  PRIMARY KEY (article_id, position)
);
CREATE TABLE facts (
  id INTEGER PRIMARY KEY,
  fact_key TEXT NOT NULL UNIQUE,
  revision_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL NOT NULL,
  value_max REAL,
  unit TEXT NOT NULL DEFAULT '',
  qualifier TEXT NOT NULL DEFAULT 'exact',
  date TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  alt_value REAL,
  alt_value_max REAL,
  alt_unit TEXT,
  alt_qualifier TEXT,
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL
);
CREATE INDEX facts_revision_key ON facts(revision_key);
CREATE INDEX facts_order ON facts(date, place, metric);
CREATE TABLE evidence (
  id INTEGER PRIMARY KEY,
  fact_id INTEGER NOT NULL REFERENCES facts(id),
  article_id INTEGER NOT NULL REFERENCES articles(id),
  sentence TEXT NOT NULL,
  sentence_start INTEGER NOT NULL,
  sentence_end INTEGER NOT NULL,
  quantity_start INTEGER NOT NULL,
  quantity_end INTEGER NOT NULL,
  rule TEXT NOT NULL DEFAULT '',
  date_from TEXT NOT NULL DEFAULT 'none',
  place_from TEXT NOT NULL DEFAULT 'none',
  first_seen TEXT NOT NULL,
  superseded_at TEXT,
  UNIQUE (fact_id, article_id, quantity_start)
);
CREATE INDEX evidence_article ON evidence(article_id);
CREATE TABLE fact_revisions (
  older_fact_id INTEGER NOT NULL REFERENCES facts(id),
  newer_fact_id INTEGER NOT NULL REFERENCES facts(id),
  linked_at TEXT NOT NULL,
  PRIMARY KEY (older_fact_id, newer_fact_id)
);
CREATE INDEX fact_revisions_newer ON fact_revisions(newer_fact_id);
CREATE TABLE fetch_state (
  url TEXT PRIMARY KEY,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  http_status INTEGER NOT NULL DEFAULT 0,
  fetched_at TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  article_id INTEGER REFERENCES articles(id)
);
CREATE TABLE sources (
  name TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  location TEXT NOT NULL,
  first_run_at TEXT NOT NULL,
  last_run_at TEXT NOT NULL,
  last_new_article_at TEXT,
  articles_total INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE input_files (
  path TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  content_hash TEXT NOT NULL DEFAULT '',
  article_id INTEGER REFERENCES articles(id),
  last_seen TEXT NOT NULL
);

CREATE VIEW fact_rows AS
SELECT f.id AS id, f.kind AS kind, f.metric AS metric, f.value AS value, f.value_max AS value_max,
       f.unit AS unit, f.qualifier AS qualifier, f.date AS date, f.place AS place,
       COALESCE((SELECT e.sentence FROM evidence e WHERE e.fact_id = f.id
                 ORDER BY e.superseded_at IS NOT NULL, e.id LIMIT 1), '') AS sentence,
       COALESCE((SELECT COALESCE(a.url, (SELECT s.source FROM article_sources s WHERE s.article_id = a.id
                                         ORDER BY s.id LIMIT 1))
                 FROM evidence e JOIN articles a ON a.id = e.article_id WHERE e.fact_id = f.id
                 ORDER BY e.superseded_at IS NOT NULL, e.id LIMIT 1), '') AS article,
       (SELECT COUNT(DISTINCT e.article_id) FROM evidence e
        WHERE e.fact_id = f.id AND e.superseded_at IS NULL) AS evidence
FROM facts f;

CREATE VIEW facts_export AS
SELECT kind, metric, value, value_max, unit, qualifier, date, place, sentence, article, evidence
FROM fact_rows ORDER BY date, place, metric, id;

CREATE VIEW fact_evidence AS
SELECT e.fact_id AS fact_id, f.kind AS kind, f.metric AS metric, f.value AS value, f.value_max AS value_max,
       f.unit AS unit, f.date AS date, f.place AS place, e.article_id AS article_id, a.url AS article_url,
       (SELECT s.source FROM article_sources s WHERE s.article_id = a.id ORDER BY s.id LIMIT 1) AS article_path,
       a.title AS article_title, a.published AS article_published, e.sentence AS sentence,
       e.sentence_start AS sentence_start, e.sentence_end AS sentence_end,
       e.quantity_start AS quantity_start, e.quantity_end AS quantity_end, e.rule AS rule,
       e.date_from AS date_from, e.place_from AS place_from, e.superseded_at IS NULL AS current
FROM evidence e JOIN facts f ON f.id = e.fact_id JOIN articles a ON a.id = e.article_id;

CREATE VIEW fact_changes AS
SELECT r.older_fact_id AS older_fact_id, r.newer_fact_id AS newer_fact_id, n.kind AS kind, n.metric AS metric,
       n.unit AS unit, n.date AS date, n.place AS place, o.value AS old_value, o.value_max AS old_value_max,
       n.value AS new_value, n.value_max AS new_value_max, r.linked_at AS linked_at
FROM fact_revisions r JOIN facts o ON o.id = r.older_fact_id JOIN facts n ON n.id = r.newer_fact_id;
)sql"},
    // Revision links look up a fact's neighbours in publication order through an index instead of
    // scanning every fact that shares the revision key: each fact keeps the earliest publication
    // date of the articles that state it.
    {2, R"sql(
ALTER TABLE facts ADD COLUMN first_published TEXT NOT NULL DEFAULT '';
UPDATE facts SET first_published = COALESCE((SELECT MIN(a.published) FROM evidence e
  JOIN articles a ON a.id = e.article_id WHERE e.fact_id = facts.id), '');
CREATE INDEX facts_revision_order ON facts(revision_key, first_published, id);
)sql"},
    // Every index on `facts` costs a random B-tree insert per new fact: an ingest of 20,000 articles
    // spent a fifth of its store time on these two. facts_revision_order starts with revision_key,
    // so it answers what facts_revision_key did; listings sort their (small) result instead.
    {3, R"sql(
DROP INDEX IF EXISTS facts_revision_key;
DROP INDEX IF EXISTS facts_order;
)sql"},
};

Result<bool> TableExists(Database& db, const char* name) {
  Result<StatementLease> stmt = db.Prepared("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
  if (!stmt.ok()) return stmt.status();
  (*stmt)->BindText(1, name);
  return (*stmt)->Step();
}

Result<int64_t> CountTables(Database& db) {
  Result<StatementLease> stmt =
      db.Prepared("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  return (*stmt)->ColumnInt(0);
}

Status NewerThanBinary(const Database& db, int version) {
  return Status::Unsupported("database '" + db.path() + "' has schema version " + std::to_string(version) +
                             ", newer than the version this newsfacts build knows (" +
                             std::to_string(kLatestSchemaVersion) + "); upgrade newsfacts to use it");
}

Status ApplyMigrations(Database& db, int target_version) {
  Result<bool> has_version_table = TableExists(db, "schema_version");
  if (!has_version_table.ok()) return has_version_table.status();
  if (!*has_version_table) {
    Result<int64_t> tables = CountTables(db);
    if (!tables.ok()) return tables.status();
    if (*tables > 0) {
      return Status::InvalidInput("'" + db.path() +
                                  "' is a SQLite database but not a newsfacts one (it has tables but no "
                                  "schema_version table); choose another --db file");
    }
    Status created = db.Exec(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    if (!created.ok()) return created;
  }
  Result<int> current = ReadSchemaVersion(db);
  if (!current.ok()) return current.status();
  if (*current > kLatestSchemaVersion) return NewerThanBinary(db, *current);
  for (const Migration& migration : kMigrations) {
    if (migration.version <= *current || migration.version > target_version) continue;
    Status applied = db.Exec(migration.sql);
    if (!applied.ok()) {
      return Status::Internal("migrating database '" + db.path() + "' to schema version " +
                              std::to_string(migration.version) + " failed: " + applied.message());
    }
    Result<StatementLease> record = db.Prepared(
        "INSERT INTO schema_version (version, applied_at) VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
    if (!record.ok()) return record.status();
    (*record)->BindInt(1, migration.version);
    Status recorded = (*record)->Run();
    if (!recorded.ok()) return recorded;
  }
  return Status::Ok();
}

}  // namespace

Result<int> ReadSchemaVersion(Database& db) {
  Result<bool> exists = TableExists(db, "schema_version");
  if (!exists.ok()) return exists.status();
  if (!*exists) return 0;
  Result<StatementLease> stmt = db.Prepared("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!stmt.ok()) return stmt.status();
  Result<bool> row = (*stmt)->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>((*stmt)->ColumnInt(0));
}

Status MigrateSchema(Database& db, int target_version) {
  // IMMEDIATE takes the write lock first, so two processes opening a new file do not both migrate.
  Status begun = db.Exec("BEGIN IMMEDIATE");
  if (!begun.ok()) return begun;
  Status migrated = ApplyMigrations(db, target_version);
  if (!migrated.ok()) {
    db.Exec("ROLLBACK");
    return migrated;
  }
  Status committed = db.Exec("COMMIT");
  if (!committed.ok()) db.Exec("ROLLBACK");
  return committed;
}

Status CheckSchemaVersion(Database& db) {
  Result<int> version = ReadSchemaVersion(db);
  if (!version.ok()) return version.status();
  if (*version == 0) {
    return Status::InvalidInput("'" + db.path() + "' is not a newsfacts database (no schema_version table)");
  }
  if (*version > kLatestSchemaVersion) return NewerThanBinary(db, *version);
  if (*version < kLatestSchemaVersion) {
    return Status::Unsupported("database '" + db.path() + "' has the older schema version " +
                               std::to_string(*version) + "; open it once for writing (e.g. `newsfacts ingest`) "
                               "to upgrade it to version " + std::to_string(kLatestSchemaVersion));
  }
  return Status::Ok();
}

}  // namespace newsfacts
