#include "fetch/http_fetcher.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>
#include <mutex>
#include <random>
#include <unordered_map>

#include "fetch/robots.h"
#include "fetch/url.h"
#include "core/ascii.h"

namespace newsfacts {
namespace {

using Clock = std::chrono::steady_clock;

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct MultiDeleter {
  void operator()(CURLM* h) const { curl_multi_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlEasy = std::unique_ptr<CURL, EasyDeleter>;
using CurlMulti = std::unique_ptr<CURLM, MultiDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, SlistDeleter>;

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

const std::string* FindHeader(const std::vector<std::pair<std::string, std::string>>& headers,
                              std::string_view lower_name) {
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    if (AsciiLower(it->first) == lower_name) return &it->second;
  }
  return nullptr;
}

// Seconds to wait from a Retry-After value (delta-seconds or HTTP-date); -1 when absent or unparseable.
long RetryAfterSeconds(const std::string* value) {
  if (value == nullptr) return -1;
  const std::string v(TrimAscii(*value));
  if (v.empty()) return -1;
  if (std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return v.size() > 9 ? 999'999'999L : std::stol(v);
  }
  const time_t when = curl_getdate(v.c_str(), nullptr);
  if (when == -1) return -1;
  return std::max<long>(0, static_cast<long>(when - std::time(nullptr)));
}

bool RetryableCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_BAD_CONTENT_ENCODING:  // often a body cut short mid-stream
      return true;
    default: return false;
  }
}

}  // namespace

class HttpFetcher::Impl {
 public:
  explicit Impl(const FetchOptions& options) : options_(options), rng_(std::random_device{}()) {
    GlobalInitOnce();
    multi_.reset(curl_multi_init());
  }

  void FetchAll(const std::vector<FetchRequest>& requests,
                const std::function<void(FetchResult&&)>& on_result);

 private:
  struct Host;
  struct Job {
    FetchRequest request;
    std::string fetch_url;       // the parsed URL, without fragment
    std::string path_and_query;  // what robots.txt rules match
    Host* host = nullptr;
    bool is_robots = false;
    int attempts = 0;
    Clock::time_point not_before{};
    Clock::time_point first_start{};
    bool started = false;
  };
  struct Host {
    std::string origin;
    enum class Robots { kUnknown, kFetching, kReady } robots = Robots::kUnknown;
    RobotsPolicy policy;
    std::string robots_note;  // why everything is disallowed, when robots.txt was unreachable
    int limit = 1;
    int delay_ms = 0;
    // Per FetchAll call:
    bool in_call = false;
    int active = 0;
    Clock::time_point next_start{};
    std::deque<Job*> queue;
    std::unique_ptr<Job> robots_job;
  };
  struct Transfer {
    Job* job = nullptr;
    CurlEasy easy;
    CurlSlist request_headers;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string status_line;
    uint64_t max_bytes = 0;
    bool too_large = false;
    char error[CURL_ERROR_SIZE] = {0};
  };

  static size_t OnBody(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t bytes = size * n;
    if (t->body.size() + bytes > t->max_bytes) {
      t->too_large = true;
      if (t->job->is_robots)
        t->body.append(data, t->max_bytes - t->body.size());  // keep the part we may parse
      return 0;  // aborts the transfer: nothing beyond the cap is ever buffered
    }
    t->body.append(data, bytes);
    return bytes;
  }

