// `newsfacts ingest` on bad input: one error line per bad file, an `errors` row each, the good
// files stored, exit code 1.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "pipelines/run_binary.h"

namespace fs = std::filesystem;

namespace newsfacts::testing {
namespace {

const std::string kGoodArticle =
    "China boosts AI investment\n"
    "Updated: March 3, 2024 10:00 Xinhua\n\n"
    "BEIJING, March 2 -- China plans to build 50 new computing centers by 2026, officials said.\n\n"
    "The country has about 30 such centers now.\n";

std::vector<std::pair<std::string, std::string>> ErrorRows(const std::string& db) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, "SELECT source, stage FROM errors ORDER BY source", -1, &stmt, nullptr) ==
          SQLITE_OK);
  std::vector<std::pair<std::string, std::string>> rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    rows.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
                      reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return rows;
}

int CountLinesContaining(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line);) n += line.find(needle) != std::string::npos;
  return n;
}

TEST_CASE("bad files are reported one line each and the good ones are stored", "[pipelines][ingest]") {
  TempDir dir;
  const fs::path in = dir.path() / "in";
  WriteFile(in / "good.txt", kGoodArticle);
  WriteFile(in / "empty.txt", "");
  WriteFile(in / "blank.txt", "  \n\t\n  ");
  static const char kPngHead[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  WriteFile(in / "binary.txt", std::string(kPngHead, sizeof kPngHead - 1));
  WriteFile(in / "broken-yaml.md", "---\ntitle: [unclosed\n  - : :\n---\nBody text here.\n");
  WriteFile(in / "unclosed.md", "---\ntitle: Never closed\npublished: 2024-01-01\n\nBody text here.\n");
  WriteFile(in / "sub/another-good.txt",
            "Shanghai data report\n\nShanghai has built 12 data exchanges so far, the city said.\n");
  // Invalid UTF-8 is repaired, not fatal: this one is stored.
  WriteFile(in / "latin1.txt", "Caf\xe9 report\n\nThe caf\xe9 chain opened 40 stores in Paris last year.\n");
  fs::create_directory_symlink("..", in / "sub/loop");
  fs::create_symlink(in / "gone.txt", in / "dangling.txt");

  const std::string db = dir / "news.db";
  const CommandOutput run = RunNewsfacts({"ingest", in.string(), "--db", db}, dir);
  INFO(run.err);
  CHECK(run.exit_code == 1);

  const std::vector<std::string> bad = {"empty.txt", "blank.txt", "binary.txt", "broken-yaml.md",
                                        "unclosed.md", "sub/loop", "dangling.txt"};
  for (const std::string& name : bad) {
    INFO(name);
    CHECK(CountLinesContaining(run.err, "newsfacts: error: " + (in / name).string() + ":") == 1);
  }
  CHECK(CountLinesContaining(run.err, "newsfacts: error:") == static_cast<int>(bad.size()));
  CHECK_THAT(run.err, Catch::Contains("articles 3 new / 0 duplicate"));
  CHECK_THAT(run.err, Catch::Contains("7 errors"));

  const auto errors = ErrorRows(db);
  REQUIRE(errors.size() == bad.size());
  std::vector<std::string> sources;
  for (const auto& [source, stage] : errors) sources.push_back(source);
  for (const std::string& name : bad) {
    CHECK(std::count(sources.begin(), sources.end(), (in / name).string()) == 1);
  }
}

TEST_CASE("usage errors exit with code 2 and --help/--version with 0", "[pipelines][cli]") {
  TempDir dir;
  CHECK(RunNewsfacts({}, dir).exit_code == 2);
  CHECK(RunNewsfacts({"ingest"}, dir).exit_code == 2);
  CHECK(RunNewsfacts({"facts", "--format", "xml"}, dir).exit_code == 2);
  CHECK(RunNewsfacts({"no-such-command"}, dir).exit_code == 2);
  const CommandOutput version = RunNewsfacts({"--version"}, dir);
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.out, Catch::StartsWith("newsfacts "));
  for (const char* sub : {"ingest", "facts", "parse", "extract", "rules"}) {
    const CommandOutput help = RunNewsfacts({sub, "--help"}, dir);
    INFO(sub);
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains("Usage"));
  }
  // facts on a database that does not exist is a usage error, not an empty result.
  CHECK(RunNewsfacts({"facts", "--db", dir / "missing.db"}, dir).exit_code == 2);
}

}  // namespace
}  // namespace newsfacts::testing
