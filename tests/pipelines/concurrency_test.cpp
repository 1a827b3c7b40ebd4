// Two `newsfacts ingest` processes on one database at once: both finish (one waits for the other's
// write lock within the busy timeout) and the database equals the one a sequential run builds.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "pipelines/commands.h"
#include "pipelines/robust_util.h"
#include "pipelines/run_binary.h"

namespace fs = std::filesystem;

namespace newsfacts::testing {
namespace {

struct DbSummary {
  int64_t articles, facts, evidence, sources, errors;
  std::vector<std::string> urls_and_bodies;
};

DbSummary Summarize(const std::string& db) {
  DbReader reader(db);
  DbSummary s;
  s.articles = reader.Int("SELECT count(*) FROM articles");
  s.facts = reader.Int("SELECT count(*) FROM facts");
  s.evidence = reader.Int("SELECT count(*) FROM evidence WHERE superseded_at IS NULL");
  s.sources = reader.Int("SELECT count(*) FROM article_sources");
  s.errors = reader.Int("SELECT count(DISTINCT source) FROM errors");
  s.urls_and_bodies = reader.Rows("SELECT title || '|' || body_hash FROM articles ORDER BY 1");
  return s;
}

void CheckSameDatabase(const std::string& got, const std::string& want, const TempDir& scratch) {
  const DbSummary a = Summarize(got);
  const DbSummary b = Summarize(want);
  CHECK(a.articles == b.articles);
  CHECK(a.facts == b.facts);
  CHECK(a.evidence == b.evidence);
  CHECK(a.sources == b.sources);
  CHECK(a.errors == b.errors);
  CHECK(a.urls_and_bodies == b.urls_and_bodies);
  CHECK(SortedFacts(got, scratch) == SortedFacts(want, scratch));
}

TEST_CASE("two ingests of two halves at once equal a sequential run", "[pipelines][concurrency]") {
  TempDir dir;
  WriteSmallCorpus(dir.path() / "corpus", 1000);  // folders 0000..0009
  const fs::path left = dir.path() / "left";
  const fs::path right = dir.path() / "right";
  for (int folder = 0; folder < 10; ++folder) {
    char name[8];
    std::snprintf(name, sizeof name, "%04d", folder);
    fs::create_directories(folder < 5 ? left : right);
    fs::rename(dir.path() / "corpus" / name, (folder < 5 ? left : right) / name);
  }
  WriteFile(left / "bad.txt", "");
  WriteFile(right / "bad.txt", "\x01\x02\x03\x04\x05\x06\x07\x08");

  const std::string sequential = dir / "sequential.db";
  REQUIRE(RunNewsfacts({"ingest", left.string(), "--db", sequential, "-q"}, dir).exit_code == kExitSomeFailed);
  REQUIRE(RunNewsfacts({"ingest", right.string(), "--db", sequential, "-q"}, dir).exit_code == kExitSomeFailed);

  const std::string both = dir / "both.db";
  {
    Child a({"ingest", left.string(), "--db", both, "--jobs", "1", "--batch-size", "20"});
    Child b({"ingest", right.string(), "--db", both, "--jobs", "1", "--batch-size", "20"});
    CHECK(a.ExitCode() == kExitSomeFailed);  // its bad.txt; everything else stored
    CHECK(b.ExitCode() == kExitSomeFailed);
  }
  CheckDatabaseInvariants(both);
  CHECK(UnaccountedFiles(both, left).empty());
  CHECK(UnaccountedFiles(both, right).empty());
  CHECK(Summarize(both).articles == 1000);
  CheckSameDatabase(both, sequential, dir);
  DbReader reader(both);
  CHECK(reader.Int("SELECT count(*) FROM runs WHERE command = 'ingest' AND finished_at IS NOT NULL") == 2);
}

TEST_CASE("two ingests of the same folder at once equal one run", "[pipelines][concurrency]") {
  TempDir dir;
  const fs::path corpus = dir.path() / "corpus";
  WriteSmallCorpus(corpus, 600);
  WriteFile(corpus / "bad.txt", "");

  const std::string once = dir / "once.db";
  REQUIRE(RunNewsfacts({"ingest", corpus.string(), "--db", once, "-q"}, dir).exit_code == kExitSomeFailed);

  const std::string twice = dir / "twice.db";
  {
    Child a({"ingest", corpus.string(), "--db", twice, "--batch-size", "10"});
    Child b({"ingest", corpus.string(), "--db", twice, "--batch-size", "10"});
    CHECK(a.ExitCode() == kExitSomeFailed);
    CHECK(b.ExitCode() == kExitSomeFailed);
  }
  CheckDatabaseInvariants(twice);
  CHECK(UnaccountedFiles(twice, corpus).empty());
  const DbSummary a = Summarize(twice);
  const DbSummary b = Summarize(once);
  CHECK(a.articles == b.articles);
  CHECK(a.facts == b.facts);
  CHECK(a.evidence == b.evidence);
  CHECK(a.urls_and_bodies == b.urls_and_bodies);
  CHECK(SortedFacts(twice, dir) == SortedFacts(once, dir));
}

}  // namespace
}  // namespace newsfacts::testing
