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
