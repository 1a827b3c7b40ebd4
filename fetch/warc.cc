#include "fetch/warc.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <random>
#include "fetch/fd_owner.h"
#include "core/ascii.h"

namespace newsfacts {
namespace {

constexpr size_t kChunk = 64 * 1024;
constexpr size_t kMaxHeaderLine = 64 * 1024;
constexpr int kMaxHeaderLines = 1000;

std::string ErrnoText() { return std::strerror(errno); }

// Owns an inflate stream; `window_bits` as for inflateInit2.
class Inflater {
 public:
  explicit Inflater(int window_bits) { ok_ = inflateInit2(&zs_, window_bits) == Z_OK; }
  ~Inflater() {
    if (ok_) inflateEnd(&zs_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  bool ok() const { return ok_; }
  z_stream* get() { return &zs_; }

 private:
  z_stream zs_{};
  bool ok_ = false;
};

// Inflates with the given window bits; multi-member gzip streams are followed to their end.
Result<std::string> Inflate(std::string_view in, uint64_t max_bytes, int window_bits) {
  Inflater inflater(window_bits);
  if (!inflater.ok()) return Status::Internal("zlib inflateInit2 failed");
  z_stream* zs = inflater.get();
  zs->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs->avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[kChunk];
  while (true) {
    zs->next_out = reinterpret_cast<Bytef*>(buf);
    zs->avail_out = sizeof buf;
    const int rc = inflate(zs, Z_NO_FLUSH);
    const size_t produced = sizeof buf - zs->avail_out;
    if (out.size() + produced > max_bytes) {
      return Status::TooLarge("decompressed data exceeds the limit of " + std::to_string(max_bytes) +
                              " bytes");
    }
    out.append(buf, produced);
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow (concatenated gzip).
      if (zs->avail_in >= 2 && zs->next_in[0] == 0x1f && zs->next_in[1] == 0x8b) {
        inflateReset(zs);
        continue;
      }
      return out;
    }
    if (rc == Z_BUF_ERROR && zs->avail_in == 0) return Status::InvalidInput("compressed data is truncated");
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return Status::InvalidInput(std::string("corrupt compressed data: ") +
                                  (zs->msg ? zs->msg : "zlib error"));
    }
  }
}

std::string GzipMember(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(out.size() - zs.avail_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string NowIso() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string NewRecordId() {
  thread_local std::mt19937_64 rng{
      std::random_device{}() ^
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count())};
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
  char buf[64];
  std::snprintf(buf, sizeof buf, "<urn:uuid:%08llx-%04llx-%04llx-%04llx-%012llx>",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xFFFF),
                static_cast<unsigned long long>(hi & 0xFFFF), static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

// SHA-1 (FIPS 180-4), only for WARC digests: they identify content, they do not protect it.
std::string Sha1(std::string_view data) {
  uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  std::string msg(data);
  const uint64_t bit_length = static_cast<uint64_t>(data.size()) * 8;
  msg.push_back(static_cast<char>(0x80));
  while (msg.size() % 64 != 56) msg.push_back('\0');
  for (int i = 7; i >= 0; --i) msg.push_back(static_cast<char>((bit_length >> (i * 8)) & 0xFF));
  auto rotl = [](uint32_t x, int n) { return (x << n) | (x >> (32 - n)); };
  for (size_t block = 0; block < msg.size(); block += 64) {
    uint32_t w[80];
    for (int i = 0; i < 16; ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(msg.data() + block + i * 4);
      w[i] = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
    }
    for (int i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
      uint32_t f, k;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5A827999u;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ED9EBA1u;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8F1BBCDCu;
      } else {
        f = b ^ c ^ d;
        k = 0xCA62C1D6u;
      }
      const uint32_t t = rotl(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  std::string out;
  for (uint32_t v : h) {
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<char>((v >> (i * 8)) & 0xFF));
  }
  return out;
}

std::string Base32(std::string_view bytes) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  while (out.size() % 8 != 0) out.push_back('=');
  return out;
}

// Header values must not break the record's line structure.
std::string OneLine(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '\r' && c != '\n') out.push_back(c);
  }
  return out;
}

std::string WarcRecord(const std::string& type, const std::string& id, const std::string& date,
                       const std::string& target_uri, const std::string& content_type,
                       const std::string& extra_headers, const std::string& block) {
  std::string r =
      "WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: " + id + "\r\nWARC-Date: " + date + "\r\n";
  if (!target_uri.empty()) r += "WARC-Target-URI: " + OneLine(target_uri) + "\r\n";
  r += extra_headers;
  r += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  r += block;
  r += "\r\n\r\n";
  return r;
}

const char* ReasonPhrase(long status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "";
  }
}

// ---------------------------------------------------------------- reading

// A byte stream over a plain or gzip (multi-member) file that knows where each byte came from.
class RecordStream {
 public:
  RecordStream(int fd, uint64_t start, bool gzip, std::string path)
      : fd_(fd), gzip_(gzip), path_(std::move(path)), in_file_offset_(start), out_base_(gzip ? 0 : start) {}

