// The built-in rules and gazetteer, loaded once per test executable (loading takes a while and
// Extract() is pure and thread-safe).
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <utility>

#include "extract/extract.h"

namespace newsfacts::testing {

inline const Extractor& SharedExtractor() {
  static std::unique_ptr<Extractor> extractor = [] {
    ExtractorOptions options;
    options.data_dir = NEWSFACTS_DATA_DIR;
    auto loaded = Extractor::Load(options);
    if (!loaded.ok()) FAIL("cannot load the extractor: " << loaded.status().ToString());
    return std::move(*loaded);
  }();
  return *extractor;
}

}  // namespace newsfacts::testing
