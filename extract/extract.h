// extract/: the public interface of the extraction stage. Rules and the gazetteer are data files
// loaded once; Extract() is pure and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace newsfacts {

struct ExtractorOptions {
  // Folder holding rules/*.yaml and gazetteer/*.tsv. Empty = DefaultDataDir().
  std::string data_dir;
  // Extra rule folders (--rules DIR), loaded after the built-in rules; a rule with the id of an
  // earlier one replaces it.
  std::vector<std::string> extra_rule_dirs;
};

// $NEWSFACTS_DATA_DIR when set, else the data/ folder of the source tree the binary was built from.
std::string DefaultDataDir();

class Extractor {
 public:
  // Loads and compiles every rule and the gazetteer. A bad pattern or file is an error naming the
  // file, the rule id and RE2's message.
  static Result<std::unique_ptr<Extractor>> Load(const ExtractorOptions& options);

  virtual ~Extractor() = default;

  // Every mention (quantities, dates, places) and the facts assembled from them.
  // Uses article.body, article.title and article.published (for relative dates).
  virtual Extraction Extract(const Article& article) const = 0;

  // Extract remembers, per thread, what it matched in earlier texts (figures repeat across a
  // run); this forgets the calling thread's share. Results never depend on it: benchmarks call it
  // so that each pass over a corpus starts as a fresh run would.
  virtual void ClearThreadCaches() const = 0;
};

}  // namespace newsfacts
