// libFuzzer target: parse/parse.h, the top-level dispatch. The first byte picks the file name and
// Content-Type (so extension, header and sniffing all get exercised), the rest is the body.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>

#include "fuzz/fuzz_util.h"
#include "parse/parse.h"

using newsfacts::fuzz::IsValidUtf8;

namespace {

struct Origin {
  const char* source;
  const char* content_type;
};
const Origin kOrigins[] = {
    {"doc", ""},           {"doc.txt", ""},         {"doc.md", ""},
    {"doc.html", ""},      {"https://x.test/a", "text/html; charset=gbk"},
    {"doc.htm", "text/plain"}, {"dir.html/doc", ""}, {"doc.XHTML", ""},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Origin& origin = kOrigins[data[0] % std::size(kOrigins)];
  newsfacts::RawDocument raw;
  raw.source = origin.source;
  raw.content_type = origin.content_type;
  raw.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)newsfacts::DetectFormat(raw);
  newsfacts::Result<newsfacts::Article> article = newsfacts::ParseDocument(raw);
  if (!article.ok()) return 0;
  // Every format ends as UTF-8 text with the source kept.
  NEWSFACTS_FUZZ_CHECK(article->source == raw.source);
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->title));
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->body));
  return 0;
}
