// fetch/ HTTP client on libcurl's multi interface: many transfers at once on the calling thread,
// per-host politeness (concurrency, delay, robots.txt with Crawl-delay), retries with backoff that
// honour Retry-After, conditional GET, size and time limits, and only http/https ever fetched.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace newsfacts {

struct FetchOptions {
  std::string user_agent = "newsfacts/0.1";  // its first word is the robots.txt product token
  int max_concurrency = 8;                   // transfers at once, all hosts together
  int per_host_concurrency = 2;              // transfers at once to one origin (1 when it sets Crawl-delay)
  int per_host_delay_ms = 1000;              // between two request starts to one origin
  int connect_timeout_ms = 10'000;
  int total_timeout_ms = 60'000;        // one attempt, redirects included
  long low_speed_limit_bytes = 100;     // abort an attempt slower than this many bytes/s ...
  int low_speed_time_s = 30;            // ... for this many seconds
  uint64_t max_body_bytes = 10u << 20;  // decoded bytes; the transfer is aborted beyond (gzip bombs too)
  int max_redirects = 5;
  int max_retries = 3;                     // retries after the first attempt (connection errors,
                                           // timeouts, 429, 5xx); other 4xx are permanent
  int retry_base_delay_ms = 1000;          // backoff: base * 2^(retry-1), times a jitter in [0.5, 1.5)
  int retry_max_delay_ms = 60'000;         // cap of one backoff wait
  int max_retry_after_s = 300;             // a longer Retry-After is not waited for: the URL fails
  bool obey_robots = true;                 // fetch /robots.txt once per origin and obey it
  uint64_t max_robots_bytes = 512u << 10;  // robots.txt beyond this is cut (RFC 9309 asks >= 500 KiB)
  int max_crawl_delay_s = 60;              // a larger Crawl-delay is clamped to this
  bool http2 = true;                       // HTTP/2 over TLS where the server offers it
};

struct FetchRequest {
  std::string url;
  std::string etag{};           // from the last fetch: sent as If-None-Match
  std::string last_modified{};  // from the last fetch: sent as If-Modified-Since
};

struct FetchResult {
  std::string url;          // as requested
  std::string final_url;    // after redirects
  long http_status = 0;     // of the last attempt; 0 when no response arrived
  std::string status_line;  // "HTTP/1.1 200 OK" (the final response's)
  std::vector<std::pair<std::string, std::string>> headers;  // the final response's, as received
  std::string body;  // decoded (Content-Encoding undone), bytes untouched otherwise
  std::string content_type;
  std::string etag;
  std::string last_modified;
  bool not_modified = false;       // 304 to a conditional request: body empty, nothing to re-parse
  bool blocked_by_robots = false;  // not fetched: robots.txt disallows it (status says which rule set)
  int attempts = 0;
  double seconds = 0;  // from the first attempt's start to the result
  // ok for 2xx and 304. Otherwise: IoError (network, timeout, 5xx/429 after retries, other 4xx),
  // NotFound (404, 410), TooLarge (body cap), Unsupported (non-http(s) URL or redirect, robots),
  // InvalidInput (malformed URL).
  Status status;
};

// Not thread-safe: one FetchAll at a time. Politeness and robots.txt apply to the origin of each
// requested URL; a redirect is followed (http/https only) without consulting the target's robots.txt.
class HttpFetcher {
 public:
  explicit HttpFetcher(FetchOptions options = {});
  ~HttpFetcher();
  HttpFetcher(const HttpFetcher&) = delete;
  HttpFetcher& operator=(const HttpFetcher&) = delete;

  // Fetches every request, calling `on_result` on the calling thread as each one completes (in
  // completion order). robots.txt answers are cached in the fetcher, across calls. If `on_result`
  // throws, the transfers under way are abandoned and the exception propagates.
  void FetchAll(const std::vector<FetchRequest>& requests,
                const std::function<void(FetchResult&&)>& on_result);

  const FetchOptions& options() const { return options_; }

 private:
  class Impl;
  FetchOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsfacts
