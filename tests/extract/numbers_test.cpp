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

TEST_CASE("leading decimals, powers and space-grouped digits", "[numbers]") {
  CHECK(*ParseNumberText(".08") == Approx(0.08));
  CHECK(*ParseNumberText(".23456000") == Approx(0.23456));
  CHECK(*ParseNumberText("1.1^23") == Approx(8.95430243255239));
  CHECK(*ParseNumberText("2.5^-1") == Approx(0.4));
  CHECK(*ParseNumberText("1.1^--23") == Approx(8.95430243255239));  // two signs cancel
  CHECK(*ParseNumberText("1.3x10^6") == Approx(1.3e6));
  CHECK(*ParseNumberText("6.23x10^-4") == Approx(0.000623));
  CHECK_FALSE(ParseNumberText("1.3x11^6"));  // only powers of ten after "x"
  CHECK_FALSE(ParseNumberText("2^"));
  CHECK(*ParseNumberText("1 234 567") == 1234567);
  CHECK(*ParseNumberText("1 234 567.89") == Approx(1234567.89));
  CHECK(*ParseNumberText("40\xC2\xA0" "000") == 40000);      // no-break space
  CHECK(*ParseNumberText("40\xE2\x80\xAF" "000") == 40000);  // narrow no-break space
  CHECK_FALSE(ParseNumberText("12 30"));    // a group after the first must have three digits
  CHECK_FALSE(ParseNumberText("1234 567"));  // and the first at most three
}

TEST_CASE("digits mixed with scale words", "[numbers]") {
  CHECK(*ParseNumberText("3 hundred and 21") == 321);
  CHECK(*ParseNumberText("4 thousand 3 hundred and 21") == 4321);
  CHECK(*ParseNumberText("6 crore and two hundred") == 60000200);
  CHECK(*ParseNumberText("three lakh crore") == 3e12);
  CHECK(*ParseNumberText("three hundred and two dozen") == 324);
  CHECK(*ParseNumberText("nought point eleven") == Approx(0.11));
  CHECK(*ParseNumberText("two hundred point seventy-one") == Approx(200.71));
  CHECK_FALSE(ParseNumberText("3 hundred and 250"));  // the part after "and" stays below a hundred
  CHECK_FALSE(ParseNumberText("4000 21"));
  CHECK_FALSE(ParseNumberText("point eleven"));
}

TEST_CASE("stacked and new scale abbreviations", "[numbers]") {
  CHECK(*ScaleMultiplier("lakh crore") == 1e12);
  CHECK(*ScaleMultiplier("thousand  crores") == 1e10);
  CHECK(*ScaleMultiplier("tln") == 1e12);
  CHECK(*ScaleMultiplier("mil") == 1e6);
  CHECK(*ScaleMultiplier("MM") == 1e6);
  CHECK(*ScaleMultiplier("dozs") == 12);
  CHECK_FALSE(ScaleMultiplier("hundred crore"));  // only a big scale heads a stack
  CHECK_FALSE(ScaleMultiplier("lakh yuan"));
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
