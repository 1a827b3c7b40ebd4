#include "store/sqlite_db.h"

#include <chrono>
#include <filesystem>
#include <thread>
#include <system_error>

namespace newsfacts {

Status SqliteStatus(sqlite3* db, int rc, std::string_view context) {
  std::string message(context);
  message += ": ";
  // sqlite3_errmsg describes the most recent failure on `db`, which is `rc` for our callers.
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy(message + " (another process holds the database lock; try again later)");
    case SQLITE_NOTADB:
      return Status::InvalidInput(message + " (the file is not a SQLite database)");
    case SQLITE_CORRUPT:
      return Status::InvalidInput(message + " (the database file is damaged)");
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return Status::IoError(message);
    case SQLITE_TOOBIG:
      return Status::TooLarge(message);
    default:
      return Status::Internal(message);
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::NoteBind(int rc, int index) {
  if (rc != SQLITE_OK && bind_error_ == SQLITE_OK) {
    bind_error_ = rc;
    bind_error_index_ = index;
  }
}

void Statement::BindText(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so temporaries are safe to bind.
  NoteBind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
}

void Statement::BindTextOrNull(int index, std::string_view text) {
  if (text.empty()) {
    BindNull(index);
  } else {
    BindText(index, text);
  }
}

void Statement::BindInt(int index, int64_t value) { NoteBind(sqlite3_bind_int64(stmt_, index, value), index); }

void Statement::BindIntOrNull(int index, int64_t value) {
  if (value <= 0) {
    BindNull(index);
  } else {
    BindInt(index, value);
  }
}

void Statement::BindDouble(int index, double value) { NoteBind(sqlite3_bind_double(stmt_, index, value), index); }

void Statement::BindOptionalDouble(int index, const std::optional<double>& value) {
  if (value) {
    BindDouble(index, *value);
  } else {
    BindNull(index);
  }
}

void Statement::BindNull(int index) { NoteBind(sqlite3_bind_null(stmt_, index), index); }

Result<bool> Statement::Step() {
  if (bind_error_ != SQLITE_OK) {
    return SqliteStatus(nullptr, bind_error_,
                        "binding parameter " + std::to_string(bind_error_index_) + " of " + sqlite3_sql(stmt_));
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteStatus(db_, rc, "running SQL");
}

Status Statement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = SQLITE_OK;
  bind_error_index_ = 0;
}

bool Statement::ColumnIsNull(int index) const { return sqlite3_column_type(stmt_, index) == SQLITE_NULL; }

int64_t Statement::ColumnInt(int index) const { return sqlite3_column_int64(stmt_, index); }

double Statement::ColumnDouble(int index) const { return sqlite3_column_double(stmt_, index); }

std::optional<double> Statement::ColumnOptionalDouble(int index) const {
  if (ColumnIsNull(index)) return std::nullopt;
  return ColumnDouble(index);
}

std::string Statement::ColumnText(int index) const {
  // column_text first, then column_bytes: the documented order that yields the text's length.
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return std::string();
  const int size = sqlite3_column_bytes(stmt_, index);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

int Database::PollEveryMillisecond(void* timeout_ms, int attempts) {
  if (attempts >= *static_cast<const int*>(timeout_ms)) return 0;  // give up: SQLITE_BUSY
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return 1;
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, const DatabaseOptions& options) {
  namespace fs = std::filesystem;
  if (path.empty()) return Status::InvalidInput("no database path given");
  const bool in_memory = path == ":memory:";
  if (!in_memory) {
    std::error_code ec;
    fs::path parent = fs::path(path).parent_path();
    if (parent.empty()) parent = ".";
    if (!fs::is_directory(parent, ec)) {
      return Status::NotFound("cannot open database '" + path + "': the folder '" + parent.string() +
                              "' does not exist");
    }
    if (fs::is_directory(path, ec)) {
      return Status::InvalidInput("cannot open database '" + path + "': it is a folder, not a file");
    }
    if (options.read_only && !fs::exists(path, ec)) {
      return Status::NotFound("database '" + path + "' does not exist (create it with `newsfacts ingest`)");
    }
  }
  const int flags = options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status status = SqliteStatus(raw, rc, "cannot open database '" + path + "'");
    sqlite3_close_v2(raw);
    return status;
  }
  std::unique_ptr<Database> db(new Database(raw, path, options.busy_timeout_ms));
  // Polls every millisecond (sqlite3_busy_timeout backs off to 100 ms): another writer releases the
  // lock only for a moment between its batches, and a waiter must notice that moment to take a turn.
  sqlite3_busy_handler(raw, PollEveryMillisecond, &db->busy_timeout_ms_);
  // SQLite opens lazily: read the schema now so that a file that is not a database fails here.
  sqlite3_stmt* probe = nullptr;
  int probe_rc = sqlite3_prepare_v2(raw, "SELECT count(*) FROM sqlite_schema", -1, &probe, nullptr);
  if (probe_rc == SQLITE_OK) probe_rc = sqlite3_step(probe);
  sqlite3_finalize(probe);
  if (probe_rc != SQLITE_ROW) return SqliteStatus(raw, probe_rc, "cannot open database '" + path + "'");
  return db;
}

Database::~Database() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close_v2(db_);
}

Status Database::Error(int rc, std::string_view context) const {
  return SqliteStatus(db_, rc, std::string(context) + " (database '" + path_ + "')");
}

Status Database::Exec(const char* sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
  sqlite3_free(error);
  if (rc != SQLITE_OK) return Error(rc, "running SQL");
  return Status::Ok();
}

Result<StatementLease> Database::Prepared(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return Error(rc, "preparing SQL");
    }
    it = cache_.emplace(sql, std::make_unique<Statement>(db_, stmt)).first;
  }
  it->second->Reset();
  return StatementLease(it->second.get());
}

}  // namespace newsfacts
