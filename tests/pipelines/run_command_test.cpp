// `newsfacts run` end to end against an HTTP server on 127.0.0.1: feeds, conditional GET, the
// WARC archive, reprocess, the lock, failing sources and configuration errors.
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <ctime>
#include <filesystem>
#include <thread>

#include "pipelines/run_binary.h"
#include "pipelines/run_lock.h"

namespace fs = std::filesystem;

namespace newsfacts::testing {
namespace {

std::string RfcDateDaysAgo(int days) {
  const std::time_t t = std::time(nullptr) - days * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string Page(const std::string& title, const std::string& text) {
  return "<!DOCTYPE html><html lang=\"en\"><head><title>" + title + "</title></head><body>"
         "<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>" + title +
         "</h1><p>" + text + "</p><p>Officials said more details would follow in the coming weeks, "
         "according to the statement published on the ministry website.</p></article>"
         "<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>";
}

// A small news site: a feed of three recent articles (and one too old), pages with ETags, robots.txt.
class NewsSite {
 public:
  static constexpr int kSlowPages = 16;
  NewsSite() {
    pages_["/a1.html"] = Page("Shenzhen computing push",
                              "Shenzhen plans to build 12 new computing centers by 2026, the city government said.");
    pages_["/a2.html"] = Page("Hangzhou data exchange",
                              "Hangzhou has built 7 data exchanges so far, the municipal government said.");
    pages_["/a3.html"] = Page("Chengdu robots",
                              "Chengdu aims to have 300 robotics companies by 2027, according to a new plan.");
    pages_["/old.html"] = Page("Old news", "Wuhan opened 5 parks in 2010.");
    server_.Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("User-agent: *\nDisallow: /private/\n", "text/plain");
    });
    server_.Get("/feed.xml", [this](const httplib::Request& req, httplib::Response& res) {
      Serve(req, res, feed_, "application/rss+xml");
    });
    server_.Get("/slow-feed.xml", [this](const httplib::Request&, httplib::Response& res) {
      ++slow_feed_requests_;
      std::string items;
      for (int i = 0; i < kSlowPages; ++i) {
        items += "<item><link>" + Url("/slow/" + std::to_string(i) + ".html") + "</link></item>";
      }
      res.set_content("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>" + items + "</channel></rss>",
                      "application/rss+xml");
    });
    server_.Get(R"(/slow/(\d+)\.html)", [](const httplib::Request& req, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      const std::string n = req.matches[1];
      res.set_content(Page("Report " + n, "Jinan has built " + std::to_string(100 + std::stoi(n)) +
                                              " charging stations so far, the city said."),
                      "text/html");
    });
    server_.Get("/fm-feed.xml", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><link>" + Url("/fm.txt") +
                          "</link></item></channel></rss>",
                      "application/rss+xml");
    });
    server_.Get("/fm.txt", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content("---\ntitle: \"Qingdao ports\"\nwebUrl: \"" + Url("/fm.txt") + "\"\nrelated:\n  - title: \"More\"\n"
                      "    webUrl: \"" + Url("/a2.html") + "\"\n---\nQingdao handled 30 million containers last year, "
                      "the port authority said.\n",
                      "text/plain; charset=utf-8");
    });
    server_.Get("/missing-feed.xml", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    server_.Get(R"(/(a\d|old)\.html)", [this](const httplib::Request& req, httplib::Response& res) {
      Serve(req, res, pages_.at(req.path), "text/html; charset=utf-8");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    feed_ = Feed();  // built once: its dates, hence its ETag, stay the same between runs
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // bind_to_any_port already listens: connections wait in the backlog until the loop starts.
  }
  ~NewsSite() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int full_responses() const { return full_responses_.load(); }
  int not_modified_responses() const { return not_modified_.load(); }
  int slow_feed_requests() const { return slow_feed_requests_.load(); }

 private:
  std::string Feed() const {
    std::string items;
    for (const char* p : {"/a1.html", "/a2.html", "/a3.html"}) {
      items += std::string("<item><title>t</title><link>") + Url(p) + "</link><pubDate>" + RfcDateDaysAgo(1) +
               "</pubDate></item>";
    }
    items += "<item><title>old</title><link>" + Url("/old.html") + "</link><pubDate>" + RfcDateDaysAgo(400) +
             "</pubDate></item>";
    return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Example</title>" + items + "</channel></rss>";
  }
  // Serves `body` with a strong ETag; answers 304 to a matching If-None-Match.
  void Serve(const httplib::Request& req, httplib::Response& res, const std::string& body, const char* type) {
    const std::string etag = "\"" + std::to_string(std::hash<std::string>{}(body)) + "\"";
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      ++not_modified_;
      return;
    }
    ++full_responses_;
    res.set_content(body, type);
  }

  httplib::Server server_;
  std::map<std::string, std::string> pages_;
  std::string feed_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> full_responses_{0};
  std::atomic<int> not_modified_{0};
  std::atomic<int> slow_feed_requests_{0};
};

