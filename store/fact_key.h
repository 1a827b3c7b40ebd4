// The normalised identity of a fact: the same fact worded slightly differently by two articles gets
// the same key, so it is stored once with two pieces of evidence.
#pragma once

#include <string>
#include <string_view>

#include "core/types.h"

namespace newsfacts {

// Lower-cases ASCII, collapses whitespace (and '|', the key separator) to one space, trims, drops
// one leading article ("the", "a", "an") and naively singularises the last word
// ("industries" -> "industry", "zones" -> "zone"; "ss", "us", "is" endings are kept).
std::string NormalizeMetric(std::string_view metric);

// Lower-case, whitespace-collapsed, trimmed text for unit and place.
std::string NormalizeKeyText(std::string_view text);

// A number as 12 significant digits, so that 0.1 + 0.2 and 0.3 give the same key; -0 is 0.
std::string FormatKeyNumber(double value);

// metric|value|value_max|unit|date|place, each part normalised as above ("" for no value_max).
std::string FactKey(const Fact& fact);

// kind|metric|unit|date|place: facts sharing it but not the key are revisions of each other
// (a target raised from 300 to 400 billion yuan). "" when the metric is empty: with no metric
// there is nothing to say two figures measure the same thing.
std::string RevisionKey(const Fact& fact);

}  // namespace newsfacts
