// Gazetteer: TSV place data -> a byte trie of every surface form, scanned once per text.
//
// Matching walks the trie from each word start (only where the first byte can begin a name), keeps the
// longest candidate that ends on a word boundary, then applies the ambiguity rules. One trie walk per
// word start keeps Find() linear in practice and lock-free (the trie is immutable after Load).

#include "extract/gazetteer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <unordered_map>
#include "core/ascii.h"

namespace newsfacts {

namespace {

namespace fs = std::filesystem;

constexpr const char* kPlaceHeader[] = {"name", "aliases", "type", "country", "parent", "lat", "lon",
                                        "ambiguous"};
constexpr size_t kPlaceColumns = 8;
constexpr const char* kDemonymHeader[] = {"demonym", "place"};

// Suffixes that turn a known name X into the same place ("Guangdong Province" -> Guangdong).
constexpr std::string_view kAdminSuffixes[] = {
    " Special Administrative Region", " Special Economic Zone", " Autonomous Region", " autonomous region",
    " Autonomous Prefecture", " Municipality",
    " municipality", " Province", " province", " Prefecture", " prefecture", " New Area", " District",
    " district", " County", " county", " City", " city", " SAR"};

// Words that, right before an ambiguous name, make it a place ("in Reading", "from Nice").
constexpr std::string_view kLocativeWords[] = {"in",      "at",     "from",    "near",    "across",
                                               "throughout", "outside", "inside", "around", "to",
                                               "via",     "visited", "visiting", "toward", "towards"};

// Words that, right before an ambiguous name, make it a common noun ("a Reading", "the Mobile").
constexpr std::string_view kDeterminers[] = {"a", "an", "the", "this", "that", "these", "those", "my",
                                             "our", "your", "his", "her", "their", "its", "every", "each"};

// ASCII only (as std::isalnum in the "C" locale the program runs in), without the library call.
// A table: Find() asks this of nearly every byte of a text, and the range tests mispredict.
constexpr std::array<bool, 256> kWordBytes = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  return t;
}();
bool IsWordByte(unsigned char c) { return kWordBytes[c]; }
constexpr bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The word right before `start` (across spaces), lower-cased, is one of `words`.
template <size_t N>
bool PrecededByWordIn(std::string_view text, size_t start, const std::string_view (&words)[N]) {
  size_t k = start;
  while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\t')) --k;
  const size_t end = k;
  while (k > 0 && std::isalpha(static_cast<unsigned char>(text[k - 1]))) --k;
  if (k == end || end == start) return false;
  if (k > 0 && IsWordByte(static_cast<unsigned char>(text[k - 1]))) return false;
  std::string word(text.substr(k, end - k));
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

// "Turkey's", "Nice’s": a possessive marks a proper noun.
bool FollowedByPossessive(std::string_view text, size_t end) {
  std::string_view rest = text.substr(end);
  size_t len = 0;
  if (rest.substr(0, 2) == "'s") len = 2;
  if (rest.substr(0, 4) == "\xE2\x80\x99s") len = 4;
  return len > 0 && (rest.size() == len || !IsWordByte(static_cast<unsigned char>(rest[len])));
}

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string ReplaceAll(std::string s, std::string_view from, std::string_view to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

// Key for case-insensitive lookup: ASCII lower case, typographic apostrophe and dashes folded, single
// spaces.
std::string LookupKey(std::string_view name) {
  std::string s = ReplaceAll(std::string(name), "\xE2\x80\x99", "'");
  s = ReplaceAll(std::move(s), "\xE2\x80\x93", "-");
  std::string out;
  bool space = false;
  for (char c : s) {
    if (IsSpace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && IsSpace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool ParseDouble(std::string_view s, double* out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Lower ranks win when two places share a surface form: countries before provinces before cities.
int TypeRank(const std::string& type) {
  if (type == "country" || type == "territory") return 0;
  if (type == "province" || type == "municipality" || type == "autonomous_region" || type == "sar") return 1;
  if (type == "region" || type == "bloc" || type == "state") return 2;
  if (type == "prefecture_city" || type == "city" || type == "capital") return 3;
  return 4;
}

bool AdminSuffixApplies(const Place& place) {
  return place.type != "country" && place.type != "territory" && place.type != "region" &&
         place.type != "bloc" && place.type != "continent" && place.type != "constituent_country" &&
         place.type != "state";
}

}  // namespace

struct Gazetteer::Impl {
  // A surface form's target. `score` orders competing targets of the same form (lower wins).
  struct Entry {
    uint32_t place = 0;
    bool demonym = false;
    int score = 0;
  };
  struct Node {
    std::vector<std::pair<unsigned char, uint32_t>> next;  // few children per node: linear scan (sorted once loaded)
    int32_t entry = -1;
  };
  struct Origin {
    std::string file;
    size_t line = 0;
  };

  std::vector<std::unique_ptr<Place>> places;
  std::vector<Origin> origins;  // parallel to places, for error messages
  std::unordered_map<std::string, uint32_t> by_name;  // canonical name (exact) -> index
  std::unordered_map<std::string, std::pair<uint32_t, int>> by_key;  // LookupKey -> index, score
  std::vector<Node> trie{Node{}};  // while loading; Freeze() then fills the flat arrays below
  struct FrozenNode {
    uint32_t first_child = 0;  // its children are children[first_child, next node's first_child)
    int32_t entry = -1;        // the form ending here, or -1
  };
  std::vector<FrozenNode> frozen;  // one extra at the end
  std::vector<std::pair<unsigned char, uint32_t>> children;  // (byte, node)
  std::array<int32_t, 256> root{};  // root children by byte, -1 when absent
  std::vector<Entry> entries;
  // Two filters in front of the trie: nearly every word of a text starts no name ("the", "said"), and
  // two bit tests reject it for less than the trie walk costs (cache misses on scattered nodes). The
  // text is read as LongestAt reads it: a whitespace run is one space.
  // `pair_filter`, by a position's first two bytes (the second 0 at the text's end), exact: set when a
  // form starts with them, for every second byte when the form has one byte.
  // `prefix_filter`, hashed: a form sets the bit of its first kPrefix bytes, or of all of it when
  // shorter. A name can start at a position only if the text's first kPrefix bytes there have their
  // bit set, or its first l bytes for an l where a name could end (at a word boundary, as in
  // LongestAt). Of the 126,000 word starts of the 181 benchmark articles, 31,900 pass the first
  // filter and 9,600 the second (most of them "the ", as of "the Netherlands"); 1,579 start a name.
  // (Eight bytes would reject "the market", but hashing them costs more than the walks they save.)
  static constexpr size_t kPrefix = 4;
  static constexpr int kPrefixBitsLog2 = 17;  // 16 KB
  std::vector<uint64_t> pair_filter = std::vector<uint64_t>(65536 / 64, 0);
  std::vector<uint64_t> prefix_filter = std::vector<uint64_t>((size_t{1} << kPrefixBitsLog2) / 64, 0);

  // A table, as the word bytes: the per-byte loop of Find() must not branch on spaces.
  static constexpr std::array<unsigned char, 256> kFolded = [] {
    std::array<unsigned char, 256> t{};
    for (int c = 0; c < 256; ++c) t[c] = IsSpace(static_cast<unsigned char>(c)) ? ' ' : static_cast<unsigned char>(c);
    return t;
  }();

  static constexpr uint32_t kFnvBasis = 2166136261u;
  static uint32_t FnvStep(uint32_t h, unsigned char c) { return (h ^ c) * 16777619u; }
  // The slot of a prefix of `len` bytes whose FNV-1a hash is `fnv`.
  static uint32_t PrefixSlot(uint32_t fnv, size_t len) {
    return ((fnv ^ static_cast<uint32_t>(len)) * 0x9E3779B1u) >> (32 - kPrefixBitsLog2);
  }

  static void SetBit(std::vector<uint64_t>& bits, uint32_t slot) { bits[slot / 64] |= uint64_t{1} << (slot % 64); }
  static bool TestBit(const std::vector<uint64_t>& bits, uint32_t slot) { return (bits[slot / 64] >> (slot % 64)) & 1; }

  void AddToFilters(const std::string& form) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(form.data());
    if (form.size() == 1) {
      for (uint32_t second = 0; second < 256; ++second) SetBit(pair_filter, uint32_t{bytes[0]} << 8 | second);
    } else {
      SetBit(pair_filter, uint32_t{bytes[0]} << 8 | kFolded[bytes[1]]);
    }
    const size_t len = std::min(form.size(), kPrefix);
    uint32_t fnv = kFnvBasis;
    for (size_t k = 0; k < len; ++k) fnv = FnvStep(fnv, bytes[k]);
    SetBit(prefix_filter, PrefixSlot(fnv, len));
  }

  bool PrefixMayStart(std::string_view text, size_t start) const {
    uint32_t fnv = kFnvBasis;
    size_t len = 0;
    for (size_t i = start; i < text.size();) {
      const unsigned char c = kFolded[static_cast<unsigned char>(text[i++])];
      if (c == ' ') {
        while (i < text.size() && kFolded[static_cast<unsigned char>(text[i])] == ' ') ++i;
      }
      fnv = FnvStep(fnv, c);
      ++len;
      if (len == kPrefix) return TestBit(prefix_filter, PrefixSlot(fnv, len));
      // A shorter name ends here only on a word boundary, and never on a space.
      const bool boundary = i == text.size() || !kWordBytes[static_cast<unsigned char>(text[i])];
      if (boundary && c != ' ' && TestBit(prefix_filter, PrefixSlot(fnv, len))) return true;
    }
    return false;
  }

  Impl() { root.fill(-1); }

  uint32_t Child(uint32_t node, unsigned char c) {
    if (node == 0) {
      if (root[c] < 0) {
        root[c] = static_cast<int32_t>(trie.size());
        trie.emplace_back();
      }
      return static_cast<uint32_t>(root[c]);
    }
    for (auto& [byte, child] : trie[node].next) {
      if (byte == c) return child;
    }
    uint32_t child = static_cast<uint32_t>(trie.size());
    trie[node].next.emplace_back(c, child);
    trie.emplace_back();
    return child;
  }

  int32_t Next(uint32_t node, unsigned char c) const {
    if (node == 0) return root[c];
    for (uint32_t k = frozen[node].first_child, end = frozen[node + 1].first_child; k < end; ++k) {
      if (children[k].first >= c) return children[k].first == c ? static_cast<int32_t>(children[k].second) : -1;
    }
    return -1;
  }

  // Freezes the trie for lookups, which are bound by cache misses on it: nodes renumbered breadth-first
  // (the short prefixes every lookup walks sit together), each node's children sorted by byte (Next()
  // stops at the first byte past the one sought) in one flat array.
  void Freeze() {
    std::vector<uint32_t> order{0};  // old node ids, breadth-first
    std::vector<uint32_t> new_id(trie.size(), 0);
    for (size_t k = 0; k < order.size(); ++k) {
      auto visit = [&](uint32_t child) {
        new_id[child] = static_cast<uint32_t>(order.size());
        order.push_back(child);
      };
      if (order[k] == 0) {  // the root's children live in root[]
        for (int32_t child : root) {
          if (child >= 0) visit(static_cast<uint32_t>(child));
        }
      } else {
        std::sort(trie[order[k]].next.begin(), trie[order[k]].next.end());
        for (const auto& [byte, child] : trie[order[k]].next) visit(child);
      }
    }
    frozen.assign(order.size() + 1, FrozenNode{});
    children.clear();
    for (size_t k = 0; k < order.size(); ++k) {
      frozen[k].first_child = static_cast<uint32_t>(children.size());
      frozen[k].entry = trie[order[k]].entry;
      if (order[k] == 0) continue;
      for (const auto& [byte, child] : trie[order[k]].next) children.emplace_back(byte, new_id[child]);
    }
    frozen[order.size()].first_child = static_cast<uint32_t>(children.size());
    for (int32_t& child : root) {
      if (child >= 0) child = static_cast<int32_t>(new_id[static_cast<uint32_t>(child)]);
    }
    trie = std::vector<Node>();  // the building form is no longer needed
  }

  void InsertForm(const std::string& form, Entry entry) {
    if (form.empty()) return;
    AddToFilters(form);
    uint32_t node = 0;
    for (unsigned char c : form) node = Child(node, c);
    int32_t& slot = trie[node].entry;
    if (slot >= 0 && entries[static_cast<size_t>(slot)].score <= entry.score) return;
    entries.push_back(entry);
    slot = static_cast<int32_t>(entries.size() - 1);
  }

  // Inserts a surface form with its spelling variants: typographic apostrophe and en dash, a capitalised
  // first letter ("Mainland China" at a sentence start) and ALL CAPS (headlines).
  void InsertSurface(const std::string& surface, uint32_t place, bool demonym, int base_score) {
    std::vector<std::string> spellings{surface};
    if (surface.find('\'') != std::string::npos) spellings.push_back(ReplaceAll(surface, "'", "\xE2\x80\x99"));
    size_t n = spellings.size();
    for (size_t i = 0; i < n; ++i) {
      if (spellings[i].find('-') != std::string::npos) {
        spellings.push_back(ReplaceAll(spellings[i], "-", "\xE2\x80\x93"));
      }
    }
    for (const std::string& s : spellings) {
      InsertForm(s, Entry{place, demonym, base_score});
      if (std::islower(static_cast<unsigned char>(s[0]))) {
        std::string cap = s;
        cap[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(cap[0])));
        InsertForm(cap, Entry{place, demonym, base_score + 1000});
      }
      std::string upper = AsciiUpper(s);
      if (upper != s) InsertForm(upper, Entry{place, demonym, base_score + 1000});
    }
  }

  void AddKey(const std::string& surface, uint32_t place, int score) {
    std::string key = LookupKey(surface);
    auto it = by_key.find(key);
    if (it == by_key.end() || it->second.second > score) by_key[key] = {place, score};
  }

  // Longest trie match starting at `start` that ends on a word boundary: returns end offset or 0.
  size_t LongestAt(std::string_view text, size_t start, int32_t* entry_out) const {
    const size_t n = text.size();
    uint32_t node = 0;
    size_t i = start;
    size_t best_end = 0;
    while (i < n) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      int32_t next;
      if (IsSpace(c)) {
        // Any whitespace run inside a name stands for one space (names wrapped across lines).
        next = Next(node, ' ');
        while (i < n && IsSpace(static_cast<unsigned char>(text[i]))) ++i;
      } else {
        next = Next(node, c);
        ++i;
      }
      if (next < 0) break;
      node = static_cast<uint32_t>(next);
      int32_t e = frozen[node].entry;
      if (e >= 0 && (i == n || !IsWordByte(static_cast<unsigned char>(text[i])))) {
        // A name never ends on whitespace: the space was only a separator.
        if (!IsSpace(static_cast<unsigned char>(text[i - 1]))) {
          best_end = i;
          *entry_out = e;
        }
      }
    }
    return best_end;
  }

  bool AtSentenceStart(std::string_view text, size_t start) const {
    size_t k = start;
    while (k > 0) {
      unsigned char c = static_cast<unsigned char>(text[k - 1]);
      if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '(' || c == '[' || c == '*' || c == '-') {
        --k;
        continue;
      }
      // Opening curly quotes and em/en dashes used as bullets.
      if (k >= 3 && static_cast<unsigned char>(text[k - 3]) == 0xE2 &&
          static_cast<unsigned char>(text[k - 2]) == 0x80) {
        unsigned char last = c;
        if (last == 0x9C || last == 0x98 || last == 0x94 || last == 0x93) {
          k -= 3;
          continue;
        }
      }
      return c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r' || c == ':' || c == ';';
    }
    return true;
  }

  bool PrecededByLocative(std::string_view text, size_t start) const {
    return PrecededByWordIn(text, start, kLocativeWords);
  }

  // True when `other` backs up an ambiguous `place`: it is its parent, its child, or shares its country.
  static bool Related(const Place& place, const Place& other) {
    if (&place == &other) return false;
    if (!place.parent.empty() && place.parent == other.name) return true;
    if (!other.parent.empty() && other.parent == place.name) return true;
    return !place.country.empty() && place.country == other.country;
  }

  bool FollowedByRelated(std::string_view text, size_t end, const Place& place) const {
    if (end + 2 > text.size() || text[end] != ',') return false;
    size_t k = end + 1;
    while (k < text.size() && IsSpace(static_cast<unsigned char>(text[k]))) ++k;
    int32_t entry = -1;
    if (LongestAt(text, k, &entry) == 0) return false;
    const Entry& e = entries[static_cast<size_t>(entry)];
    return !e.demonym && Related(place, *places[e.place]);
  }

  static bool PrecededByRelated(std::string_view text, size_t start, const std::vector<PlaceMatch>& found,
                                const Place& place) {
    if (found.empty() || found.back().weak) return false;
    const PlaceMatch& prev = found.back();
    std::string_view between = text.substr(prev.end, start - prev.end);
    return Trim(between) == "," && Related(place, *prev.place);
  }
};

Gazetteer::Gazetteer() : impl_(std::make_unique<Impl>()) {}
Gazetteer::~Gazetteer() = default;

size_t Gazetteer::size() const { return impl_->places.size(); }

std::vector<const Place*> Gazetteer::places() const {
  std::vector<const Place*> out;
  out.reserve(impl_->places.size());
  for (const auto& p : impl_->places) out.push_back(p.get());
  return out;
}

namespace {

struct TsvFile {
  std::string path;
  std::vector<std::pair<size_t, std::string>> rows;  // (line number, text) after the header
  std::vector<std::string> header;
};

Result<TsvFile> ReadTsv(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open gazetteer file " + path.string());
  TsvFile file;
  file.path = path.string();
  std::string line;
  size_t number = 0;
  bool have_header = false;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    if (Trim(line).empty() || line[0] == '#') continue;
    if (!have_header) {
      for (std::string_view h : Split(line, '\t')) file.header.emplace_back(Trim(h));
      have_header = true;
      continue;
    }
    file.rows.emplace_back(number, line);
  }
  if (in.bad()) return Status::IoError("error reading gazetteer file " + path.string());
  if (!have_header) return Status::InvalidInput(file.path + ": no header line");
  return file;
}

template <size_t N>
bool HeaderIs(const std::vector<std::string>& header, const char* const (&expected)[N]) {
  if (header.size() != N) return false;
  for (size_t i = 0; i < N; ++i) {
    if (header[i] != expected[i]) return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<Gazetteer>> Gazetteer::Load(const std::string& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return Status::NotFound("gazetteer folder not found: " + folder);
  std::vector<fs::path> paths;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".tsv" && it->is_regular_file(ec)) paths.push_back(it->path());
  }
  if (ec) return Status::IoError("cannot list gazetteer folder " + folder + ": " + ec.message());
  if (paths.empty()) return Status::NotFound("no .tsv files in gazetteer folder " + folder);
  std::sort(paths.begin(), paths.end());

  std::vector<TsvFile> place_files, demonym_files;
  for (const fs::path& path : paths) {
    Result<TsvFile> file = ReadTsv(path);
    if (!file.ok()) return file.status();
    if (HeaderIs(file->header, kPlaceHeader)) {
      place_files.push_back(std::move(file.value()));
    } else if (HeaderIs(file->header, kDemonymHeader)) {
      demonym_files.push_back(std::move(file.value()));
    } else {
      return Status::InvalidInput(path.string() +
                                  ": unknown header; expected the columns "
                                  "name, aliases, type, country, parent, lat, lon, ambiguous (places) or "
                                  "demonym, place (demonyms), tab-separated");
    }
  }

  std::unique_ptr<Gazetteer> g(new Gazetteer());
  Impl& impl = *g->impl_;

  for (const TsvFile& file : place_files) {
    for (const auto& [number, line] : file.rows) {
      const std::string where = file.path + ":" + std::to_string(number) + ": ";
      std::vector<std::string_view> f = Split(line, '\t');
      if (f.size() != kPlaceColumns) {
        return Status::InvalidInput(where + "expected " + std::to_string(kPlaceColumns) +
                                    " tab-separated fields, found " + std::to_string(f.size()));
      }
      for (auto& field : f) field = Trim(field);
      auto place = std::make_unique<Place>();
      place->name = std::string(f[0]);
      if (place->name.empty()) return Status::InvalidInput(where + "empty name");
      for (std::string_view alias : Split(f[1], '|')) {
        alias = Trim(alias);
        if (!alias.empty()) place->aliases.emplace_back(alias);
      }
      place->type = std::string(f[2]);
      if (place->type.empty()) return Status::InvalidInput(where + "empty type for '" + place->name + "'");
      place->country = std::string(f[3]);
      if (!place->country.empty() &&
          (place->country.size() != 2 || !std::isupper(static_cast<unsigned char>(place->country[0])) ||
           !std::isupper(static_cast<unsigned char>(place->country[1])))) {
        return Status::InvalidInput(where + "country '" + place->country +
                                    "' is not an ISO 3166-1 alpha-2 code");
      }
      place->parent = std::string(f[4]);
      if (f[5].empty() != f[6].empty()) {
        return Status::InvalidInput(where + "give both lat and lon or neither");
      }
      if (!f[5].empty()) {
        if (!ParseDouble(f[5], &place->lat) || !ParseDouble(f[6], &place->lon) || place->lat < -90 ||
            place->lat > 90 || place->lon < -180 || place->lon > 180) {
          return Status::InvalidInput(where + "bad coordinates '" + std::string(f[5]) + "', '" +
                                      std::string(f[6]) + "'");
        }
        place->has_coordinates = true;
      }
      if (f[7] != "0" && f[7] != "1") {
        return Status::InvalidInput(where + "ambiguous must be 0 or 1, found '" + std::string(f[7]) + "'");
      }
      place->ambiguous = f[7] == "1";
      if (auto it = impl.by_name.find(place->name); it != impl.by_name.end()) {
        const Impl::Origin& o = impl.origins[it->second];
        return Status::InvalidInput(where + "duplicate place name '" + place->name + "' (first at " + o.file +
                                    ":" + std::to_string(o.line) + ")");
      }
      const uint32_t index = static_cast<uint32_t>(impl.places.size());
      impl.by_name.emplace(place->name, index);
      impl.origins.push_back({file.path, number});
      impl.places.push_back(std::move(place));
    }
  }

  for (uint32_t i = 0; i < impl.places.size(); ++i) {
    const Place& p = *impl.places[i];
    if (!p.parent.empty() && impl.by_name.count(p.parent) == 0) {
      return Status::InvalidInput(impl.origins[i].file + ":" + std::to_string(impl.origins[i].line) +
                                  ": unknown parent '" + p.parent + "' (not a place name)");
    }
    const int rank = TypeRank(p.type);
    impl.InsertSurface(p.name, i, false, rank);
    impl.AddKey(p.name, i, rank);
    for (const std::string& alias : p.aliases) {
      impl.InsertSurface(alias, i, false, 10 + rank);
      impl.AddKey(alias, i, 10 + rank);
    }
  }

  for (const TsvFile& file : demonym_files) {
    for (const auto& [number, line] : file.rows) {
      const std::string where = file.path + ":" + std::to_string(number) + ": ";
      std::vector<std::string_view> f = Split(line, '\t');
      if (f.size() != 2) {
        return Status::InvalidInput(where + "expected 2 tab-separated fields, found " + std::to_string(f.size()));
      }
      std::string_view demonym = Trim(f[0]), target = Trim(f[1]);
      if (demonym.empty()) return Status::InvalidInput(where + "empty demonym");
      auto it = impl.by_name.find(std::string(target));
      if (it == impl.by_name.end()) {
        return Status::InvalidInput(where + "demonym '" + std::string(demonym) + "' names unknown place '" +
                                    std::string(target) + "'");
      }
      impl.InsertSurface(std::string(demonym), it->second, true, 100);
    }
  }
  impl.Freeze();
  return g;
}

std::vector<PlaceMatch> Gazetteer::Find(std::string_view text) const {
  const Impl& impl = *impl_;
  std::vector<PlaceMatch> found;
  const size_t n = text.size();
  // One test per byte, without branches until a position passes it: a name starts at no word byte
  // that follows another, and only where its first two bytes are a name's.
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const uint64_t* pairs = impl.pair_filter.data();
  bool word_before = false;
  for (size_t i = 0; i < n; word_before = kWordBytes[bytes[i]], ++i) {
    const uint32_t pair = uint32_t{bytes[i]} << 8 | Impl::kFolded[i + 1 < n ? bytes[i + 1] : 0];
    if (!(!word_before & static_cast<bool>((pairs[pair / 64] >> (pair % 64)) & 1))) continue;
    if (!impl.PrefixMayStart(text, i)) continue;
    int32_t entry_index = -1;
    size_t end = impl.LongestAt(text, i, &entry_index);
    if (end == 0) continue;
    const Impl::Entry& entry = impl.entries[static_cast<size_t>(entry_index)];
    const Place& place = *impl.places[entry.place];
    PlaceMatch m;
    m.start = i;
    m.place = &place;
    m.demonym = entry.demonym;
    m.weak = entry.demonym;
    bool suffixed = false;
    if (!entry.demonym && AdminSuffixApplies(place)) {
      for (std::string_view suffix : kAdminSuffixes) {
        if (text.substr(end, suffix.size()) == suffix &&
            (end + suffix.size() == n || !IsWordByte(static_cast<unsigned char>(text[end + suffix.size()])))) {
          end += suffix.size();
          suffixed = true;
          break;
        }
      }
    }
    m.end = end;
    if (end < n && text[end] == '$') {  // "US$", "HK$": a currency, not a place
      i = end - 1;  // the loop goes on at `end`
      continue;
    }
    if (place.ambiguous && !entry.demonym && !suffixed) {
      const bool supported = impl.PrecededByLocative(text, i) || FollowedByPossessive(text, end) ||
                             impl.FollowedByRelated(text, end, place) ||
                             Impl::PrecededByRelated(text, i, found, place);
      if (!supported) {
        // After a determiner the word is a common noun ("A Reading in Political Economy").
        if (impl.AtSentenceStart(text, i) || PrecededByWordIn(text, i, kDeterminers)) {
          i = end - 1;
          continue;
        }
        m.weak = true;
      }
    }
    found.push_back(m);
    i = end - 1;
  }
  return found;
}

const Place* Gazetteer::Lookup(std::string_view name) const {
  std::string key = LookupKey(name);
  if (auto it = impl_->by_key.find(key); it != impl_->by_key.end()) return impl_->places[it->second.first].get();
  for (std::string_view suffix : kAdminSuffixes) {
    std::string lower_suffix = AsciiLower(suffix);
    if (key.size() > lower_suffix.size() && key.compare(key.size() - lower_suffix.size(), lower_suffix.size(),
                                                         lower_suffix) == 0) {
      auto it = impl_->by_key.find(key.substr(0, key.size() - lower_suffix.size()));
      if (it != impl_->by_key.end()) return impl_->places[it->second.first].get();
    }
  }
  return nullptr;
}

}  // namespace newsfacts
