#include "fetch/warc.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

#include "test_util.h"
#include "fetch/gzip_util.h"

namespace fs = std::filesystem;
using newsfacts::testing::ReadWholeFile;
using newsfacts::testing::TempDir;
using newsfacts::testing::WriteFile;

namespace newsfacts {
namespace {

using testing::Gzip;

struct ReadBack {
  std::vector<RawDocument> docs;
  std::vector<std::pair<std::string, std::string>> problems;
  WarcReadStats stats;
  Status status;
};

ReadBack Read(const std::string& path, const WarcReadOptions& options = {}) {
  ReadBack rb;
  rb.status = ReadWarc(
      path, options, [&](RawDocument&& d) { rb.docs.push_back(std::move(d)); },
      [&](const std::string& source, const std::string& why) { rb.problems.emplace_back(source, why); },
      &rb.stats);
  return rb;
}

WarcExchange Exchange(const std::string& url, long status, const std::string& body) {
  WarcExchange ex;
  ex.target_uri = url;
  ex.http_status = status;
  ex.date = "2024-04-06T07:03:00Z";
  ex.headers = {
      {"Content-Type", "text/html; charset=GBK"}, {"Content-Encoding", "gzip"}, {"Content-Length", "3"}};
  ex.body = body;
  return ex;
}

// A hand-written WARC record around an HTTP response block.
std::string Record(const std::string& type, const std::string& uri, const std::string& block) {
  return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri +
         "\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: " + std::to_string(block.size()) + "\r\n\r\n" +
         block + "\r\n\r\n";
}

std::vector<std::string> WarcFiles(const TempDir& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir.path() / "warc")) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("WarcWriter records read back as RawDocuments, also by offset", "[fetch][warc]") {
  TempDir dir;
  WarcWriterOptions options;
  options.folder = dir / "warc";
  Result<std::unique_ptr<WarcWriter>> writer = WarcWriter::Open(options);
  REQUIRE(writer.ok());
  const std::string gbk_body = "<html><title>\xD6\xD0\xB9\xFA</title></html>";  // "中国" in GBK
  WarcExchange first = Exchange("https://news.example.cn/a.html", 200, gbk_body);
  first.request_head = "GET /a.html HTTP/1.1\r\nHost: news.example.cn\r\n\r\n";
  Result<WarcLocation> a = (*writer)->Write(first);
  REQUIRE(a.ok());
  Result<WarcLocation> missing = (*writer)->Write(Exchange("https://news.example.cn/gone", 404, "nope"));
  REQUIRE(missing.ok());
  Result<WarcLocation> b =
      (*writer)->Write(Exchange("https://news.example.cn/b.html", 200, std::string(100000, 'x')));
  REQUIRE(b.ok());
  const std::string path = (*writer)->current_path();
  REQUIRE((*writer)->Close().ok());
  CHECK(a->path == path);
  CHECK(b->offset > a->offset);

  ReadBack rb = Read(path);
  REQUIRE(rb.status.ok());
  CHECK(rb.stats.records == 5);  // warcinfo, request, 3 responses
  CHECK(rb.stats.responses == 2);
  CHECK(rb.stats.skipped == 1);  // the 404
  REQUIRE(rb.docs.size() == 2);
  CHECK(rb.docs[0].url == "https://news.example.cn/a.html");
  CHECK(rb.docs[0].source == path + "#" + std::to_string(a->offset));
  CHECK(rb.docs[0].content_type == "text/html; charset=GBK");
  CHECK(rb.docs[0].body == gbk_body);  // bytes untouched; the stored Content-Encoding was renamed
  CHECK(rb.docs[1].body == std::string(100000, 'x'));

  Result<RawDocument> again = ReadWarcRecordAt(path, b->offset);
  REQUIRE(again.ok());
  CHECK(again->url == "https://news.example.cn/b.html");
  CHECK(again->body.size() == 100000);
  CHECK(again->source == path + "#" + std::to_string(b->offset));
  CHECK_FALSE(ReadWarcRecordAt(path, missing->offset).ok());  // a 404 is not a document
  CHECK_FALSE(ReadWarcRecordAt(path, a->offset + 1).ok());

  const std::string raw = ReadWholeFile(path);
  REQUIRE(raw.size() > 2);
  CHECK(static_cast<unsigned char>(raw[0]) == 0x1f);
  Result<std::string> plain = GunzipBytes(raw, 10u << 20);  // all members, one after another
  REQUIRE(plain.ok());
  CHECK(plain->rfind("WARC/1.1\r\nWARC-Type: warcinfo\r\n", 0) == 0);
  CHECK(plain->find("WARC-Record-ID: <urn:uuid:") != std::string::npos);
  CHECK(plain->find("X-Newsfacts-Original-Content-Encoding: gzip") != std::string::npos);
  CHECK(plain->find("WARC-Concurrent-To: <urn:uuid:") != std::string::npos);
  // SHA-1 in base32 of the 100000 'x' payload (python3:
  // base64.b32encode(hashlib.sha1(b'x'*100000).digest())).
  CHECK(plain->find("WARC-Payload-Digest: sha1:63XJT3O6MGM2H2MCYRXPOK65LS26IHO7\r\n") != std::string::npos);
  CHECK(plain->find("WARC-Block-Digest: sha1:") != std::string::npos);
}

TEST_CASE("ExchangeFromFetch archives the final URL, status line, headers and decoded body",
          "[fetch][warc]") {
  TempDir dir;
  FetchResult fetched;
  fetched.url = "http://example.com/old";
  fetched.final_url = "https://example.com/new";
  fetched.http_status = 200;
  fetched.status_line = "HTTP/2 200";
  fetched.headers = {{"content-type", "text/html; charset=gb2312"}, {"content-encoding", "br"}};
  fetched.body = "<html>\xC4\xE3\xBA\xC3</html>";
  const WarcExchange ex = ExchangeFromFetch(fetched);
  CHECK(ex.target_uri == "https://example.com/new");
  CHECK(ex.request_head.empty());
  WarcWriterOptions options;
  options.folder = dir / "warc";
  Result<std::unique_ptr<WarcWriter>> writer = WarcWriter::Open(options);
  REQUIRE(writer.ok());
  Result<WarcLocation> at = (*writer)->Write(ex);
  REQUIRE(at.ok());
  REQUIRE((*writer)->Close().ok());
  Result<RawDocument> doc = ReadWarcRecordAt(at->path, at->offset);
  REQUIRE(doc.ok());  // the br label was renamed, so the decoded body reads back as it is
  CHECK(doc->url == "https://example.com/new");
  CHECK(doc->content_type == "text/html; charset=gb2312");
  CHECK(doc->body == fetched.body);
}

TEST_CASE("WarcWriter rotates files at the configured size", "[fetch][warc]") {
  TempDir dir;
  WarcWriterOptions options;
  options.folder = dir / "warc";
  options.rotate_bytes = 1;  // every response record ends a file
  Result<std::unique_ptr<WarcWriter>> writer = WarcWriter::Open(options);
  REQUIRE(writer.ok());
  for (int i = 0; i < 3; ++i) {
    REQUIRE((*writer)->Write(Exchange("https://example.com/" + std::to_string(i), 200, "body")).ok());
  }
  REQUIRE((*writer)->Close().ok());
  CHECK_FALSE((*writer)->Write(Exchange("https://example.com/late", 200, "x")).ok());
  const std::vector<std::string> files = WarcFiles(dir);
  REQUIRE(files.size() == 4);  // three full files and the fresh one opened after the last rotation
  int documents = 0;
  for (const std::string& f : files) {
    ReadBack rb = Read(f);
    REQUIRE(rb.status.ok());
    documents += static_cast<int>(rb.docs.size());
  }
  CHECK(documents == 3);
}

TEST_CASE("ReadWarc undoes chunked encoding and gzip in plain WARC files", "[fetch][warc]") {
  TempDir dir;
  const std::string html = "<html><body>Chunked and gzipped</body></html>";
  const std::string gz = Gzip(html);
  std::string chunked;
  chunked += "10\r\n" + gz.substr(0, 16) + "\r\n";
  chunked += "5;ext=1\r\n" + gz.substr(16, 5) + "\r\n";
  char size_hex[16];
  std::snprintf(size_hex, sizeof size_hex, "%zx", gz.size() - 21);
  chunked += std::string(size_hex) + "\r\n" + gz.substr(21) + "\r\n0\r\n\r\n";
  const std::string response =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
      "Content-Encoding: gzip\r\n\r\n" +
      chunked;
  const std::string bomb =
      "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + Gzip(std::string(5u << 20, 'a'));
  const std::string file =
      Record("warcinfo", "", "software: test\r\n") +
      Record("response", "<http://example.com/chunked>", response) +
      Record("request", "http://example.com/x", "GET /x HTTP/1.1\r\n\r\n") +
      Record("response", "http://example.com/bomb", bomb) +
      Record("response", "http://example.com/brotli",
             "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n\x0b\x02\x80") +
      Record("response", "http://example.com/plain", "HTTP/1.0 200 OK\nContent-Type: text/plain\n\nhello");
  WriteFile(dir.path() / "in.warc", file);
  WarcReadOptions options;
  options.max_body_bytes = 1u << 20;
  ReadBack rb = Read(dir / "in.warc", options);
  REQUIRE(rb.status.ok());
  REQUIRE(rb.docs.size() == 2);
  CHECK(rb.docs[0].url == "http://example.com/chunked");
  CHECK(rb.docs[0].body == html);
  CHECK(rb.docs[0].content_type == "text/html");
  CHECK(rb.docs[0].source == dir / "in.warc" + "#" + std::to_string(file.find("WARC/1.0", 10)));
  CHECK(rb.docs[1].url == "http://example.com/plain");
  CHECK(rb.docs[1].body == "hello");
  REQUIRE(rb.problems.size() == 2);
  CHECK(rb.problems[0].second.find("limit") != std::string::npos);  // the gzip bomb, capped
  CHECK(rb.problems[1].second.find("'br'") != std::string::npos);
}

TEST_CASE("ReadWarc reports a truncated .warc.gz by offset after delivering what came before",
          "[fetch][warc]") {
  TempDir dir;
  WarcWriterOptions options;
  options.folder = dir / "warc";
  Result<std::unique_ptr<WarcWriter>> writer = WarcWriter::Open(options);
  REQUIRE(writer.ok());
  std::vector<WarcLocation> at;
  for (int i = 0; i < 3; ++i) {
    Result<WarcLocation> loc = (*writer)->Write(
        Exchange("https://example.com/" + std::to_string(i), 200, std::string(5000, 'a' + i)));
    REQUIRE(loc.ok());
    at.push_back(*loc);
  }
  const std::string path = (*writer)->current_path();
  REQUIRE((*writer)->Close().ok());
  const std::string whole = ReadWholeFile(path);

  SECTION("cut inside the last member") {
    WriteFile(dir.path() / "cut.warc.gz", whole.substr(0, at[2].offset + 40));
    ReadBack rb = Read(dir / "cut.warc.gz");
    CHECK_FALSE(rb.status.ok());
    CHECK(rb.status.message().find("truncated") != std::string::npos);
    CHECK(rb.status.message().find(std::to_string(at[2].offset)) != std::string::npos);
    REQUIRE(rb.docs.size() == 2);
    CHECK(rb.docs[1].body == std::string(5000, 'b'));
  }
  SECTION("garbage inside the second member") {
    std::string damaged = whole;
    for (uint64_t i = at[1].offset + 12; i < at[1].offset + 40; ++i) damaged[i] = '\x55';
    WriteFile(dir.path() / "bad.warc.gz", damaged);
    ReadBack rb = Read(dir / "bad.warc.gz");
    CHECK_FALSE(rb.status.ok());
    CHECK(rb.status.message().find(std::to_string(at[1].offset)) != std::string::npos);
    REQUIRE(rb.docs.size() == 1);
    CHECK(rb.docs[0].url == "https://example.com/0");
  }
}

TEST_CASE("ReadWarc reads a whole-file gzip and refuses files that are not WARC", "[fetch][warc]") {
  TempDir dir;
  const std::string records = Record("response", "http://example.com/1", "HTTP/1.1 200 OK\r\n\r\none") +
                              Record("response", "http://example.com/2", "HTTP/1.1 200 OK\r\n\r\ntwo");
  WriteFile(dir.path() / "one.warc.gz", Gzip(records));
  ReadBack rb = Read(dir / "one.warc.gz");
  REQUIRE(rb.status.ok());
  REQUIRE(rb.docs.size() == 2);
  CHECK(rb.docs[0].source == dir / "one.warc.gz" + "#0");
  CHECK(rb.docs[1].source == dir / "one.warc.gz" + "#0+" + std::to_string(records.find("WARC/1.0", 10)));
  CHECK(rb.docs[1].body == "two");

  WriteFile(dir.path() / "notes.warc", "just some text\n");
  ReadBack bad = Read(dir / "notes.warc");
  CHECK(bad.status.code() == Status::Code::kInvalidInput);
  CHECK(bad.status.message().find("offset 0") != std::string::npos);
  CHECK(ReadWarc(dir / "missing.warc", {}, [](RawDocument&&) {}).code() == Status::Code::kIoError);

  WriteFile(dir.path() / "short.warc", records.substr(0, records.size() - 10));
  ReadBack cut = Read(dir / "short.warc");
  CHECK_FALSE(cut.status.ok());
  CHECK(cut.docs.size() == 1);
}

TEST_CASE("ReadWarc survives random damage anywhere in a file", "[fetch][warc]") {
  TempDir dir;
  WarcWriterOptions options;
  options.folder = dir / "warc";
  Result<std::unique_ptr<WarcWriter>> writer = WarcWriter::Open(options);
  REQUIRE(writer.ok());
  for (int i = 0; i < 4; ++i) {
    REQUIRE((*writer)
                ->Write(Exchange("https://example.com/" + std::to_string(i), 200, std::string(3000, 'k')))
                .ok());
  }
  const std::string path = (*writer)->current_path();
  REQUIRE((*writer)->Close().ok());
  const std::string whole = ReadWholeFile(path);
  std::string plain = *GunzipBytes(whole, 1u << 20);
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    const bool gz = round % 2 == 0;
    std::string damaged = gz ? whole : plain;
    const size_t cut = rng() % damaged.size();
    if (round % 3 == 0) {
      damaged.resize(cut);
    } else {
      for (int k = 0; k < 4; ++k) damaged[(cut + k * 7) % damaged.size()] = static_cast<char>(rng());
    }
    WriteFile(dir.path() / "damaged.warc", damaged);
    ReadBack rb = Read(dir / "damaged.warc");
    CHECK(rb.docs.size() <= 4);
    if (!rb.status.ok()) CHECK(rb.status.message().find("offset") != std::string::npos);
  }
}

TEST_CASE("GunzipBytes caps the output", "[fetch][warc]") {
  const std::string bomb = Gzip(std::string(3u << 20, '\0'));
  CHECK(bomb.size() < 10000);
  Result<std::string> capped = GunzipBytes(bomb, 1u << 20);
  REQUIRE_FALSE(capped.ok());
  CHECK(capped.status().code() == Status::Code::kTooLarge);
  Result<std::string> whole = GunzipBytes(bomb, 4u << 20);
  REQUIRE(whole.ok());
  CHECK(whole->size() == (3u << 20));
  CHECK_FALSE(GunzipBytes(bomb.substr(0, bomb.size() / 2), 4u << 20).ok());
}

}  // namespace
}  // namespace newsfacts
