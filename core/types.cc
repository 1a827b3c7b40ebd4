#include "core/types.h"

namespace newsfacts {

const char* QualifierName(Qualifier q) {
  switch (q) {
    case Qualifier::kExact: return "exact";
    case Qualifier::kApprox: return "approx";
    case Qualifier::kOver: return "over";
    case Qualifier::kUnder: return "under";
    case Qualifier::kAtLeast: return "at_least";
    case Qualifier::kAtMost: return "at_most";
  }
  return "exact";
}

const char* FactKindName(FactKind k) { return k == FactKind::kTarget ? "target" : "reported"; }

const char* ProvenanceName(Provenance p) {
  switch (p) {
    case Provenance::kNone: return "none";
    case Provenance::kSentence: return "sentence";
    case Provenance::kParagraph: return "paragraph";
    case Provenance::kDateline: return "dateline";
    case Provenance::kArticle: return "article";
  }
  return "none";
}

std::optional<Qualifier> ParseQualifier(std::string_view name) {
  for (Qualifier q : {Qualifier::kExact, Qualifier::kApprox, Qualifier::kOver, Qualifier::kUnder,
                      Qualifier::kAtLeast, Qualifier::kAtMost}) {
    if (name == QualifierName(q)) return q;
  }
  return std::nullopt;
}

std::optional<FactKind> ParseFactKind(std::string_view name) {
  if (name == "target") return FactKind::kTarget;
  if (name == "reported") return FactKind::kReported;
  return std::nullopt;
}

}  // namespace newsfacts