int64_t Count(const std::string& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  const int64_t n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return n;
}

// PRAGMA integrity_check's first line; opened read-write so a hot journal or WAL left by a kill is recovered.
std::string IntegrityCheck(const std::string& db) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  std::string result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return result;
}

std::string WriteConfig(const TempDir& dir, const NewsSite& site, const std::string& extra_sources = "") {
  const std::string path = dir / "newsfacts.yaml";
  WriteFile(path, "database: news.db\nper_host_delay_ms: 0\nconnect_timeout_s: 2\ntimeout_s: 5\n"
                  "max_article_age_days: 7\nsources:\n  - name: example\n    feed: " +
                      site.Url("/feed.xml") + "\n" + extra_sources);
  return path;
}

TEST_CASE("run fetches a feed's fresh articles, archives them and a second run adds nothing", "[pipelines][run]") {
  NewsSite site;
  TempDir dir;
  const std::string config = WriteConfig(dir, site);
  const std::string db = dir / "news.db";

  const CommandOutput first = RunNewsfacts({"run", "--config", config}, dir);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(Count(db, "SELECT count(*) FROM articles") == 3);  // the 400-day-old entry is skipped
  CHECK(Count(db, "SELECT count(*) FROM facts") >= 3);
  CHECK(Count(db, "SELECT count(*) FROM runs WHERE command = 'run' AND status = 'ok'") == 1);
  CHECK(Count(db, "SELECT fetched FROM runs") == 4);  // the feed and three pages
  CHECK(Count(db, "SELECT count(*) FROM fetch_state WHERE etag != ''") == 4);
  CHECK(Count(db, "SELECT count(*) FROM article_urls WHERE url LIKE 'http://127.0.0.1:%/a_.html'") == 3);
  size_t archives = 0;
  for (const auto& entry : fs::directory_iterator(dir.path() / "news.db.archive")) {
    archives += entry.path().string().find(".warc.gz") != std::string::npos;
  }
  CHECK(archives >= 1);
  const int full_after_first = site.full_responses();

  const CommandOutput second = RunNewsfacts({"run", "--config", config}, dir);
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  CHECK(site.full_responses() == full_after_first);  // everything answered 304
  CHECK(site.not_modified_responses() >= 1);
  CHECK(Count(db, "SELECT count(*) FROM articles") == 3);
  CHECK(Count(db, "SELECT articles_new FROM runs ORDER BY id DESC LIMIT 1") == 0);
  CHECK(Count(db, "SELECT not_modified FROM runs ORDER BY id DESC LIMIT 1") >= 1);

  // reprocess re-reads the archive with the current rules: the same facts, nothing new.
  const int64_t facts = Count(db, "SELECT count(*) FROM facts");
  const CommandOutput reprocess = RunNewsfacts({"reprocess", "--db", db}, dir);
  INFO(reprocess.err);
  CHECK(reprocess.exit_code == 0);
  CHECK(Count(db, "SELECT count(*) FROM facts") == facts);
  CHECK(Count(db, "SELECT count(*) FROM articles") == 3);

  // The archive ingests into a fresh database as the same three articles.
  const std::string copy = dir / "copy.db";
  const CommandOutput from_warc = RunNewsfacts({"ingest", (dir.path() / "news.db.archive").string(), "--db", copy}, dir);
  INFO(from_warc.err);
  CHECK(from_warc.exit_code == 0);
  CHECK(Count(copy, "SELECT count(*) FROM articles") == 3);
  CHECK(Count(copy, "SELECT count(*) FROM facts") == facts);
}

