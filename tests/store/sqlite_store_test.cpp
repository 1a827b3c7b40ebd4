#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>

#include "store/store.h"
#include "store_test_util.h"

namespace newsfacts {
namespace {

using testing::MakeArticle;
using testing::MakeFact;
using testing::RawDb;
using testing::TempDir;

std::unique_ptr<Store> OpenStore(const std::string& path, const StoreOptions& options = {}) {
  Result<std::unique_ptr<Store>> store = Store::Open(path, options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(*store);
}

AddArticleResult Add(Store& store, const Article& article, const std::vector<Fact>& facts = {},
                     int64_t run_id = 0) {
  Result<AddArticleResult> result = store.AddArticle(run_id, article, facts);
  INFO(result.status().ToString());
  REQUIRE(result.ok());
  return *result;
}

std::vector<FactRow> Query(Store& store, const FactQuery& query = {}) {
  Result<std::vector<FactRow>> rows = store.QueryFacts(query);
  INFO(rows.status().ToString());
  REQUIRE(rows.ok());
  return *rows;
}

// Every revision link as (older value, newer value), sorted.
std::vector<std::pair<double, double>> RevisionPairs(Store& store) {
  Result<std::vector<FactRevision>> changes = store.QueryRevisions({});
  REQUIRE(changes.ok());
  std::vector<std::pair<double, double>> pairs;
  for (const FactRevision& change : *changes) pairs.emplace_back(change.older.value, change.newer.value);
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

const char* kBody1 = "Beijing aims to raise its AI industry to 300 billion yuan by 2025.";
const char* kBody2 = "China's AI core industry will exceed 1 trillion yuan by 2030.";

TEST_CASE("Articles are deduplicated by canonical URL", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  AddArticleResult first = Add(*store, MakeArticle("a/one.txt", "https://example.com/story", kBody1));
  CHECK(first.article_new);
  CHECK(first.duplicate_reason.empty());
  AddArticleResult second = Add(*store, MakeArticle("b/copy.txt", "https://example.com/story", kBody1));
  CHECK_FALSE(second.article_new);
  CHECK_FALSE(second.article_updated);
  CHECK(second.duplicate_reason == "url");
  CHECK(second.article_id == first.article_id);

  RawDb raw(path);
  CHECK(raw.Int("SELECT count(*) FROM articles") == 1);
  CHECK(raw.Int("SELECT count(*) FROM article_sources") == 2);  // both paths are remembered
  CHECK(raw.Text("SELECT group_concat(source, ',') FROM (SELECT source FROM article_sources ORDER BY id)") ==
        "a/one.txt,b/copy.txt");
}

TEST_CASE("All URLs of an article are aliases: any of them marks a duplicate", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  Article seed = MakeArticle("seeds/000.md", "https://www.msn.com/en-us/news/story", kBody1);
  seed.url_aliases = {"https://www.msn.com/en-us/news/story/amp", "https://cdn.msn.com/story",
                      "https://www.msn.com/en-us/news/story"};  // repeated canonical URL is harmless
  AddArticleResult first = Add(*store, seed);
  REQUIRE(first.article_new);

  // The AMP copy, saved separately, names the AMP URL as its canonical one and a new mirror.
  Article amp = MakeArticle("saved/amp.html", "https://www.msn.com/en-us/news/story/amp", kBody1 + std::string("!"));
  amp.url_aliases = {"https://mirror.example.org/story"};
  AddArticleResult second = Add(*store, amp);
  CHECK_FALSE(second.article_new);
  CHECK(second.duplicate_reason == "url");
  CHECK(second.article_id == first.article_id);

  // The mirror URL was learned from the duplicate: it now identifies the article too.
  Article mirror = MakeArticle("saved/mirror.txt", "", "completely different text");
  mirror.url_aliases = {"https://mirror.example.org/story"};
  CHECK(Add(*store, mirror).article_id == first.article_id);

  RawDb raw(path);
  CHECK(raw.Int("SELECT count(*) FROM articles") == 1);
  CHECK(raw.Int("SELECT count(*) FROM article_urls") == 4);
  CHECK(raw.Text("SELECT url FROM articles") == "https://www.msn.com/en-us/news/story");
}

TEST_CASE("Articles without a shared URL are deduplicated by body hash", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  std::vector<Fact> facts = {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing")};
  AddArticleResult first = Add(*store, MakeArticle("plain.txt", "", "Beijing aims to raise\n\nits AI industry."),
                               facts);
  REQUIRE(first.article_new);
  Article copy = MakeArticle("wire/copy.txt", "https://wire.example.com/x",
                             "  BEIJING aims to   raise its\nAI Industry.  ");
  std::vector<Fact> shifted = facts;
  shifted[0].quantity_start = 14;  // the copy's offsets differ with its spacing
  AddArticleResult second = Add(*store, copy, shifted);
  CHECK_FALSE(second.article_new);
  CHECK(second.duplicate_reason == "body-hash");
  CHECK(second.article_id == first.article_id);
  CHECK(second.facts_existing == 1);
  CHECK(second.facts_new == 0);

  RawDb raw(path);
  CHECK(raw.Int("SELECT count(*) FROM articles") == 1);
  CHECK(raw.Int("SELECT count(*) FROM evidence") == 1);  // the copy's offsets are not added
  CHECK(raw.Text("SELECT url FROM articles") == "https://wire.example.com/x");  // learned from the copy
  CHECK(raw.Text("SELECT body FROM articles") == "Beijing aims to raise\n\nits AI industry.");  // first kept
  CHECK(raw.Int("SELECT count(*) FROM article_urls WHERE url = 'https://wire.example.com/x'") == 1);

  AddArticleResult different = Add(*store, MakeArticle("other.txt", "", "Beijing aims to raise its AI industries."));
  CHECK(different.article_new);
}

TEST_CASE("Re-adding the same article changes nothing but last_seen", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  Article article = MakeArticle("001.txt", "https://news.example.com/1", kBody1);
  article.topics = {"AI", "policy"};
  article.related = {{"Other story", "https://news.example.com/2", "2024-04-01"}};
  std::vector<Fact> facts = {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing", FactKind::kTarget, 40),
                             MakeFact("AI core industry", 1e12, "CNY", "2030", "China", FactKind::kTarget, 80)};
  AddArticleResult first = Add(*store, article, facts);
  CHECK(first.facts_new == 2);
  CHECK(first.facts_existing == 0);

  auto snapshot = [&path] {
    RawDb raw(path);
    return std::vector<int64_t>{raw.Int("SELECT count(*) FROM articles"),
                                raw.Int("SELECT count(*) FROM article_urls"),
                                raw.Int("SELECT count(*) FROM article_sources"),
                                raw.Int("SELECT count(*) FROM related_links"),
                                raw.Int("SELECT count(*) FROM facts"),
                                raw.Int("SELECT count(*) FROM evidence"),
                                raw.Int("SELECT count(*) FROM fact_revisions")};
  };
  const std::vector<int64_t> before = snapshot();
  CHECK(before == std::vector<int64_t>{1, 1, 1, 1, 2, 2, 0});
  AddArticleResult again = Add(*store, article, facts);
  CHECK_FALSE(again.article_new);
  CHECK(again.duplicate_reason == "url");
  CHECK(again.facts_new == 0);
  CHECK(again.facts_existing == 2);
  CHECK(snapshot() == before);

  RawDb raw(path);
  CHECK(raw.Int("SELECT last_seen >= first_seen FROM articles") == 1);
  CHECK(raw.Text("SELECT topics FROM articles") == "[\"AI\",\"policy\"]");
  std::vector<FactRow> rows = Query(*store);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].evidence == 1);
  CHECK(rows[1].evidence == 1);
}

TEST_CASE("The same fact from two articles is one fact with two pieces of evidence", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  AddArticleResult a = Add(*store, MakeArticle("one.txt", "https://a.example/1", kBody1),
                           {MakeFact("AI enterprises", 2200, "enterprise", "2024", "Beijing")});
  CHECK(a.facts_new == 1);
  AddArticleResult b = Add(*store, MakeArticle("two.txt", "https://b.example/2", kBody2),
                           {MakeFact("the AI Enterprise", 2200, "enterprise", "2024", "beijing",
                                     FactKind::kTarget, 3)});
  CHECK(b.article_new);
  CHECK(b.facts_new == 0);
  CHECK(b.facts_existing == 1);

  std::vector<FactRow> rows = Query(*store);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].evidence == 2);
  CHECK(rows[0].metric == "AI enterprises");  // the first wording is kept
  CHECK(rows[0].article == "https://a.example/1");
  RawDb raw(path);
  CHECK(raw.Int("SELECT count(*) FROM evidence") == 2);
  CHECK(raw.Int("SELECT count(*) FROM fact_evidence") == 2);
  CHECK(raw.Int("SELECT evidence FROM facts_export") == 2);
}

TEST_CASE("A fact stated twice in one article is stored once", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  Fact leaders = MakeFact("AI ecosystem leaders", 2, "leader", "2027", "Shanghai", FactKind::kTarget, 20);
  leaders.quantity.value_max = 3;
  Fact restated = leaders;
  restated.quantity_start = 400;
  AddArticleResult result = Add(*store, MakeArticle("004.txt", "", kBody2), {leaders, restated});
  CHECK(result.facts_new == 1);
  CHECK(result.facts_existing == 0);
  std::vector<FactRow> rows = Query(*store);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].evidence == 1);
  REQUIRE(rows[0].value_max.has_value());
  CHECK(*rows[0].value_max == 3);
  CHECK(rows[0].article == "004.txt");  // no URL: the file path
  RawDb raw(path);
  CHECK(raw.Int("SELECT count(*) FROM evidence") == 2);
}

