// The plain structs that flow one way through the stages:
//   fetch/ -> RawDocument -> parse/ -> Article -> extract/ -> Extraction (mentions, facts) -> store/
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsfacts {

// Bytes as they arrived, before any interpretation.
struct RawDocument {
  std::string source;        // file path or URL as given by the user or the feed
  std::string url;           // final URL after redirects; empty for local files
  std::string content_type;  // HTTP Content-Type when known, else empty
  std::string body;          // the raw bytes, any charset
};

struct RelatedLink {
  std::string title;
  std::string url;
  std::string published;  // ISO 8601 or empty
};

// A parsed article: clean UTF-8 text plus metadata.
struct Article {
  std::string source;                    // path or URL the bytes came from (RawDocument::source)
  std::string format;                    // "front-matter", "text" or "html"
  std::string url;                       // canonical URL; empty when unknown
  std::vector<std::string> url_aliases;  // every other URL naming this article (AMP, CDN, ...)
  std::string title;
  std::string excerpt;
  std::string published;                 // ISO 8601, as precise as known ("2024-04-06T07:03:00"); empty if unknown
  std::string author;
  std::string language;                  // BCP 47 tag when known ("en"), else empty
  std::string site_name;                 // provider / source name
  std::vector<std::string> topics;
  std::vector<RelatedLink> related;
  std::string body;                      // main text; paragraphs separated by one blank line ("\n\n")
};

enum class Qualifier { kExact, kApprox, kOver, kUnder, kAtLeast, kAtMost };
enum class FactKind { kTarget, kReported };
// Where a fact's date or place came from, when the sentence itself does not name it.
enum class Provenance { kNone, kSentence, kParagraph, kDateline, kArticle };

const char* QualifierName(Qualifier q);      // "exact", "approx", "over", "under", "at_least", "at_most"
const char* FactKindName(FactKind k);        // "target", "reported"
const char* ProvenanceName(Provenance p);    // "none", "sentence", "paragraph", "dateline", "article"
std::optional<Qualifier> ParseQualifier(std::string_view name);
std::optional<FactKind> ParseFactKind(std::string_view name);

struct Quantity {
  double value = 0;
  std::optional<double> value_max;  // set for ranges ("two to three" -> 2, 3)
  std::string unit;                 // ISO 4217 code, "percent", "percentage point", a singular counted noun, or ""
  Qualifier qualifier = Qualifier::kExact;
};

// A span the extractor recognised in Article::body (byte offsets, UTF-8).
struct Mention {
  // kUnit: a unit named without a figure ("How do I calculate a percentage?", "the % of increase");
  // only quantity.unit is set. It never becomes a fact.
  enum class Type { kQuantity, kDate, kPlace, kUnit };
  Type type = Type::kQuantity;
  size_t start = 0;
  size_t end = 0;
  std::string text;
  std::string rule;       // id of the rule (or "gazetteer") that produced it
  Quantity quantity;      // kQuantity; kUnit: its unit only
  std::string iso;        // kDate: ISO 8601 as precise as the text ("2030", "2019-09"); empty if unresolved
  bool unresolved = false;  // kDate: relative expression with no publication date to resolve against
  bool is_target_year = false;  // kDate: "by 2030", "by the end of 2025"
  std::string place;      // kPlace: canonical gazetteer name
};

struct Fact {
  FactKind kind = FactKind::kReported;
  std::string metric;                   // short noun phrase measured ("scale of the AI core industry")
  Quantity quantity;
  std::optional<Quantity> alternative;  // parenthetical equivalent ("(about 140.9 billion U.S. dollars)")
  std::string date;                     // ISO 8601 as precise as the text; empty when unknown
  std::string place;                    // canonical place name; empty when unknown
  Provenance date_from = Provenance::kNone;
  Provenance place_from = Provenance::kNone;
  std::string sentence;                 // the sentence stating it
  size_t sentence_start = 0;            // byte offsets of the sentence in Article::body
  size_t sentence_end = 0;
  size_t quantity_start = 0;            // byte offsets of the quantity mention in Article::body
  size_t quantity_end = 0;
  std::string rule;                     // rule id that matched the quantity
};

struct Extraction {
  std::vector<Mention> mentions;
  std::vector<Fact> facts;
};

}  // namespace newsfacts
