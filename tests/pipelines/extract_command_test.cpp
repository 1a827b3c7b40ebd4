// `newsfacts extract`: mentions and facts of a text as JSON lines, plain or jsonl input.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pipelines/run_binary.h"

namespace newsfacts::testing {
namespace {

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  }
  return out;
}

TEST_CASE("extract prints mentions and facts with the contract's fields", "[pipelines][extract]") {
  TempDir dir;
  WriteFile(dir / "in.txt",
            "BEIJING, April 5 -- Last year, Beijing released a plan. According to the plan, by 2025, the scale of "
            "its AI core industry is scheduled to reach 300 billion yuan.");
  const CommandOutput run = RunNewsfacts({"extract", "--published", "2024-04-06", dir / "in.txt"}, dir);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  std::vector<nlohmann::json> lines = Lines(run.out);
  int quantities = 0, dates = 0, places = 0, facts = 0;
  for (const auto& j : lines) {
    for (const char* key : {"type", "text", "start", "end"}) CHECK(j.contains(key));
    const std::string type = j["type"];
    if (type == "quantity") {
      ++quantities;
      CHECK(j["value"] == 3e11);
      CHECK(j["unit"] == "CNY");
      CHECK(j["value_max"].is_null());
      CHECK(j["qualifier"] == "exact");
    } else if (type == "date") {
      ++dates;
      CHECK(j.contains("iso"));
    } else if (type == "place") {
      ++places;
      CHECK(j.contains("name"));
    } else if (type == "fact") {
      ++facts;
      CHECK(j["kind"] == "target");
      CHECK(j["metric"] == "scale of the AI core industry");
      CHECK(j["date"] == "2025");
      CHECK(j["place"] == "Beijing");
      CHECK(j["text"] == "300 billion yuan");
      CHECK(j["sentence"].get<std::string>().rfind("According to the plan", 0) == 0);
    }
  }
  CHECK(quantities == 1);
  CHECK(dates >= 3);  // dateline, "Last year" (2023), "by 2025"
  CHECK(places >= 1);
  CHECK(facts == 1);
}

TEST_CASE("extract prints a percent named without a figure as a unit mention, never a fact", "[pipelines][extract]") {
  TempDir dir;
  WriteFile(dir / "in.txt", "Only a small percent of firms export. Their share rose 28 percent last year.");
  const CommandOutput run = RunNewsfacts({"extract", "--published", "2024-04-06", dir / "in.txt"}, dir);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  std::vector<nlohmann::json> units, facts;
  for (const auto& j : Lines(run.out)) {
    if (j["type"] == "unit") units.push_back(j);
    if (j["type"] == "fact") facts.push_back(j);
  }
  REQUIRE(units.size() == 1);  // not the "percent" of "28 percent"
  CHECK(units[0]["text"] == "percent");
  CHECK(units[0]["unit"] == "percent");
  CHECK(units[0]["start"] == 13);
  CHECK(units[0]["end"] == 20);
  CHECK(units[0]["rule"] == "unit.percent");
  CHECK_FALSE(units[0].contains("value"));
  REQUIRE(facts.size() == 1);
  CHECK(facts[0]["text"] == "28 percent");
}

TEST_CASE("extract --input-format jsonl keeps each line's id and publication date", "[pipelines][extract]") {
  TempDir dir;
  WriteFile(dir / "in.jsonl",
            "{\"id\": \"a\", \"text\": \"Last year, sales grew 5 percent.\", \"published\": \"2020-01-01\"}\n"
            "{\"id\": 7, \"text\": \"Nothing here.\"}\n"
            "not json\n");
  const CommandOutput run = RunNewsfacts({"extract", "--input-format", "jsonl", dir / "in.jsonl"}, dir);
  CHECK(run.exit_code == 1);  // the bad line is reported, the others processed
  CHECK_THAT(run.err, Catch::Contains("in.jsonl:3"));
  std::vector<nlohmann::json> lines = Lines(run.out);
  REQUIRE_FALSE(lines.empty());
  bool saw_year = false;
  for (const auto& j : lines) {
    CHECK(j["id"] == "a");
    if (j["type"] == "date") {
      CHECK(j["iso"] == "2019");
      saw_year = true;
    }
  }
  CHECK(saw_year);
}

TEST_CASE("extract reads standard input and fails clearly on a missing file", "[pipelines][extract]") {
  TempDir dir;
  const CommandOutput missing = RunNewsfacts({"extract", dir / "nope.txt"}, dir);
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("nope.txt"));
}

TEST_CASE("rules test passes on the built-in rules, and rules check reports a bad pattern", "[pipelines][rules]") {
  TempDir dir;
  const CommandOutput test = RunNewsfacts({"rules", "test"}, dir);
  INFO(test.out);
  CHECK(test.exit_code == 0);
  CHECK_THAT(test.out, Catch::Contains("PASS money.amount_currency"));
  CHECK_THAT(test.out, Catch::Contains("0 failed"));

  WriteFile(dir.path() / "rules" / "bad.yaml", "rules:\n  - id: my.broken\n    pattern: '(oops'\n");
  const CommandOutput check = RunNewsfacts({"rules", "check", (dir.path() / "rules").string()}, dir);
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.err, Catch::Contains("bad.yaml"));
  CHECK_THAT(check.err, Catch::Contains("my.broken"));
  CHECK_THAT(check.err, Catch::Contains("missing )"));

  WriteFile(dir.path() / "rules2" / "extra.yaml",
            "rules:\n  - id: my.widgets\n    pattern: '(?P<num>\\d+) widgets'\n    unit: widget\n"
            "    examples:\n      - {text: \"12 widgets\", value: 13}\n");
  const CommandOutput failing = RunNewsfacts({"rules", "test", (dir.path() / "rules2").string()}, dir);
  CHECK(failing.exit_code == 1);
  CHECK_THAT(failing.out, Catch::Contains("FAIL my.widgets"));
}

}  // namespace
}  // namespace newsfacts::testing
