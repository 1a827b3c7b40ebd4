#include "extract/sentences.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace newsfacts {
namespace {

std::vector<std::string> Texts(const std::string& text, const std::vector<TextSpan>& spans) {
  std::vector<std::string> out;
  for (const TextSpan& s : spans) out.push_back(text.substr(s.start, s.end - s.start));
  return out;
}

TEST_CASE("paragraphs split at blank lines and are trimmed", "[sentences]") {
  const std::string text = "  First para.\nstill first.\n\n \n  Second one. \n\n\nThird";
  CHECK(Texts(text, SplitParagraphs(text)) ==
        std::vector<std::string>{"First para.\nstill first.", "Second one.", "Third"});
  const std::string crlf = "One.\r\nStill one.\r\n\r\nTwo.\r\n";
  CHECK(Texts(crlf, SplitParagraphs(crlf)) == std::vector<std::string>{"One.\r\nStill one.", "Two."});
  CHECK(SplitParagraphs("").empty());
  CHECK(SplitParagraphs("\n\n  \n").empty());
}

TEST_CASE("sentences end at terminal punctuation before a capital", "[sentences]") {
  const std::string text =
      "Last year, Beijing released a plan. According to the plan, by 2025, it will reach 300 billion yuan.";
  CHECK(Texts(text, SplitSentences(text, {0, text.size()})) ==
        std::vector<std::string>{"Last year, Beijing released a plan.",
                                 "According to the plan, by 2025, it will reach 300 billion yuan."});
}

TEST_CASE("abbreviations, decimals and initials do not end sentences", "[sentences]") {
  const std::string text = "The U.S. Commerce Dept. said 140.9 billion. Mr. J. Smith agreed! Did he? Yes.";
  CHECK(Texts(text, SplitSentences(text, {0, text.size()})) ==
        std::vector<std::string>{"The U.S. Commerce Dept. said 140.9 billion.", "Mr. J. Smith agreed!", "Did he?",
                                 "Yes."});
}

TEST_CASE("line breaks end sentences, and quotes stay with their sentence", "[sentences]") {
  const std::string text = "A headline without a stop\n\"We should deepen it.\" He said so.";
  CHECK(Texts(text, SplitSentences(text, {0, text.size()})) ==
        std::vector<std::string>{"A headline without a stop", "\"We should deepen it.\"", "He said so."});
}

TEST_CASE("sentences stay inside the given span", "[sentences]") {
  const std::string text = "xx One. Two. yy";
  auto spans = SplitSentences(text, {3, 12});
  REQUIRE(spans.size() == 2);
  CHECK(spans[0].start == 3);
  CHECK(spans[1].end == 12);
}

}  // namespace
}  // namespace newsfacts
