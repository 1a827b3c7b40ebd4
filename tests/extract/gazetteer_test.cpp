#include "extract/gazetteer.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

namespace newsfacts {
namespace {

const Gazetteer& RealGazetteer() {
  static const std::unique_ptr<Gazetteer> g = [] {
    auto loaded = Gazetteer::Load(std::string(NEWSFACTS_DATA_DIR) + "/gazetteer");
    if (!loaded.ok()) FAIL("cannot load the gazetteer: " << loaded.status().ToString());
    return std::move(loaded).value();
  }();
  return *g;
}

struct Found {
  std::string text;  // the matched span
  std::string name;  // canonical place
  bool weak;
};

std::vector<Found> FindIn(const std::string& text) {
  std::vector<Found> out;
  for (const PlaceMatch& m : RealGazetteer().Find(text)) {
    out.push_back({text.substr(m.start, m.end - m.start), m.place->name, m.weak});
  }
  return out;
}

std::vector<std::string> StrongNames(const std::string& text) {
  std::vector<std::string> out;
  for (const Found& f : FindIn(text)) {
    if (!f.weak) out.push_back(f.name);
  }
  return out;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("gazetteer loads the shipped data with the promised coverage") {
  const Gazetteer& g = RealGazetteer();
  std::set<std::string> iso_codes;
  size_t provincial = 0, prefecture_cities = 0, world_cities = 0;
  for (const Place* p : g.places()) {
    if (p->type == "country" || p->type == "territory" || p->type == "sar" ||
        (p->type == "province" && p->country != "CN")) {
      iso_codes.insert(p->country);
    }
    if (p->parent == "China" && (p->type == "province" || p->type == "municipality" ||
                                 p->type == "autonomous_region" || p->type == "sar")) {
      ++provincial;
    }
    if (p->type == "prefecture_city") ++prefecture_cities;
    if (p->type == "city" || p->type == "capital") ++world_cities;
  }
  iso_codes.erase("XK");  // Kosovo: a country, but not (yet) in ISO 3166-1
  CHECK(iso_codes.size() >= 249);
  CHECK(provincial == 34);
  CHECK(prefecture_cities >= 290);
  CHECK(world_cities >= 250);
  CHECK(g.size() == g.places().size());
}

TEST_CASE("gazetteer parents name loaded places and Chinese cities sit in provinces") {
  const Gazetteer& g = RealGazetteer();
  const Place* shenzhen = g.Lookup("Shenzhen");
  REQUIRE(shenzhen != nullptr);
  CHECK(shenzhen->parent == "Guangdong");
  CHECK(shenzhen->country == "CN");
  const Place* minhang = g.Lookup("Minhang District");
  REQUIRE(minhang != nullptr);
  CHECK(minhang->parent == "Shanghai");
  const Place* guangdong = g.Lookup("Guangdong");
  REQUIRE(guangdong != nullptr);
  CHECK(guangdong->type == "province");
  CHECK(guangdong->has_coordinates);
  CHECK(guangdong->lat == Approx(23.13).margin(0.5));
}

TEST_CASE("gazetteer names and aliases are unambiguous in the shipped data") {
  // A name or alias that resolves to another place hides a place: give one a qualified name instead.
  const Gazetteer& g = RealGazetteer();
  for (const Place* p : g.places()) {
    INFO(p->name);
    CHECK(g.Lookup(p->name) == p);
    for (const std::string& alias : p->aliases) {
      INFO(alias);
      CHECK(g.Lookup(alias) == p);
    }
  }
}

// Find skips the trie walk at word starts that no name's first bytes begin; that shortcut must never
// hide a name: every name and alias is found mid-sentence, at the very end of the text (fewer bytes
// than the shortcut reads), in capitals, and wrapped across lines.
TEST_CASE("gazetteer finds every name and alias wherever it stands") {
  const Gazetteer& g = RealGazetteer();
  size_t forms = 0;
  for (const Place* p : g.places()) {
    std::vector<std::string> surfaces = p->aliases;
    surfaces.push_back(p->name);
    for (const std::string& surface : surfaces) {
      std::string upper = surface, wrapped;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      for (char c : surface) wrapped += c == ' ' ? std::string(" \n\t ") : std::string(1, c);
      for (const std::string& form : {surface, upper, wrapped}) {
        for (const std::string& after : {std::string(" today."), std::string()}) {
          const std::string text = "They met in " + form + after;
          INFO(text);
          const std::vector<PlaceMatch> found = g.Find(text);
          REQUIRE(found.size() == 1);
          CHECK(found[0].start == 12);
          CHECK(found[0].end == 12 + form.size());
          CHECK(found[0].place == p);
          ++forms;
        }
      }
    }
  }
  CHECK(forms > 6000);
}

TEST_CASE("gazetteer matches are ordered, disjoint and inside the text for any bytes") {
  const Gazetteer& g = RealGazetteer();
  std::string text;
  uint32_t state = 12345;
  const std::string pieces[] = {"China", " ", "Shanghai", "\xE2\x80\x99s", ", ", "Reading", ".", "\n",
                                "U.S.", "$", "Province", "-", "Hong Kong", "\xE2", "\x80", "in", "Nice"};
  for (int i = 0; i < 20000; ++i) {
    state = state * 1103515245u + 12345u;
    if (state % 7 == 0) {
      text.push_back(static_cast<char>((state >> 8) & 0xFF));
    } else {
      text += pieces[(state >> 16) % (sizeof(pieces) / sizeof(pieces[0]))];
    }
  }
  const std::vector<PlaceMatch> found = g.Find(text);
  CHECK(found.size() > 100);
  size_t previous_end = 0;
  for (const PlaceMatch& m : found) {
    REQUIRE(m.place != nullptr);
    REQUIRE(m.start >= previous_end);
    REQUIRE(m.start < m.end);
    REQUIRE(m.end <= text.size());
    previous_end = m.end;
  }
  CHECK(g.Find("").empty());
  CHECK(g.Find("\xFF\xFE").empty());
}

TEST_CASE("gazetteer lookup resolves aliases case-insensitively") {
  const Gazetteer& g = RealGazetteer();
  auto name_of = [&](const char* s) -> std::string {
    const Place* p = g.Lookup(s);
    return p == nullptr ? "(none)" : p->name;
  };
  CHECK(name_of("PRC") == "China");
  CHECK(name_of("mainland China") == "China");
  CHECK(name_of("people's republic of china") == "China");
  CHECK(name_of("U.S.") == "United States");
  CHECK(name_of("usa") == "United States");
  CHECK(name_of("Hong Kong SAR") == "Hong Kong");
  CHECK(name_of("Macau") == "Macao");
  CHECK(name_of("UK") == "United Kingdom");
  CHECK(name_of("Republic of Korea") == "South Korea");
  CHECK(name_of("Guangdong Province") == "Guangdong");
  CHECK(name_of("Inner Mongolia Autonomous Region") == "Inner Mongolia");
  CHECK(name_of("Xiong’an New Area") == "Xiong'an New Area");
  CHECK(name_of("Greater Bay Area") == "Guangdong-Hong Kong-Macao Greater Bay Area");
  CHECK(name_of("Atlantis") == "(none)");
  CHECK(g.Lookup("Chinese") == nullptr);  // demonyms are match-only evidence, not names
}

TEST_CASE("gazetteer finds the provinces of a seed sentence and the demonym as weak") {
  auto found = FindIn("Other Chinese regions such as Guangdong, Shanghai, Jiangsu, Anhui, and Sichuan");
  REQUIRE(found.size() == 6);
  CHECK(found[0].text == "Chinese");
  CHECK(found[0].name == "China");
  CHECK(found[0].weak);
  CHECK(StrongNames("Other Chinese regions such as Guangdong, Shanghai, Jiangsu, Anhui, and Sichuan") ==
        Names{"Guangdong", "Shanghai", "Jiangsu", "Anhui", "Sichuan"});
}

TEST_CASE("gazetteer handles possessives and district names") {
  CHECK(StrongNames("The city of Shenzhen in Guangdong") == Names{"Shenzhen", "Guangdong"});
  auto found = FindIn("Maqiao, located in Shanghai\xE2\x80\x99s Minhang District, is");
  REQUIRE(found.size() == 3);
  CHECK(found[0].name == "Maqiao");
  CHECK(found[1].text == "Shanghai");
  CHECK(found[2].text == "Minhang District");
  CHECK(found[2].name == "Minhang District");
  CHECK(StrongNames("Shanghai's Minhang District") == Names{"Shanghai", "Minhang District"});
}

TEST_CASE("gazetteer prefers the region over the places inside its name") {
  const std::string text =
      "the Beijing-Tianjin-Hebei region, the Yangtze River Economic Belt, the Guangdong-Hong Kong-Macao "
      "Greater Bay Area and the integration of the Yangtze River Delta";
  CHECK(StrongNames(text) == Names{"Beijing-Tianjin-Hebei", "Yangtze River Economic Belt",
                                   "Guangdong-Hong Kong-Macao Greater Bay Area", "Yangtze River Delta"});
  auto found = FindIn(text);
  REQUIRE(found.size() == 4);
  CHECK(found[0].text == "Beijing-Tianjin-Hebei region");
  CHECK(found[2].text == "Guangdong-Hong Kong-Macao Greater Bay Area");
  // Typographic dashes are the same name.
  CHECK(StrongNames("the Beijing\xE2\x80\x93Tianjin\xE2\x80\x93Hebei region") == Names{"Beijing-Tianjin-Hebei"});
}

TEST_CASE("gazetteer maps administrative suffixes to the known place") {
  auto found = FindIn("Guangdong Province and Hefei City, Chongqing Municipality, Guangxi Zhuang Autonomous "
                      "Region, and Shenzhen city");
  REQUIRE(found.size() == 5);
  CHECK(found[0].text == "Guangdong Province");
  CHECK(found[0].name == "Guangdong");
  CHECK(found[1].text == "Hefei City");
  CHECK(found[1].name == "Hefei");
  CHECK(found[2].name == "Chongqing");
  CHECK(found[3].name == "Guangxi");
  CHECK(found[4].text == "Shenzhen city");
  CHECK(StrongNames("Jilin City is not Jilin Province") == Names{"Jilin City", "Jilin"});
  CHECK(StrongNames("the Shenzhen Special Economic Zone and Tibet autonomous region") == Names{"Shenzhen", "Tibet"});
  CHECK(StrongNames("Chinese Taipei") == Names{"Taiwan"});  // a longer real name beats the demonym
}

TEST_CASE("gazetteer matching is case-sensitive except for headlines in capitals") {
  CHECK(StrongNames("fine china and porcelain").empty());
  CHECK(StrongNames("CHINA TO BUILD 20 PILOT ZONES") == Names{"China"});
  CHECK(StrongNames("U.S.-China trade and the US economy, not USD") == Names{"United States", "China",
                                                                            "United States"});
  CHECK(StrongNames("Beijingers and Sichuanese").empty());  // word boundaries
  CHECK(StrongNames("US$100 and HK$5 in the US") == Names{"United States"});  // currencies are not places
}

TEST_CASE("gazetteer aliases resolve inside text") {
  CHECK(StrongNames("the PRC and mainland China, Hong Kong SAR and Macau") ==
        Names{"China", "China", "Hong Kong", "Macao"});
  CHECK(StrongNames("Mainland China reported") == Names{"China"});
  CHECK(StrongNames("Xi\xE2\x80\x99" "an and Xiong'an") == Names{"Xi'an", "Xiong'an New Area"});
  CHECK(StrongNames("the Yangtze River\nDelta") == Names{"Yangtze River Delta"});  // wrapped line
}

TEST_CASE("gazetteer ambiguous names need context") {
  CHECK(FindIn("Reading the report, analysts agreed.").empty());
  CHECK(FindIn("Nice work by the team.").empty());
  CHECK(FindIn("Mobile phones sold well.").empty());
  CHECK(FindIn("Turkey prices rose.").empty());
  CHECK(StrongNames("He moved to Reading in 2019.") == Names{"Reading"});
  CHECK(StrongNames("The office in Nice opened.") == Names{"Nice"});
  CHECK(StrongNames("a summit held in Nice, France.") == Names{"Nice", "France"});
  CHECK(StrongNames("Flights from Mobile, Alabama were cancelled.") == Names{"Mobile", "Alabama"});
  CHECK(StrongNames("Turkey's central bank") == Names{"Turkey"});  // a possessive marks a proper noun
  CHECK(FindIn("\"Blockchains - A Reading in Political Economy\"").empty());  // after a determiner
  // Mid-sentence without context: found, but weak.
  auto found = FindIn("Officials said Jordan would attend.");
  REQUIRE(found.size() == 1);
  CHECK(found[0].name == "Jordan");
  CHECK(found[0].weak);
  CHECK(StrongNames("Tbilisi, Georgia hosted it") == Names{"Tbilisi", "Georgia"});
}

TEST_CASE("gazetteer demonyms and loose names are weak only") {
  auto found = FindIn("Chinese and American firms; America and Korea");
  REQUIRE(found.size() == 4);
  for (const Found& f : found) CHECK(f.weak);
  CHECK(found[0].name == "China");
  CHECK(found[1].name == "United States");
  CHECK(found[2].name == "United States");
  CHECK(found[3].name == "South Korea");
  for (const PlaceMatch& m : RealGazetteer().Find("Chinese")) CHECK(m.demonym);
  auto sino = FindIn("Sino-US ties");
  REQUIRE(sino.size() == 2);
  CHECK(sino[0].name == "China");
  CHECK(sino[0].weak);
  CHECK(sino[1].name == "United States");
  CHECK_FALSE(sino[1].weak);
  // The demonym never hides a longer real name.
  CHECK(StrongNames("South Korean officials in South Korea") == Names{"South Korea"});
}

TEST_CASE("gazetteer Find is thread-safe on a shared instance") {
  const Gazetteer& g = RealGazetteer();
  const std::string text = "Shenzhen in Guangdong, Hefei in Anhui, and the Yangtze River Delta. ";
  std::vector<size_t> counts(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < counts.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) counts[t] += g.Find(text).size();
    });
  }
  for (auto& th : threads) th.join();
  for (size_t c : counts) CHECK(c == 200u * 5u);
}

