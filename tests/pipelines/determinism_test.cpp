// The database does not depend on the thread count: ingest with --jobs 1 and --jobs 4 and compare.
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "pipelines/run_binary.h"

namespace newsfacts::testing {
namespace {

std::string Dump(const std::string& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string out;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      const unsigned char* text = sqlite3_column_text(stmt, c);
      out += text ? reinterpret_cast<const char*>(text) : "NULL";
      out += '\t';
    }
    out += '\n';
  }
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return out;
}

TEST_CASE("ingest gives the same database whatever --jobs is", "[pipelines][ingest]") {
  TempDir dir;
  const char* cities[] = {"Shenzhen", "Hangzhou", "Chengdu", "Wuhan", "Suzhou", "Xi'an", "Nanjing", "Tianjin"};
  for (int i = 0; i < 60; ++i) {
    const std::string city = cities[i % 8];
    std::string text = city + " report " + std::to_string(i) + "\n\n" + city + " plans to build " +
                       std::to_string(10 + i) + " data centers by 2027, the city government said.\n\n" + city +
                       " has attracted about " + std::to_string(100 + 3 * i) + " AI enterprises so far.\n";
    if (i % 10 == 3) text = "";  // some failures in the mix, recorded in walk order too
    if (i % 10 == 7) text = "Shenzhen report 0\n\nShenzhen plans to build 10 data centers by 2027, the city government "
                            "said.\n\nShenzhen has attracted about 100 AI enterprises so far.\n";  // the body of a1000
    WriteFile(dir.path() / "in" / ("a" + std::to_string(1000 + i) + ".txt"), text);
  }
  const std::string in = (dir.path() / "in").string();
  const std::string one = dir / "one.db";
  const std::string four = dir / "four.db";
  const CommandOutput a = RunNewsfacts({"ingest", in, "--db", one, "--jobs", "1"}, dir);
  const CommandOutput b = RunNewsfacts({"ingest", in, "--db", four, "--jobs", "4", "--batch-size", "7"}, dir);
  CHECK(a.exit_code == 1);  // the empty files
  CHECK(b.exit_code == 1);
  const char* queries[] = {
      "SELECT id, url, title, body_hash FROM articles ORDER BY id",
      "SELECT id, fact_key, kind, metric, value, unit, date, place FROM facts ORDER BY id",
      "SELECT fact_id, article_id, quantity_start, rule FROM evidence ORDER BY fact_id, article_id, quantity_start",
      "SELECT source, stage, message FROM errors ORDER BY id",
      "SELECT article_id, source FROM article_sources ORDER BY id",
  };
  for (const char* q : queries) {
    INFO(q);
    const std::string from_one = Dump(one, q);
    CHECK_FALSE(from_one.empty());
    CHECK(from_one == Dump(four, q));
  }
}

}  // namespace
}  // namespace newsfacts::testing
