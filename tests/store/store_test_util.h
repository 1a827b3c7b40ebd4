// Helpers shared by the store tests: a temporary folder and direct SQLite reads of the file.
#pragma once

#include <sqlite3.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "core/types.h"

namespace newsfacts::testing {

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "newsfacts-store-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A second, independent connection to the database file, as a user's `sqlite3` would have.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + path);
    }
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // The first column of the first row as text ("" for NULL or no row), bytes kept verbatim.
  std::string Text(const std::string& sql) {
    sqlite3_stmt* stmt = Prepare(sql);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      if (text != nullptr) out.assign(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  }
  int64_t Int(const std::string& sql) {
    sqlite3_stmt* stmt = Prepare(sql);
    int64_t out = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) out = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return out;
  }
  void Exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error != nullptr ? error : "?";
      sqlite3_free(error);
      throw std::runtime_error(message);
    }
  }

 private:
  sqlite3_stmt* Prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("bad SQL: ") + sqlite3_errmsg(db_) + ": " + sql);
    }
    return stmt;
  }
  sqlite3* db_ = nullptr;
};

inline Fact MakeFact(const std::string& metric, double value, const std::string& unit, const std::string& date,
                     const std::string& place, FactKind kind = FactKind::kTarget, size_t quantity_start = 10) {
  Fact fact;
  fact.kind = kind;
  fact.metric = metric;
  fact.quantity.value = value;
  fact.quantity.unit = unit;
  fact.date = date;
  fact.place = place;
  fact.sentence = "The " + metric + " will reach " + std::to_string(value) + " " + unit + ".";
  fact.sentence_start = 0;
  fact.sentence_end = fact.sentence.size();
  fact.quantity_start = quantity_start;
  fact.quantity_end = quantity_start + 5;
  fact.rule = "test.rule";
  fact.date_from = Provenance::kSentence;
  fact.place_from = Provenance::kParagraph;
  return fact;
}

inline Article MakeArticle(const std::string& source, const std::string& url, const std::string& body) {
  Article article;
  article.source = source;
  article.format = "text";
  article.url = url;
  article.title = "Title of " + source;
  article.body = body;
  return article;
}

}  // namespace newsfacts::testing