  static size_t OnHeader(char* data, size_t size, size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t bytes = size * n;
    const std::string_view line = TrimAscii(std::string_view(data, bytes));
    if (line.substr(0, 5) == "HTTP/") {  // a new response (after a redirect or 100 Continue)
      t->headers.clear();
      t->status_line = std::string(line);
      return bytes;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return bytes;
    std::string name(TrimAscii(line.substr(0, colon)));
    std::string value(TrimAscii(line.substr(colon + 1)));
    if (!t->job->is_robots && AsciiLower(name) == "content-length") {
      // Refuse up front what would be cut anyway (compressed size; the decoded size is checked in OnBody).
      char* end = nullptr;
      const unsigned long long length = std::strtoull(value.c_str(), &end, 10);
      if (end != value.c_str() && length > t->max_bytes) {
        t->too_large = true;
        return 0;
      }
    }
    t->headers.emplace_back(std::move(name), std::move(value));
    return bytes;
  }

  Host* HostFor(const std::string& origin) {
    std::unique_ptr<Host>& h = hosts_[origin];
    if (!h) {
      h = std::make_unique<Host>();
      h->origin = origin;
      h->limit = std::max(1, options_.per_host_concurrency);
      h->delay_ms = std::max(0, options_.per_host_delay_ms);
      if (!options_.obey_robots) h->robots = Host::Robots::kReady;
    }
    return h.get();
  }

  CurlEasy TakeEasy() {
    if (!idle_.empty()) {
      CurlEasy e = std::move(idle_.back());
      idle_.pop_back();
      curl_easy_reset(e.get());
      return e;
    }
    return CurlEasy(curl_easy_init());
  }

  void Start(Job* job, Clock::time_point now);
  void Complete(Transfer* t, CURLcode code, Clock::time_point now);
  void FinishRobots(Job* job, const FetchResult& r);
  // Starts what may start now; returns when something waiting may next become startable.
  Clock::time_point StartReady(Clock::time_point now);
  void Deliver(Job* job, FetchResult&& r, Clock::time_point now);
  // Delivers a "blocked by robots.txt" result when the host's rules disallow the job; true if so.
  bool BlockIfDisallowed(Job* job, Clock::time_point now);
  std::chrono::milliseconds Backoff(int retry) {
    const double base = options_.retry_base_delay_ms * std::pow(2.0, retry - 1);
    const double jitter = std::uniform_real_distribution<double>(0.5, 1.5)(rng_);
    return std::chrono::milliseconds(
        static_cast<int64_t>(std::min<double>(base * jitter, options_.retry_max_delay_ms)));
  }

  FetchOptions options_;
  CurlMulti multi_;
  std::mt19937 rng_;
  std::unordered_map<std::string, std::unique_ptr<Host>> hosts_;
  std::vector<CurlEasy> idle_;
  // Per FetchAll call:
  std::unordered_map<Transfer*, std::unique_ptr<Transfer>> active_;
  std::vector<Host*> call_hosts_;
  size_t round_robin_ = 0;
  int64_t outstanding_ = 0;  // requests not yet delivered
  const std::function<void(FetchResult&&)>* on_result_ = nullptr;
};

void HttpFetcher::Impl::Start(Job* job, Clock::time_point now) {
  auto t = std::make_unique<Transfer>();
  t->job = job;
  t->easy = TakeEasy();
  t->max_bytes = job->is_robots ? options_.max_robots_bytes : options_.max_body_bytes;
  CURL* e = t->easy.get();
  curl_easy_setopt(e, CURLOPT_URL, job->fetch_url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Impl::OnBody);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Impl::OnHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
  curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects));
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  curl_easy_setopt(
      e, CURLOPT_HTTP_VERSION,
      options_.http2 ? static_cast<long>(CURL_HTTP_VERSION_2TLS) : static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout_ms));
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_limit_bytes);
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.low_speed_time_s));
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_slist* headers = nullptr;
  headers =
      curl_slist_append(headers, "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
  if (!job->request.etag.empty())
    headers = curl_slist_append(headers, ("If-None-Match: " + job->request.etag).c_str());
  if (!job->request.last_modified.empty()) {
    headers = curl_slist_append(headers, ("If-Modified-Since: " + job->request.last_modified).c_str());
  }
  t->request_headers.reset(headers);
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);

  if (!job->started) {
    job->started = true;
    job->first_start = now;
  }
  ++job->attempts;
  ++job->host->active;
  job->host->next_start = now + std::chrono::milliseconds(job->host->delay_ms);
  curl_multi_add_handle(multi_.get(), e);
  Transfer* raw = t.get();
  active_.emplace(raw, std::move(t));
}

void HttpFetcher::Impl::Deliver(Job* job, FetchResult&& r, Clock::time_point now) {
  r.attempts = job->attempts;
  r.seconds = job->started ? std::chrono::duration<double>(now - job->first_start).count() : 0.0;
  if (job->is_robots) {
    FinishRobots(job, r);
    return;
  }
  --outstanding_;
  (*on_result_)(std::move(r));
}

bool HttpFetcher::Impl::BlockIfDisallowed(Job* job, Clock::time_point now) {
  Host* host = job->host;
  if (job->is_robots || !options_.obey_robots || host->robots != Host::Robots::kReady ||
      host->policy.IsAllowed(job->path_and_query)) {
    return false;
  }
  FetchResult r;
  r.url = job->request.url;
  r.blocked_by_robots = true;
  r.status = Status::Unsupported(host->robots_note.empty()
                                     ? "robots.txt of " + host->origin + " disallows " + job->path_and_query +
                                           " for user agent '" + options_.user_agent + "'"
                                     : host->robots_note + ": " + job->request.url);
  Deliver(job, std::move(r), now);
  return true;
}