TEST_CASE("a second run while one holds the lock exits with the lock code", "[pipelines][run]") {
  NewsSite site;
  TempDir dir;
  const std::string config = WriteConfig(dir, site);
  Result<RunLock> held = RunLock::Acquire(dir / "news.db");
  REQUIRE(held.ok());
  const CommandOutput run = RunNewsfacts({"run", "--config", config}, dir);
  CHECK(run.exit_code == 3);
  CHECK_THAT(run.err, Catch::Contains("another newsfacts run holds"));
  CHECK_FALSE(fs::exists(dir.path() / "news.db"));  // nothing was done
}

TEST_CASE("a source that fails entirely makes the run exit 1 while the others are stored", "[pipelines][run]") {
  NewsSite site;
  TempDir dir;
  const std::string config = WriteConfig(dir, site, "  - name: broken\n    feed: " + site.Url("/missing-feed.xml") + "\n");
  const std::string db = dir / "news.db";
  const CommandOutput run = RunNewsfacts({"run", "--config", config}, dir);
  INFO(run.err);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::Contains("broken: source failed"));
  CHECK(Count(db, "SELECT count(*) FROM articles") == 3);
  CHECK(Count(db, "SELECT count(*) FROM errors WHERE stage = 'fetch' AND source LIKE '%missing-feed.xml'") == 1);
  CHECK(Count(db, "SELECT count(*) FROM runs WHERE status = 'failed'") == 1);
}

TEST_CASE("follow_related fetches the related links of front-matter articles", "[pipelines][run]") {
  NewsSite site;
  TempDir dir;
  const std::string config = dir / "newsfacts.yaml";
  const std::string base = "database: news.db\nper_host_delay_ms: 0\nsources:\n  - feed: " + site.Url("/fm-feed.xml") + "\n";
  WriteFile(config, base);
  const std::string db = dir / "news.db";
  REQUIRE(RunNewsfacts({"run", "--config", config}, dir).exit_code == 0);
  CHECK(Count(db, "SELECT count(*) FROM articles") == 1);
  CHECK(Count(db, "SELECT count(*) FROM related_links") == 1);

  WriteFile(config, base + "follow_related: 1\n");
  // The front-matter page itself is unchanged content without validators, so it is fetched and
  // stored again as a duplicate; its related link is new.
  const CommandOutput follow = RunNewsfacts({"run", "--config", config}, dir);
  INFO(follow.err);
  CHECK(follow.exit_code == 0);
  CHECK(Count(db, "SELECT count(*) FROM articles") == 2);
  CHECK(Count(db, "SELECT count(*) FROM article_urls WHERE url LIKE '%/a2.html'") == 1);
}

