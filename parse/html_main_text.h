// Main-text extraction from a parsed HTML page: the article's paragraphs, headings, lists and tables
// in reading order, without navigation, sidebars, share bars, "related" lists, comments, captions...
#pragma once

#include <gumbo.h>

#include <string>

namespace newsfacts {

struct MainTextOptions {
  // A text block of at least this many characters with little link text counts as article prose
  // when choosing the content container (default 80).
  int long_block_chars = 80;
  // Blocks whose share of characters inside links exceeds this are navigation, not prose (0.5).
  double max_link_density = 0.5;
};

// Returns the main text of the document rooted at `document` (a gumbo document node), paragraphs
// separated by "\n\n". Empty when the page holds no recognisable text.
std::string ExtractMainText(const GumboNode* document, const MainTextOptions& options = {});

}  // namespace newsfacts
