// HttpFetcher only ever fetches http and https: a URL with another scheme is refused before any
// connection, and so is a redirect to one (file://, ftp://, gopher://, ...), whatever the status
// code and however many http hops come first. An ftp listener on 127.0.0.1 proves that no
// connection is even attempted.
#include <atomic>
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "fetch/http_fetcher.h"
#include "loopback_servers.h"

namespace newsfacts {
namespace {

using testing::RawLoopbackServer;
using testing::TestServer;

// What the FTP listener tells each connection it counts: a greeting, then it hangs up.
void SendFtpGreeting(int socket) {
  const char kGreeting[] = "220 test ftp\r\n";
  (void)::send(socket, kGreeting, sizeof kGreeting - 1, MSG_NOSIGNAL);
}

// An HTTP server on 127.0.0.1 whose /redirect/<code>/<n> answers <code> with Location: target[n].
class RedirectServer {
 public:
  explicit RedirectServer(std::vector<std::string> targets) : targets_(std::move(targets)) {
    server_.server.Get(R"(/redirect/(\d+)/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      ++requests_;
      res.status = std::stoi(req.matches[1]);
      res.set_header("Location", targets_.at(std::stoul(req.matches[2])));
    });
    // Two http hops before the bad one: the check is not only on the first redirect.
    server_.server.Get(R"(/hop/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
      ++requests_;
      res.set_redirect("/redirect/302/" + std::string(req.matches[1]));
    });
    server_.server.Get("/ok", [this](const httplib::Request&, httplib::Response& res) {
      ++requests_;
      res.set_content("<html><body><p>fine</p></body></html>", "text/html");
    });
    server_.Start();
  }
  std::string Url(const std::string& path) const { return server_.Url(path); }
  int requests() const { return requests_; }

 private:
  std::vector<std::string> targets_;
  std::atomic<int> requests_{0};
  TestServer server_;  // last: stopped before the state its handlers use
};

std::map<std::string, FetchResult> FetchMany(const std::vector<std::string>& urls) {
  FetchOptions options = testing::LoopbackFetchOptions();
  options.per_host_concurrency = 8;
  options.max_retries = 2;
  options.retry_max_delay_ms = FetchOptions{}.retry_max_delay_ms;
  options.obey_robots = false;
  HttpFetcher fetcher(options);
  std::vector<FetchRequest> requests;
  for (const std::string& u : urls) requests.push_back({u});
  return testing::FetchMany(fetcher, requests);
}

TEST_CASE("HttpFetcher refuses redirects to file:// and ftp:// and other schemes", "[fetch][http][security]") {
  RawLoopbackServer ftp(SendFtpGreeting);
  const std::string ftp_url = "ftp://127.0.0.1:" + std::to_string(ftp.port()) + "/pub/file.txt";
  const std::vector<std::string> targets = {
      "file:///etc/passwd",
      ftp_url,
      "FILE:///etc/passwd",
      "gopher://127.0.0.1:" + std::to_string(ftp.port()) + "/1",
      "dict://127.0.0.1:" + std::to_string(ftp.port()) + "/d:word",
      "scp://127.0.0.1:" + std::to_string(ftp.port()) + "/etc/passwd",
      "file://localhost/etc/passwd",
  };
  RedirectServer server(targets);
  std::vector<std::string> urls;
  for (const char* code : {"301", "302", "303", "307", "308"}) {
    for (size_t i = 0; i < targets.size(); ++i) urls.push_back(server.Url("/redirect/" + std::string(code) + "/" + std::to_string(i)));
  }
  for (size_t i = 0; i < targets.size(); ++i) urls.push_back(server.Url("/hop/" + std::to_string(i)));

  const std::map<std::string, FetchResult> results = FetchMany(urls);
  for (const auto& [url, r] : results) {
    INFO(url << " -> " << r.final_url << ": " << r.status.ToString());
    CHECK(r.status.code() == Status::Code::kUnsupported);
    CHECK_THAT(r.status.message(), Catch::Contains("not http or https"));
    CHECK(r.status.message().find("127.0.0.1") != std::string::npos);  // names the URL that redirected
    CHECK(r.body.find("root:") == std::string::npos);
    CHECK(r.body.find("220 test ftp") == std::string::npos);
    CHECK(r.attempts == 1);  // a refused redirect is permanent: never retried
  }
  CHECK(ftp.connections() == 0);
}

TEST_CASE("HttpFetcher refuses URLs that are not http or https before connecting", "[fetch][http][security]") {
  RawLoopbackServer ftp(SendFtpGreeting);
  const std::string port = std::to_string(ftp.port());
  RedirectServer server({});
  const std::vector<std::string> refused = {
      "file:///etc/passwd",       "ftp://127.0.0.1:" + port + "/x",    "FTP://127.0.0.1:" + port + "/x",
      "gopher://127.0.0.1:" + port + "/", "dict://127.0.0.1:" + port + "/", "telnet://127.0.0.1:" + port,
      "ldap://127.0.0.1:" + port,  "smb://127.0.0.1:" + port + "/share", "data:text/plain,root:x:0:0",
      "javascript:alert(1)",
  };
  std::vector<std::string> urls = refused;
  urls.push_back(server.Url("/ok"));
  urls.push_back("HTTP://127.0.0.1:" + server.Url("/ok").substr(std::string("http://127.0.0.1:").size()));
  const std::map<std::string, FetchResult> results = FetchMany(urls);
  for (const std::string& url : refused) {
    const FetchResult& r = results.at(url);
    INFO(url << ": " << r.status.ToString());
    CHECK(r.status.code() == Status::Code::kUnsupported);
    CHECK_THAT(r.status.message(), Catch::Contains("only http and https URLs are fetched"));
    CHECK(r.attempts == 0);
    CHECK(r.body.empty());
  }
  CHECK(ftp.connections() == 0);
  // http itself, in any case of its scheme, is fetched.
  CHECK(results.at(server.Url("/ok")).status.ok());
  CHECK(results.at(urls.back()).status.ok());
  CHECK(server.requests() == 2);
}

}  // namespace
}  // namespace newsfacts
