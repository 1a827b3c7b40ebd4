#include "fetch/http_fetcher.h"

#include <httplib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <ctime>
#include <map>
#include <thread>

#include "fetch/feeds.h"
#include "fetch/gzip_util.h"
#include "loopback_servers.h"

namespace newsfacts {
namespace {

using testing::FetchMany;
using testing::Gzip;
using testing::LoopbackFetchOptions;
using testing::RawLoopbackServer;
using testing::TestServer;

// A response head promising more bytes than follow, then the connection closes.
void SendCutResponse(int socket) {
  char buf[4096];
  (void)::recv(socket, buf, sizeof buf, 0);
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10000\r\n\r\n";
  const std::string part = head + std::string(100, 'x');
  (void)::send(socket, part.data(), part.size(), MSG_NOSIGNAL);
}

FetchResult FetchOne(HttpFetcher& fetcher, const FetchRequest& request) {
  return FetchMany(fetcher, {request}).begin()->second;
}

TEST_CASE("HttpFetcher fetches pages, decodes gzip and passes GBK bytes through", "[fetch][http]") {
  TestServer s;
  const std::string gbk =
      "<html><head><meta "
      "charset=\"gbk\"></head><body>\xD6\xD0\xB9\xFA\xC8\xCB\xB9\xA4\xD6\xC7\xC4\xDC</body></html>";
  s.server.Get("/gbk", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(gbk, "text/html; charset=GBK");
  });
  const std::string article = std::string(20000, 'a') + "end";
  s.server.Get("/gz", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Accept-Encoding").find("gzip") == std::string::npos) {
      res.status = 406;
      return;
    }
    res.set_header("Content-Encoding", "gzip");
    res.set_content(Gzip(article, 9), "application/octet-stream");
  });
  s.server.Get("/page", [&](const httplib::Request& req, httplib::Response& res) {
    res.set_content("ua=" + req.get_header_value("User-Agent"), "text/plain");
  });
  s.server.Get("/moved", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/page"); });
  s.server.Get("/feed.xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<rss version=\"2.0\"><channel><title>T</title><item><title>One</title><link>/gbk</link>"
        "<pubDate>Sat, 06 Apr 2024 07:03:00 +0800</pubDate></item></channel></rss>",
        "application/rss+xml");
  });
  s.Start();
  HttpFetcher fetcher(LoopbackFetchOptions());
  auto results =
      FetchMany(fetcher, {{s.Url("/gbk")}, {s.Url("/gz")}, {s.Url("/moved#frag")}, {s.Url("/feed.xml")}});

  // A feed fetched, parsed and resolved against its final URL leads back to a page.
  const FetchResult& f = results[s.Url("/feed.xml")];
  REQUIRE(f.status.ok());
  FeedParseOptions feed_options;
  feed_options.base_url = f.final_url;
  Result<Feed> feed = ParseFeed(f.body, feed_options);
  REQUIRE(feed.ok());
  REQUIRE(feed->entries.size() == 1);
  CHECK(feed->entries[0].url == s.Url("/gbk"));

  const FetchResult& g = results[s.Url("/gbk")];
  REQUIRE(g.status.ok());
  CHECK(g.http_status == 200);
  CHECK(g.body == gbk);
  CHECK(g.content_type == "text/html; charset=GBK");
  CHECK(g.attempts == 1);
  CHECK(g.status_line.rfind("HTTP/1.1 200", 0) == 0);

  const FetchResult& z = results[s.Url("/gz")];
  REQUIRE(z.status.ok());
  CHECK(z.body == article);

  const FetchResult& m = results[s.Url("/moved#frag")];
  REQUIRE(m.status.ok());
  CHECK(m.final_url == s.Url("/page"));
  CHECK(m.body == "ua=newsfacts-test/1.0");
}

