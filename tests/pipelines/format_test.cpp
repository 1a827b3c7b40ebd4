#include "pipelines/format.h"

#include <catch2/catch.hpp>
#include <cmath>

namespace newsfacts {
namespace {

TEST_CASE("FormatNumber writes integers plainly and keeps decimals", "[pipelines][format]") {
  CHECK(FormatNumber(1e12) == "1000000000000");
  CHECK(FormatNumber(140.9e9) == "140900000000");
  CHECK(FormatNumber(28) == "28");
  CHECK(FormatNumber(0.28) == "0.28");
  CHECK(FormatNumber(-3.5) == "-3.5");
  CHECK(FormatNumber(1e30) == "1e+30");
  CHECK(FormatNumber(std::nan("")) == "null");
}

TEST_CASE("CsvField quotes only when needed", "[pipelines][format]") {
  CHECK(CsvField("plain") == "plain");
  CHECK(CsvField("a,b") == "\"a,b\"");
  CHECK(CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(CsvField("two\nlines") == "\"two\nlines\"");
}

TEST_CASE("RenderTable aligns columns and clips long cells by characters", "[pipelines][format]") {
  const std::string table = RenderTable({"kind", "place"}, {{"target", "Beijing"}, {"reported", "Zhōngguó"}}, 60);
  CHECK(table ==
        "kind      place\n"
        "--------  --------\n"
        "target    Beijing\n"
        "reported  Zhōngguó\n");
  const std::string clipped = RenderTable({"m"}, {{"abcdefghij"}}, 5);
  CHECK(clipped == "m\n-----\nabcd\u2026\n");
}

}  // namespace
}  // namespace newsfacts
