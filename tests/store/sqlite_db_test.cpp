#include "store/sqlite_db.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "store_test_util.h"

namespace newsfacts {
namespace {

using testing::TempDir;

TEST_CASE("Database::Open reports a missing folder", "[sqlite_db]") {
  TempDir dir;
  Result<std::unique_ptr<Database>> db = Database::Open(dir.File("no/such/folder/x.db"), {});
  REQUIRE_FALSE(db.ok());
  CHECK(db.status().code() == Status::Code::kNotFound);
  CHECK_THAT(db.status().message(), Catch::Contains("does not exist"));
  CHECK_THAT(db.status().message(), Catch::Contains("no/such/folder"));
}

TEST_CASE("Database::Open reports a file that is not a SQLite database", "[sqlite_db]") {
  TempDir dir;
  const std::string path = dir.File("notes.txt");
  std::ofstream(path) << "This is a plain text file, long enough to fill a SQLite header: 0123456789012345678901234"
                         "5678901234567890123456789012345678901234567890123456789\n";
  Result<std::unique_ptr<Database>> db = Database::Open(path, {});
  REQUIRE_FALSE(db.ok());
  CHECK(db.status().code() == Status::Code::kInvalidInput);
  CHECK_THAT(db.status().message(), Catch::Contains("not a SQLite database"));
  CHECK_THAT(db.status().message(), Catch::Contains("notes.txt"));
}

TEST_CASE("Database::Open refuses a folder and a missing file in read-only mode", "[sqlite_db]") {
  TempDir dir;
  Result<std::unique_ptr<Database>> folder = Database::Open(dir.path().string(), {});
  REQUIRE_FALSE(folder.ok());
  CHECK(folder.status().code() == Status::Code::kInvalidInput);

  DatabaseOptions read_only;
  read_only.read_only = true;
  Result<std::unique_ptr<Database>> missing = Database::Open(dir.File("missing.db"), read_only);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Status::Code::kNotFound);
  CHECK_FALSE(std::filesystem::exists(dir.File("missing.db")));
}

TEST_CASE("Statements bind text with its length and are cached", "[sqlite_db]") {
  TempDir dir;
  Result<std::unique_ptr<Database>> db = Database::Open(dir.File("t.db"), {});
  REQUIRE(db.ok());
  Database& database = **db;
  REQUIRE(database.Exec("CREATE TABLE t (v TEXT)").ok());
  const std::string tricky("a\0b'c\"d\x01\n;DROP TABLE t;--", 24);
  {
    Result<StatementLease> insert = database.Prepared("INSERT INTO t (v) VALUES (?1)");
    REQUIRE(insert.ok());
    (*insert)->BindText(1, tricky);
    REQUIRE((*insert)->Run().ok());
  }
  Result<StatementLease> first = database.Prepared("SELECT v FROM t");
  REQUIRE(first.ok());
  Statement* address = &**first;
  Result<bool> row = (*first)->Step();
  REQUIRE(row.ok());
  REQUIRE(*row);
  CHECK((*first)->ColumnText(0) == tricky);
  Result<StatementLease> again = database.Prepared("SELECT v FROM t");
  REQUIRE(again.ok());
  CHECK(&**again == address);
}

TEST_CASE("A failed bind is reported by Step", "[sqlite_db]") {
  Result<std::unique_ptr<Database>> db = Database::Open(":memory:", {});
  REQUIRE(db.ok());
  Result<StatementLease> stmt = (*db)->Prepared("SELECT ?1");
  REQUIRE(stmt.ok());
  (*stmt)->BindInt(7, 1);
  Result<bool> row = (*stmt)->Step();
  REQUIRE_FALSE(row.ok());
  CHECK_THAT(row.status().message(), Catch::Contains("parameter 7"));
}

TEST_CASE("SQL errors become Status values", "[sqlite_db]") {
  Result<std::unique_ptr<Database>> db = Database::Open(":memory:", {});
  REQUIRE(db.ok());
  Status bad = (*db)->Exec("SELEKT 1");
  CHECK_FALSE(bad.ok());
  Result<StatementLease> missing = (*db)->Prepared("SELECT * FROM no_such_table");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.status().message(), Catch::Contains("no_such_table"));
}

}  // namespace
}  // namespace newsfacts
