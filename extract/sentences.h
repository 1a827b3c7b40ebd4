// Paragraph and sentence boundaries of article text (byte offsets, UTF-8).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace newsfacts {

struct TextSpan {
  size_t start = 0;
  size_t end = 0;
};

// Paragraphs: runs of text separated by blank lines, trimmed of surrounding white space.
std::vector<TextSpan> SplitParagraphs(std::string_view text);

// Sentences of text[span.start, span.end): ends at '.', '!' or '?' (plus closing quotes or
// brackets) followed by white space and a capital, digit or quote, and at every line break.
// Abbreviations ("U.S.", "Mr.", "Jan.") and decimals do not end a sentence.
std::vector<TextSpan> SplitSentences(std::string_view text, TextSpan span);

}  // namespace newsfacts
