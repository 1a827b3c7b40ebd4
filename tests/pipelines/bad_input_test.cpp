// `newsfacts ingest` on the bad-input corpus (tests/data/bad/, README there) plus cases generated
// here (too big to commit): every file ends as an article or an `errors` row with one clear error
// line, the run goes on and exits 1, the database stays sound. Also: metadata is stored verbatim,
// symlinks out of the root are not followed, rule files are data.
#include <httplib.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <thread>

#include "pipelines/commands.h"
#include "pipelines/robust_util.h"
#include "pipelines/run_binary.h"
#include "store/store.h"

namespace fs = std::filesystem;

namespace newsfacts::testing {
namespace {

const fs::path kBadDir = fs::path(NEWSFACTS_TEST_DATA_DIR) / "bad";

int CountLinesContaining(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line);) n += line.find(needle) != std::string::npos;
  return n;
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::string Join(const std::string& word, const std::string& sep, int n) {
  std::string out = word;
  for (int i = 1; i < n; ++i) out += sep + word;
  return out;
}

// Copies the committed corpus (without its generator script) into `dir`.
void CopyCommittedCorpus(const fs::path& dir) {
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(kBadDir)) {
    const std::string name = entry.path().filename().string();
    if (name == "README.md" || name == "make_corpus.py") continue;
    fs::copy_file(entry.path(), dir / name);
  }
}

// The cases too large to commit (README.md lists them).
void WriteGeneratedCorpus(const fs::path& dir) {
  const std::string sentence = "Dalian plans to build 40 new piers by 2027, officials said.";
  WriteFile(dir / "deep-div.html", "<!DOCTYPE html><html><head><title>Deep</title></head><body>" +
                                       Repeat("<div>", 100000) + "<p>" + sentence + "</p>" + Repeat("</div>", 100000) +
                                       "</body></html>");
  WriteFile(dir / "deep-inline.html", "<!DOCTYPE html><html><head><title>Deep inline</title></head><body><p>" +
                                          Repeat("<b><i>", 50000) + "Dalian plans to build 41 new piers by 2027." +
                                          Repeat("</i></b>", 50000) + "</p></body></html>");
  WriteFile(dir / "deep-unclosed.html", "<!DOCTYPE html><html><body>" + Repeat("<div><span>", 50000) +
                                            "Dalian plans to build 42 new piers by 2027.");
  WriteFile(dir / "deep-yaml.md", "---\ntitle: Deep\ntopics: " + Repeat("[", 10000) + Repeat("]", 10000) +
                                      "\n---\nDalian plans to build 43 new piers by 2027.\n");
  WriteFile(dir / "deep-yaml-map.md", "---\ntitle: Deep map\nrelated: " + Repeat("{a: ", 10000) + "1" +
                                          Repeat("}", 10000) + "\n---\nDalian plans to build 44 new piers by 2027.\n");
  std::string chain = "1";
  for (int i = 2; i < 10000; ++i) chain += " to " + std::to_string(i);
  const std::vector<std::string> paragraphs = {
      "Yantai plans to build " + Join("1", ",", 10000) + " homes by 2027.",
      "Yantai expects " + Join("between", " ", 10000) + " 3 and 4 billion yuan by 2027.",
      "Yantai aims for 5 " + Join("million", " ", 10000) + " visitors by 2027.",
      "Yantai plans " + Repeat("(", 10000) + "7 billion yuan" + Repeat(")", 10000) + " by 2027.",
      "Yantai will build " + std::string(100000, 'x') + " 9 parks by 2027.",
      "Yantai aims for " + std::string(10000, '7') + " jobs by 2027.",
      "Yantai plans from " + chain + " parks by 2027.",
      // 10,000 figures in one sentence: fact assembly must stay linear in them.
      "Yantai reported " + Join("3%", " ", 10000) + " growth.",
  };
  std::string rules = "Yantai stress report";
  for (const std::string& p : paragraphs) rules += "\n\n" + p;
  WriteFile(dir / "rules-large.txt", rules + "\n");
  // A named pipe is not a regular file: skipped, never opened (opening it would block).
  REQUIRE(::mkfifo((dir / "fifo.txt").c_str(), 0600) == 0);
}

std::string ArticleField(DbReader& db, const std::string& field, const std::string& source) {
  const std::vector<std::string> rows = db.Rows(
      "SELECT a." + field + " FROM articles a JOIN article_sources s ON s.article_id = a.id WHERE s.source = ?1",
      {source});
  REQUIRE(rows.size() == 1);
  return rows[0];
}

bool IsValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

TEST_CASE("ingest of the bad-input corpus stores or reports every file and goes on", "[pipelines][bad]") {
  TempDir dir;
  const fs::path in = dir.path() / "in";
  CopyCommittedCorpus(in / "committed");
  WriteGeneratedCorpus(in / "generated");
  const std::string db = dir / "news.db";
  const CommandOutput run = RunNewsfacts({"ingest", in.string(), "--db", db, "--jobs", "2"}, dir);
  INFO(run.err);
  CHECK(run.exit_code == kExitSomeFailed);
  CHECK_THAT(run.err, Catch::Contains("newsfacts: ingest: "));  // the summary: the run finished

  CheckDatabaseInvariants(db);
  CHECK(UnaccountedFiles(db, in).empty());

  const fs::path c = in / "committed";
  const fs::path g = in / "generated";
  DbReader reader(db);
  // Each of these is refused with one error line naming it and one `errors` row.
  const std::vector<fs::path> refused = {
      c / "empty.txt",          c / "whitespace-only.txt", c / "whitespace-only.md",
      c / "binary-random.txt",  c / "png-disguised.html",  c / "nul-bytes.txt",
      c / "gzip-truncated.txt", c / "not-gzip.warc.gz",    c / "truncated.warc",
      c / "truncated.warc.gz",  c / "html-no-text.html",   c / "unclosed-front-matter.md",
  };
  for (const fs::path& p : refused) {
    INFO(p);
    CHECK(CountLinesContaining(run.err, "newsfacts: error: " + p.string() + ": ") == 1);
    CHECK(reader.Int("SELECT count(*) FROM errors WHERE source = ?1", {p.string()}) == 1);
    CHECK(reader.Int("SELECT count(*) FROM article_sources WHERE source = ?1", {p.string()}) == 0);
  }
  // Every error line names one input and says what is wrong.
  std::istringstream lines(run.err);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("newsfacts: error: ", 0) != 0) continue;
    INFO(line);
    CHECK(line.find(in.string()) != std::string::npos);
    CHECK(line.size() > std::string("newsfacts: error: ").size() + in.string().size() + 4);
  }
  CHECK_THAT(run.err, Catch::Contains(c.string() + "/png-disguised.html: binary data"));
  CHECK_THAT(run.err, Catch::Contains(c.string() + "/unclosed-front-matter.md: front-matter opened by '---'"));

  // Truncated WARCs: the complete record before the cut is stored, the file is reported.
  CHECK(reader.Int("SELECT count(*) FROM article_urls WHERE url = 'http://example.com/warc-good.html'") == 1);
  CHECK(reader.Int("SELECT count(*) FROM article_urls WHERE url = 'http://example.com/warc-cut.html'") == 0);

  // UTF-16 with a BOM (both byte orders, text and HTML) and a UTF-8 BOM are decoded.
  CHECK(ArticleField(reader, "title", (c / "utf16le-bom.txt").string()) == "Hangzhou computing push");
  CHECK(ArticleField(reader, "title", (c / "utf16be-bom.txt").string()) == "Nanjing computing push");
  CHECK(ArticleField(reader, "title", (c / "utf16le-bom.html").string()) == "Wuhan parks");
  CHECK(ArticleField(reader, "title", (c / "utf8-bom.txt").string()) == "Tianjin computing push");
  CHECK(ArticleField(reader, "title", (c / "cr-only-lines.txt").string()) == "Xiamen computing push");
  for (const char* place : {"Hangzhou", "Nanjing", "Tianjin", "Xiamen"}) {
    INFO(place);
    CHECK(reader.Int("SELECT count(*) FROM facts WHERE place = ?1 AND value = 12 AND date = '2026'", {place}) == 1);
  }
  CHECK(reader.Int("SELECT count(*) FROM facts WHERE place = 'Wuhan' AND value = 35") == 1);
  // Invalid UTF-8 is repaired (U+FFFD), stored as valid UTF-8.
  const std::string latin = ArticleField(reader, "title", (c / "invalid-utf8.txt").string());
  CHECK(IsValidUtf8(latin));
  CHECK_THAT(latin, Catch::Contains("\xEF\xBF\xBD"));
  CHECK(IsValidUtf8(ArticleField(reader, "body", (c / "invalid-utf8.txt").string())));
  // A charset iconv does not know falls back to UTF-8; entities that name no character are harmless.
  CHECK(reader.Int("SELECT count(*) FROM facts WHERE place = 'Taiyuan' AND value = 18") == 1);
  CHECK(IsValidUtf8(ArticleField(reader, "body", (c / "html-entities.html").string())));

  // YAML: alias bombs and cycles are read in bounded time and memory (the run finished), tags are
  // never resolved to code, wrong types are ignored, not fatal.
  CHECK(ArticleField(reader, "title", (c / "alias-bomb.md").string()) == "Alias bomb");
  CHECK(reader.Int("SELECT count(*) FROM facts WHERE place = 'Harbin'") == 1);
  CHECK(reader.Int("SELECT count(*) FROM facts WHERE place = 'Kunming'") == 1);
  CHECK(reader.Int("SELECT count(*) FROM facts WHERE place = 'Lanzhou'") == 1);
  CHECK(reader.Int("SELECT count(*) FROM facts WHERE place = 'Zhengzhou'") == 1);
  CHECK_FALSE(fs::exists(dir.path() / "PWNED"));
  CHECK_FALSE(fs::exists(fs::current_path() / "PWNED"));
  for (const char* deep : {"deep-yaml.md", "deep-yaml-map.md"}) {  // too deep: an error, no crash
    INFO(deep);
    CHECK(reader.Int("SELECT count(*) FROM errors WHERE source = ?1 AND message LIKE '%nested too deeply%'",
                     {(g / deep).string()}) == 1);
  }

  // HTML nested 100,000 levels deep: parsed, its text found (or refused), no stack overflow.
  for (const auto& [name, value] : std::vector<std::pair<std::string, int>>{
           {"deep-div.html", 40}, {"deep-inline.html", 41}, {"deep-unclosed.html", 42}}) {
    INFO(name);
    const std::string path = (g / name).string();
    const int64_t stored = reader.Int("SELECT count(*) FROM article_sources WHERE source = ?1", {path});
    CHECK(stored + reader.Int("SELECT count(*) FROM errors WHERE source = ?1", {path}) == 1);
    if (stored == 1) {
      CHECK(reader.Int("SELECT count(*) FROM facts WHERE place = 'Dalian' AND value = ?1", {std::to_string(value)}) ==
            1);
    }
  }

  // No stored value is infinite or NaN (NaN would be NULL, which the schema refuses anyway).
  CHECK(reader.Int("SELECT count(*) FROM facts WHERE value IS NULL OR abs(value) > 1.7976931348623157e308 "
                   "OR abs(coalesce(value_max, 0)) > 1.7976931348623157e308 "
                   "OR abs(coalesce(alt_value, 0)) > 1.7976931348623157e308") == 0);
  // The named pipe was skipped, not opened: it is neither stored nor an error.
  CHECK(reader.Int("SELECT count(*) FROM errors WHERE source LIKE '%fifo.txt'") == 0);
  CHECK(reader.Int("SELECT count(*) FROM article_sources WHERE source LIKE '%fifo.txt'") == 0);
}

// Overflowing numbers (10^400, 1e400, 500-digit strings) and rule stress paragraphs must leave the
// rest of the article's facts stored: the extractor drops figures a double cannot hold.
TEST_CASE("articles with overflowing numbers are stored without infinite values", "[pipelines][bad]") {
  TempDir dir;
  const fs::path in = dir.path() / "in";
  fs::create_directories(in);
  for (const char* name : {"numbers-overflow.txt", "rules-pathological.txt"}) {
    fs::copy_file(kBadDir / name, in / name);
  }
  const std::string db = dir / "news.db";
  const CommandOutput run = RunNewsfacts({"ingest", in.string(), "--db", db}, dir);
  INFO(run.err);
  CHECK(run.exit_code == kExitOk);
  DbReader reader(db);
  CHECK(reader.Int("SELECT count(*) FROM articles") == 2);
  CHECK(reader.Int("SELECT count(*) FROM facts WHERE place = 'Fuzhou'") >= 1);
  // "10^400 yuan" and "10 to the power of 400 workers" are no 400 of anything.
  CHECK(reader.Int("SELECT count(*) FROM facts WHERE value = 400") == 0);
  CHECK(reader.Int("SELECT count(*) FROM facts WHERE abs(value) > 1.7976931348623157e308 "
                   "OR abs(coalesce(value_max, 0)) > 1.7976931348623157e308") == 0);
}

