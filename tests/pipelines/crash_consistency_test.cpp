// Crash consistency: `newsfacts ingest` and `newsfacts run` are killed with SIGKILL at random
// moments, then run again to completion. The database must pass SQLite's integrity check, hold no
// article or fact twice, account for every input (stored or an `errors` row) and hold the same
// facts as a clean run. The seed is printed; set NEWSFACTS_CRASH_SEED to replay a failure
// and NEWSFACTS_CRASH_KILLS to kill the ingest more than 20 times.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <thread>

#include "pipelines/commands.h"
#include "pipelines/robust_util.h"
#include "pipelines/run_binary.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace newsfacts::testing {
namespace {

uint64_t CrashSeed() {
  if (const char* env = std::getenv("NEWSFACTS_CRASH_SEED")) return std::strtoull(env, nullptr, 10);
  return (static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}();
}

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

TEST_CASE("ingest killed at random moments and then run to completion equals a clean run",
          "[pipelines][crash][slow]") {
  const uint64_t seed = CrashSeed();
  std::printf("crash_consistency ingest: seed %llu (NEWSFACTS_CRASH_SEED)\n", static_cast<unsigned long long>(seed));
  CAPTURE(seed);
  TestRng rng(seed);

  TempDir dir;
  const fs::path corpus = dir.path() / "corpus";
  WriteSmallCorpus(corpus, 2000);
  // A few inputs that fail: they must end as `errors` rows however often the run is killed.
  for (int i = 0; i < 10; ++i) WriteFile(corpus / "bad" / ("empty-" + std::to_string(i) + ".txt"), "");
  const std::vector<std::string> ingest_args = {"ingest", corpus.string(), "--jobs", "2", "--batch-size", "50"};

  const std::string clean_db = dir / "clean.db";
  const auto clean_started = Clock::now();
  std::vector<std::string> args = ingest_args;
  args.insert(args.end(), {"--db", clean_db});
  const CommandOutput clean = RunNewsfacts(args, dir);
  const double clean_seconds = Seconds(clean_started);
  INFO(clean.err);
  REQUIRE(clean.exit_code == kExitSomeFailed);  // the ten empty files
  std::printf("crash_consistency ingest: clean run %.2f s\n", clean_seconds);
  const std::vector<std::string> clean_facts = SortedFacts(clean_db, dir);
  REQUIRE(clean_facts.size() > 2000);
  CheckDatabaseInvariants(clean_db);

  // Rounds of three kills on one database, each round ended by a run to completion. A re-run has
  // less left to do, so its kill comes sooner.
  // NEWSFACTS_CRASH_KILLS raises the number of kills for a long run (default 20).
  const char* kills_env = std::getenv("NEWSFACTS_CRASH_KILLS");
  const int wanted = std::max(20, kills_env != nullptr ? std::atoi(kills_env) : 20);
  int kills = 0;
  int round = 0;
  const int64_t full_ms = std::max<int64_t>(50, static_cast<int64_t>(clean_seconds * 1000 * 1.1));
  while (kills < wanted && round < wanted) {
    const std::string db = dir / ("killed-" + std::to_string(round) + ".db");
    args = ingest_args;
    args.insert(args.end(), {"--db", db});
    for (int k = 0; k < 3; ++k) {
      const int64_t delay_ms = rng.Range(0, full_ms / (k + 1));
      Child child(args);
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      if (child.Kill()) ++kills;
    }
    const CommandOutput finish = RunNewsfacts(args, dir);
    INFO("round " << round << ", " << kills << " kills so far");
    INFO(finish.err);
    REQUIRE(finish.exit_code == kExitSomeFailed);
    CheckDatabaseInvariants(db);
    CHECK(UnaccountedFiles(db, corpus).empty());
    DbReader reader(db);
    CHECK(reader.Int("SELECT count(*) FROM articles") == 2000);
    CHECK(reader.Int("SELECT count(*) FROM input_files WHERE article_id > 0") == 2000);
    CHECK(SortedFacts(db, dir) == clean_facts);
    ++round;
  }
  std::printf("crash_consistency ingest: %d kills in %d rounds\n", kills, round);
  CHECK(kills >= wanted);
}

// A site of kPages articles listed in one feed; every page answers slowly enough that a run spends
// a few seconds fetching, with an ETag so that a finished run is not fetched again.
class SlowSite {
 public:
  static constexpr int kPages = 240;
  SlowSite() {
    server_.Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("User-agent: *\nAllow: /\n", "text/plain");
    });
    server_.Get("/feed.xml", [this](const httplib::Request&, httplib::Response& res) {
      std::string items;
      for (int i = 0; i < kPages; ++i) items += "<item><link>" + Url("/a/" + std::to_string(i) + ".html") + "</link></item>";
      res.set_content("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>" + items + "</channel></rss>",
                      "application/rss+xml");
    });
    server_.Get(R"(/a/(\d+)\.html)", [this](const httplib::Request& req, httplib::Response& res) {
      const int i = std::stoi(req.matches[1]);
      const std::string etag = "\"page-" + std::to_string(i) + "\"";
      res.set_header("ETag", etag);
      if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      ++served_;
      std::string text = SmallArticle(i);
      const size_t title_end = text.find('\n');
      std::string body;
      std::istringstream paragraphs(text.substr(title_end));
      for (std::string line; std::getline(paragraphs, line);) {
        if (!line.empty()) body += "<p>" + line + "</p>";
      }
      const std::string title = text.substr(0, title_end);
      res.set_content("<!DOCTYPE html><html lang=\"en\"><head><title>" + title + "</title></head><body><article><h1>" +
                          title + "</h1>" + body + "</article></body></html>",
                      "text/html; charset=utf-8");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~SlowSite() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  // Pages sent in full (not 304) since the site started.
  int served() const { return served_; }

 private:
  std::atomic<int> served_{0};
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

std::string WriteRunConfig(const TempDir& dir, const std::string& name, const SlowSite& site) {
  const std::string path = dir / (name + ".yaml");
  WriteFile(path, "database: " + name + ".db\nper_host_delay_ms: 0\nper_host_concurrency: 4\nconcurrency: 4\n"
                  "connect_timeout_s: 2\ntimeout_s: 10\nsources:\n  - name: slow\n    feed: " +
                      site.Url("/feed.xml") + "\n");
  return path;
}

TEST_CASE("run killed while fetching and then run to completion equals a clean run", "[pipelines][crash][slow]") {
  const uint64_t seed = CrashSeed();
  std::printf("crash_consistency run: seed %llu (NEWSFACTS_CRASH_SEED)\n", static_cast<unsigned long long>(seed));
  CAPTURE(seed);
  TestRng rng(seed);
  SlowSite site;
  TempDir dir;

  const std::string clean_config = WriteRunConfig(dir, "clean", site);
  const auto clean_started = Clock::now();
  const CommandOutput clean = RunNewsfacts({"run", "--config", clean_config}, dir);
  const double clean_seconds = Seconds(clean_started);
  INFO(clean.err);
  REQUIRE(clean.exit_code == kExitOk);
  std::printf("crash_consistency run: clean run %.2f s\n", clean_seconds);
  const std::vector<std::string> clean_facts = SortedFacts(dir / "clean.db", dir);
  REQUIRE(clean_facts.size() > static_cast<size_t>(SlowSite::kPages));

  const std::string config = WriteRunConfig(dir, "killed", site);
  const std::string db = dir / "killed.db";
  // Each kill comes after a random number of pages was sent in this run: always while fetching,
  // however much earlier runs already stored.
  int kills = 0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    const int target = site.served() + static_cast<int>(rng.Range(1, SlowSite::kPages / 8));
    Child child({"run", "--config", config});
    const auto started = Clock::now();
    while (site.served() < target && Seconds(started) < 20) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (child.Kill()) ++kills;
    CheckDatabaseInvariants(db);
  }
  std::printf("crash_consistency run: %d kills\n", kills);
  CHECK(kills == 6);

  const CommandOutput finish = RunNewsfacts({"run", "--config", config}, dir);
  INFO(finish.err);
  REQUIRE(finish.exit_code == kExitOk);
  CheckDatabaseInvariants(db);
  DbReader reader(db);
  CHECK(reader.Int("SELECT count(*) FROM articles") == SlowSite::kPages);
  for (int i = 0; i < SlowSite::kPages; ++i) {
    const std::string url = site.Url("/a/" + std::to_string(i) + ".html");
    INFO(url);
    CHECK(reader.Int("SELECT count(*) FROM article_urls WHERE url = ?1", {url}) == 1);
  }
  CHECK(SortedFacts(db, dir) == clean_facts);
  // The raw archive survived the kills: reprocess re-reads every response kept and changes nothing.
  const CommandOutput reprocess = RunNewsfacts({"reprocess", "--db", db}, dir);
  INFO(reprocess.err);
  CHECK(reprocess.exit_code == kExitOk);
  CheckDatabaseInvariants(db);
  CHECK(reader.Int("SELECT count(*) FROM articles") == SlowSite::kPages);
  CHECK(SortedFacts(db, dir) == clean_facts);
  // A finished run leaves nothing to do: a further run fetches every page as not modified.
  const CommandOutput again = RunNewsfacts({"run", "--config", config}, dir);
  INFO(again.err);
  CHECK(again.exit_code == kExitOk);
  CHECK(reader.Int("SELECT articles_new FROM runs ORDER BY id DESC LIMIT 1") == 0);
  CHECK(SortedFacts(db, dir) == clean_facts);
}

}  // namespace
}  // namespace newsfacts::testing
