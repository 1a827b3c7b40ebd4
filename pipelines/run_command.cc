// `newsfacts run --config FILE`: the nightly job. Discovers article URLs and files from the
// configured sources, fetches what is new or changed (conditional GET), archives every response
// as WARC, then parses, extracts and stores like `ingest`. One run at a time per database.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "extract/extract.h"
#include "fetch/feeds.h"
#include "fetch/files.h"
#include "fetch/http_fetcher.h"
#include "fetch/url.h"
#include "fetch/warc.h"
#include "pipelines/article_flow.h"
#include "pipelines/commands.h"
#include "pipelines/config.h"
#include "pipelines/format.h"
#include "pipelines/log.h"
#include "pipelines/run_lock.h"
#include "store/store.h"

namespace newsfacts {
namespace {

struct RunCommandOptions {
  std::string config_path;
  bool dry_run = false;
  bool quiet = false;
  bool verbose = false;
};

// What one configured source produced in this run.
struct SourceTally {
  int64_t urls = 0;          // article URLs or files it named
  int64_t failed = 0;        // of those, how many failed to fetch or read
  int64_t new_articles = 0;
  bool discovery_failed = false;  // the feed/sitemap/list itself could not be read
};

// Days since the ISO 8601 UTC timestamp `iso` ("2024-04-06T07:03:00Z" or a date); nullopt if unparsable.
std::optional<double> DaysSince(const std::string& iso, std::time_t now) {
  std::tm tm{};
  if (iso.size() < 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) {
    return std::nullopt;
  }
  int hour = 0, minute = 0, second = 0;
  if (iso.size() >= 19) std::sscanf(iso.c_str() + 11, "%2d:%2d:%2d", &hour, &minute, &second);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::time_t then = timegm(&tm);
  return std::difftime(now, then) / 86400.0;
}

FetchOptions FetchOptionsFrom(const RunConfig& config) {
  FetchOptions f;
  f.user_agent = config.user_agent;
  f.max_concurrency = config.concurrency;
  f.per_host_concurrency = config.per_host_concurrency;
  f.per_host_delay_ms = config.per_host_delay_ms;
  f.connect_timeout_ms = config.connect_timeout_s * 1000;
  f.total_timeout_ms = config.timeout_s * 1000;
  f.max_body_bytes = static_cast<uint64_t>(config.max_body_bytes);
  return f;
}

class NightlyRun {
 public:
  NightlyRun(const RunConfig& config, const RunCommandOptions& options)
      : config_(config), options_(options), fetcher_(FetchOptionsFrom(config)) {}

  int Execute();

 private:
  // Discovery: the article URLs a feed, sitemap or URL list names (feeds fetched conditionally).
  std::vector<std::string> DiscoverUrls(const SourceConfig& source, SourceTally& tally);
  std::optional<Feed> FetchFeed(const SourceConfig& source, const std::string& url, SourceTally& tally);
  // Fetches `urls` (conditional GET), archives and stores them; `source_of` maps URL -> source name.
  void FetchArticles(const std::vector<std::string>& urls, const std::map<std::string, std::string>& source_of,
                     std::vector<std::string>* related_out);
  void IngestLocal(const SourceConfig& source, SourceTally& tally);
  void StoreProcessed(Processed& p, const std::string& source_name);
  bool IsFresh(const FeedEntry& entry, const SourceConfig& source) const;
  void ReportSilentSources();
  void SaveFetchState(const FetchState& state) {
    if (Status s = store_->PutFetchState(state); !s.ok()) writer_->Fail(state.url, "store", s);
  }