TEST_CASE("HttpFetcher sends conditional requests and reports 304 as not modified", "[fetch][http]") {
  TestServer s;
  s.server.Get("/etag", [&](const httplib::Request& req, httplib::Response& res) {
    s.Count("/etag");
    if (req.get_header_value("If-None-Match") == "\"v1\"" &&
        req.get_header_value("If-Modified-Since") == "Sat, 06 Apr 2024 07:03:00 GMT") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_header("Last-Modified", "Sat, 06 Apr 2024 07:03:00 GMT");
    res.set_content("first version", "text/html");
  });
  s.Start();
  HttpFetcher fetcher(LoopbackFetchOptions());
  const FetchResult first = FetchOne(fetcher, {s.Url("/etag")});
  REQUIRE(first.status.ok());
  CHECK_FALSE(first.not_modified);
  CHECK(first.body == "first version");
  CHECK(first.etag == "\"v1\"");
  CHECK(first.last_modified == "Sat, 06 Apr 2024 07:03:00 GMT");

  const FetchResult second = FetchOne(fetcher, {s.Url("/etag"), first.etag, first.last_modified});
  REQUIRE(second.status.ok());
  CHECK(second.not_modified);
  CHECK(second.http_status == 304);
  CHECK(second.body.empty());
  CHECK(second.etag == "\"v1\"");
  CHECK(s.Hits("/etag") == 2);
}

TEST_CASE("HttpFetcher retries 429 and 503 honouring Retry-After, and gives up on permanent errors",
          "[fetch][http]") {
  TestServer s;
  s.server.Get("/429", [&](const httplib::Request&, httplib::Response& res) {
    if (s.Count("/429") == 1) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      return;
    }
    res.set_content("after 429", "text/plain");
  });
  s.server.Get("/503", [&](const httplib::Request&, httplib::Response& res) {
    if (s.Count("/503") == 1) {
      res.status = 503;
      return;
    }
    res.set_content("after 503", "text/plain");
  });
  s.server.Get("/503-date", [&](const httplib::Request&, httplib::Response& res) {
    if (s.Count("/503-date") == 1) {
      res.status = 503;
      char date[64];
      const std::time_t soon = std::time(nullptr) + 1;
      std::tm tm{};
      gmtime_r(&soon, &tm);
      std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
      res.set_header("Retry-After", date);
      return;
    }
    res.set_content("after dated 503", "text/plain");
  });
  s.server.Get("/always-500", [&](const httplib::Request&, httplib::Response& res) {
    s.Count("/always-500");
    res.status = 500;
  });
  s.server.Get("/far-retry", [&](const httplib::Request&, httplib::Response& res) {
    s.Count("/far-retry");
    res.status = 429;
    res.set_header("Retry-After", "86400");
  });
  s.server.Get("/forbidden", [&](const httplib::Request&, httplib::Response& res) {
    s.Count("/forbidden");
    res.status = 403;
  });
  s.server.Get("/missing", [&](const httplib::Request&, httplib::Response& res) {
    s.Count("/missing");
    res.status = 404;
  });
  s.Start();
  HttpFetcher fetcher(LoopbackFetchOptions());
  auto r = FetchMany(fetcher, {{s.Url("/429")},
                               {s.Url("/503")},
                               {s.Url("/503-date")},
                               {s.Url("/always-500")},
                               {s.Url("/far-retry")},
                               {s.Url("/forbidden")},
                               {s.Url("/missing")}});
  CHECK(r[s.Url("/429")].status.ok());
  CHECK(r[s.Url("/429")].body == "after 429");
  CHECK(r[s.Url("/429")].attempts == 2);
  CHECK(r[s.Url("/503")].status.ok());
  CHECK(r[s.Url("/503")].attempts == 2);
  CHECK(r[s.Url("/503-date")].body == "after dated 503");
  CHECK(r[s.Url("/503-date")].attempts == 2);

  const FetchResult& failed = r[s.Url("/always-500")];
  CHECK(failed.status.code() == Status::Code::kIoError);
  CHECK(failed.http_status == 500);
  CHECK(failed.attempts == 4);
  CHECK(failed.status.message().find("after 4 attempts") != std::string::npos);
  CHECK(s.Hits("/always-500") == 4);

  CHECK(r[s.Url("/far-retry")].attempts == 1);
  CHECK(r[s.Url("/far-retry")].status.message().find("86400") != std::string::npos);
  CHECK(r[s.Url("/forbidden")].status.code() == Status::Code::kIoError);
  CHECK(r[s.Url("/forbidden")].attempts == 1);
  CHECK(r[s.Url("/missing")].status.code() == Status::Code::kNotFound);
  CHECK(r[s.Url("/missing")].http_status == 404);
  CHECK(s.Hits("/missing") == 1);
}