// Documents without any text (front-matter alone, an HTML page whose <title> never closes) all
// have the same empty body: they must not be merged into one article by body hash.
TEST_CASE("documents without text are not merged into one article", "[pipelines][bad]") {
  TempDir dir;
  const fs::path in = dir.path() / "in";
  WriteFile(in / "a.md", "---\ntitle: First without text\n---\n");
  WriteFile(in / "b.md", "---\ntitle: Second without text\n---\n");
  WriteFile(in / "c.html", "<!DOCTYPE html><html><head><title>Never closed<body><p>Some text.</p>");
  const std::string db = dir / "news.db";
  const CommandOutput run = RunNewsfacts({"ingest", in.string(), "--db", db}, dir);
  INFO(run.err);
  DbReader reader(db);
  for (const char* name : {"a.md", "b.md", "c.html"}) {
    INFO(name);
    const std::string path = (in / name).string();
    const int64_t errors = reader.Int("SELECT count(*) FROM errors WHERE source = ?1", {path});
    const int64_t sharing = reader.Int(
        "SELECT count(*) FROM article_sources WHERE article_id IN "
        "(SELECT article_id FROM article_sources WHERE source = ?1)",
        {path});
    CHECK((errors == 1 || sharing == 1));  // refused, or an article of its own
  }
}

TEST_CASE("a 50 MB single-line file is read in bounded time and memory", "[pipelines][bad][slow]") {
  TempDir dir;
  const std::string words = "Shenzhen plans to build new computing centers and roads and parks with officials ";
  std::string line;
  line.reserve(50u << 20);
  while (line.size() + words.size() <= (50u << 20)) line += words;
  line.resize(50u << 20, 'x');
  WriteFile(dir.path() / "in" / "long-line.txt", line);
  line.clear();
  line.shrink_to_fit();
  const std::string db = dir / "news.db";
  const CommandOutput run = RunNewsfacts({"ingest", (dir.path() / "in").string(), "--db", db}, dir);
  INFO(run.err);
  // Stored as one article (50 MB is under the 64 MiB limit) or refused with a clear line.
  CHECK((run.exit_code == kExitOk || run.exit_code == kExitSomeFailed));
  DbReader reader(db);
  CHECK(reader.Int("SELECT count(*) FROM articles") + reader.Int("SELECT count(*) FROM errors") == 1);
  CHECK(reader.Rows("PRAGMA integrity_check") == std::vector<std::string>{"ok"});
  // Peak memory of the children so far (the largest is this ingest): a small multiple of the input
  // (428 MB measured in a release build). AddressSanitizer's shadow memory counts in the RSS too.
#ifdef __SANITIZE_ADDRESS__
  constexpr long kMaxRssKiB = 6L * 1024 * 1024;
#else
  constexpr long kMaxRssKiB = 2L * 1024 * 1024;
#endif
  rusage usage{};
  REQUIRE(::getrusage(RUSAGE_CHILDREN, &usage) == 0);
  CHECK(usage.ru_maxrss < kMaxRssKiB);
}