  const Status& status() const { return status_; }
  // Offset of the gzip member holding the next byte (0 for plain files) and the next byte's offset
  // inside it (inside the file for plain files). Call Peek() first so the position is exact.
  uint64_t member_start() const { return gzip_ ? member_start_ : 0; }
  uint64_t in_member() const { return out_base_ + out_pos_; }
  bool gzip() const { return gzip_; }

  // True when a byte is available; false at the end or on error (see status()).
  bool Peek(char* c) {
    if (!Fill()) return false;
    *c = out_[out_pos_];
    return true;
  }
  void Advance() { ++out_pos_; }

  // Reads a line without its "\n" / "\r\n". False at the end, on error, or when longer than `max`.
  bool ReadLine(std::string* line, size_t max, bool* too_long) {
    line->clear();
    *too_long = false;
    while (Fill()) {
      const char* begin = out_.data() + out_pos_;
      const size_t avail = out_.size() - out_pos_;
      const void* nl = std::memchr(begin, '\n', avail);
      const size_t take = nl ? static_cast<const char*>(nl) - begin : avail;
      if (line->size() + take > max) {
        *too_long = true;
        return false;
      }
      line->append(begin, take);
      out_pos_ += take;
      if (nl) {
        ++out_pos_;
        if (!line->empty() && line->back() == '\r') line->pop_back();
        return true;
      }
    }
    return false;
  }

  // Reads `n` bytes into `dst` (appended) or, when dst is null, skips them. False when fewer remain.
  bool Read(uint64_t n, std::string* dst) {
    while (n > 0) {
      if (!Fill()) return false;
      const size_t take = static_cast<size_t>(std::min<uint64_t>(n, out_.size() - out_pos_));
      if (dst) dst->append(out_.data() + out_pos_, take);
      out_pos_ += take;
      n -= take;
    }
    return true;
  }

 private:
  bool EnsureInput() {
    if (in_pos_ < in_.size()) return true;
    in_file_offset_ += in_.size();
    in_.resize(kChunk);
    ssize_t n;
    do {
      n = ::pread(fd_, in_.data(), kChunk, static_cast<off_t>(in_file_offset_));
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      status_ = Status::IoError("cannot read " + path_ + " at offset " + std::to_string(in_file_offset_) +
                                ": " + ErrnoText());
      in_.clear();
      return false;
    }
    in_.resize(static_cast<size_t>(n));
    in_pos_ = 0;
    return n > 0;
  }

  bool Fill() {
    while (out_pos_ >= out_.size()) {
      if (!status_.ok()) return false;
      out_base_ += out_.size();
      out_.clear();
      out_pos_ = 0;
      if (!gzip_) {
        if (!EnsureInput()) return false;
        out_base_ = in_file_offset_ + in_pos_;
        out_.assign(in_.data() + in_pos_, in_.size() - in_pos_);
        in_pos_ = in_.size();
        continue;
      }
      if (!member_open_) {
        if (!EnsureInput()) return false;  // a clean end between members
        member_start_ = in_file_offset_ + in_pos_;
        out_base_ = 0;
        inflater_ = std::make_unique<Inflater>(15 + 16);
        if (!inflater_->ok()) {
          status_ = Status::Internal("zlib inflateInit2 failed");
          return false;
        }
        member_open_ = true;
      }
      if (!EnsureInput()) {
        if (status_.ok()) {
          status_ = Status::InvalidInput("truncated gzip member at offset " + std::to_string(member_start_) +
                                         " of " + path_);
        }
        return false;
      }
      z_stream* zs = inflater_->get();
      zs->next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
      zs->avail_in = static_cast<uInt>(in_.size() - in_pos_);
      out_.resize(kChunk);
      zs->next_out = reinterpret_cast<Bytef*>(out_.data());
      zs->avail_out = static_cast<uInt>(kChunk);
      const int rc = inflate(zs, Z_NO_FLUSH);
      out_.resize(kChunk - zs->avail_out);
      in_pos_ = in_.size() - zs->avail_in;
      if (rc == Z_STREAM_END) {
        member_open_ = false;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        status_ = Status::InvalidInput("corrupt gzip data in the member at offset " +
                                       std::to_string(member_start_) + " of " + path_ + ": " +
                                       (zs->msg ? zs->msg : "zlib error"));
        out_.clear();
        return false;
      }
    }
    return true;
  }

