// HTML documents (gumbo-parser): metadata and main text. Used by parse.cc; tests and benchmarks
// may call it directly.
#pragma once

#include "core/status.h"
#include "core/types.h"

namespace newsfacts {

struct HtmlOptions {};

// Converts to UTF-8 (charset from BOM, Content-Type, <meta>, detection), parses with gumbo and
// returns title, published, author, canonical url, language, site name and the main text.
Result<Article> ParseHtml(const RawDocument& raw, const HtmlOptions& options = {});

}  // namespace newsfacts
