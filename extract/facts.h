// Fact assembly: from the mentions of an article (quantities, dates, places) to facts, sentence by
// sentence, with metric, kind (target / reported) and the date and place each fact belongs to,
// inherited from the paragraph, the dateline or the article when the sentence names none.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "extract/sentences.h"

namespace newsfacts {

// A place mention with what assembly needs from the gazetteer.
struct PlaceRef {
  size_t start = 0;
  size_t end = 0;
  std::string name;  // canonical
  std::string type;  // country, province, municipality, city, ...
  std::string country_name;  // canonical name of the country it lies in, or empty
  bool weak = false;
};

struct ArticleContext {
  std::string published;       // ISO 8601 or empty
  std::string dateline_date;   // ISO date of the dateline, or empty
  std::string dateline_place;  // canonical place of the dateline, or empty
  std::string article_place;   // the place the article is about (title, else first in body), or empty
  std::string article_country; // the country the article is about (for "the country's"), or empty
};

// `mentions` and `places` hold offsets into `text` and are sorted by start.
std::vector<Fact> AssembleFacts(std::string_view text, const std::vector<TextSpan>& paragraphs,
                                const std::vector<Mention>& mentions, const std::vector<PlaceRef>& places,
                                const ArticleContext& context);

// The metric a quantity measures, from the words around it in its sentence: "the scale of its AI
// core industry exceeding [1 trillion yuan]" -> "scale of the AI core industry". Counted nouns
// give their own noun phrase. `unit` may be filled in ("the number of related enterprises" ->
// "enterprise"). Empty when nothing fits. Exposed for tests.
std::string MetricFor(std::string_view text, TextSpan sentence, const Mention& quantity,
                      const std::vector<PlaceRef>& places, std::string* unit);

}  // namespace newsfacts