TEST_CASE("A changed value for the same metric, place and date is linked as a revision", "[sqlite_store]") {
  TempDir dir;
  auto store = OpenStore(dir.File("news.db"));
  Article early = MakeArticle("early.txt", "https://x.example/early", "early text");
  early.published = "2024-01-10";
  Article late = MakeArticle("late.txt", "https://x.example/late", "late text");
  late.published = "2024-06-02T08:00:00";
  const Fact old_target = MakeFact("scale of the AI industry", 300e9, "CNY", "2025", "Beijing");
  const Fact new_target = MakeFact("Scale of the AI industries", 400e9, "CNY", "2025", "Beijing");

  SECTION("ingested in publication order") {
    Add(*store, early, {old_target});
    Add(*store, late, {new_target});
  }
  SECTION("ingested newest first") {
    Add(*store, late, {new_target});
    Add(*store, early, {old_target});
  }
  Result<std::vector<FactRevision>> changes = store->QueryRevisions({});
  REQUIRE(changes.ok());
  REQUIRE(changes->size() == 1);
  CHECK((*changes)[0].older.value == 300e9);
  CHECK((*changes)[0].newer.value == 400e9);
  CHECK((*changes)[0].newer.article == "https://x.example/late");
  CHECK(Query(*store).size() == 2);  // both facts stay

  FactQuery elsewhere;
  elsewhere.place = "Shanghai";
  Result<std::vector<FactRevision>> none = store->QueryRevisions(elsewhere);
  REQUIRE(none.ok());
  CHECK(none->empty());
  FactQuery beijing;
  beijing.place = "BEIJING";
  beijing.year = 2025;
  Result<std::vector<FactRevision>> found = store->QueryRevisions(beijing);
  REQUIRE(found.ok());
  CHECK(found->size() == 1);
}

TEST_CASE("Successive revisions form a chain, not every pair", "[sqlite_store]") {
  TempDir dir;
  auto store = OpenStore(dir.File("news.db"));
  const char* months[] = {"2024-01", "2024-05", "2024-09"};
  const double values[] = {300e9, 400e9, 500e9};
  for (int i = 0; i < 3; ++i) {
    Article article = MakeArticle(std::to_string(i) + ".txt", "", "text " + std::to_string(i));
    article.published = months[i];
    Add(*store, article, {MakeFact("AI industry", values[i], "CNY", "2025", "Beijing")});
  }
  const std::vector<std::pair<double, double>> pairs = RevisionPairs(*store);
  REQUIRE(pairs.size() == 2);
  CHECK(pairs == std::vector<std::pair<double, double>>{{300e9, 400e9}, {400e9, 500e9}});
}