void HttpFetcher::Impl::FinishRobots(Job* job, const FetchResult& r) {
  Host* host = job->host;
  if (r.http_status >= 200 && r.http_status <= 299 &&
      (r.status.ok() || r.status.code() == Status::Code::kTooLarge)) {
    host->policy = Robots::Parse(r.body).PolicyFor(options_.user_agent);
  } else if (r.http_status >= 400 && r.http_status <= 499 && r.http_status != 429) {
    host->policy = RobotsPolicy();  // no robots.txt: everything allowed
  } else {
    // RFC 9309 2.3.1.4: an unreachable robots.txt means complete disallow.
    host->policy = Robots::DisallowAll().PolicyFor(options_.user_agent);
    host->robots_note =
        "robots.txt unreachable (" + r.status.ToString() + "), so the site is treated as disallowed";
  }
  if (host->policy.crawl_delay_s) {
    const double delay_s = std::min<double>(*host->policy.crawl_delay_s, options_.max_crawl_delay_s);
    host->delay_ms = std::max(host->delay_ms, static_cast<int>(delay_s * 1000));
    host->limit = 1;
  }
  host->robots = Host::Robots::kReady;
  // Answer the disallowed requests now rather than after the politeness delays of the allowed ones.
  std::deque<Job*> allowed;
  std::deque<Job*> queued;
  queued.swap(host->queue);
  for (Job* queued_job : queued) {
    if (!BlockIfDisallowed(queued_job, Clock::now())) allowed.push_back(queued_job);
  }
  host->queue.swap(allowed);
}

void HttpFetcher::Impl::Complete(Transfer* t, CURLcode code, Clock::time_point now) {
  std::unique_ptr<Transfer> owned = std::move(active_.at(t));
  active_.erase(t);
  Job* job = t->job;
  Host* host = job->host;
  --host->active;
  CURL* e = t->easy.get();
  curl_multi_remove_handle(multi_.get(), e);

  FetchResult r;
  r.url = job->request.url;
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  r.http_status = status;
  char* final_url = nullptr;
  curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &final_url);
  r.final_url = final_url ? final_url : job->fetch_url;
  char* content_type = nullptr;
  curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type) r.content_type = content_type;
  r.status_line = t->status_line;
  r.headers = std::move(t->headers);
  if (const std::string* v = FindHeader(r.headers, "etag")) r.etag = *v;
  if (const std::string* v = FindHeader(r.headers, "last-modified")) r.last_modified = *v;

  bool retry = false;
  const std::string where = " (" + job->fetch_url + ")";
  if (code == CURLE_OK) {
    if (status >= 200 && status <= 299) {
      r.body = std::move(t->body);
    } else if (status == 304) {
      r.not_modified = true;
      if (r.etag.empty()) r.etag = job->request.etag;
      if (r.last_modified.empty()) r.last_modified = job->request.last_modified;
    } else {
      const std::string what =
          "HTTP " + (t->status_line.empty() ? std::to_string(status) : t->status_line) + where;
      if (status == 429 || status >= 500) {
        retry = true;
        r.status = Status::IoError(what);
      } else if (status == 404 || status == 410) {
        r.status = Status::NotFound(what);
      } else {
        r.status = Status::IoError(what);
      }
    }
  } else if (t->too_large || code == CURLE_FILESIZE_EXCEEDED) {
    r.status =
        Status::TooLarge("the response body exceeds " + std::to_string(t->max_bytes) + " bytes" + where);
    if (job->is_robots) r.body = std::move(t->body);
  } else if (code == CURLE_UNSUPPORTED_PROTOCOL) {
    r.status = Status::Unsupported("refused to follow a redirect to a URL that is not http or https" + where +
                                   ": " + t->error);
  } else if (code == CURLE_TOO_MANY_REDIRECTS) {
    r.status = Status::IoError("more than " + std::to_string(options_.max_redirects) + " redirects" + where);
  } else {
    retry = RetryableCurlCode(code);
    r.status = Status::IoError(std::string(t->error[0] ? t->error : curl_easy_strerror(code)) + where);
  }
  owned->request_headers.reset();
  idle_.push_back(std::move(owned->easy));

  if (retry && job->attempts <= options_.max_retries) {
    std::chrono::milliseconds wait = Backoff(job->attempts);
    const long retry_after =
        (status == 429 || status >= 500) ? RetryAfterSeconds(FindHeader(r.headers, "retry-after")) : -1;
    if (retry_after > options_.max_retry_after_s) {
      r.status = Status::IoError(r.status.message() + ": the server asks to retry after " +
                                 std::to_string(retry_after) + " s, more than the configured " +
                                 std::to_string(options_.max_retry_after_s) + " s");
      Deliver(job, std::move(r), now);
      return;
    }
    if (retry_after >= 0) wait = std::chrono::seconds(retry_after);
    job->not_before = now + wait;
    host->queue.push_back(job);
    return;
  }
  if (retry) {
    r.status = Status::IoError(r.status.message() + " after " + std::to_string(job->attempts) + " attempts");
  }
  Deliver(job, std::move(r), now);
}

