// fetch/ raw archive: WARC/1.1 files (ISO 28500), one gzip member per record, so any record can be
// read again from its offset. The writer keeps every HTTP response newsfacts fetches; the reader
// streams .warc and .warc.gz files (ours, web archives', Common Crawl's) as RawDocuments.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/types.h"
#include "fetch/http_fetcher.h"

namespace newsfacts {

struct WarcWriterOptions {
  std::string folder;                  // created if missing
  std::string prefix = "newsfacts";    // file names: <prefix>-<UTC yyyymmddHHMMSS>-<pid>-<nnnnn>.warc.gz
  uint64_t rotate_bytes = 1ull << 30;  // start a new file once the current one reaches this size
};

// One HTTP exchange to archive. The body is the payload as the fetcher delivered it (already
// decoded), so the stored headers drop Content-Encoding/Transfer-Encoding and carry the body's
// real Content-Length; the original values are kept as X-Newsfacts-Original-* headers.
struct WarcExchange {
  std::string target_uri;   // the final URL
  std::string date;         // WARC-Date, "2024-04-06T07:03:00Z"; empty: now
  std::string status_line;  // "HTTP/1.1 200 OK"; empty: built from http_status
  long http_status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string request_head;  // raw request ("GET / HTTP/1.1\r\nHost: ...\r\n\r\n"); empty: no request record
};

// The exchange to archive for a completed fetch: target_uri = final_url, its status line, headers
// and body; no request record (libcurl does not hand back the request bytes it sent).
WarcExchange ExchangeFromFetch(const FetchResult& result);

// Where a record starts: give it back to ReadWarcRecordAt.
struct WarcLocation {
  std::string path;
  uint64_t offset = 0;
};

class WarcWriter {
 public:
  // Creates the folder and a new file starting with a warcinfo record. Errors: IoError naming the path.
  static Result<std::unique_ptr<WarcWriter>> Open(const WarcWriterOptions& options);
  ~WarcWriter();
  WarcWriter(const WarcWriter&) = delete;
  WarcWriter& operator=(const WarcWriter&) = delete;

  // Appends a response record (with WARC-Payload-Digest and WARC-Block-Digest, SHA-1 in base32) and,
  // before it when request_head is set, a request record, each its own gzip member; then rotates if
  // the file passed rotate_bytes. Returns the response record's place.
  Result<WarcLocation> Write(const WarcExchange& exchange);
  // Flushes to the OS and closes; Write after Close is an error. Called by the destructor too.
  Status Close();
  const std::string& current_path() const { return path_; }

 private:
  explicit WarcWriter(WarcWriterOptions options) : options_(std::move(options)) {}
  Status OpenNextFile();
  Status AppendRecord(const std::string& record);

  WarcWriterOptions options_;
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
  int sequence_ = 0;
};

struct WarcReadOptions {
  uint64_t max_record_bytes = 256ull << 20;  // larger records are skipped (reported via on_problem)
  uint64_t max_body_bytes = 64ull << 20;     // cap on a Content-Encoding-decoded body (gzip bombs)
  bool only_2xx = true;                      // skip redirects, 404 pages and other non-2xx responses
};

struct WarcReadStats {
  int64_t records = 0;    // every WARC record seen (warcinfo, request, response, metadata, ...)
  int64_t responses = 0;  // response records delivered
  int64_t skipped = 0;    // response records not delivered (non-2xx, too large, undecodable)
};

// Streams `path` (.warc or gzip: multi-member or a single member) and calls `on_document` for each
// HTTP response record, with source = "<path>#<offset>" (offset of the record, or of its gzip member,
// usable with ReadWarcRecordAt; "<path>#<member>+<n>" when a member holds several records), url =
// WARC-Target-URI, content_type and body from the HTTP response inside (chunked encoding undone,
// gzip/deflate decoded). Skipped records are reported via `on_problem` (source, reason) when given.
// Truncated or corrupt data stops the read with an InvalidInput/IoError status naming the offset;
// the records before it have been delivered.
Status ReadWarc(const std::string& path, const WarcReadOptions& options,
                const std::function<void(RawDocument&&)>& on_document,
                const std::function<void(const std::string&, const std::string&)>& on_problem = nullptr,
                WarcReadStats* stats = nullptr);

// Reads the one response record at `offset` (as recorded by WarcWriter::Write or a source string).
Result<RawDocument> ReadWarcRecordAt(const std::string& path, uint64_t offset,
                                     const WarcReadOptions& options = {});

// Inflates gzip (one or more members) or zlib data, refusing output beyond `max_bytes` (TooLarge).
Result<std::string> GunzipBytes(std::string_view compressed, uint64_t max_bytes);

}  // namespace newsfacts
