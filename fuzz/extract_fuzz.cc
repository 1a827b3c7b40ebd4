// libFuzzer target: extract/extract.h with the built-in rules and gazetteer (DefaultDataDir(): the
// source tree's data/ folder, or $NEWSFACTS_DATA_DIR). The input, repaired to UTF-8 as the parse
// stage guarantees, is the article body.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "extract/extract.h"
#include "fuzz/fuzz_util.h"
#include "parse/text_util.h"

namespace {

const newsfacts::Extractor& SharedExtractor() {
  static const newsfacts::Extractor* extractor = [] {
    newsfacts::Result<std::unique_ptr<newsfacts::Extractor>> loaded = newsfacts::Extractor::Load({});
    if (!loaded.ok()) {
      std::fprintf(stderr, "extract_fuzz: cannot load rules: %s\n", loaded.status().ToString().c_str());
      std::abort();
    }
    return loaded->release();
  }();
  return *extractor;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const newsfacts::Extractor& extractor = SharedExtractor();
  newsfacts::Article article;
  article.body = newsfacts::RepairUtf8(std::string_view(reinterpret_cast<const char*>(data), size));
  // Odd sizes run with a publication date (relative dates resolve), even ones without.
  if (size % 2 == 1) article.published = "2024-04-06T07:03:00";
  const newsfacts::Extraction extraction = extractor.Extract(article);

  const std::string& text = article.body;
  for (const newsfacts::Mention& m : extraction.mentions) {
    NEWSFACTS_FUZZ_CHECK(m.start <= m.end && m.end <= text.size());
    NEWSFACTS_FUZZ_CHECK(m.text == std::string_view(text).substr(m.start, m.end - m.start));
  }
  for (const newsfacts::Fact& f : extraction.facts) {
    NEWSFACTS_FUZZ_CHECK(f.sentence_start <= f.sentence_end && f.sentence_end <= text.size());
    NEWSFACTS_FUZZ_CHECK(f.quantity_start <= f.quantity_end && f.quantity_end <= text.size());
    // A fact stands on a quantity mention, never on a unit named without a figure.
    bool on_quantity = false;
    for (const newsfacts::Mention& m : extraction.mentions) {
      if (m.start == f.quantity_start && m.end == f.quantity_end) {
        NEWSFACTS_FUZZ_CHECK(m.type != newsfacts::Mention::Type::kUnit);
        on_quantity = on_quantity || m.type == newsfacts::Mention::Type::kQuantity;
      }
    }
    NEWSFACTS_FUZZ_CHECK(on_quantity);
  }
  return 0;
}
