// Helpers for the robustness tests (bad input, crash consistency, concurrency): read-only SQLite
// queries, the invariants every database must keep, a killable child process and a generator of
// small articles.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "pipelines/run_binary.h"
#include "test_util.h"

namespace newsfacts::testing {

// A read-only connection; every query REQUIREs success.
class DbReader {
 public:
  explicit DbReader(const std::string& path) {
    REQUIRE(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_busy_timeout(db_, 30000);
  }
  ~DbReader() { sqlite3_close(db_); }
  DbReader(const DbReader&) = delete;
  DbReader& operator=(const DbReader&) = delete;

  // Every row of `sql`, columns joined by '\t' (NULL as "NULL"); `params` bind ?1, ?2... as text.
  std::vector<std::string> Rows(const std::string& sql, const std::vector<std::string>& params = {}) {
    sqlite3_stmt* stmt = nullptr;
    INFO(sql);
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    for (size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(stmt, static_cast<int>(i + 1), params[i].data(), static_cast<int>(params[i].size()),
                        SQLITE_TRANSIENT);
    }
    std::vector<std::string> rows;
    int rc = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        if (c > 0) row += '\t';
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          row += "NULL";
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          row.append(text, static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    REQUIRE(rc == SQLITE_DONE);
    return rows;
  }

  int64_t Int(const std::string& sql, const std::vector<std::string>& params = {}) {
    const std::vector<std::string> rows = Rows(sql, params);
    REQUIRE(rows.size() == 1);
    return std::stoll(rows[0]);
  }

 private:
  sqlite3* db_ = nullptr;
};

// The invariants of any newsfacts database, killed or not: SQLite's integrity check passes, no
// article is stored twice (by URL or body), no fact twice (by key), every evidence row names a
// stored fact and article.
inline void CheckDatabaseInvariants(const std::string& db_path) {
  DbReader db(db_path);
  CHECK(db.Rows("PRAGMA integrity_check") == std::vector<std::string>{"ok"});
  CHECK(db.Rows("PRAGMA foreign_key_check").empty());
  // Documents without text share the empty body's hash but are separate articles.
  CHECK(db.Int("SELECT count(*) - count(DISTINCT body_hash) FROM articles WHERE trim(body, ' ' || char(9, 10, 13)) <> ''") ==
        0);
  CHECK(db.Int("SELECT count(url) - count(DISTINCT url) FROM articles") == 0);
  CHECK(db.Int("SELECT count(*) - count(DISTINCT fact_key) FROM facts") == 0);
  CHECK(db.Int("SELECT count(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.id = e.fact_id)"
               " OR NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = e.article_id)") == 0);
  CHECK(db.Int("SELECT count(*) FROM (SELECT 1 FROM evidence GROUP BY fact_id, article_id, quantity_start "
               "HAVING count(*) > 1)") == 0);
}

// The input files (regular files under `root`, recursively, hidden ones skipped) that neither gave
// a stored article (article_sources) nor an `errors` row.
inline std::vector<std::string> UnaccountedFiles(const std::string& db_path, const std::filesystem::path& root) {
  DbReader db(db_path);
  std::vector<std::string> missing;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().filename().string().front() == '.') continue;
    const std::string path = entry.path().string();
    const int64_t stored = db.Int("SELECT count(*) FROM article_sources WHERE source = ?1", {path});
    const int64_t failed = db.Int("SELECT count(*) FROM errors WHERE source = ?1", {path});
    if (stored == 0 && failed == 0) missing.push_back(path);
  }
  std::sort(missing.begin(), missing.end());
  return missing;
}

// A child process running NEWSFACTS_BINARY with `args` (stdout and stderr to /dev/null).
class Child {
 public:
  explicit Child(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(NEWSFACTS_BINARY));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      const int null_fd = ::open("/dev/null", O_WRONLY);
      ::dup2(null_fd, 1);
      ::dup2(null_fd, 2);
      ::execv(NEWSFACTS_BINARY, argv.data());
      _exit(127);
    }
  }
  ~Child() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      Wait();
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // SIGKILLs the child; true when it was still running (it died of the signal).
  bool Kill() {
    ::kill(pid_, SIGKILL);
    const int status = Wait();
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }
  // Waits for the child; returns its exit code, or 128 + signal.
  int ExitCode() {
    const int status = Wait();
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  int Wait() {
    int status = 0;
    if (pid_ > 0) {
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      status_ = status;
      pid_ = -1;
    }
    return status_;
  }
  pid_t pid_ = -1;
  int status_ = 0;
};

// SplitMix64: a seeded PRNG whose sequence is the same everywhere (std distributions are not).
class TestRng {
 public:
  explicit TestRng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  int64_t Range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1)); }

 private:
  uint64_t state_;
};

// Article `i` of a small synthetic corpus: a plain-text title and two sentences that state
// figures about a place, all distinct across i (so no two bodies or facts collide by accident).
inline std::string SmallArticle(int i) {
  static const char* const kPlaces[] = {"Shanghai", "Beijing", "Shenzhen", "Hangzhou", "Chengdu",
                                        "Wuhan",    "Nanjing", "Tianjin",  "Xiamen",   "Qingdao"};
  static const char* const kThings[] = {"charging stations", "data centers", "schools", "parks", "hospitals"};
  const std::string place = kPlaces[i % 10];
  const std::string thing = kThings[(i / 10) % 5];
  const int year = 2026 + i % 5;
  return place + " report " + std::to_string(i) + "\n\n" + place + " plans to build " + std::to_string(100 + i) +
         " new " + thing + " by " + std::to_string(year) + ", the city government said on Monday.\n\n" + place +
         " has built " + std::to_string(1000 + i) + " " + thing + " so far, officials said.\n";
}

// Writes SmallArticle(0..n-1) as `dir`/NNNN/article-NNNNN.txt (100 per folder).
inline std::vector<std::string> WriteSmallCorpus(const std::filesystem::path& dir, int n) {
  std::vector<std::string> paths;
  for (int i = 0; i < n; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "%04d/article-%05d.txt", i / 100, i);
    const std::filesystem::path p = dir / name;
    WriteFile(p, SmallArticle(i));
    paths.push_back(p.string());
  }
  return paths;
}

// `facts --format csv`, lines sorted: the export two databases are compared by.
inline std::vector<std::string> SortedFacts(const std::string& db, const TempDir& scratch) {
  const CommandOutput out = RunNewsfacts({"facts", "--db", db, "--format", "csv"}, scratch);
  INFO(out.err);
  REQUIRE(out.exit_code == 0);
  std::vector<std::string> lines;
  std::istringstream in(out.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace newsfacts::testing