  int fd_;
  bool gzip_;
  std::string path_;
  std::string in_;
  size_t in_pos_ = 0;
  uint64_t in_file_offset_;  // file offset of in_[0]
  std::unique_ptr<Inflater> inflater_;
  bool member_open_ = false;
  uint64_t member_start_ = 0;
  std::string out_;
  size_t out_pos_ = 0;
  uint64_t out_base_;  // offset of out_[0] within the member (gzip) or the file (plain)
  Status status_;
};

using Headers = std::vector<std::pair<std::string, std::string>>;  // names lower-cased

const std::string* FindHeader(const Headers& headers, std::string_view lower_name) {
  for (const auto& h : headers) {
    if (h.first == lower_name) return &h.second;
  }
  return nullptr;
}

Result<std::string> Dechunk(std::string_view body) {
  std::string out;
  size_t i = 0;
  while (true) {
    const size_t eol = body.find('\n', i);
    if (eol == std::string_view::npos)
      return Status::InvalidInput("chunked body ends inside a chunk size line");
    std::string_view size_line = TrimAscii(body.substr(i, eol - i));
    size_line = size_line.substr(0, size_line.find(';'));
    if (size_line.empty() || size_line.size() > 15 ||
        !std::all_of(size_line.begin(), size_line.end(), [](unsigned char c) { return std::isxdigit(c); })) {
      return Status::InvalidInput("bad chunk size line in chunked body");
    }
    const uint64_t size = std::stoull(std::string(size_line), nullptr, 16);
    i = eol + 1;
    if (size == 0) return out;
    if (size > body.size() - i) return Status::InvalidInput("chunked body is truncated");
    out.append(body.substr(i, size));
    i += size;
    if (i < body.size() && body[i] == '\r') ++i;
    if (i < body.size() && body[i] == '\n') ++i;
  }
}

// The HTTP response inside a response record -> RawDocument fields. Non-ok means "skip this record".
Status ParseHttpResponse(std::string_view block, const WarcReadOptions& options, RawDocument* doc) {
  size_t eol = block.find('\n');
  const std::string_view status_line = TrimAscii(block.substr(0, eol));
  if (status_line.substr(0, 5) != "HTTP/") return Status::InvalidInput("the record holds no HTTP response");
  const size_t sp = status_line.find(' ');
  const std::string_view code_text = sp == std::string_view::npos ? "" : TrimAscii(status_line.substr(sp + 1, 4));
  const int code = std::atoi(std::string(code_text).c_str());
  if (options.only_2xx && (code < 200 || code > 299)) {
    return Status::Unsupported("HTTP status " + std::to_string(code) + " is not 2xx");
  }
  Headers headers;
  size_t i = eol == std::string_view::npos ? block.size() : eol + 1;
  while (i < block.size()) {
    eol = block.find('\n', i);
    if (eol == std::string_view::npos) return Status::InvalidInput("HTTP headers are not terminated");
    std::string_view line = block.substr(i, eol - i);
    i = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    if ((line[0] == ' ' || line[0] == '\t') && !headers.empty()) {
      headers.back().second += " " + std::string(TrimAscii(line));
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    headers.emplace_back(AsciiLower(TrimAscii(line.substr(0, colon))), std::string(TrimAscii(line.substr(colon + 1))));
  }
  std::string body(block.substr(std::min(i, block.size())));
  if (const std::string* te = FindHeader(headers, "transfer-encoding");
      te && AsciiLower(*te).find("chunked") != std::string::npos) {
    Result<std::string> plain = Dechunk(body);
    if (!plain.ok()) return plain.status();
    body = std::move(*plain);
  }
  if (const std::string* ce = FindHeader(headers, "content-encoding")) {
    const std::string enc = AsciiLower(TrimAscii(*ce));
    if (enc == "gzip" || enc == "x-gzip" || enc == "deflate") {
      const bool looks_gzip = body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
                              static_cast<unsigned char>(body[1]) == 0x8b;
      const bool looks_zlib =
          body.size() >= 2 && (static_cast<unsigned char>(body[0]) & 0x0f) == 8 &&
          ((static_cast<unsigned char>(body[0]) << 8) | static_cast<unsigned char>(body[1])) % 31 == 0;
      if (looks_gzip || looks_zlib || enc == "deflate") {
        Result<std::string> plain =
            Inflate(body, options.max_body_bytes, looks_gzip || looks_zlib ? 15 + 32 : -15);
        if (!plain.ok()) return plain.status();
        body = std::move(*plain);
      }  // else: labelled gzip but stored decoded (some crawlers do that): take it as it is
    } else if (enc != "identity" && !enc.empty()) {
      return Status::Unsupported("Content-Encoding '" + enc + "' is not supported");
    }
  }
  if (body.size() > options.max_body_bytes) {
    return Status::TooLarge("body of " + std::to_string(body.size()) + " bytes exceeds the limit");
  }
  if (const std::string* ct = FindHeader(headers, "content-type")) doc->content_type = *ct;
  doc->body = std::move(body);
  return Status::Ok();
}

std::string SourceName(const std::string& path, const RecordStream& s, uint64_t member, uint64_t in_member) {
  if (!s.gzip()) return path + "#" + std::to_string(in_member);
  if (in_member == 0) return path + "#" + std::to_string(member);
  return path + "#" + std::to_string(member) + "+" + std::to_string(in_member);
}

// Reads records from `s`; stops after `max_records` records (0: no limit).
Status ReadRecords(RecordStream& s, const std::string& path, const WarcReadOptions& options,
                   int64_t max_records, const std::function<void(RawDocument&&)>& on_document,
                   const std::function<void(const std::string&, const std::string&)>& on_problem,
                   WarcReadStats* stats) {
  std::string line;
  bool too_long = false;
  for (int64_t seen = 0; max_records == 0 || seen < max_records; ++seen) {
    char c;
    while (s.Peek(&c) && (c == '\r' || c == '\n')) s.Advance();  // the blank lines ending the last record
    if (!s.Peek(&c)) return s.status();
    const uint64_t member = s.member_start();
    const uint64_t in_member = s.in_member();
    const std::string where =
        s.gzip() ? std::to_string(member) + (in_member ? "+" + std::to_string(in_member) : "")
                 : std::to_string(in_member);
    if (!s.ReadLine(&line, kMaxHeaderLine, &too_long) || line.rfind("WARC/", 0) != 0) {
      if (!s.status().ok()) return s.status();
      return Status::InvalidInput("not a WARC record at offset " + where + " of " + path + " (found '" +
                                  line.substr(0, 40) + "')");
    }
    Headers headers;
    int count = 0;
    while (true) {
      if (!s.ReadLine(&line, kMaxHeaderLine, &too_long) || ++count > kMaxHeaderLines) {
        if (!s.status().ok()) return s.status();
        return Status::InvalidInput("truncated or malformed WARC headers in the record at offset " + where +
                                    " of " + path);
      }
      if (line.empty()) break;
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      headers.emplace_back(AsciiLower(TrimAscii(std::string_view(line).substr(0, colon))),
                           std::string(TrimAscii(std::string_view(line).substr(colon + 1))));
    }
    const std::string* length_text = FindHeader(headers, "content-length");
    if (length_text == nullptr || length_text->empty() || length_text->size() > 18 ||
        !std::all_of(length_text->begin(), length_text->end(),
                     [](unsigned char ch) { return std::isdigit(ch); })) {
      return Status::InvalidInput("the WARC record at offset " + where + " of " + path +
                                  " has no valid Content-Length");
    }
    const uint64_t length = std::stoull(*length_text);
    const std::string* type = FindHeader(headers, "warc-type");
    const bool response = type != nullptr && AsciiLower(*type) == "response";
    if (stats) ++stats->records;
    const std::string source = SourceName(path, s, member, in_member);
    const bool keep = response && length <= options.max_record_bytes;
    std::string block;
    if (!s.Read(length, keep ? &block : nullptr)) {
      if (!s.status().ok()) return s.status();
      return Status::InvalidInput("truncated WARC record at offset " + where + " of " + path + ": expected " +
                                  std::to_string(length) + " bytes of content");
    }
    if (!response) continue;
    if (!keep) {
      if (stats) ++stats->skipped;
      if (on_problem) on_problem(source, "record of " + std::to_string(length) + " bytes exceeds the limit");
      continue;
    }
    RawDocument doc;
    doc.source = source;
    if (const std::string* uri = FindHeader(headers, "warc-target-uri")) {
      std::string_view u = *uri;
      if (u.size() >= 2 && u.front() == '<' && u.back() == '>')
        u = u.substr(1, u.size() - 2);  // WARC/1.0 style
      doc.url = std::string(u);
    }
    const Status parsed = ParseHttpResponse(block, options, &doc);
    if (!parsed.ok()) {
      if (stats) ++stats->skipped;
      if (on_problem) on_problem(source, parsed.message());
      continue;
    }
    if (stats) ++stats->responses;
    on_document(std::move(doc));
  }
  return Status::Ok();
}

Result<bool> IsGzipAt(int fd, uint64_t offset, const std::string& path) {
  unsigned char magic[2] = {0, 0};
  const ssize_t n = ::pread(fd, magic, 2, static_cast<off_t>(offset));
  if (n < 0) return Status::IoError("cannot read " + path + ": " + ErrnoText());
  return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

}  // namespace

Result<std::string> GunzipBytes(std::string_view compressed, uint64_t max_bytes) {
  return Inflate(compressed, max_bytes, 15 + 32);
}

// ---------------------------------------------------------------- writing

WarcExchange ExchangeFromFetch(const FetchResult& result) {
  WarcExchange ex;
  ex.target_uri = result.final_url.empty() ? result.url : result.final_url;
  ex.status_line = result.status_line;
  ex.http_status = result.http_status;
  ex.headers = result.headers;
  ex.body = result.body;
  return ex;
}

Result<std::unique_ptr<WarcWriter>> WarcWriter::Open(const WarcWriterOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.folder, ec);
  if (ec) return Status::IoError("cannot create the WARC folder " + options.folder + ": " + ec.message());
  std::unique_ptr<WarcWriter> writer(new WarcWriter(options));
  Status s = writer->OpenNextFile();
  if (!s.ok()) return s;
  return writer;
}

WarcWriter::~WarcWriter() { Close(); }

Status WarcWriter::OpenNextFile() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
  for (int attempt = 0; attempt < 100000; ++attempt) {
    char name[64];
    std::snprintf(name, sizeof name, "-%s-%d-%05d.warc.gz", stamp, static_cast<int>(::getpid()), sequence_++);
    const std::string path = (std::filesystem::path(options_.folder) / (options_.prefix + name)).string();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) return Status::IoError("cannot create " + path + ": " + ErrnoText());
    fd_ = fd;
    path_ = path;
    size_ = 0;
    const std::string info =
        "software: newsfacts\r\nformat: WARC File Format 1.1\r\n"
        "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n";
    const std::string filename_header = "WARC-Filename: " + options_.prefix + name + "\r\n";
    return AppendRecord(WarcRecord("warcinfo", NewRecordId(), NowIso(), "", "application/warc-fields",
                                   filename_header, info));
  }
  return Status::IoError("cannot find a free WARC file name in " + options_.folder);
}

