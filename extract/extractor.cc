// The Extractor: rules + gazetteer loaded once; Extract() finds mentions paragraph by paragraph
// and assembles facts. No mutable state after Load(), so Extract() is safe from many threads.
#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "extract/extract.h"
#include "extract/facts.h"
#include "extract/gazetteer.h"
#include "extract/numbers.h"
#include "extract/rules.h"
#include "extract/sentences.h"

namespace newsfacts {
namespace {

class RuleExtractor final : public Extractor {
 public:
  RuleExtractor(std::unique_ptr<RuleSet> rules, std::unique_ptr<Gazetteer> gazetteer)
      : rules_(std::move(rules)), gazetteer_(std::move(gazetteer)) {
    for (const Place* p : gazetteer_->places()) {
      if (p->type == "country" && !p->country.empty()) country_names_.emplace(p->country, p->name);
    }
  }

  void ClearThreadCaches() const override { rules_->ClearThreadCache(); }

  Extraction Extract(const Article& article) const override {
    // Seed 000-like articles carry their text in the excerpt only.
    const std::string& text = article.body.empty() ? article.excerpt : article.body;
    Extraction out;
    ArticleContext context;
    context.published = article.published;

    std::vector<TextSpan> paragraphs = SplitParagraphs(text);
    // One pass of the rules and one of the gazetteer over the whole text (RuleSet::Find keeps
    // matches inside paragraphs); per-paragraph calls would cost more than the matching itself.
    std::string dateline_rule;
    out.mentions = rules_->Find(text, article.published);
    // "1e400" or a 500-digit figure overflows a double: no fact can hold it, and one such figure
    // must not make the store refuse the article's other facts.
    std::erase_if(out.mentions, [](const Mention& m) {
      return m.type == Mention::Type::kQuantity &&
             (!std::isfinite(m.quantity.value) || (m.quantity.value_max && !std::isfinite(*m.quantity.value_max)));
    });
    for (const Mention& m : out.mentions) {
      if (m.type != Mention::Type::kDate) continue;
      const Rule* rule = rules_->FindRule(m.rule);
      if (rule != nullptr && rule->dateline) {
        ReadDateline(m, &context);
        dateline_rule = m.rule;
        break;
      }
    }
    const size_t rule_mentions = out.mentions.size();
    std::vector<PlaceRef> places;
    for (const PlaceMatch& pm : gazetteer_->Find(text)) {
      {
        if (pm.place == nullptr) continue;
        PlaceRef ref{pm.start, pm.end, pm.place->name, pm.place->type, "", pm.weak};
        if (auto it = country_names_.find(pm.place->country); it != country_names_.end()) {
          ref.country_name = it->second;
        }
        // A place inside a quantity or date span ("Hong Kong dollars") is not a place mention.
        auto after = std::upper_bound(out.mentions.begin(), out.mentions.begin() + rule_mentions, ref.start,
                                      [](size_t pos, const Mention& m) { return pos < m.start; });
        if (after != out.mentions.begin()) {
          const Mention& m = *(after - 1);
          if (ref.end <= m.end && m.rule != dateline_rule) continue;
        }
        Mention m;
        m.type = Mention::Type::kPlace;
        m.start = ref.start;
        m.end = ref.end;
        m.text = text.substr(ref.start, ref.end - ref.start);
        m.rule = "gazetteer";
        m.place = ref.name;
        out.mentions.push_back(std::move(m));
        places.push_back(std::move(ref));
      }
    }
    // Both runs are in text order already (rules', then places'): merging them keeps a rule's
    // mention before a place starting at the same offset, as a stable sort would.
    std::inplace_merge(out.mentions.begin(), out.mentions.begin() + rule_mentions, out.mentions.end(),
                       [](const Mention& a, const Mention& b) { return a.start < b.start; });

    // The article's own place: the title's first firm place, else the body's.
    for (const PlaceMatch& pm : gazetteer_->Find(article.title)) {
      if (pm.place != nullptr && !pm.weak) {
        context.article_place = pm.place->name;
        if (pm.place->type == "country") context.article_country = pm.place->name;
        break;
      }
    }
    for (const PlaceRef& p : places) {
      if (p.weak) continue;
      if (context.article_place.empty()) context.article_place = p.name;
      if (context.article_country.empty() && p.type == "country") context.article_country = p.name;
    }
    out.facts = AssembleFacts(text, paragraphs, out.mentions, places, context);
    return out;
  }

 private:
  void ReadDateline(const Mention& m, ArticleContext* context) const {
    context->dateline_date = m.iso;
    const size_t comma = m.text.find(',');
    if (comma == std::string::npos) return;
    std::string name = m.text.substr(0, comma);
    name.erase(0, name.find_first_not_of(" \t\n"));
    if (const Place* place = gazetteer_->Lookup(name)) context->dateline_place = place->name;
  }

  std::unique_ptr<RuleSet> rules_;
  std::unique_ptr<Gazetteer> gazetteer_;
  std::map<std::string, std::string> country_names_;  // ISO 3166 code -> canonical country name
};

}  // namespace

Result<std::unique_ptr<Extractor>> Extractor::Load(const ExtractorOptions& options) {
  const std::string data_dir = options.data_dir.empty() ? DefaultDataDir() : options.data_dir;
  std::vector<std::string> dirs = {data_dir + "/rules"};
  dirs.insert(dirs.end(), options.extra_rule_dirs.begin(), options.extra_rule_dirs.end());
  Result<std::unique_ptr<RuleSet>> rules = RuleSet::Load(dirs);
  if (!rules.ok()) return rules.status();
  Result<std::unique_ptr<Gazetteer>> gazetteer = Gazetteer::Load(data_dir + "/gazetteer");
  if (!gazetteer.ok()) return gazetteer.status();
  return std::unique_ptr<Extractor>(new RuleExtractor(std::move(*rules), std::move(*gazetteer)));
}

}  // namespace newsfacts