TEST_CASE("metadata with SQL and NUL bytes and control characters is stored verbatim", "[pipelines][bad]") {
  TempDir dir;
  const std::string db = dir / "news.db";
  SECTION("through the store") {
    const std::string sql = "'); DROP TABLE facts;--";
    const std::string nul_title = std::string("Title with a NUL\0 inside ", 25) + sql;
    const std::string control_author = "Author \x01\x07\x1b[31m\x7f\t\r\n end";
    const std::string url = "http://example.com/a?q=" + sql + std::string("\0x", 2);
    {
      Result<std::unique_ptr<Store>> store = Store::Open(db);
      REQUIRE(store.ok());
      Result<int64_t> run = (*store)->StartRun(sql);
      REQUIRE(run.ok());
      Article article;
      article.source = dir / ("in/" + sql + ".txt");
      article.format = "text";
      article.url = url;
      article.title = nul_title;
      article.author = control_author;
      article.body = "Body " + sql + " with a NUL\0 byte.";
      REQUIRE((*store)->AddArticle(*run, article, {}).ok());
      REQUIRE((*store)->RecordError(*run, sql, "parse", control_author).ok());
    }
    DbReader reader(db);
    CHECK(reader.Rows("SELECT title, author FROM articles") == std::vector<std::string>{nul_title + "\t" + control_author});
    CHECK(reader.Rows("SELECT url FROM articles") == std::vector<std::string>{url});
    CHECK(reader.Rows("SELECT url FROM article_urls") == std::vector<std::string>{url});
    CHECK(reader.Rows("SELECT source FROM article_sources") ==
          std::vector<std::string>{dir / ("in/" + sql + ".txt")});
    CHECK(reader.Rows("SELECT source, message FROM errors") == std::vector<std::string>{sql + "\t" + control_author});
    CHECK(reader.Rows("SELECT command FROM runs") == std::vector<std::string>{sql});
    CHECK(reader.Int("SELECT count(*) FROM sqlite_schema WHERE name = 'facts'") == 1);
  }
  SECTION("end to end, from front-matter and file names") {
    const fs::path in = dir.path() / "in";
    fs::create_directories(in);
    fs::copy_file(kBadDir / "metadata-injection.md", in / "metadata-injection.md");
    const std::string odd_name = "'); DROP TABLE articles;-- \x01\x1b[0m.txt";
    WriteFile(in / odd_name, "Suzhou report\n\nSuzhou plans to build 16 new bridges by 2027, officials said.\n");
    const CommandOutput run = RunNewsfacts({"ingest", in.string(), "--db", db}, dir);
    INFO(run.err);
    CHECK(run.exit_code == kExitOk);
    DbReader reader(db);
    CHECK(reader.Int("SELECT count(*) FROM articles") == 2);
    CHECK(ArticleField(reader, "title", (in / "metadata-injection.md").string()) ==
          "'); DROP TABLE facts;-- \x01\x07\x1b[31m red");
    CHECK(ArticleField(reader, "author", (in / "metadata-injection.md").string()) ==
          "Robert'); DELETE FROM articles; --");
    CHECK(ArticleField(reader, "url", (in / "metadata-injection.md").string()) ==
          "http://example.com/a?q=');DROP TABLE articles;--");
    CHECK(ArticleField(reader, "title", (in / odd_name).string()) == "Suzhou report");
    CHECK(reader.Int("SELECT count(*) FROM facts WHERE place IN ('Changsha', 'Suzhou')") == 2);
  }
}

TEST_CASE("ingest does not follow a symlink out of the folder unless --follow-symlinks", "[pipelines][bad]") {
  TempDir outside;
  WriteFile(outside.path() / "secret.txt", "Secret report\n\nLhasa plans to build 9 new airports by 2030.\n");
  TempDir dir;
  const fs::path in = dir.path() / "in";
  WriteFile(in / "inside.txt", "Inside report\n\nLhasa has built 3 new parks so far, officials said.\n");
  fs::create_symlink(outside.path() / "secret.txt", in / "escape.txt");
  fs::create_directory_symlink(outside.path(), in / "escape-dir");

  const std::string db = dir / "news.db";
  const CommandOutput run = RunNewsfacts({"ingest", in.string(), "--db", db}, dir);
  INFO(run.err);
  CHECK(run.exit_code == kExitSomeFailed);
  CHECK(CountLinesContaining(run.err, "newsfacts: error: " + (in / "escape.txt").string() + ": ") == 1);
  CHECK(CountLinesContaining(run.err, "newsfacts: error: " + (in / "escape-dir").string() + ": ") == 1);
  {
    DbReader reader(db);
    CHECK(reader.Int("SELECT count(*) FROM articles") == 1);
    CHECK(reader.Int("SELECT count(*) FROM articles WHERE body LIKE '%airports%'") == 0);
    CHECK(reader.Int("SELECT count(*) FROM errors WHERE source LIKE '%escape%'") == 2);
  }

  const std::string followed = dir / "followed.db";
  const CommandOutput follow = RunNewsfacts({"ingest", in.string(), "--db", followed, "--follow-symlinks"}, dir);
  INFO(follow.err);
  CHECK(follow.exit_code == kExitOk);
  DbReader reader(followed);
  CHECK(reader.Int("SELECT count(*) FROM articles WHERE body LIKE '%airports%'") == 1);
}