TEST_CASE("gazetteer reports malformed files with file and line") {
  testing::TempDir dir;
  const std::string header = "name\taliases\ttype\tcountry\tparent\tlat\tlon\tambiguous\n";

  testing::WriteFile(dir / "places.tsv", "# comment\n" + header + "Testland\t\tcountry\tTL\t\t\t\t0\n" +
                                             "Broken\tcountry\tTL\n");
  auto bad_columns = Gazetteer::Load(dir.path().string());
  REQUIRE_FALSE(bad_columns.ok());
  CHECK(bad_columns.status().message().find("places.tsv:4") != std::string::npos);
  CHECK(bad_columns.status().message().find("8 tab-separated fields") != std::string::npos);

  testing::WriteFile(dir / "places.tsv", header + "Testland\t\tcountry\tTL\t\tnorth\t10\t0\n");
  auto bad_coords = Gazetteer::Load(dir.path().string());
  REQUIRE_FALSE(bad_coords.ok());
  CHECK(bad_coords.status().message().find("places.tsv:2") != std::string::npos);

  testing::WriteFile(dir / "places.tsv", header + "Testville\t\tcity\tTL\tNowhere\t\t\t0\n");
  auto bad_parent = Gazetteer::Load(dir.path().string());
  REQUIRE_FALSE(bad_parent.ok());
  CHECK(bad_parent.status().message().find("unknown parent 'Nowhere'") != std::string::npos);

  testing::WriteFile(dir / "places.tsv", header + "Testland\t\tcountry\tTL\t\t\t\t0\nTestland\t\tcity\t\t\t\t\t0\n");
  auto duplicate = Gazetteer::Load(dir.path().string());
  REQUIRE_FALSE(duplicate.ok());
  CHECK(duplicate.status().message().find("places.tsv:3: duplicate place name 'Testland'") != std::string::npos);

  testing::WriteFile(dir / "places.tsv", header + "Testland\tTL land\tcountry\tTL\t\t1.5\t2.5\t0\n");
  testing::WriteFile(dir / "demonyms.tsv", "demonym\tplace\nTestlandic\tNowhere\n");
  auto bad_demonym = Gazetteer::Load(dir.path().string());
  REQUIRE_FALSE(bad_demonym.ok());
  CHECK(bad_demonym.status().message().find("demonyms.tsv:2") != std::string::npos);

  testing::WriteFile(dir / "demonyms.tsv", "demonym\tplace\nTestlandic\tTestland\n");
  auto good = Gazetteer::Load(dir.path().string());
  REQUIRE(good.ok());
  CHECK((*good)->size() == 1);
  auto matches = (*good)->Find("Testlandic people of TL land");
  REQUIRE(matches.size() == 2);
  CHECK(matches[0].weak);
  CHECK_FALSE(matches[1].weak);

  auto missing = Gazetteer::Load((dir / "absent"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Status::Code::kNotFound);
}

}  // namespace newsfacts