Status WarcWriter::AppendRecord(const std::string& record) {
  if (fd_ < 0) return Status::IoError("the WARC writer is closed");
  const std::string member = GzipMember(record);
  if (member.empty()) return Status::Internal("zlib failed to compress a WARC record");
  size_t done = 0;
  while (done < member.size()) {
    const ssize_t n = ::write(fd_, member.data() + done, member.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError("cannot write " + path_ + ": " + ErrnoText());
    done += static_cast<size_t>(n);
  }
  size_ += member.size();
  return Status::Ok();
}

Result<WarcLocation> WarcWriter::Write(const WarcExchange& ex) {
  if (fd_ < 0) return Status::IoError("the WARC writer is closed");
  const std::string date = ex.date.empty() ? NowIso() : OneLine(ex.date);
  std::string http = ex.status_line.empty()
                         ? "HTTP/1.1 " + std::to_string(ex.http_status) + " " + ReasonPhrase(ex.http_status)
                         : OneLine(ex.status_line);
  http += "\r\n";
  for (const auto& [name, value] : ex.headers) {
    const std::string lower = AsciiLower(name);
    if (lower == "content-length") continue;
    if (lower == "content-encoding" || lower == "transfer-encoding") {
      http += "X-Newsfacts-Original-" + OneLine(name) + ": " + OneLine(value) + "\r\n";
      continue;
    }
    http += OneLine(name) + ": " + OneLine(value) + "\r\n";
  }
  http += "Content-Length: " + std::to_string(ex.body.size()) + "\r\n\r\n";
  http += ex.body;
  const std::string digests = "WARC-Payload-Digest: sha1:" + Base32(Sha1(ex.body)) +
                              "\r\nWARC-Block-Digest: sha1:" + Base32(Sha1(http)) + "\r\n";
  const std::string response_id = NewRecordId();
  if (!ex.request_head.empty()) {
    Status s = AppendRecord(WarcRecord("request", NewRecordId(), date, ex.target_uri,
                                       "application/http;msgtype=request",
                                       "WARC-Concurrent-To: " + response_id + "\r\n", ex.request_head));
    if (!s.ok()) return s;
  }
  WarcLocation location{path_, size_};
  Status s = AppendRecord(WarcRecord("response", response_id, date, ex.target_uri,
                                     "application/http;msgtype=response", digests, http));
  if (!s.ok()) return s;
  if (size_ >= options_.rotate_bytes) {
    s = Close();
    if (s.ok()) s = OpenNextFile();
    if (!s.ok()) return s;
  }
  return location;
}

Status WarcWriter::Close() {
  if (fd_ < 0) return Status::Ok();
  Status s;
  if (::fsync(fd_) != 0) s = Status::IoError("cannot flush " + path_ + ": " + ErrnoText());
  if (::close(fd_) != 0 && s.ok()) s = Status::IoError("cannot close " + path_ + ": " + ErrnoText());
  fd_ = -1;
  return s;
}

// ---------------------------------------------------------------- reading (public)

Status ReadWarc(const std::string& path, const WarcReadOptions& options,
                const std::function<void(RawDocument&&)>& on_document,
                const std::function<void(const std::string&, const std::string&)>& on_problem,
                WarcReadStats* stats) {
  FdOwner fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Status::IoError("cannot open " + path + ": " + ErrnoText());
  Result<bool> gzip = IsGzipAt(fd.get(), 0, path);
  if (!gzip.ok()) return gzip.status();
  WarcReadStats local;
  RecordStream stream(fd.get(), 0, *gzip, path);
  return ReadRecords(stream, path, options, 0, on_document, on_problem, stats ? stats : &local);
}

Result<RawDocument> ReadWarcRecordAt(const std::string& path, uint64_t offset,
                                     const WarcReadOptions& options) {
  FdOwner fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Status::IoError("cannot open " + path + ": " + ErrnoText());
  Result<bool> gzip = IsGzipAt(fd.get(), offset, path);
  if (!gzip.ok()) return gzip.status();
  RecordStream stream(fd.get(), offset, *gzip, path);
  std::optional<RawDocument> found;
  std::string problem;
  WarcReadStats stats;
  Status s = ReadRecords(
      stream, path, options, 1, [&](RawDocument&& doc) { found = std::move(doc); },
      [&](const std::string&, const std::string& why) { problem = why; }, &stats);
  if (found) return std::move(*found);
  if (!s.ok()) return s;
  if (!problem.empty())
    return Status::InvalidInput("the record at offset " + std::to_string(offset) + " of " + path +
                                " cannot be used: " + problem);
  return Status::NotFound("no response record at offset " + std::to_string(offset) + " of " + path);
}

}  // namespace newsfacts