TEST_CASE("rule files are data: a pattern that looks like a shell command only matches text", "[pipelines][bad]") {
  TempDir dir;
  const fs::path rules = dir.path() / "rules";
  const std::string marker = dir / "EXECUTED";
  // Shell syntax in a pattern, a command in the id, a YAML tag that other loaders would execute.
  WriteFile(rules / "evil.yaml", "rules:\n  - id: \"evil.$(touch " + marker + ")\"\n    type: ignore\n    priority: 1\n"
                                 "    note: !!python/object/apply:os.system [\"touch " + marker + "\"]\n"
                                 "    pattern: '\\$\\(touch [^)]*\\)`touch [^`]*`'\n");
  const CommandOutput check = RunNewsfacts({"rules", "check", rules.string()}, dir);
  INFO(check.out << check.err);
  CHECK_FALSE(fs::exists(marker));
  WriteFile(dir.path() / "in" / "a.txt", "Report\n\nLhasa has built 3 new parks so far, officials said.\n");
  const CommandOutput run =
      RunNewsfacts({"ingest", (dir.path() / "in").string(), "--db", dir / "news.db", "--rules", rules.string()}, dir);
  INFO(run.err);
  CHECK((run.exit_code == kExitOk || run.exit_code == kExitUsage));  // loaded, or refused as a bad rule file
  CHECK_FALSE(fs::exists(marker));
}

TEST_CASE("run refuses file:// and ftp:// URLs and redirects to them", "[pipelines][bad][security]") {
  httplib::Server server;
  server.Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("User-agent: *\nAllow: /\n", "text/plain");
  });
  server.Get("/to-file", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("file:///etc/passwd"); });
  server.Get("/to-ftp", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("ftp://127.0.0.1:21/etc/passwd");
  });
  server.Get("/ok.html", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<!DOCTYPE html><html><head><title>Lhasa parks</title></head><body><article><p>Lhasa has "
                    "built 3 new parks so far, officials said.</p></article></body></html>",
                    "text/html");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  REQUIRE(port > 0);
  std::thread thread([&] { server.listen_after_bind(); });
  const std::string base = "http://127.0.0.1:" + std::to_string(port);

  TempDir dir;
  const std::vector<std::string> refused = {"file:///etc/passwd", "ftp://127.0.0.1:21/etc/passwd", base + "/to-file",
                                            base + "/to-ftp"};
  std::string list;
  for (const std::string& u : refused) list += u + "\n";
  WriteFile(dir.path() / "urls.txt", list + base + "/ok.html\n");
  WriteFile(dir.path() / "newsfacts.yaml", "database: news.db\nper_host_delay_ms: 0\nconnect_timeout_s: 2\ntimeout_s: 5\n"
                                           "max_failure_rate: 1\nsources:\n  - name: list\n    urls: urls.txt\n");
  const CommandOutput run = RunNewsfacts({"run", "--config", dir / "newsfacts.yaml"}, dir);
  server.stop();
  thread.join();
  INFO(run.err);
  CHECK(run.exit_code == kExitOk);  // max_failure_rate 1: the refusals alone do not fail the run
  DbReader reader(dir / "news.db");
  CHECK(reader.Int("SELECT count(*) FROM articles") == 1);
  CHECK(reader.Int("SELECT count(*) FROM articles WHERE body LIKE '%root:%' OR title LIKE '%root:%'") == 0);
  for (const std::string& url : refused) {
    INFO(url);
    CHECK(CountLinesContaining(run.err, url) >= 1);
    // A listed URL is refused when the list is read (the error names list:line and the URL), a
    // redirect when it is followed.
    CHECK(reader.Int("SELECT count(*) FROM errors WHERE (source = ?1 OR instr(message, ?1) > 0) AND "
                     "(message LIKE '%not http or https%' OR message LIKE '%only http and https%')",
                     {url}) == 1);
  }
}

}  // namespace
}  // namespace newsfacts::testing
