// `newsfacts parse`: one JSON object per file with the contract's keys.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pipelines/run_binary.h"

namespace newsfacts::testing {
namespace {

const std::string kSamples = std::string(NEWSFACTS_SOURCE_DIR) + "/samples";

TEST_CASE("parse prints the contract's fields for each file, one line each", "[pipelines][parse]") {
  TempDir dir;
  const std::string seed000 = kSamples + "/000_91e8619db12a49dd.txt";
  const std::string seed001 = kSamples + "/001_6d2f24a54b36586d.txt";
  const CommandOutput run = RunNewsfacts({"parse", seed000, seed001}, dir);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  std::istringstream lines(run.out);
  std::vector<nlohmann::json> objects;
  for (std::string line; std::getline(lines, line);) objects.push_back(nlohmann::json::parse(line));
  REQUIRE(objects.size() == 2);
  for (const auto& o : objects) {
    for (const char* key : {"path", "url", "title", "published", "author", "language", "body"}) {
      INFO(key);
      CHECK(o.contains(key));
    }
  }
  CHECK(objects[0]["path"] == seed000);
  CHECK(objects[0]["url"] == "https://www.zdnet.com/article/china-is-ramping-up-efforts-to-drive-ai-development/");
  CHECK(objects[0]["title"] == "China is ramping up efforts to drive AI development");
  CHECK(objects[0]["published"].get<std::string>().rfind("2023-05-19T14:27", 0) == 0);
  CHECK_THAT(objects[0]["body"].get<std::string>(), Catch::StartsWith("Tagging artificial intelligence"));
  CHECK(objects[1]["url"].is_null());
  CHECK(objects[1]["title"] == "China accelerates AI development to build AI innovation center");
  CHECK(objects[1]["published"].get<std::string>().rfind("2024-04-06", 0) == 0);
  CHECK_THAT(objects[1]["body"].get<std::string>(), Catch::Contains("\n\n"));
  CHECK_THAT(objects[1]["body"].get<std::string>(), !Catch::Contains("Copyright"));
}

TEST_CASE("parse reports a bad file and still prints the good ones", "[pipelines][parse]") {
  TempDir dir;
  WriteFile(dir.path() / "empty.txt", "");
  const CommandOutput run =
      RunNewsfacts({"parse", dir / "empty.txt", kSamples + "/004_6be7b14613e5e6bc.txt"}, dir);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::StartsWith("newsfacts: error: " + (dir / "empty.txt") + ": "));
  CHECK(std::count(run.out.begin(), run.out.end(), '\n') == 1);
}

}  // namespace
}  // namespace newsfacts::testing
