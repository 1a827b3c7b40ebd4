// Real servers on 127.0.0.1 for the fetch tests (libcurl talks to them over real sockets), and the
// fetcher options and FetchAll wrapper those tests share.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "fetch/http_fetcher.h"

namespace newsfacts::testing {

// An httplib server on 127.0.0.1 and a free port, serving the routes a test adds before Start().
class TestServer {
 public:
  TestServer() = default;
  ~TestServer() {
    server.stop();
    if (thread_.joinable()) thread_.join();
  }
  void Start() {
    port_ = server.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server.listen_after_bind(); });
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int Hits(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    return hits_[path];
  }
  int Count(const std::string& path) {  // call from handlers
    std::lock_guard<std::mutex> lock(mu_);
    return ++hits_[path];
  }

  httplib::Server server;

 private:
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::map<std::string, int> hits_;
};

// A raw TCP server on 127.0.0.1 for what an HTTP library will not send (a cut body, a non-HTTP
// greeting): `on_connection` gets each accepted socket, which is closed after it returns.
class RawLoopbackServer {
 public:
  explicit RawLoopbackServer(std::function<void(int socket)> on_connection)
      : on_connection_(std::move(on_connection)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd_, 16) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0) continue;
        const int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) continue;
        ++connections_;
        on_connection_(c);
        ::close(c);
      }
    });
  }
  ~RawLoopbackServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  RawLoopbackServer(const RawLoopbackServer&) = delete;
  RawLoopbackServer& operator=(const RawLoopbackServer&) = delete;

  int port() const { return port_; }
  std::string Url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int connections() const { return connections_; }

 private:
  std::function<void(int)> on_connection_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

// Fast timeouts and retries, no per-host delay: what every loopback fetch test starts from.
inline FetchOptions LoopbackFetchOptions() {
  FetchOptions o;
  o.user_agent = "newsfacts-test/1.0";
  o.per_host_delay_ms = 0;
  o.per_host_concurrency = 4;
  o.connect_timeout_ms = 2000;
  o.total_timeout_ms = 3000;
  o.retry_base_delay_ms = 10;
  o.retry_max_delay_ms = 100;
  o.max_retries = 3;
  return o;
}

// Fetches `requests` and returns the results by URL; every request must get exactly one.
inline std::map<std::string, FetchResult> FetchMany(HttpFetcher& fetcher, const std::vector<FetchRequest>& requests) {
  std::map<std::string, FetchResult> out;
  fetcher.FetchAll(requests, [&](FetchResult&& r) { out[r.url] = std::move(r); });
  REQUIRE(out.size() == requests.size());
  return out;
}

}  // namespace newsfacts::testing
