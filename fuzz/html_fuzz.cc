// libFuzzer target: parse/html.h. ParseHtml runs charset detection and conversion, gumbo, the
// metadata reader and the main-text extractor over the raw bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_util.h"
#include "parse/html.h"

using newsfacts::fuzz::IsValidUtf8;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  newsfacts::RawDocument raw;
  raw.source = "fuzz.html";
  raw.url = "https://example.com/news/article.html";
  raw.body.assign(reinterpret_cast<const char*>(data), size);
  newsfacts::Result<newsfacts::Article> article = newsfacts::ParseHtml(raw);
  if (!article.ok()) return 0;
  // Whatever charset the bytes claim, the Article is UTF-8.
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->title));
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->body));
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->excerpt));
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->author));
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->site_name));
  NEWSFACTS_FUZZ_CHECK(article->format == "html");
  return 0;
}
