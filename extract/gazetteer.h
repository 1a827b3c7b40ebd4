// Places: a gazetteer loaded from TSV data files, and a matcher that finds place names in text.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace newsfacts {

struct Place {
  std::string name;                  // canonical name ("Beijing", "Guangdong", "United States")
  std::vector<std::string> aliases;  // other spellings ("PRC", "U.S.", "Hong Kong SAR")
  std::string type;                  // country, province, municipality, sar, city, district, zone, region, ...
  std::string country;               // ISO 3166-1 alpha-2 ("CN"), empty for multi-country regions
  std::string parent;                // canonical name of the enclosing place, or empty
  bool ambiguous = false;            // also a common word or several places (Reading, Nice, Georgia)
  bool has_coordinates = false;      // lat/lon are known
  double lat = 0;                    // WGS84 degrees
  double lon = 0;
};

struct PlaceMatch {
  size_t start = 0;  // byte offsets in the searched text
  size_t end = 0;
  const Place* place = nullptr;
  bool weak = false;  // demonym ("Chinese") or ambiguous name without supporting context
  bool demonym = false;  // matched through demonyms.tsv ("Chinese" -> China); always weak
};

class Gazetteer {
 public:
  // Loads every *.tsv file of `folder`. Errors name the file and line.
  static Result<std::unique_ptr<Gazetteer>> Load(const std::string& folder);

  // Finds every place mention in `text`, longest match first, no overlaps, in text order.
  std::vector<PlaceMatch> Find(std::string_view text) const;

  // Canonical place for a name or alias (case-insensitive), or nullptr.
  const Place* Lookup(std::string_view name) const;

  // Number of places (demonyms are not places).
  size_t size() const;

  // Every loaded place, in load order (files sorted by name, then line order).
  std::vector<const Place*> places() const;

  ~Gazetteer();
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

 private:
  Gazetteer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsfacts
