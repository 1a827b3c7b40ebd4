// libFuzzer target: parse/front_matter.h. The input is repaired to UTF-8 first, as ParseDocument
// does, because ParseFrontMatterDocument takes valid UTF-8 only.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "parse/front_matter.h"
#include "parse/text_util.h"

using newsfacts::fuzz::IsValidUtf8;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = newsfacts::RepairUtf8(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)newsfacts::HasFrontMatter(text);
  newsfacts::Result<newsfacts::Article> article = newsfacts::ParseFrontMatterDocument(text, "fuzz.md");
  if (!article.ok()) return 0;
  // Valid UTF-8 in, valid UTF-8 out: every text field is a slice or a yaml-cpp scalar of the input.
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->title));
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->body));
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->excerpt));
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->author));
  for (const std::string& alias : article->url_aliases) NEWSFACTS_FUZZ_CHECK(alias != article->url);
  return 0;
}
