// Fetch benchmark: HttpFetcher against Debian's curl on the same loopback server and URL list.
//
// A small keep-alive HTTP/1.1 server (raw sockets, one thread per connection) serves PAGES small
// pages on 127.0.0.1. HttpFetcher fetches them with politeness off (no per-host delay, no robots,
// per-host concurrency = N), then `curl --parallel --parallel-max N --config LIST` fetches the same
// URLs. Each side runs ROUNDS times, alternating; the best round of each is compared.
// Goal: HttpFetcher >= 0.9x curl's pages/s.
//
// Usage: fetch_bench [--pages 5000] [--concurrency 8] [--rounds 3] [--curl /usr/bin/curl]
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fetch/http_fetcher.h"

namespace {

using Clock = std::chrono::steady_clock;

// Answers every GET with a ~2 KB page naming its path; keeps connections alive.
class LoopbackServer {
 public:
  LoopbackServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 512) != 0) {
      std::perror("fetch_bench: cannot listen on 127.0.0.1");
      std::exit(1);
    }
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { AcceptLoop(); });
  }
  ~LoopbackServer() {
    stop_ = true;
    acceptor_.join();
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : conn_fds_) ::shutdown(fd, SHUT_RDWR);
    for (std::thread& t : workers_) t.join();
    ::close(listen_fd_);
  }
  int port() const { return port_; }
  int64_t requests() const { return requests_; }

 private:
  void AcceptLoop() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      std::lock_guard<std::mutex> lock(mu_);
      conn_fds_.push_back(fd);
      workers_.emplace_back([this, fd] { Serve(fd); });
    }
  }
  void Serve(int fd) {
    std::string in;
    char buf[16384];
    while (true) {
      size_t end;
      while ((end = in.find("\r\n\r\n")) == std::string::npos) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
          ::close(fd);
          return;
        }
        in.append(buf, static_cast<size_t>(n));
      }
      const size_t sp1 = in.find(' ');
      const size_t sp2 = in.find(' ', sp1 + 1);
      const std::string path = in.substr(sp1 + 1, sp2 - sp1 - 1);
      in.erase(0, end + 4);
      std::string body = "<!doctype html><html><head><title>" + path + "</title></head><body><article><p>";
      while (body.size() < 2000) body += "The pilot zone reported 1.2 trillion yuan of output in 2023. ";
      body += "</p></article></body></html>";
      const std::string response =
          "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
          std::to_string(body.size()) + "\r\n\r\n" + body;
      size_t sent = 0;
      while (sent < response.size()) {
        const ssize_t n = ::send(fd, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
          ::close(fd);
          return;
        }
        sent += static_cast<size_t>(n);
      }
      ++requests_;
    }
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> requests_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<int> conn_fds_;
  std::vector<std::thread> workers_;
};

struct Round {
  double seconds = 0;
  int64_t ok = 0;
};

Round RunFetcher(const std::vector<std::string>& urls, int concurrency) {
  newsfacts::FetchOptions options;
  options.max_concurrency = concurrency;
  options.per_host_concurrency = concurrency;
  options.per_host_delay_ms = 0;
  options.obey_robots = false;
  newsfacts::HttpFetcher fetcher(options);
  std::vector<newsfacts::FetchRequest> requests;
  requests.reserve(urls.size());
  for (const std::string& u : urls) requests.push_back({u});
  Round round;
  const Clock::time_point start = Clock::now();
  fetcher.FetchAll(requests, [&](newsfacts::FetchResult&& r) {
    if (r.status.ok() && !r.body.empty()) ++round.ok;
  });
  round.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return round;
}

Round RunCurl(const std::string& curl, const std::string& config, int concurrency, int64_t pages) {
  const std::string command =
      curl + " --silent --no-progress-meter --fail --parallel --parallel-immediate --parallel-max " +
      std::to_string(concurrency) + " --config " + config;
  Round round;
  const Clock::time_point start = Clock::now();
  const int rc = std::system(command.c_str());
  round.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  round.ok = (rc == 0) ? pages : 0;
  if (rc != 0) std::fprintf(stderr, "fetch_bench: '%s' failed (status %d)\n", command.c_str(), rc);
  return round;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t pages = 5000;
  int concurrency = 8;
  int rounds = 3;
  std::string curl = "curl";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--pages")
      pages = std::atoll(argv[i + 1]);
    else if (flag == "--concurrency")
      concurrency = std::atoi(argv[i + 1]);
    else if (flag == "--rounds")
      rounds = std::atoi(argv[i + 1]);
    else if (flag == "--curl")
      curl = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: fetch_bench [--pages N] [--concurrency N] [--rounds N] [--curl PATH]\n");
      return 2;
    }
  }
  if (std::system((curl + " --version > /dev/null 2>&1").c_str()) != 0) {
    std::fprintf(stderr, "fetch_bench: '%s' is not runnable; install Debian's curl to compare\n",
                 curl.c_str());
    return 1;
  }
  LoopbackServer server;
  std::vector<std::string> urls;
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port()) + "/news/";
  for (int64_t i = 0; i < pages; ++i) urls.push_back(base + std::to_string(i) + ".html");

  const std::string config = (std::filesystem::temp_directory_path() /
                              ("newsfacts-fetch-bench-" + std::to_string(::getpid()) + ".curlrc"))
                                 .string();
  {
    std::ofstream out(config);
    for (const std::string& u : urls) out << "url = \"" << u << "\"\noutput = \"/dev/null\"\n";
  }

  Round best_ours, best_curl;
  for (int r = 0; r < rounds; ++r) {
    const Round ours = RunFetcher(urls, concurrency);
    const Round theirs = RunCurl(curl, config, concurrency, pages);
    std::printf("round %d: HttpFetcher %.0f pages/s (%lld ok), curl %.0f pages/s\n", r + 1,
                ours.ok / ours.seconds, static_cast<long long>(ours.ok), theirs.ok / theirs.seconds);
    if (ours.ok == pages && (best_ours.seconds == 0 || ours.seconds < best_ours.seconds)) best_ours = ours;
    if (theirs.ok == pages && (best_curl.seconds == 0 || theirs.seconds < best_curl.seconds))
      best_curl = theirs;
  }
  std::filesystem::remove(config);
  if (best_ours.seconds == 0 || best_curl.seconds == 0) {
    std::fprintf(stderr, "fetch_bench: a side did not fetch every page; no comparison\n");
    return 1;
  }
  const double ours = pages / best_ours.seconds;
  const double theirs = pages / best_curl.seconds;
  std::printf("pages %lld, concurrency %d, best of %d rounds, server saw %lld requests\n",
              static_cast<long long>(pages), concurrency, rounds, static_cast<long long>(server.requests()));
  std::printf("HttpFetcher: %.0f pages/s\ncurl --parallel: %.0f pages/s\nratio: %.2fx (goal >= 0.90x)\n",
              ours, theirs, ours / theirs);
  return 0;
}