TEST_CASE("HttpFetcher times out slow responses and retries broken connections", "[fetch][http]") {
  TestServer s;
  s.server.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    s.Count("/slow");
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    res.set_content("too late", "text/plain");
  });
  s.Start();
  RawLoopbackServer closing(SendCutResponse);
  const std::string closing_url = closing.Url("/cut");
  FetchOptions options = LoopbackFetchOptions();
  options.total_timeout_ms = 300;
  options.max_retries = 1;
  options.obey_robots = false;  // an unreachable robots.txt would block these hosts before any fetch
  HttpFetcher fetcher(options);
  auto r = FetchMany(fetcher, {{s.Url("/slow")}, {closing_url}, {"http://127.0.0.1:1/refused"}});

  const FetchResult& slow = r[s.Url("/slow")];
  CHECK(slow.status.code() == Status::Code::kIoError);
  INFO(slow.status.message());
  CHECK(slow.status.message().find("timed out") != std::string::npos);
  CHECK(slow.attempts == 2);
  CHECK(slow.body.empty());

  const FetchResult& cut = r[closing_url];
  CHECK(cut.status.code() == Status::Code::kIoError);
  CHECK(cut.attempts == 2);
  CHECK(closing.connections() == 2);
  CHECK(cut.body.empty());

  const FetchResult& refused = r["http://127.0.0.1:1/refused"];
  CHECK(refused.status.code() == Status::Code::kIoError);
  CHECK(refused.attempts == 2);
  CHECK(refused.http_status == 0);
}

TEST_CASE("HttpFetcher stops redirect loops and never follows a redirect to file://", "[fetch][http]") {
  TestServer s;
  s.server.Get("/loop-a",
               [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop-b"); });
  s.server.Get("/loop-b",
               [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/loop-a"); });
  s.server.Get("/to-file", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("file:///etc/passwd");
  });
  s.Start();
  HttpFetcher fetcher(LoopbackFetchOptions());
  auto r =
      FetchMany(fetcher, {{s.Url("/loop-a")}, {s.Url("/to-file")}, {"file:///etc/passwd"}, {"not a url"}});

  const FetchResult& loop = r[s.Url("/loop-a")];
  CHECK(loop.status.code() == Status::Code::kIoError);
  CHECK(loop.status.message().find("more than 5 redirects") != std::string::npos);
  CHECK(loop.attempts == 1);

  const FetchResult& file = r[s.Url("/to-file")];
  CHECK(file.status.code() == Status::Code::kUnsupported);
  CHECK(file.body.find("root:") == std::string::npos);
  CHECK(file.attempts == 1);

  CHECK(r["file:///etc/passwd"].status.code() == Status::Code::kUnsupported);
  CHECK(r["file:///etc/passwd"].attempts == 0);
  CHECK(r["not a url"].status.code() == Status::Code::kInvalidInput);
}

TEST_CASE("HttpFetcher aborts oversized bodies and gzip bombs at the cap", "[fetch][http]") {
  TestServer s;
  const std::string bomb = Gzip(std::string(64u << 20, '\0'), 9);  // ~64 KiB on the wire, 64 MiB decoded
  s.server.Get("/bomb", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(bomb, "application/octet-stream");
  });
  s.server.Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(3u << 20, 'b'), "application/octet-stream");
  });
  s.server.Get("/big-chunked", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/octet-stream", [](size_t offset, httplib::DataSink& sink) {
      if (offset >= (8u << 20)) {
        sink.done();
        return true;
      }
      const std::string chunk(64 << 10, 'c');
      return sink.write(chunk.data(), chunk.size());
    });
  });
  s.Start();
  FetchOptions options = LoopbackFetchOptions();
  options.max_body_bytes = 1u << 20;
  HttpFetcher fetcher(options);
  auto r = FetchMany(fetcher, {{s.Url("/bomb")}, {s.Url("/big")}, {s.Url("/big-chunked")}});
  for (const char* path : {"/bomb", "/big", "/big-chunked"}) {
    INFO(path);
    const FetchResult& big = r[s.Url(path)];
    CHECK(big.status.code() == Status::Code::kTooLarge);
    CHECK(big.body.empty());
    CHECK(big.attempts == 1);
  }
}

