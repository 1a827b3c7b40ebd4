#include "store/schema.h"

#include <catch2/catch.hpp>

#include "store/store.h"
#include "store_test_util.h"

namespace newsfacts {
namespace {

using testing::RawDb;
using testing::TempDir;

TEST_CASE("Migrating an empty database creates the latest schema once", "[schema]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  {
    Result<std::unique_ptr<Database>> db = Database::Open(path, {});
    REQUIRE(db.ok());
    Result<int> before = ReadSchemaVersion(**db);
    REQUIRE(before.ok());
    CHECK(*before == 0);
    REQUIRE(MigrateSchema(**db).ok());
    REQUIRE(MigrateSchema(**db).ok());  // a second run applies nothing
    Result<int> after = ReadSchemaVersion(**db);
    REQUIRE(after.ok());
    CHECK(*after == kLatestSchemaVersion);
    CHECK(CheckSchemaVersion(**db).ok());
  }
  RawDb raw(path);
  CHECK(raw.Int("SELECT count(*) FROM schema_version") == kLatestSchemaVersion);
  for (const char* table : {"runs", "errors", "articles", "article_urls", "article_sources", "related_links",
                            "facts", "evidence", "fact_revisions", "fetch_state", "sources", "input_files"}) {
    INFO(table);
    CHECK(raw.Int(std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '") + table +
                  "'") == 1);
  }
  for (const char* view : {"fact_rows", "facts_export", "fact_evidence", "fact_changes"}) {
    INFO(view);
    CHECK(raw.Int(std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'view' AND name = '") + view +
                  "'") == 1);
  }
}

TEST_CASE("A version 1 database is upgraded in place and keeps its facts", "[schema]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  {
    Result<std::unique_ptr<Database>> db = Database::Open(path, {});
    REQUIRE(db.ok());
    REQUIRE(MigrateSchema(**db, 1).ok());
  }
  {
    RawDb raw(path);
    raw.Exec(
        "INSERT INTO articles (id, published, body_hash, first_seen, last_seen) VALUES "
        "(1, '2024-05-01', 'h1', 't', 't'), (2, '2024-02-01', 'h2', 't', 't'), (3, NULL, 'h3', 't', 't');"
        "INSERT INTO facts (id, fact_key, revision_key, kind, metric, value, first_seen, last_seen) VALUES "
        "(1, 'k1', 'r', 'target', 'm', 1, 't', 't'), (2, 'k2', 'r', 'target', 'm', 2, 't', 't');"
        "INSERT INTO evidence (fact_id, article_id, sentence, sentence_start, sentence_end, quantity_start, "
        "quantity_end, first_seen) VALUES (1, 1, 's', 0, 1, 0, 1, 't'), (1, 2, 's', 0, 1, 0, 1, 't'), "
        "(2, 3, 's', 0, 1, 0, 1, 't');");
  }
  Result<std::unique_ptr<Store>> store = Store::Open(path);
  REQUIRE(store.ok());
  store->reset();
  RawDb raw(path);
  CHECK(raw.Int("SELECT MAX(version) FROM schema_version") == kLatestSchemaVersion);
  CHECK(raw.Int("SELECT count(*) FROM facts") == 2);
  // The earliest publication date of the articles stating each fact; '' when none is dated.
  CHECK(raw.Text("SELECT first_published FROM facts WHERE id = 1") == "2024-02-01");
  CHECK(raw.Text("SELECT first_published FROM facts WHERE id = 2") == "");
  // Version 3 keeps only the indexes the writer needs on facts: each one costs every new fact an insert.
  CHECK(raw.Text("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema WHERE type = 'index' "
                 "AND tbl_name = 'facts' ORDER BY name)") == "facts_revision_order,sqlite_autoindex_facts_1");
}

TEST_CASE("facts_export has exactly the export contract's columns", "[schema]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  REQUIRE(Store::Open(path).ok());
  RawDb raw(path);
  CHECK(raw.Text("SELECT group_concat(name, ',') FROM pragma_table_info('facts_export')") ==
        "kind,metric,value,value_max,unit,qualifier,date,place,sentence,article,evidence");
}

TEST_CASE("A database newer than this build is refused", "[schema]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  REQUIRE(Store::Open(path).ok());
  {
    RawDb raw(path);
    raw.Exec("INSERT INTO schema_version (version, applied_at) VALUES (99, 'future')");
  }
  Result<std::unique_ptr<Store>> store = Store::Open(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == Status::Code::kUnsupported);
  CHECK_THAT(store.status().message(), Catch::Contains("99") && Catch::Contains("newer"));

  StoreOptions read_only;
  read_only.read_only = true;
  Result<std::unique_ptr<Store>> reader = Store::Open(path, read_only);
  REQUIRE_FALSE(reader.ok());
  CHECK(reader.status().code() == Status::Code::kUnsupported);
}

TEST_CASE("A SQLite file of another application is not migrated", "[schema]") {
  TempDir dir;
  const std::string path = dir.File("other.db");
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "CREATE TABLE customers (id INTEGER)", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);

  Result<std::unique_ptr<Store>> store = Store::Open(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == Status::Code::kInvalidInput);
  CHECK_THAT(store.status().message(), Catch::Contains("not a newsfacts"));
  RawDb check(path);
  CHECK(check.Int("SELECT count(*) FROM sqlite_schema WHERE name = 'facts'") == 0);
}

TEST_CASE("Read-only open of an empty SQLite file is a clear error", "[schema]") {
  TempDir dir;
  const std::string path = dir.File("empty.db");
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  sqlite3_close(raw);
  StoreOptions read_only;
  read_only.read_only = true;
  Result<std::unique_ptr<Store>> store = Store::Open(path, read_only);
  REQUIRE_FALSE(store.ok());
  CHECK_THAT(store.status().message(), Catch::Contains("not a newsfacts database"));
}

}  // namespace
}  // namespace newsfacts
