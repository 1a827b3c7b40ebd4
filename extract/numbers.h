// Number text -> value: digits with separators and decimals, number words ("twenty-five",
// "a dozen", "half"), scale words and abbreviations ("1.5 bn", "3 lakh", "two million").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsfacts {

// Value of a number written in digits ("2,200", "140.9", ".08", "1 234 567", "1.3e6", "1.1^23",
// "1.3x10^6"), in words ("two", "ninety-nine", "one hundred and five", "a dozen", "half", "nought
// point eleven") or both ("3 hundred and 21", "6 crore and two hundred", "three lakh crore").
// nullopt when `text` is not a number.
std::optional<double> ParseNumberText(std::string_view text);

// Multiplier of a scale word or abbreviation: "thousand"/"k" 1e3, "million"/"mn"/"m" 1e6,
// "billion"/"bn"/"b" 1e9, "trillion"/"tn"/"t" 1e12, "lakh" 1e5, "crore" 1e7, "hundred" 100,
// "dozen"/"dz" 12; also "mil", "mm" 1e6 and "tln" 1e12. Stacked scales multiply ("lakh crore" 1e12).
// Case-insensitive; a trailing "s" ("millions") is accepted. nullopt otherwise.
std::optional<double> ScaleMultiplier(std::string_view word);

// Singular form of an English noun ("enterprises" -> "enterprise", "cities" -> "city",
// "data" -> "data"). Only the last word of `phrase` is changed.
std::string SingularNoun(std::string_view phrase);

}  // namespace newsfacts