TEST_CASE("Undated revisions chain in ingest order and follow the latest published one", "[sqlite_store]") {
  TempDir dir;
  auto store = OpenStore(dir.File("news.db"));
  Article dated = MakeArticle("dated.txt", "", "text dated");
  dated.published = "2024-09";
  Add(*store, dated, {MakeFact("AI industry", 500e9, "CNY", "2025", "Beijing")});
  Article older = MakeArticle("older.txt", "", "text older");
  older.published = "2024-01";
  Add(*store, older, {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing")});
  // Without a date, a figure follows the latest published one (not the latest ingested) ...
  Add(*store, MakeArticle("undated1.txt", "", "text one"), {MakeFact("AI industry", 600e9, "CNY", "2025", "Beijing")});
  // ... and then the undated ones follow each other in the order they arrived.
  Add(*store, MakeArticle("undated2.txt", "", "text two"), {MakeFact("AI industry", 700e9, "CNY", "2025", "Beijing")});
  CHECK(RevisionPairs(*store) ==
        std::vector<std::pair<double, double>>{{300e9, 500e9}, {500e9, 600e9}, {600e9, 700e9}});
}

TEST_CASE("An older article stating a known fact moves it back in revision order", "[sqlite_store]") {
  TempDir dir;
  auto store = OpenStore(dir.File("news.db"));
  Article may = MakeArticle("may.txt", "", "text may");
  may.published = "2024-05";
  Add(*store, may, {MakeFact("AI industry", 400e9, "CNY", "2025", "Beijing")});
  // January states the same fact: the 400 billion figure is now first published in January ...
  Article january = MakeArticle("january.txt", "", "text january");
  january.published = "2024-01";
  Add(*store, january, {MakeFact("AI industry", 400e9, "CNY", "2025", "Beijing")});
  // ... so a March figure revises it rather than preceding it.
  Article march = MakeArticle("march.txt", "", "text march");
  march.published = "2024-03";
  Add(*store, march, {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing")});
  Result<std::vector<FactRevision>> changes = store->QueryRevisions({});
  REQUIRE(changes.ok());
  REQUIRE(changes->size() == 1);
  CHECK(changes->front().older.value == 400e9);
  CHECK(changes->front().newer.value == 300e9);
}

TEST_CASE("Different places, kinds or empty metrics are not revisions", "[sqlite_store]") {
  TempDir dir;
  auto store = OpenStore(dir.File("news.db"));
  Add(*store, MakeArticle("1.txt", "", "one"),
      {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing"),
       MakeFact("", 28, "percent", "2024", "China", FactKind::kReported, 1)});
  Add(*store, MakeArticle("2.txt", "", "two"),
      {MakeFact("AI industry", 400e9, "CNY", "2025", "Shanghai"),
       MakeFact("AI industry", 250e9, "CNY", "2025", "Beijing", FactKind::kReported),
       MakeFact("", 35, "percent", "2024", "China", FactKind::kReported, 1)});
  Result<std::vector<FactRevision>> changes = store->QueryRevisions({});
  REQUIRE(changes.ok());
  CHECK(changes->empty());
  CHECK(Query(*store).size() == 5);
}

TEST_CASE("An updated article replaces its evidence but keeps its old facts", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  Article v1 = MakeArticle("v1.txt", "https://x.example/plan", "Beijing targets 300 billion yuan.");
  v1.title = "Old title";
  v1.published = "2024-01-01";
  Article v2 = MakeArticle("v2.txt", "https://x.example/plan", "Beijing now targets 400 billion yuan.");
  v2.title = "New title";
  v2.published = "2024-03-01";
  AddArticleResult first = Add(*store, v1, {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing")});
  AddArticleResult second = Add(*store, v2, {MakeFact("AI industry", 400e9, "CNY", "2025", "Beijing")});
  CHECK_FALSE(second.article_new);
  CHECK(second.article_updated);
  CHECK(second.duplicate_reason == "url");
  CHECK(second.article_id == first.article_id);
  CHECK(second.facts_new == 1);

  RawDb raw(path);
  CHECK(raw.Text("SELECT title FROM articles") == "New title");
  CHECK(raw.Text("SELECT body FROM articles") == "Beijing now targets 400 billion yuan.");
  std::vector<FactRow> rows = Query(*store);
  REQUIRE(rows.size() == 2);
  for (const FactRow& row : rows) {
    INFO(row.value);
    CHECK(row.evidence == (row.value == 400e9 ? 1 : 0));
    CHECK_FALSE(row.sentence.empty());  // the old fact keeps its sentence
  }
  Result<std::vector<FactRevision>> changes = store->QueryRevisions({});
  REQUIRE(changes.ok());
  REQUIRE(changes->size() == 1);
  CHECK((*changes)[0].older.value == 300e9);

  // Re-ingesting both files (the older version again) changes nothing: no flip-flop between them.
  AddArticleResult old_again = Add(*store, v1, {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing")});
  CHECK_FALSE(old_again.article_updated);
  CHECK(old_again.facts_new + old_again.facts_existing == 0);
  AddArticleResult new_again = Add(*store, v2, {MakeFact("AI industry", 400e9, "CNY", "2025", "Beijing")});
  CHECK_FALSE(new_again.article_updated);
  CHECK(new_again.facts_existing == 1);
  CHECK(raw.Text("SELECT title FROM articles") == "New title");
  CHECK(raw.Int("SELECT count(*) FROM evidence") == 2);
  CHECK(raw.Int("SELECT count(*) FROM evidence WHERE superseded_at IS NULL") == 1);
}

TEST_CASE("The same source read again with a new text updates the article", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  // A fetched page has no publication date here; the same source URL serves a corrected text.
  Add(*store, MakeArticle("https://x.example/p", "https://x.example/p", "Five pilot zones."),
      {MakeFact("pilot zones", 5, "zone", "2025", "China")});
  AddArticleResult second = Add(*store, MakeArticle("https://x.example/p", "https://x.example/p", "Six pilot zones."),
                                {MakeFact("pilot zones", 6, "zone", "2025", "China")});
  CHECK(second.article_updated);
  RawDb raw(path);
  CHECK(raw.Text("SELECT body FROM articles") == "Six pilot zones.");
}

TEST_CASE("Another rendition of a stored article under an alias URL keeps the stored text", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  Article canonical = MakeArticle("000.md", "https://www.msn.com/story", "Excerpt: 1 trillion yuan by 2030.");
  canonical.url_aliases = {"https://www.msn.com/story/amp"};
  canonical.published = "2024-04-06";
  Article amp = MakeArticle("amp.html", "https://www.msn.com/story/amp", "Menu. Excerpt: 1 trillion yuan by 2030.");
  amp.published = "2024-04-06";
  Add(*store, canonical, {MakeFact("AI core industry", 1e12, "CNY", "2030", "China")});
  for (int round = 0; round < 2; ++round) {  // two runs over the same folder
    AddArticleResult copy = Add(*store, amp, {MakeFact("menu item", 7, "", "2030", "China")});
    CHECK_FALSE(copy.article_new);
    CHECK_FALSE(copy.article_updated);
    CHECK(copy.duplicate_reason == "url");
    AddArticleResult again = Add(*store, canonical, {MakeFact("AI core industry", 1e12, "CNY", "2030", "China")});
    CHECK_FALSE(again.article_updated);
  }
  RawDb raw(path);
  CHECK(raw.Text("SELECT body FROM articles") == "Excerpt: 1 trillion yuan by 2030.");
  CHECK(raw.Int("SELECT count(*) FROM article_sources") == 2);
  CHECK(raw.Int("SELECT count(*) FROM facts") == 1);  // the copy's extraction noise is not stored
}

TEST_CASE("Runs and errors are recorded", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  Result<int64_t> run = store->StartRun("ingest");
  REQUIRE(run.ok());
  REQUIRE(store->RecordError(*run, "bad/file.md", "parse", "front-matter has no closing ---").ok());
  REQUIRE(store->RecordError(*run, "bin.txt", "read", "binary file").ok());
  Add(*store, MakeArticle("ok.txt", "", kBody1), {}, *run);
  RunCounts counts;
  counts.files_seen = 3;
  counts.articles_new = 1;
  counts.articles_duplicate = 0;
  counts.facts_new = 4;
  counts.facts_existing = 5;
  counts.errors = 2;
  REQUIRE(store->FinishRun(*run, counts, "partial").ok());

  RawDb raw(path);
  CHECK(raw.Text("SELECT command || ',' || status || ',' || files_seen || ',' || articles_new || ',' || "
                 "articles_duplicate || ',' || facts_new || ',' || facts_existing || ',' || errors FROM runs") ==
        "ingest,partial,3,1,0,4,5,2");
  CHECK(raw.Int("SELECT finished_at >= started_at FROM runs") == 1);
  CHECK(raw.Int("SELECT count(*) FROM errors WHERE run_id = " + std::to_string(*run)) == 2);
  CHECK(raw.Text("SELECT message FROM errors WHERE source = 'bad/file.md' AND stage = 'parse'") ==
        "front-matter has no closing ---");
  CHECK(raw.Int("SELECT first_run_id FROM articles") == *run);

  Status unknown = store->FinishRun(*run + 100, counts, "ok");
  CHECK(unknown.code() == Status::Code::kNotFound);
}

TEST_CASE("QueryFacts filters by place, year and kind and orders by date, place, metric", "[sqlite_store]") {
  TempDir dir;
  auto store = OpenStore(dir.File("news.db"));
  Add(*store, MakeArticle("a.txt", "https://a.example/", kBody1),
      {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing", FactKind::kTarget, 1),
       MakeFact("AI core industry", 1e12, "CNY", "2030", "China", FactKind::kTarget, 2),
       MakeFact("AI enterprises", 2200, "enterprise", "2024-04", "Beijing", FactKind::kReported, 3),
       MakeFact("pilot zones", 20, "zone", "2025", "China", FactKind::kTarget, 4),
       MakeFact("computing power", 10, "percent", "2025", "Beijing", FactKind::kTarget, 5)});

  std::vector<FactRow> all = Query(*store);
  REQUIRE(all.size() == 5);
  std::vector<std::string> order;
  for (const FactRow& row : all) order.push_back(row.date + "/" + row.place + "/" + row.metric);
  CHECK(order == std::vector<std::string>{"2024-04/Beijing/AI enterprises", "2025/Beijing/AI industry",
                                          "2025/Beijing/computing power", "2025/China/pilot zones",
                                          "2030/China/AI core industry"});
  CHECK(all[0].kind == "reported");
  CHECK(all[0].qualifier == "exact");
  CHECK(all[0].unit == "enterprise");
  CHECK_FALSE(all[0].value_max.has_value());
  CHECK(all[0].article == "https://a.example/");
  CHECK(all[0].sentence == "The AI enterprises will reach 2200.000000 enterprise.");

  FactQuery beijing;
  beijing.place = "bEiJiNg";
  CHECK(Query(*store, beijing).size() == 3);
  FactQuery year;
  year.year = 2025;
  CHECK(Query(*store, year).size() == 3);
  FactQuery year_2024;
  year_2024.year = 2024;
  REQUIRE(Query(*store, year_2024).size() == 1);
  FactQuery reported;
  reported.kind = FactKind::kReported;
  CHECK(Query(*store, reported).size() == 1);
  FactQuery combined;
  combined.place = "China";
  combined.year = 2025;
  combined.kind = FactKind::kTarget;
  std::vector<FactRow> one = Query(*store, combined);
  REQUIRE(one.size() == 1);
  CHECK(one[0].metric == "pilot zones");
  FactQuery nowhere;
  nowhere.place = "Atlantis";
  CHECK(Query(*store, nowhere).empty());
}

TEST_CASE("Metadata with NUL bytes, quotes and control characters is stored verbatim", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  const std::string title("O'Brien said \"100%\"\0 then\x01\x1b[31m'); DROP TABLE articles;--", 57);
  const std::string body("line one\0hidden\r\n\ttabbed 'quoted'", 33);
  Article article = MakeArticle("we'ird \"path\".txt", "", body);
  article.title = title;
  article.author = std::string("A\0B", 3);
  article.topics = {"quote\"d", std::string("nul\0x", 5), "back\\slash"};
  Fact fact = MakeFact("it's \"quoted\"", 1, "", "", "");
  fact.sentence = std::string("Sentence with\0NUL.", 18);
  Add(*store, article, {fact});

  RawDb raw(path);
  CHECK(raw.Text("SELECT title FROM articles") == title);
  CHECK(raw.Text("SELECT body FROM articles") == body);
  CHECK(raw.Text("SELECT author FROM articles") == std::string("A\0B", 3));
  CHECK(raw.Text("SELECT source FROM article_sources") == "we'ird \"path\".txt");
  CHECK(raw.Text("SELECT topics FROM articles") == "[\"quote\\\"d\",\"nul\\u0000x\",\"back\\\\slash\"]");
  CHECK(raw.Int("SELECT json_valid(topics) FROM articles") == 1);
  std::vector<FactRow> rows = Query(*store);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].metric == "it's \"quoted\"");
  CHECK(rows[0].sentence == std::string("Sentence with\0NUL.", 18));
  CHECK(raw.Int("SELECT count(*) FROM articles") == 1);
}

TEST_CASE("Rolling back a batch discards it, and committing keeps it", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  {
    auto store = OpenStore(path);
    REQUIRE(store->BeginBatch().ok());
    CHECK(store->BeginBatch().code() == Status::Code::kInvalidInput);  // no nesting
    Add(*store, MakeArticle("1.txt", "", kBody1), {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing")});
    Add(*store, MakeArticle("2.txt", "", kBody2));
    REQUIRE(store->RollbackBatch().ok());
    CHECK(Query(*store).empty());

    REQUIRE(store->BeginBatch().ok());
    Add(*store, MakeArticle("3.txt", "", kBody2), {MakeFact("AI core industry", 1e12, "CNY", "2030", "China")});
    REQUIRE(store->CommitBatch().ok());
    CHECK(store->CommitBatch().code() == Status::Code::kInvalidInput);
    CHECK(store->RollbackBatch().code() == Status::Code::kInvalidInput);
  }
  RawDb raw(path);
  CHECK(raw.Int("SELECT count(*) FROM articles") == 1);
  CHECK(raw.Text("SELECT source FROM article_sources") == "3.txt");
  CHECK(raw.Int("SELECT count(*) FROM facts") == 1);
}

TEST_CASE("A failed article inside a batch leaves the rest of the batch intact", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  REQUIRE(store->BeginBatch().ok());
  Add(*store, MakeArticle("good.txt", "", kBody1));
  Fact broken = MakeFact("AI industry", std::numeric_limits<double>::quiet_NaN(), "CNY", "2025", "Beijing");
  Result<AddArticleResult> bad = store->AddArticle(0, MakeArticle("bad.txt", "", kBody2), {broken});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == Status::Code::kInvalidInput);
  CHECK_THAT(bad.status().message(), Catch::Contains("bad.txt"));
  REQUIRE(store->CommitBatch().ok());
  RawDb raw(path);
  CHECK(raw.Int("SELECT count(*) FROM articles") == 1);
  CHECK(raw.Int("SELECT count(*) FROM facts") == 0);
}

TEST_CASE("A killed process leaves a consistent database", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  {
    auto store = OpenStore(path);
    Add(*store, MakeArticle("committed.txt", "", kBody1), {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing")});
  }
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // No Catch2 in the child: open, write half a batch, and die without any cleanup.
    Result<std::unique_ptr<Store>> store = Store::Open(path);
    if (!store.ok() || !(*store)->BeginBatch().ok()) _exit(3);
    for (int i = 0; i < 50; ++i) {
      Article article = MakeArticle("lost" + std::to_string(i) + ".txt", "", "body " + std::to_string(i));
      if (!(*store)->AddArticle(0, article, {MakeFact("metric", i, "", "2024", "")}).ok()) _exit(4);
    }
    raise(SIGKILL);
    _exit(5);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);

  auto store = OpenStore(path);
  std::vector<FactRow> rows = Query(*store);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].article == "committed.txt");
  RawDb raw(path);
  CHECK(raw.Text("PRAGMA integrity_check") == "ok");
  CHECK(raw.Int("SELECT count(*) FROM articles") == 1);
  CHECK(raw.Text("PRAGMA journal_mode") == "wal");
}

TEST_CASE("A read-only store reads facts and refuses writes", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  {
    auto store = OpenStore(path);
    Add(*store, MakeArticle("1.txt", "", kBody1), {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing")});
  }
  StoreOptions read_only;
  read_only.read_only = true;
  auto reader = OpenStore(path, read_only);
  CHECK(Query(*reader).size() == 1);
  Result<AddArticleResult> write = reader->AddArticle(0, MakeArticle("2.txt", "", kBody2), {});
  REQUIRE_FALSE(write.ok());
  CHECK(write.status().code() == Status::Code::kIoError);
  CHECK_THAT(write.status().message(), Catch::Contains("readonly") || Catch::Contains("read-only") ||
                                           Catch::Contains("read only"));
}

TEST_CASE("A writer waiting for another process's lock gets Busy", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto holder = OpenStore(path);
  StoreOptions impatient;
  impatient.busy_timeout_ms = 0;
  auto waiter = OpenStore(path, impatient);
  REQUIRE(holder->BeginBatch().ok());
  Status blocked = waiter->BeginBatch();
  CHECK(blocked.code() == Status::Code::kBusy);
  Result<AddArticleResult> add = waiter->AddArticle(0, MakeArticle("x.txt", "", kBody1), {});
  REQUIRE_FALSE(add.ok());
  CHECK(add.status().code() == Status::Code::kBusy);
  REQUIRE(holder->CommitBatch().ok());
  CHECK(waiter->BeginBatch().ok());
  CHECK(waiter->RollbackBatch().ok());
}

TEST_CASE("Store::Open reports bad paths clearly", "[sqlite_store]") {
  TempDir dir;
  Result<std::unique_ptr<Store>> missing_folder = Store::Open(dir.File("nope/news.db"));
  REQUIRE_FALSE(missing_folder.ok());
  CHECK(missing_folder.status().code() == Status::Code::kNotFound);
  CHECK_THAT(missing_folder.status().message(), Catch::Contains("does not exist"));

  const std::string text_file = dir.File("article.txt");
  {
    std::FILE* f = std::fopen(text_file.c_str(), "w");
    REQUIRE(f != nullptr);
    std::fputs(kBody1, f);
    std::fputs(kBody2, f);
    std::fclose(f);
  }
  Result<std::unique_ptr<Store>> not_sqlite = Store::Open(text_file);
  REQUIRE_FALSE(not_sqlite.ok());
  CHECK(not_sqlite.status().code() == Status::Code::kInvalidInput);
  CHECK_THAT(not_sqlite.status().message(), Catch::Contains("not a SQLite database"));
}


// --- Re-extraction (`newsfacts reprocess`) ---

AddArticleResult Reextract(Store& store, const Article& article, const std::vector<Fact>& facts) {
  AddArticleOptions options;
  options.reextract = true;
  Result<AddArticleResult> result = store.AddArticle(0, article, facts, options);
  INFO(result.status().ToString());
  REQUIRE(result.ok());
  return *result;
}

// Every evidence row, in id order, with the columns re-extraction may touch.
std::string EvidenceDump(const std::string& path) {
  RawDb raw(path);
  return raw.Text(
      "SELECT group_concat(row, ';') FROM (SELECT id || ',' || fact_id || ',' || article_id || ',' || "
      "quantity_start || ',' || quantity_end || ',' || sentence || ',' || rule || ',' || first_seen || ',' || "
      "COALESCE(superseded_at, 'current') AS row FROM evidence ORDER BY id)");
}

TEST_CASE("Re-extracting an article with unchanged facts changes nothing", "[sqlite_store][reextract]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  const Article article = MakeArticle("https://x.example/a", "https://x.example/a", kBody1);
  const std::vector<Fact> facts = {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing", FactKind::kTarget, 40),
                                   MakeFact("AI core industry", 1e12, "CNY", "2030", "China", FactKind::kTarget, 80)};
  AddArticleResult first = Add(*store, article, facts);
  REQUIRE(first.facts_new == 2);
  const std::string before = EvidenceDump(path);
  REQUIRE_FALSE(before.empty());

  for (int round = 0; round < 2; ++round) {
    AddArticleResult again = Reextract(*store, article, facts);
    CHECK_FALSE(again.article_new);
    CHECK_FALSE(again.article_updated);
    CHECK(again.duplicate_reason == "url");
    CHECK(again.article_id == first.article_id);
    CHECK(again.facts_new == 0);
    CHECK(again.facts_existing == 2);
    CHECK(EvidenceDump(path) == before);
  }
  RawDb raw(path);
  CHECK(raw.Int("SELECT count(*) FROM facts") == 2);
  CHECK(raw.Int("SELECT count(*) FROM articles") == 1);
  for (const FactRow& row : Query(*store)) CHECK(row.evidence == 1);
}

TEST_CASE("Re-extracting with a changed fact supersedes the old evidence", "[sqlite_store][reextract]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  const Article article = MakeArticle("saved/a.html", "https://x.example/a", kBody1);
  const Fact kept = MakeFact("AI core industry", 1e12, "CNY", "2030", "China", FactKind::kTarget, 80);
  const Fact old_rule = MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing", FactKind::kTarget, 40);
  Fact new_rule = old_rule;  // a better rule now reads the same number as a range with a new date
  new_rule.quantity.value_max = 350e9;
  new_rule.date = "2026";
  new_rule.rule = "test.rule.v2";
  AddArticleResult first = Add(*store, article, {old_rule, kept});
  RawDb raw(path);
  const int64_t kept_evidence_id =
      raw.Int("SELECT e.id FROM evidence e JOIN facts f ON f.id = e.fact_id WHERE f.date = '2030'");

  AddArticleResult second = Reextract(*store, article, {new_rule, kept});
  CHECK_FALSE(second.article_new);
  CHECK_FALSE(second.article_updated);
  CHECK(second.article_id == first.article_id);
  CHECK(second.facts_new == 1);
  CHECK(second.facts_existing == 1);

  CHECK(raw.Int("SELECT count(*) FROM facts") == 3);  // the old fact is kept
  CHECK(raw.Int("SELECT count(*) FROM evidence") == 3);
  CHECK(raw.Int("SELECT count(*) FROM evidence WHERE superseded_at IS NULL") == 2);
  CHECK(raw.Int("SELECT superseded_at IS NOT NULL FROM evidence e JOIN facts f ON f.id = e.fact_id "
                "WHERE f.date = '2025'") == 1);
  CHECK(raw.Text("SELECT rule FROM evidence e JOIN facts f ON f.id = e.fact_id WHERE f.date = '2026'") ==
        "test.rule.v2");
  // The restated fact keeps its evidence row untouched.
  CHECK(raw.Int("SELECT e.id FROM evidence e JOIN facts f ON f.id = e.fact_id WHERE f.date = '2030'") ==
        kept_evidence_id);
  CHECK(raw.Int("SELECT superseded_at IS NULL FROM evidence WHERE id = " + std::to_string(kept_evidence_id)) == 1);

  std::vector<FactRow> rows = Query(*store);
  REQUIRE(rows.size() == 3);
  for (const FactRow& row : rows) {
    INFO(row.date);
    CHECK(row.evidence == (row.date == "2025" ? 0 : 1));
    CHECK_FALSE(row.sentence.empty());  // a fact no article states any more keeps its sentence
  }

  // Going back to the old rules brings the old evidence back and retires the new one.
  AddArticleResult third = Reextract(*store, article, {old_rule, kept});
  CHECK(third.facts_new == 0);
  CHECK(third.facts_existing == 2);
  CHECK(raw.Int("SELECT count(*) FROM evidence") == 3);
  CHECK(raw.Int("SELECT superseded_at IS NULL FROM evidence e JOIN facts f ON f.id = e.fact_id "
                "WHERE f.date = '2025'") == 1);
  CHECK(raw.Int("SELECT superseded_at IS NOT NULL FROM evidence e JOIN facts f ON f.id = e.fact_id "
                "WHERE f.date = '2026'") == 1);

  // Rules that find nothing any more leave every fact with evidence 0.
  AddArticleResult none = Reextract(*store, article, {});
  CHECK(none.facts_new + none.facts_existing == 0);
  CHECK(raw.Int("SELECT count(*) FROM evidence WHERE superseded_at IS NULL") == 0);
  CHECK(raw.Int("SELECT count(*) FROM facts") == 3);
}

TEST_CASE("Re-extraction applies only to the article itself with the same body", "[sqlite_store][reextract]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  Article article = MakeArticle("a.txt", "https://x.example/a", kBody1);
  article.published = "2024-04-01";
  const Fact fact = MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing", FactKind::kTarget, 40);
  Add(*store, article, {fact});
  const std::string before = EvidenceDump(path);
  const Fact other = MakeFact("AI industry", 300e9, "CNY", "2024", "Beijing", FactKind::kTarget, 40);

  SECTION("a copy of the text under another URL stays a plain duplicate") {
    Article copy = MakeArticle("wire.txt", "https://wire.example/a", kBody1);
    AddArticleResult result = Reextract(*store, copy, {other});
    CHECK(result.duplicate_reason == "body-hash");
    CHECK(result.facts_new == 1);
    RawDb raw(path);
    CHECK(raw.Int("SELECT count(*) FROM evidence WHERE superseded_at IS NOT NULL") == 0);
    CHECK(raw.Int("SELECT count(*) FROM evidence") == 2);  // the new fact is added, nothing is replaced
  }
  SECTION("another, not newer rendition under the URL keeps the stored text and evidence") {
    Article amp = MakeArticle("amp.html", "https://x.example/a", std::string(kBody1) + " Menu.");
    amp.published = "2024-04-01";
    AddArticleResult result = Reextract(*store, amp, {other});
    CHECK_FALSE(result.article_updated);
    CHECK(result.facts_new + result.facts_existing == 0);
    CHECK(EvidenceDump(path) == before);
  }
  SECTION("an article not stored yet is stored as new") {
    AddArticleResult result = Reextract(*store, MakeArticle("b.txt", "https://x.example/b", kBody2), {other});
    CHECK(result.article_new);
    CHECK(result.facts_new == 1);
    RawDb raw(path);
    CHECK(raw.Int("SELECT count(*) FROM evidence WHERE superseded_at IS NULL") == 2);
  }
  SECTION("a file without a URL re-read from the same path is re-extracted") {
    Add(*store, MakeArticle("plain.txt", "", kBody2), {fact});
    AddArticleResult result = Reextract(*store, MakeArticle("plain.txt", "", kBody2), {other});
    CHECK(result.duplicate_reason == "body-hash");
    CHECK(result.facts_new == 1);
    RawDb raw(path);
    CHECK(raw.Int("SELECT count(*) FROM evidence WHERE superseded_at IS NOT NULL") == 1);
    CHECK(raw.Int("SELECT count(*) FROM evidence e JOIN articles a ON a.id = e.article_id "
                  "WHERE a.url IS NULL AND e.superseded_at IS NULL") == 1);
  }
}

TEST_CASE("Re-extraction inside a batch is rolled back with it", "[sqlite_store][reextract]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  const Article article = MakeArticle("https://x.example/a", "https://x.example/a", kBody1);
  Add(*store, article, {MakeFact("AI industry", 300e9, "CNY", "2025", "Beijing")});
  const std::string before = EvidenceDump(path);
  REQUIRE(store->BeginBatch().ok());
  Reextract(*store, article, {MakeFact("AI industry", 400e9, "CNY", "2025", "Beijing")});
  REQUIRE(store->RollbackBatch().ok());
  CHECK(EvidenceDump(path) == before);
  RawDb raw(path);
  CHECK(raw.Int("SELECT count(*) FROM facts") == 1);
}

// --- The nightly run: counts, conditional GET state, sources ---

TEST_CASE("FinishRun stores the fetch counts", "[sqlite_store]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  Result<int64_t> run = store->StartRun("run");
  REQUIRE(run.ok());
  RunCounts counts;
  counts.articles_new = 4;
  counts.fetched = 12;
  counts.not_modified = 30;
  counts.fetch_failed = 2;
  REQUIRE(store->FinishRun(*run, counts, "partial").ok());
  RawDb raw(path);
  CHECK(raw.Text("SELECT command || ',' || status || ',' || articles_new || ',' || fetched || ',' || "
                 "not_modified || ',' || fetch_failed FROM runs") == "run,partial,4,12,30,2");
}

TEST_CASE("Fetch state round-trips and is replaced per URL", "[sqlite_store][fetch_state]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  const std::string url = "https://news.example.com/feed.xml";
  Result<std::optional<FetchState>> missing = store->GetFetchState(url);
  REQUIRE(missing.ok());
  CHECK_FALSE(missing->has_value());

  FetchState state;
  state.url = url;
  state.etag = "W/\"abc'123\"";
  state.last_modified = "Wed, 21 Oct 2026 07:28:00 GMT";
  state.http_status = 200;
  state.source = "example feed";
  REQUIRE(store->PutFetchState(state).ok());
  Result<std::optional<FetchState>> got = store->GetFetchState(url);
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  const FetchState& first = **got;
  CHECK(first.url == url);
  CHECK(first.etag == state.etag);
  CHECK(first.last_modified == state.last_modified);
  CHECK(first.http_status == 200);
  CHECK(first.source == "example feed");
  CHECK(first.article_id == 0);
  // Set to now: ISO 8601 UTC with milliseconds.
  REQUIRE(first.fetched_at.size() == 24);
  CHECK(first.fetched_at[10] == 'T');
  CHECK(first.fetched_at.back() == 'Z');

  AddArticleResult article = Add(*store, MakeArticle(url, url, kBody1));
  FetchState updated;
  updated.url = url;
  updated.http_status = 304;
  updated.fetched_at = "2026-11-23T02:00:00.000Z";
  updated.source = "example feed";
  updated.article_id = article.article_id;
  REQUIRE(store->PutFetchState(updated).ok());
  got = store->GetFetchState(url);
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK((*got)->etag.empty());
  CHECK((*got)->last_modified.empty());
  CHECK((*got)->http_status == 304);
  CHECK((*got)->fetched_at == "2026-11-23T02:00:00.000Z");
  CHECK((*got)->article_id == article.article_id);

  Result<std::optional<FetchState>> other = store->GetFetchState(url + "?page=2");
  REQUIRE(other.ok());
  CHECK_FALSE(other->has_value());
  RawDb raw(path);
  CHECK(raw.Int("SELECT count(*) FROM fetch_state") == 1);

  FetchState dangling = updated;
  dangling.article_id = article.article_id + 100;  // no such article
  CHECK_FALSE(store->PutFetchState(dangling).ok());
  FetchState no_url;
  CHECK(store->PutFetchState(no_url).code() == Status::Code::kInvalidInput);
  REQUIRE(store->PutFetchState(state).ok());  // article_id 0 is stored as NULL
  CHECK(raw.Int("SELECT article_id IS NULL FROM fetch_state") == 1);
}

std::vector<SourceState> Sources(Store& store) {
  Result<std::vector<SourceState>> sources = store.QuerySources();
  INFO(sources.status().ToString());
  REQUIRE(sources.ok());
  return *sources;
}

// Run times have millisecond resolution; a short pause makes successive runs distinguishable.
void NextMillisecond() { usleep(3000); }

TEST_CASE("Source runs keep first, last and last-new-article times", "[sqlite_store][sources]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  CHECK(Sources(*store).empty());
  REQUIRE(store->NoteSourceRun("xinhua", "feed", "https://xinhua.example/rss.xml", 0).ok());
  REQUIRE(store->NoteSourceRun("archive", "folder", "/srv/saved", 3).ok());

  std::vector<SourceState> first = Sources(*store);
  REQUIRE(first.size() == 2);
  CHECK(first[0].name == "archive");  // ordered by name
  CHECK(first[0].type == "folder");
  CHECK(first[0].location == "/srv/saved");
  CHECK(first[0].articles_total == 3);
  CHECK(first[0].first_run_at == first[0].last_run_at);
  CHECK(first[0].last_new_article_at == first[0].last_run_at);
  CHECK(first[1].name == "xinhua");
  CHECK(first[1].articles_total == 0);
  CHECK(first[1].last_new_article_at.empty());
  CHECK_FALSE(first[1].last_run_at.empty());

  NextMillisecond();
  REQUIRE(store->NoteSourceRun("archive", "folder", "/srv/saved2", 0).ok());
  std::vector<SourceState> second = Sources(*store);
  REQUIRE(second.size() == 2);
  CHECK(second[0].first_run_at == first[0].first_run_at);
  CHECK(second[0].last_run_at > first[0].last_run_at);
  CHECK(second[0].last_new_article_at == first[0].last_new_article_at);  // a quiet run keeps it
  CHECK(second[0].articles_total == 3);
  CHECK(second[0].location == "/srv/saved2");  // the configuration as it is now
  CHECK(second[1].last_run_at == first[1].last_run_at);  // other sources untouched

  NextMillisecond();
  REQUIRE(store->NoteSourceRun("archive", "folder", "/srv/saved2", 2).ok());
  std::vector<SourceState> third = Sources(*store);
  REQUIRE(third.size() == 2);
  CHECK(third[0].articles_total == 5);
  CHECK(third[0].last_new_article_at == third[0].last_run_at);
  CHECK(third[0].last_new_article_at > second[0].last_new_article_at);

  CHECK(store->NoteSourceRun("archive", "folder", "/srv", -1).code() == Status::Code::kInvalidInput);
  CHECK(store->NoteSourceRun("", "folder", "/srv", 1).code() == Status::Code::kInvalidInput);
  CHECK(Sources(*store)[0].articles_total == 5);
  RawDb raw(path);
  CHECK(raw.Int("SELECT last_new_article_at IS NULL FROM sources WHERE name = 'xinhua'") == 1);
}

// --- Incremental ingest ---

TEST_CASE("Known files are recognised by path, size and mtime", "[sqlite_store][input_files]") {
  TempDir dir;
  const std::string path = dir.File("news.db");
  auto store = OpenStore(path);
  const std::string file = "seeds/001 it's.md";
  const int64_t mtime = 1763884800123456789;  // nanoseconds since the epoch
  auto known = [&store](const std::string& p, uint64_t size, int64_t mtime_ns) {
    Result<bool> result = store->IsKnownFile(p, size, mtime_ns);
    INFO(result.status().ToString());
    REQUIRE(result.ok());
    return *result;
  };
  CHECK_FALSE(known(file, 4096, mtime));

  AddArticleResult article = Add(*store, MakeArticle(file, "", kBody1));
  REQUIRE(store->RecordFile(file, 4096, mtime, "0123abcd", article.article_id).ok());
  CHECK(known(file, 4096, mtime));
  CHECK_FALSE(known(file, 4097, mtime));
  CHECK_FALSE(known(file, 4096, mtime + 1));
  CHECK_FALSE(known("seeds/001 it's.MD", 4096, mtime));
  CHECK_FALSE(known(file, std::numeric_limits<uint64_t>::max(), mtime));

  RawDb raw(path);
  CHECK(raw.Text("SELECT content_hash FROM input_files") == "0123abcd");
  CHECK(raw.Int("SELECT article_id FROM input_files") == article.article_id);
  CHECK(raw.Int("SELECT mtime_ns FROM input_files") == mtime);
  const std::string first_seen = raw.Text("SELECT last_seen FROM input_files");
  CHECK_FALSE(first_seen.empty());

  // The file changed: the record is replaced, the old size and mtime no longer match.
  NextMillisecond();
  REQUIRE(store->RecordFile(file, 5000, mtime + 7, "ffff", 0).ok());
  CHECK(known(file, 5000, mtime + 7));
  CHECK_FALSE(known(file, 4096, mtime));
  CHECK(raw.Int("SELECT count(*) FROM input_files") == 1);
  CHECK(raw.Int("SELECT article_id IS NULL FROM input_files") == 1);  // 0: no article (it failed)
  CHECK(raw.Text("SELECT content_hash FROM input_files") == "ffff");
  CHECK(raw.Text("SELECT last_seen FROM input_files") > first_seen);

  CHECK(store->RecordFile("", 1, 1, "", 0).code() == Status::Code::kInvalidInput);
  CHECK(store->RecordFile("huge", std::numeric_limits<uint64_t>::max(), 1, "", 0).code() ==
        Status::Code::kInvalidInput);
  CHECK_FALSE(store->RecordFile("dangling.txt", 1, 1, "", article.article_id + 50).ok());
}

}  // namespace
}  // namespace newsfacts
