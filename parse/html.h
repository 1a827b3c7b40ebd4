// HTML documents (gumbo-parser): metadata and main text. Used by parse.cc; tests and benchmarks
// may call it directly.
#pragma once

#include "core/status.h"
#include "core/types.h"
#include "parse/html_main_text.h"

namespace newsfacts {

struct HtmlOptions {
  // How the article body is told apart from page furniture (see html_main_text.h).
  MainTextOptions main_text;
};

// Converts to UTF-8 (charset from BOM, Content-Type, <meta>, detection), parses with gumbo and
// returns title, published, author, canonical url, language, site name and the main text.
// Article::format is "html"; Article::url falls back to RawDocument::url. Fails only when the page
// holds no text at all (InvalidInput) or gumbo gives up (Internal).
Result<Article> ParseHtml(const RawDocument& raw, const HtmlOptions& options = {});

}  // namespace newsfacts
