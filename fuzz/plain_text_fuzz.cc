// libFuzzer target: parse/plain_text.h (ParsePlainText and the shared CleanBodyText). The input is
// repaired to UTF-8 first, as ParseDocument does, because both take valid UTF-8 only.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "parse/plain_text.h"
#include "parse/text_util.h"

using newsfacts::fuzz::IsValidUtf8;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = newsfacts::RepairUtf8(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::string cleaned = newsfacts::CleanBodyText(text);
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(cleaned));
  // Paragraphs are separated by exactly one blank line, so three newlines in a row never appear.
  NEWSFACTS_FUZZ_CHECK(cleaned.find("\n\n\n") == std::string::npos);

  newsfacts::Result<newsfacts::Article> article = newsfacts::ParsePlainText(text, "fuzz.txt");
  if (!article.ok()) return 0;
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->title));
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->body));
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->author));
  NEWSFACTS_FUZZ_CHECK(IsValidUtf8(article->site_name));
  return 0;
}
