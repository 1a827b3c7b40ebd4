#include "extract/numbers.h"

#include <catch2/catch.hpp>

namespace newsfacts {
namespace {

TEST_CASE("digits with separators and decimals", "[numbers]") {
  CHECK(*ParseNumberText("2,200") == 2200);
  CHECK(*ParseNumberText("140.9") == Approx(140.9));
  CHECK(*ParseNumberText("1,234,567.5") == Approx(1234567.5));
  CHECK(*ParseNumberText("1,00,000") == 100000);  // Indian grouping
  CHECK_FALSE(ParseNumberText("1,2"));
  CHECK_FALSE(ParseNumberText("12,34,5"));
  CHECK_FALSE(ParseNumberText("1.2.3"));
  CHECK_FALSE(ParseNumberText(""));
  CHECK_FALSE(ParseNumberText("abc"));
}

TEST_CASE("scientific notation", "[numbers]") {
  CHECK(*ParseNumberText("1.3e6") == Approx(1.3e6));
  CHECK(*ParseNumberText("12.32E+14") == Approx(1.232e15));
  CHECK(*ParseNumberText("12e-1") == Approx(1.2));
  CHECK_FALSE(ParseNumberText("1e"));
  CHECK_FALSE(ParseNumberText("e10"));
  CHECK_FALSE(ParseNumberText("1.e5"));
}

TEST_CASE("number words compose", "[numbers]") {
  CHECK(*ParseNumberText("two") == 2);
  CHECK(*ParseNumberText("ninety-nine") == 99);
  CHECK(*ParseNumberText("Twenty five") == 25);
  CHECK(*ParseNumberText("one hundred and five") == 105);
  CHECK(*ParseNumberText("three thousand nine hundred and sixty five") == 3965);
  CHECK(*ParseNumberText("twenty-one trillion three hundred") == 21000000000300.0);
  CHECK(*ParseNumberText("a dozen") == 12);
  CHECK(*ParseNumberText("half") == 0.5);
  CHECK(*ParseNumberText("half a million") == 500000);
  CHECK(*ParseNumberText("1.5 million") == 1.5e6);
  CHECK_FALSE(ParseNumberText("two three"));
  CHECK_FALSE(ParseNumberText("twenty thirty"));
  CHECK_FALSE(ParseNumberText("and"));
  CHECK_FALSE(ParseNumberText("million"));
  CHECK_FALSE(ParseNumberText("two and three"));
}

TEST_CASE("scale words and abbreviations", "[numbers]") {
  CHECK(*ScaleMultiplier("k") == 1e3);
  CHECK(*ScaleMultiplier("mn") == 1e6);
  CHECK(*ScaleMultiplier("Billion") == 1e9);
  CHECK(*ScaleMultiplier("tn") == 1e12);
  CHECK(*ScaleMultiplier("lakh") == 1e5);
  CHECK(*ScaleMultiplier("crores") == 1e7);
  CHECK(*ScaleMultiplier(" bn ") == 1e9);
  CHECK_FALSE(ScaleMultiplier("yuan"));
}

TEST_CASE("singular nouns", "[numbers]") {
  CHECK(SingularNoun("enterprises") == "enterprise");
  CHECK(SingularNoun("pilot zones") == "pilot zone");
  CHECK(SingularNoun("cities") == "city");
  CHECK(SingularNoun("business") == "business");
  CHECK(SingularNoun("data") == "data");
  CHECK(SingularNoun("boxes") == "box");
  CHECK(SingularNoun("AI large models") == "AI large model");
}

}  // namespace
}  // namespace newsfacts