TEST_CASE("a source without new articles for silent_after_days is reported", "[pipelines][run]") {
  NewsSite site;
  TempDir dir;
  const std::string config = WriteConfig(dir, site);
  const std::string db = dir / "news.db";
  REQUIRE(RunNewsfacts({"run", "--config", config}, dir).exit_code == 0);
  CommandOutput quiet_run = RunNewsfacts({"run", "--config", config}, dir);
  CHECK_THAT(quiet_run.err, !Catch::Contains("silent"));  // it brought articles today
  {
    sqlite3* handle = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    REQUIRE(sqlite3_exec(handle, "UPDATE sources SET last_new_article_at = '2020-01-01T00:00:00.000Z'", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    sqlite3_close(handle);
  }
  const CommandOutput later = RunNewsfacts({"run", "--config", config}, dir);
  INFO(later.err);
  CHECK(later.exit_code == 0);  // silence is a warning, not a failure
  CHECK_THAT(later.err, Catch::Contains("newsfacts: warning: example: silent: no new article for"));
}

TEST_CASE("run --dry-run lists the fresh article URLs and writes nothing", "[pipelines][run]") {
  NewsSite site;
  TempDir dir;
  const std::string config = WriteConfig(dir, site);
  const CommandOutput run = RunNewsfacts({"run", "--config", config, "--dry-run"}, dir);
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out == "example\t" + site.Url("/a1.html") + "\nexample\t" + site.Url("/a2.html") + "\nexample\t" +
                       site.Url("/a3.html") + "\n");
  CHECK_FALSE(fs::exists(dir.path() / "news.db"));
}

TEST_CASE("a run killed while fetching leaves a consistent database, and the next run finishes the job",
          "[pipelines][run]") {
  NewsSite site;
  TempDir dir;
  const std::string config = dir / "newsfacts.yaml";
  WriteFile(config, "database: news.db\nper_host_delay_ms: 0\nper_host_concurrency: 2\nsources:\n  - feed: " +
                        site.Url("/slow-feed.xml") + "\n");
  const std::string db = dir / "news.db";
  for (int kill_after_ms : {400, 1300}) {
    const int feed_requests_before = site.slow_feed_requests();
    const pid_t child = ::fork();
    if (child == 0) {
      const int null_fd = ::open("/dev/null", O_WRONLY);
      ::dup2(null_fd, 2);
      ::execl(NEWSFACTS_BINARY, NEWSFACTS_BINARY, "run", "--config", config.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    // The kill times count from the feed request, which comes after the run took the lock and
    // created the schema, so a slow start (a sanitizer build on a busy machine) cannot shift them.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (site.slow_feed_requests() == feed_requests_before && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const auto feed_requested = std::chrono::steady_clock::now();
    const bool fetching = site.slow_feed_requests() > feed_requests_before;
    if (fetching) {
      // A second run started meanwhile exits at once with the lock code.
      const CommandOutput second = RunNewsfacts({"run", "--config", config}, dir);
      CHECK(second.exit_code == 3);
      std::this_thread::sleep_until(feed_requested + std::chrono::milliseconds(kill_after_ms));
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(fetching);
    REQUIRE(WIFSIGNALED(status));
    CHECK(IntegrityCheck(db) == "ok");
  }
  const CommandOutput finish = RunNewsfacts({"run", "--config", config}, dir);
  INFO(finish.err);
  REQUIRE(finish.exit_code == 0);
  CHECK(Count(db, "SELECT count(*) FROM articles") == NewsSite::kSlowPages);
  CHECK(Count(db, "SELECT count(*) - count(DISTINCT body_hash) FROM articles") == 0);
  CHECK(Count(db, "SELECT count(*) FROM facts") == NewsSite::kSlowPages);
  CHECK(Count(db, "SELECT count(*) FROM evidence") == NewsSite::kSlowPages);
  CHECK(IntegrityCheck(db) == "ok");
}

TEST_CASE("run refuses a bad configuration with exit code 2 and the file and line", "[pipelines][run]") {
  TempDir dir;
  WriteFile(dir.path() / "bad.yaml", "sources:\n  - feed: https://example.org/rss\nconcurency: 3\n");
  const CommandOutput run = RunNewsfacts({"run", "--config", dir / "bad.yaml"}, dir);
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err, Catch::Contains("bad.yaml:3: unknown key 'concurency'"));
}

}  // namespace
}  // namespace newsfacts::testing