TEST_CASE("HttpFetcher obeys robots.txt, fetched once per host and cached", "[fetch][http]") {
  TestServer s;
  s.server.Get("/robots.txt", [&](const httplib::Request&, httplib::Response& res) {
    s.Count("/robots.txt");
    res.set_content("User-agent: *\nDisallow: /\n\nUser-agent: newsfacts-test\nDisallow: /private\n",
                    "text/plain");
  });
  s.server.Get(R"(/(public|private)/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    s.Count(req.matches[1].str());
    res.set_content("page", "text/html");
  });
  s.Start();
  HttpFetcher fetcher(LoopbackFetchOptions());
  auto r = FetchMany(fetcher, {{s.Url("/public/1")}, {s.Url("/private/1")}, {s.Url("/public/2")}});
  CHECK(r[s.Url("/public/1")].status.ok());
  CHECK(r[s.Url("/public/2")].status.ok());
  const FetchResult& blocked = r[s.Url("/private/1")];
  CHECK(blocked.blocked_by_robots);
  CHECK(blocked.status.code() == Status::Code::kUnsupported);
  CHECK(blocked.status.message().find("robots.txt") != std::string::npos);
  CHECK(blocked.attempts == 0);
  CHECK(s.Hits("private") == 0);

  auto again = FetchMany(fetcher, {{s.Url("/private/2")}, {s.Url("/public/3")}});
  CHECK(again[s.Url("/private/2")].blocked_by_robots);
  CHECK(again[s.Url("/public/3")].status.ok());
  CHECK(s.Hits("/robots.txt") == 1);
  CHECK(s.Hits("public") == 3);

  FetchOptions ignore = LoopbackFetchOptions();
  ignore.obey_robots = false;
  HttpFetcher rude(ignore);
  CHECK(FetchOne(rude, {s.Url("/private/3")}).status.ok());
  CHECK(s.Hits("/robots.txt") == 1);
}

TEST_CASE("HttpFetcher treats an unreachable robots.txt as disallowing the site", "[fetch][http]") {
  TestServer s;
  s.server.Get("/robots.txt", [&](const httplib::Request&, httplib::Response& res) {
    s.Count("/robots.txt");
    res.status = 500;
  });
  s.server.Get("/page", [&](const httplib::Request&, httplib::Response& res) {
    s.Count("/page");
    res.set_content("page", "text/html");
  });
  s.Start();
  FetchOptions options = LoopbackFetchOptions();
  options.max_retries = 1;
  HttpFetcher fetcher(options);
  const FetchResult r = FetchOne(fetcher, {s.Url("/page")});
  CHECK(r.blocked_by_robots);
  CHECK(r.status.message().find("robots.txt unreachable") != std::string::npos);
  CHECK(s.Hits("/robots.txt") == 2);
  CHECK(s.Hits("/page") == 0);
}

TEST_CASE("HttpFetcher keeps to the per-host concurrency, and to one transfer under Crawl-delay",
          "[fetch][http]") {
  for (const bool crawl_delay : {false, true}) {
    INFO("crawl_delay " << crawl_delay);
    TestServer s;
    std::atomic<int> in_flight{0}, max_in_flight{0};
    s.server.Get("/robots.txt", [&](const httplib::Request&, httplib::Response& res) {
      res.set_content(crawl_delay ? "User-agent: *\nCrawl-delay: 0.05\n" : "User-agent: *\nDisallow:\n",
                      "text/plain");
    });
    s.server.Get(R"(/p/\d+)", [&](const httplib::Request&, httplib::Response& res) {
      const int now = ++in_flight;
      int seen = max_in_flight.load();
      while (now > seen && !max_in_flight.compare_exchange_weak(seen, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(60));
      --in_flight;
      res.set_content("ok", "text/plain");
    });
    s.Start();
    FetchOptions options = LoopbackFetchOptions();
    options.per_host_concurrency = 2;
    options.max_concurrency = 8;
    HttpFetcher fetcher(options);
    std::vector<FetchRequest> requests;
    for (int i = 0; i < 8; ++i) requests.push_back({s.Url("/p/" + std::to_string(i))});
    auto r = FetchMany(fetcher, requests);
    for (const auto& [url, result] : r) CHECK(result.status.ok());
    CHECK(max_in_flight.load() == (crawl_delay ? 1 : 2));
  }
}

}  // namespace
}  // namespace newsfacts
