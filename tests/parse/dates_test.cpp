#include "parse/dates.h"

#include <catch2/catch.hpp>

using namespace newsfacts;

namespace {
std::string Norm(std::string_view text) { return NormalizeDate(text).value_or("<none>"); }
std::string Find(std::string_view text) { return FindDateInLine(text).value_or("<none>"); }
}  // namespace

TEST_CASE("NormalizeDate reads ISO 8601 forms as precisely as written", "[dates]") {
  CHECK(Norm("2023-05-19T14:27:00Z") == "2023-05-19T14:27:00Z");
  CHECK(Norm("2023-05-19T14:27:00.123+08:00") == "2023-05-19T14:27:00.123+08:00");
  CHECK(Norm("2023-05-19 14:27 +0800") == "2023-05-19T14:27+08:00");
  CHECK(Norm("2023-05-19T14:27:00+00:00") == "2023-05-19T14:27:00Z");
  CHECK(Norm("2024-04-05") == "2024-04-05");
  CHECK(Norm("2019-09") == "2019-09");
  CHECK(Norm("  2024-4-5 ") == "2024-04-05");
}

TEST_CASE("NormalizeDate reads the other forms news sites use", "[dates]") {
  CHECK(Norm("April 6, 2024 07:03") == "2024-04-06T07:03");
  CHECK(Norm("Friday, July 19, 2024") == "2024-07-19");
  CHECK(Norm("5 April 2024") == "2024-04-05");
  CHECK(Norm("Apr. 5, 2024") == "2024-04-05");
  CHECK(Norm("July 19th, 2024") == "2024-07-19");
  CHECK(Norm("Sept. 3 2019") == "2019-09-03");
  CHECK(Norm("September 2019") == "2019-09");
  CHECK(Norm("19-Jul-2024") == "2024-07-19");
  CHECK(Norm("Fri, 19 Jul 2024 10:00:00 GMT") == "2024-07-19T10:00:00Z");
  CHECK(Norm("Fri, 19 Jul 2024 10:00:00 +0800") == "2024-07-19T10:00:00+08:00");
  CHECK(Norm("Fri, 19 Jul 2024 10:00:00 EST") == "2024-07-19T10:00:00-05:00");
  CHECK(Norm("July 19, 2024 7:03 pm") == "2024-07-19T19:03");
  CHECK(Norm("July 19, 2024 12:30 a.m.") == "2024-07-19T00:30");
  CHECK(Norm("2024/04/05") == "2024-04-05");
  CHECK(Norm("2024.04.05") == "2024-04-05");
  CHECK(Norm("20240405") == "2024-04-05");
  CHECK(Norm("19.07.2024") == "2024-07-19");
  CHECK(Norm("19/07/2024") == "2024-07-19");
  CHECK(Norm("07/19/2024") == "2024-07-19");
  CHECK(Norm("2024\xe5\xb9\xb4" "4\xe6\x9c\x88" "5\xe6\x97\xa5") == "2024-04-05");  // 2024年4月5日
  CHECK(Norm("2024\xe5\xb9\xb4" "4\xe6\x9c\x88") == "2024-04");
  CHECK(Norm("2024-02-29") == "2024-02-29");  // leap year
}

TEST_CASE("NormalizeDate refuses incomplete, ambiguous and invalid dates", "[dates]") {
  CHECK(Norm("2024") == "<none>");         // a bare year is not a date
  CHECK(Norm("April 5") == "<none>");      // no guessing of the year
  CHECK(Norm("05/04/2024") == "<none>");   // April 5 or May 4?
  CHECK(Norm("2023-02-29") == "<none>");   // not a leap year
  CHECK(Norm("2024-13-01") == "<none>");
  CHECK(Norm("2024-04-31") == "<none>");
  CHECK(Norm("April 31, 2024") == "<none>");
  CHECK(Norm("2024-04-05T25:00") == "<none>");  // hour out of range
  CHECK(Norm("false") == "<none>");
  CHECK(Norm("") == "<none>");
  CHECK(Norm("2023-24") == "<none>");       // a fiscal year range
  CHECK(Norm("05070218") == "<none>");      // a registration number, not 0507-02-18
  CHECK(Norm("April 6, 2024 07:03 Xinhua") == "<none>");  // the whole text must be the date
  CHECK(Norm("Mayday 2024") == "<none>");
}

TEST_CASE("FindDateInLine finds the first date in a header line", "[dates]") {
  CHECK(Find("Updated: April 6, 2024 07:03 Xinhua") == "2024-04-06T07:03");
  CHECK(Find("Published on 2024-04-05 by Staff") == "2024-04-05");
  CHECK(Find("Posted Fri, 19 Jul 2024 10:00:00 GMT | China Daily") == "2024-07-19T10:00:00Z");
  CHECK(Find("\xe5\x8f\x91\xe5\xb8\x83\xe6\x97\xb6\xe9\x97\xb4\xef\xbc\x9a" "2024\xe5\xb9\xb4" "4\xe6\x9c\x88" "5\xe6\x97\xa5") ==
        "2024-04-05");
  CHECK(Find("BEIJING, April 5 -- China has") == "<none>");
  CHECK(Find("by 2030 the industry will exceed 1 trillion yuan") == "<none>");
  CHECK(Find("Registration Number: 05070218") == "<none>");
  size_t begin = 0, end = 0;
  const std::string line = "Updated: April 6, 2024 07:03 Xinhua";
  REQUIRE(FindDateInLine(line, &begin, &end));
  CHECK(line.substr(begin, end - begin) == "April 6, 2024 07:03");
}
