#include "pipelines/article_flow.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <thread>

#include "parse/parse.h"
#include "pipelines/log.h"

namespace newsfacts {

Processed FailedInput(std::string source, std::string stage, Status status, bool counts_as_file) {
  Processed p;
  p.source = std::move(source);
  p.stage = std::move(stage);
  p.status = std::move(status);
  p.counts_as_file = counts_as_file;
  return p;
}

Processed ProcessDocument(RawDocument raw, const Extractor& extractor) {
  Processed p;
  p.source = raw.source;
  Result<Article> article = ParseDocument(raw);
  if (!article.ok()) return FailedInput(raw.source, "parse", article.status());
  p.article = std::move(article).value();
  if (!raw.url.empty()) {
    // A fetched or archived page: its source is the URL it was served from (not the archive file
    // holding it), which also names it when the page gives no canonical URL, and is an alias when
    // it does.
    p.article.source = raw.url;
    if (p.article.url.empty()) {
      p.article.url = raw.url;
    } else if (raw.url != p.article.url &&
               std::find(p.article.url_aliases.begin(), p.article.url_aliases.end(), raw.url) ==
                   p.article.url_aliases.end()) {
      p.article.url_aliases.push_back(raw.url);
    }
  }
  try {
    p.facts = extractor.Extract(p.article).facts;
  } catch (const std::exception& e) {  // a bug in a rule must not take the batch down
    return FailedInput(raw.source, "extract", Status::Internal(std::string("extraction failed: ") + e.what()));
  }
  return p;
}

ArticleWriter::ArticleWriter(const ArticleWriterOptions& options, Store& store, int64_t run_id)
    : options_(options), store_(store), run_id_(run_id) {}

Status ArticleWriter::Begin() {
  batch_started_ = std::chrono::steady_clock::now();
  return store_.BeginBatch();
}

std::optional<AddArticleResult> ArticleWriter::Write(Processed& p) {
  if (p.counts_as_file) ++counts_.files_seen;
  if (!p.status.ok()) {
    Fail(p.source, p.stage, p.status);
    return std::nullopt;
  }
  AddArticleOptions add_options;
  add_options.reextract = options_.reextract;
  Result<AddArticleResult> added = store_.AddArticle(run_id_, p.article, p.facts, add_options);
  if (!added.ok()) {
    Fail(p.source, "store", added.status());
    return std::nullopt;
  }
  if (added->article_new) {
    ++counts_.articles_new;
  } else {
    ++counts_.articles_duplicate;
    LogDebug(p.source + ": duplicate (" + added->duplicate_reason + ")");
  }
  counts_.facts_new += added->facts_new;
  counts_.facts_existing += added->facts_existing;
  const bool batch_old =
      options_.max_batch_ms > 0 &&
      std::chrono::steady_clock::now() - batch_started_ >= std::chrono::milliseconds(options_.max_batch_ms);
  if (++in_batch_ >= options_.batch_size || batch_old) Flush();
  return *added;
}

void ArticleWriter::Fail(const std::string& source, const std::string& stage, const Status& status) {
  ++counts_.errors;
  LogError(source, status.message());
  if (Status s = store_.RecordError(run_id_, source, stage, status.message()); !s.ok()) {
    LogError(options_.db_label, "cannot record error: " + s.ToString());
  }
}

void ArticleWriter::Flush() {
  if (Status s = store_.CommitBatch(); !s.ok()) {
    LogError(options_.db_label, "cannot commit: " + s.ToString());
    commit_failed_ = true;
  }
  in_batch_ = 0;
  // A moment without the write lock lets another process writing the same database (polling every
  // millisecond) take its turn, so two ingests alternate batches instead of one waiting for the
  // other's whole run and timing out. It costs about 0.2% of a 1-second batch.
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  batch_started_ = std::chrono::steady_clock::now();
  if (Status s = store_.BeginBatch(); !s.ok()) {
    LogError(options_.db_label, "cannot begin a batch: " + s.ToString());
    commit_failed_ = true;
  }
}

void ArticleWriter::Finish() {
  if (Status s = store_.CommitBatch(); !s.ok()) {
    LogError(options_.db_label, "cannot commit: " + s.ToString());
    commit_failed_ = true;
  }
}

}  // namespace newsfacts
