// RAII owners for sqlite3* and sqlite3_stmt*, with SQLite errors turned into Status values.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"

namespace newsfacts {

// A Status for the SQLite result code `rc`: Busy for lock time-outs, InvalidInput for a file that is
// not a (sound) database, IoError for file-system failures, Internal otherwise. `db` may be null.
Status SqliteStatus(sqlite3* db, int rc, std::string_view context);

// One prepared statement. Text is bound with its explicit length, so NUL bytes, quotes and control
// characters are stored verbatim.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Bind indexes start at 1, as in SQLite. A failed bind is reported by the next Step()/Run().
  void BindText(int index, std::string_view text);
  void BindTextOrNull(int index, std::string_view text);  // NULL when `text` is empty
  void BindInt(int index, int64_t value);
  void BindIntOrNull(int index, int64_t value);            // NULL when `value` <= 0 (no row id)
  void BindDouble(int index, double value);
  void BindOptionalDouble(int index, const std::optional<double>& value);
  void BindNull(int index);

  // Steps once: true when a row is available, false when the statement is done.
  Result<bool> Step();
  // Steps to completion, ignoring any rows.
  Status Run();
  // Makes the statement reusable: resets it and clears its bindings.
  void Reset();

  bool ColumnIsNull(int index) const;
  int64_t ColumnInt(int index) const;
  double ColumnDouble(int index) const;
  std::optional<double> ColumnOptionalDouble(int index) const;
  std::string ColumnText(int index) const;  // "" for NULL; embedded NUL bytes kept

 private:
  void NoteBind(int rc, int index);
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bind_error_ = SQLITE_OK;
  int bind_error_index_ = 0;
};

// Borrowed use of a cached statement; resets it when the borrower is done so that no read
// transaction stays open between calls.
class StatementLease {
 public:
  explicit StatementLease(Statement* statement) : statement_(statement) {}
  StatementLease(StatementLease&& other) noexcept : statement_(other.statement_) { other.statement_ = nullptr; }
  StatementLease& operator=(StatementLease&&) = delete;
  StatementLease(const StatementLease&) = delete;
  ~StatementLease() {
    if (statement_ != nullptr) statement_->Reset();
  }
  Statement* operator->() const { return statement_; }
  Statement& operator*() const { return *statement_; }

 private:
  Statement* statement_;
};

struct DatabaseOptions {
  bool read_only = false;      // open with SQLITE_OPEN_READONLY; the file must exist
  int busy_timeout_ms = 30000; // how long to wait for another connection's lock, polling every ms
};

// An open connection plus its statement cache. Not thread-safe: one per thread.
class Database {
 public:
  // Opens `path` (":memory:" allowed). A missing parent folder, a folder, a missing file in
  // read-only mode, and a file that is not a SQLite database are reported as clear Statuses.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  int busy_timeout_ms() const { return busy_timeout_ms_; }

  // Runs constant SQL without parameters (pragmas, schema DDL).
  Status Exec(const char* sql);
  // The cached prepared statement for `sql` (prepared on first use), ready to bind.
  Result<StatementLease> Prepared(const char* sql);
  int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
  Status Error(int rc, std::string_view context) const;

 private:
  Database(sqlite3* db, std::string path, int busy_timeout_ms)
      : db_(db), path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms) {}
  // sqlite3_busy_handler callback; `timeout_ms` points at busy_timeout_ms_.
  static int PollEveryMillisecond(void* timeout_ms, int attempts);
  sqlite3* db_;
  std::string path_;
  int busy_timeout_ms_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

}  // namespace newsfacts