  const RunConfig& config_;
  const RunCommandOptions& options_;
  HttpFetcher fetcher_;
  std::unique_ptr<Extractor> extractor_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<WarcWriter> archive_;
  std::unique_ptr<ArticleWriter> writer_;
  int64_t run_id_ = 0;
  std::map<std::string, SourceTally> tallies_;  // by source name
  std::time_t now_ = std::time(nullptr);
};

bool NightlyRun::IsFresh(const FeedEntry& entry, const SourceConfig& source) const {
  const int max_age = source.max_age_days >= 0 ? source.max_age_days : config_.max_article_age_days;
  if (entry.published.empty()) return true;  // undated entries are taken: the store dedups them
  const std::optional<double> age = DaysSince(entry.published, now_);
  return !age || *age <= max_age;
}

std::optional<Feed> NightlyRun::FetchFeed(const SourceConfig& source, const std::string& url, SourceTally& tally) {
  FetchRequest request{url};
  if (store_) {
    Result<std::optional<FetchState>> state = store_->GetFetchState(url);
    if (state.ok() && state->has_value()) {
      request.etag = (*state)->etag;
      request.last_modified = (*state)->last_modified;
    }
  }
  std::optional<Feed> feed;
  fetcher_.FetchAll({request}, [&](FetchResult&& result) {
    if (!result.status.ok()) {
      tally.discovery_failed = true;
      if (writer_) {
        ++writer_->counts().fetch_failed;
        writer_->Fail(url, "fetch", result.status);
      } else {
        LogError(url, result.status.message());
      }
      return;
    }
    if (writer_) ++writer_->counts().fetched;
    if (result.not_modified) {
      if (writer_) ++writer_->counts().not_modified;
      LogDebug(url + ": not modified");
      feed = Feed{};  // unchanged since the last run: nothing new to discover
      return;
    }
    FeedParseOptions parse_options;
    parse_options.base_url = result.final_url.empty() ? url : result.final_url;
    Result<Feed> parsed = ParseFeed(result.body, parse_options);
    if (!parsed.ok()) {
      tally.discovery_failed = true;
      if (writer_) {
        writer_->Fail(url, "feed", parsed.status());
      } else {
        LogError(url, parsed.status().message());
      }
      return;
    }
    // Remember the validators only once the feed has been read successfully.
    if (store_) {
      FetchState state;
      state.url = url;
      state.etag = result.etag;
      state.last_modified = result.last_modified;
      state.http_status = result.http_status;
      state.source = source.name;
      SaveFetchState(state);
    }
    feed = std::move(parsed).value();
  });
  return feed;
}

std::vector<std::string> NightlyRun::DiscoverUrls(const SourceConfig& source, SourceTally& tally) {
  std::vector<std::string> urls;
  if (source.type == SourceConfig::Type::kUrlList) {
    std::ifstream in(source.location);
    if (!in) {
      tally.discovery_failed = true;
      if (writer_) writer_->Fail(source.location, "discover", Status::IoError("cannot read the URL list"));
      else LogError(source.location, "cannot read the URL list");
      return urls;
    }
    int line_number = 0;
    for (std::string line; std::getline(in, line);) {
      ++line_number;
      const size_t first = line.find_first_not_of(" \t\r");
      if (first == std::string::npos || line[first] == '#') continue;
      Result<std::string> url = CanonicalizeUrl(line);
      if (!url.ok()) {
        const std::string where = source.location + ":" + std::to_string(line_number);
        if (writer_) writer_->Fail(where, "discover", url.status());
        else LogError(where, url.status().message());
        continue;
      }
      urls.push_back(*url);
    }
    return urls;
  }
  std::optional<Feed> feed = FetchFeed(source, source.location, tally);
  if (!feed) return urls;
  if (feed->kind == Feed::Kind::kSitemapIndex) {
    // One level of child sitemaps, those modified within the age limit.
    for (const FeedEntry& child : feed->child_sitemaps) {
      if (!IsFresh(child, source)) continue;
      SourceTally child_tally;
      std::optional<Feed> child_feed = FetchFeed(source, child.url, child_tally);
      if (!child_feed) continue;
      for (const FeedEntry& e : child_feed->entries) {
        if (IsFresh(e, source)) urls.push_back(e.url);
      }
    }
  }
  for (const FeedEntry& e : feed->entries) {
    if (IsFresh(e, source)) urls.push_back(e.url);
  }
  return urls;
}

void NightlyRun::StoreProcessed(Processed& p, const std::string& source_name) {
  std::optional<AddArticleResult> added = writer_->Write(p);
  SourceTally& tally = tallies_[source_name];
  if (!added) {
    ++tally.failed;
  } else if (added->article_new) {
    ++tally.new_articles;
  }
}

void NightlyRun::FetchArticles(const std::vector<std::string>& urls, const std::map<std::string, std::string>& source_of,
                               std::vector<std::string>* related_out) {
  std::vector<FetchRequest> requests;
  for (const std::string& url : urls) {
    FetchRequest request{url};
    Result<std::optional<FetchState>> state = store_->GetFetchState(url);
    if (state.ok() && state->has_value()) {
      request.etag = (*state)->etag;
      request.last_modified = (*state)->last_modified;
    }
    requests.push_back(std::move(request));
  }
  fetcher_.FetchAll(requests, [&](FetchResult&& result) {
    const auto it = source_of.find(result.url);
    const std::string source_name = it == source_of.end() ? "related" : it->second;
    RunCounts& counts = writer_->counts();
    if (!result.status.ok()) {
      ++counts.fetch_failed;
      ++tallies_[source_name].failed;
      writer_->Fail(result.url, "fetch", result.status);
      return;
    }
    ++counts.fetched;
    FetchState state;
    state.url = result.url;
    state.etag = result.etag;
    state.last_modified = result.last_modified;
    state.http_status = result.http_status;
    state.source = source_name;
    if (result.not_modified) {
      ++counts.not_modified;
      LogDebug(result.url + ": not modified");
      // A 304 may omit the validators: keep the stored ones and the article they belong to.
      if (Result<std::optional<FetchState>> old = store_->GetFetchState(result.url); old.ok() && old->has_value()) {
        state.article_id = (*old)->article_id;
        if (state.etag.empty()) state.etag = (*old)->etag;
        if (state.last_modified.empty()) state.last_modified = (*old)->last_modified;
      }
      SaveFetchState(state);
      return;
    }
    // Archive first: the raw response is kept even if parsing fails, for `reprocess`.
    const WarcExchange exchange = ExchangeFromFetch(result);
    if (Result<WarcLocation> archived = archive_->Write(exchange); !archived.ok()) {
      writer_->Fail(archive_->current_path(), "archive", archived.status());
    }
    RawDocument raw;
    raw.source = exchange.target_uri;
    raw.url = exchange.target_uri;
    raw.content_type = result.content_type;
    raw.body = std::move(result.body);
    Processed p = ProcessDocument(std::move(raw), *extractor_);
    std::optional<AddArticleResult> added = writer_->Write(p);
    if (!added) {
      ++tallies_[source_name].failed;
    } else {
      if (added->article_new) ++tallies_[source_name].new_articles;
      state.article_id = added->article_id;
      if (related_out && p.article.format == "front-matter") {
        for (const RelatedLink& r : p.article.related) related_out->push_back(r.url);
      }
    }
    SaveFetchState(state);
  });
}

void NightlyRun::IngestLocal(const SourceConfig& source, SourceTally& tally) {
  auto take = [&](RawDocument&& doc) {
    ++tally.urls;
    Processed p = ProcessDocument(std::move(doc), *extractor_);
    StoreProcessed(p, source.name);
  };
  if (source.type == SourceConfig::Type::kWarc) {
    Status read = ReadWarc(source.location, WarcReadOptions{}, take);
    if (!read.ok()) {
      tally.discovery_failed = tally.urls == 0;
      writer_->Fail(source.location, "read", read);
    }
    return;
  }
  WalkCounts walked = WalkInputs(
      {source.location}, FileWalkOptions{},
      [&](const InputFile& file) {
        if (IsWarcPath(file.path)) {
          if (Status read = ReadWarc(file.path, WarcReadOptions{}, take); !read.ok()) writer_->Fail(file.path, "read", read);
          return;
        }
        Result<RawDocument> raw = ReadFileDocument(file.path);
        if (!raw.ok()) {
          ++tally.urls;
          ++tally.failed;
          writer_->Fail(file.path, "read", raw.status());
          return;
        }
        take(std::move(raw).value());
      },
      [&](const WalkProblem& problem) { writer_->Fail(problem.path, "walk", Status::IoError(problem.message)); });
  if (walked.files == 0 && walked.problems > 0) tally.discovery_failed = true;
}

void NightlyRun::ReportSilentSources() {
  Result<std::vector<SourceState>> states = store_->QuerySources();
  if (!states.ok()) return;
  for (const SourceConfig& source : config_.sources) {
    for (const SourceState& s : *states) {
      if (s.name != source.name) continue;
      const std::string& since = s.last_new_article_at.empty() ? s.first_run_at : s.last_new_article_at;
      const std::optional<double> days = DaysSince(since, now_);
      if (days && *days >= config_.silent_after_days) {
        LogWarning(source.name, "silent: no new article for " + std::to_string(static_cast<int>(*days)) + " days");
      }
    }
  }
}

int NightlyRun::Execute() {
  const auto started = std::chrono::steady_clock::now();
  if (options_.dry_run) {
    // Lists what would be fetched; reads feeds but writes nothing.
    for (const SourceConfig& source : config_.sources) {
      SourceTally tally;
      if (source.type == SourceConfig::Type::kFolder || source.type == SourceConfig::Type::kWarc) {
        std::printf("%s\t%s\t%s\n", source.name.c_str(), SourceTypeName(source.type), source.location.c_str());
        continue;
      }
      for (const std::string& url : DiscoverUrls(source, tally)) std::printf("%s\t%s\n", source.name.c_str(), url.c_str());
    }
    return kExitOk;
  }

  Result<RunLock> lock = RunLock::Acquire(config_.database);
  if (!lock.ok()) {
    LogError(config_.database, lock.status().message());
    return lock.status().code() == Status::Code::kBusy ? kExitLocked : kExitUsage;
  }
  ExtractorOptions extractor_options;
  extractor_options.extra_rule_dirs = config_.rule_dirs;
  Result<std::unique_ptr<Extractor>> extractor = Extractor::Load(extractor_options);
  if (!extractor.ok()) {
    LogError("rules", extractor.status().message());
    return kExitUsage;
  }
  extractor_ = std::move(extractor).value();
  Result<std::unique_ptr<Store>> store = Store::Open(config_.database);
  if (!store.ok()) {
    LogError(config_.database, store.status().message());
    return kExitUsage;
  }
  store_ = std::move(store).value();
  WarcWriterOptions archive_options;
  archive_options.folder = config_.archive_dir;
  Result<std::unique_ptr<WarcWriter>> archive = WarcWriter::Open(archive_options);
  if (!archive.ok()) {
    LogError(config_.archive_dir, archive.status().message());
    return kExitUsage;
  }
  archive_ = std::move(archive).value();
  Result<int64_t> run_id = store_->StartRun("run");
  if (!run_id.ok()) {
    LogError(config_.database, "cannot record the run: " + run_id.status().message());
    return kExitUsage;
  }
  run_id_ = *run_id;
  ArticleWriterOptions writer_options;
  writer_options.db_label = config_.database;
  writer_options.max_batch_ms = 1000;
  writer_ = std::make_unique<ArticleWriter>(writer_options, *store_, run_id_);
  if (Status s = writer_->Begin(); !s.ok()) {
    LogError(config_.database, "cannot begin a batch: " + s.ToString());
    return kExitSomeFailed;
  }

  // Discover every source first, then fetch all article URLs together so that transfers to
  // different hosts overlap.
  std::vector<std::string> urls;
  std::map<std::string, std::string> source_of;
  for (const SourceConfig& source : config_.sources) {
    SourceTally& tally = tallies_[source.name];
    if (source.type == SourceConfig::Type::kFolder || source.type == SourceConfig::Type::kWarc) {
      IngestLocal(source, tally);
      continue;
    }
    for (std::string& url : DiscoverUrls(source, tally)) {
      if (source_of.emplace(url, source.name).second) {
        ++tally.urls;
        urls.push_back(std::move(url));
      }
    }
  }
  std::vector<std::string> related;
  FetchArticles(urls, source_of, config_.follow_related > 0 ? &related : nullptr);
  if (!related.empty()) {
    std::vector<std::string> fresh;
    for (const std::string& r : related) {
      Result<std::string> url = CanonicalizeUrl(r);
      if (url.ok() && source_of.emplace(*url, "related").second) fresh.push_back(*url);
    }
    LogInfo("following " + std::to_string(fresh.size()) + " related links");
    FetchArticles(fresh, source_of, nullptr);
  }
  writer_->Finish();

  // A source failed entirely when its feed could not be read or every one of its URLs failed.
  int failed_sources = 0;
  for (const SourceConfig& source : config_.sources) {
    const SourceTally& t = tallies_[source.name];
    if (Status s = store_->NoteSourceRun(source.name, SourceTypeName(source.type), source.location, t.new_articles);
        !s.ok()) {
      LogError(config_.database, "cannot record source " + source.name + ": " + s.message());
    }
    if (t.discovery_failed || (t.urls > 0 && t.failed == t.urls)) {
      ++failed_sources;
      LogError(source.name, "source failed: " + std::string(t.discovery_failed ? "could not read it" : "every item failed"));
    }
  }
  ReportSilentSources();

  RunCounts& counts = writer_->counts();
  const int64_t attempts = counts.fetched + counts.fetch_failed;
  const double failure_rate = attempts > 0 ? static_cast<double>(counts.fetch_failed) / attempts : 0.0;
  const bool too_many_failures = failure_rate > config_.max_failure_rate;
  if (too_many_failures) {
    LogError(config_.database, "failure rate " + std::to_string(static_cast<int>(failure_rate * 100)) +
                                   "% is above max_failure_rate");
  }
  const bool needs_attention = failed_sources > 0 || too_many_failures || writer_->commit_failed();
  const std::string status = needs_attention ? "failed" : counts.errors > 0 ? "partial" : "ok";
  if (Status s = store_->FinishRun(run_id_, counts, status); !s.ok()) {
    LogError(config_.database, "cannot record the run: " + s.ToString());
  }
  archive_->Close();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!options_.quiet) {
    LogInfo(Printf("run: %lld fetched (%lld not modified), %lld fetch failures, articles %lld new / "
                 "%lld duplicate, facts %lld new, %lld errors, %d sources failed, %.2f s -> %s",
                 static_cast<long long>(counts.fetched), static_cast<long long>(counts.not_modified),
                 static_cast<long long>(counts.fetch_failed), static_cast<long long>(counts.articles_new),
                 static_cast<long long>(counts.articles_duplicate), static_cast<long long>(counts.facts_new),
                 static_cast<long long>(counts.errors), failed_sources, seconds, config_.database.c_str()));
  }
  return needs_attention ? kExitSomeFailed : kExitOk;
}

int RunNightly(const RunCommandOptions& options) {
  SetVerbosity(options.quiet ? Verbosity::kQuiet : options.verbose ? Verbosity::kVerbose : Verbosity::kNormal);
  SetTimestamps(true);
  Result<RunConfig> config = LoadRunConfig(options.config_path);
  if (!config.ok()) {
    LogError("", config.status().message());
    return kExitUsage;
  }
  NightlyRun run(*config, options);
  return run.Execute();
}

}  // namespace

CommandRunner SetupRunCommand(CLI::App& sub) {
  auto options = std::make_shared<RunCommandOptions>();
  sub.add_option("--config", options->config_path, "Configuration file (see samples/newsfacts.yaml)")->required();
  sub.add_flag("--dry-run", options->dry_run, "List what would be fetched; fetch feeds only, write nothing");
  sub.add_flag("-q,--quiet", options->quiet, "Print errors only");
  sub.add_flag("-v,--verbose", options->verbose, "Also print each URL not modified, each duplicate");
  return [options] { return RunNightly(*options); };
}

}  // namespace newsfacts
