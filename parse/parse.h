// parse/: the public interface of the parse stage. Pure functions: bytes in, Article out, no I/O.
#pragma once

#include <string_view>

#include "core/status.h"
#include "core/types.h"

namespace newsfacts {

enum class InputFormat { kFrontMatter, kPlainText, kHtml };

struct ParseOptions {
  // Documents larger than this are rejected with Status::TooLarge (default 64 MiB).
  size_t max_input_bytes = 64u << 20;
};

// Decides how to read `raw`: file extension / Content-Type first, then a sniff of the first bytes
// (leading "---" line => front-matter, "<!doctype"/"<html" => HTML, else plain text).
InputFormat DetectFormat(const RawDocument& raw);

// Parses any supported document into an Article. Errors (empty, binary, broken front-matter...)
// come back as a Status whose message says what is wrong, never as an exception.
Result<Article> ParseDocument(const RawDocument& raw, const ParseOptions& options = {});

}  // namespace newsfacts