Clock::time_point HttpFetcher::Impl::StartReady(Clock::time_point now) {
  Clock::time_point next_wake = Clock::time_point::max();
  const size_t n = call_hosts_.size();
  for (size_t k = 0; k < n && static_cast<int>(active_.size()) < options_.max_concurrency; ++k) {
    Host* host = call_hosts_[(round_robin_ + k) % n];
    while (!host->queue.empty() && static_cast<int>(active_.size()) < options_.max_concurrency) {
      if (host->robots == Host::Robots::kUnknown) {
        host->robots = Host::Robots::kFetching;
        host->robots_job = std::make_unique<Job>();
        Job* rj = host->robots_job.get();
        rj->is_robots = true;
        rj->host = host;
        rj->fetch_url = host->origin + "/robots.txt";
        rj->request.url = rj->fetch_url;
        host->queue.push_front(rj);
      }
      if (host->active >= host->limit) break;
      if (now < host->next_start) {
        next_wake = std::min(next_wake, host->next_start);
        break;
      }
      auto ready = host->queue.end();
      if (host->robots == Host::Robots::kFetching) {
        // Only the robots.txt request may go until its answer is known.
        ready = std::find_if(host->queue.begin(), host->queue.end(), [](Job* j) { return j->is_robots; });
        if (ready == host->queue.end()) break;  // under way
        if ((*ready)->not_before > now) {
          next_wake = std::min(next_wake, (*ready)->not_before);
          break;
        }
      } else {
        ready = std::find_if(host->queue.begin(), host->queue.end(),
                             [&](Job* j) { return j->not_before <= now; });
        if (ready == host->queue.end()) {
          for (Job* j : host->queue) next_wake = std::min(next_wake, j->not_before);
          break;
        }
      }
      Job* job = *ready;
      host->queue.erase(ready);
      Start(job, now);
    }
  }
  if (n > 0) round_robin_ = (round_robin_ + 1) % n;
  return next_wake;
}

void HttpFetcher::Impl::FetchAll(const std::vector<FetchRequest>& requests,
                                 const std::function<void(FetchResult&&)>& on_result) {
  on_result_ = &on_result;
  call_hosts_.clear();
  round_robin_ = 0;
  outstanding_ = 0;
  // Abandons what is under way if on_result throws, so the fetcher stays usable.
  struct Cleanup {
    Impl* self;
    ~Cleanup() {
      for (auto& [raw, t] : self->active_) {
        curl_multi_remove_handle(self->multi_.get(), t->easy.get());
        self->idle_.push_back(std::move(t->easy));
      }
      self->active_.clear();
      for (Host* h : self->call_hosts_) {
        h->queue.clear();
        h->active = 0;
        h->in_call = false;
        if (h->robots == Host::Robots::kFetching) h->robots = Host::Robots::kUnknown;
        h->robots_job.reset();
      }
      self->call_hosts_.clear();
    }
  } cleanup{this};

  std::vector<std::unique_ptr<Job>> jobs;
  jobs.reserve(requests.size());
  const Clock::time_point start = Clock::now();
  for (const FetchRequest& request : requests) {
    auto job = std::make_unique<Job>();
    job->request = request;
    ++outstanding_;
    Result<Url> url = ParseUrl(request.url);
    if (!url.ok()) {
      FetchResult r;
      r.url = request.url;
      r.status = url.status();
      Deliver(job.get(), std::move(r), start);
      continue;
    }
    url->has_fragment = false;
    job->fetch_url = url->ToString();
    job->path_and_query = url->PathAndQuery();
    Host* host = HostFor(url->Origin());
    if (!host->in_call) {
      host->in_call = true;
      call_hosts_.push_back(host);
    }
    job->host = host;
    if (!BlockIfDisallowed(job.get(), start)) host->queue.push_back(job.get());
    jobs.push_back(std::move(job));
  }

  while (outstanding_ > 0) {
    Clock::time_point now = Clock::now();
    const Clock::time_point next_wake = StartReady(now);
    int running = 0;
    curl_multi_perform(multi_.get(), &running);
    int left = 0;
    bool completed = false;
    while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      completed = true;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      const CURLcode code = msg->data.result;
      Complete(t, code, Clock::now());
    }
    if (outstanding_ == 0) break;
    if (completed) continue;  // slots were freed: start more before waiting
    now = Clock::now();
    int timeout_ms = 1000;
    if (next_wake != Clock::time_point::max()) {
      const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(next_wake - now).count() + 1;
      timeout_ms = static_cast<int>(std::clamp<int64_t>(until, 0, 1000));
    }
    if (!active_.empty() || timeout_ms > 0) curl_multi_poll(multi_.get(), nullptr, 0, timeout_ms, nullptr);
  }
}

HttpFetcher::HttpFetcher(FetchOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>(options_)) {}

HttpFetcher::~HttpFetcher() = default;

void HttpFetcher::FetchAll(const std::vector<FetchRequest>& requests,
                           const std::function<void(FetchResult&&)>& on_result) {
  impl_->FetchAll(requests, on_result);
}

}  // namespace newsfacts
