// Date strings found in metadata and header lines, normalised to ISO 8601.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsfacts {

// Parses one date/time expression as it appears in metadata or header lines and returns ISO 8601
// as precise as the text: "2023-05-19T14:27:00Z", "2024-04-06T07:03", "2024-07-19", "2019-09".
// Accepts ISO forms, "April 6, 2024 07:03", "Friday, July 19, 2024", "5 April 2024",
// "Apr. 5, 2024", RFC 2822 ("Fri, 19 Jul 2024 10:00:00 GMT"), "2024/04/05", "20240405",
// "2024年4月5日", "19.07.2024" (day first) and "19/07/2024" or "07/19/2024" when unambiguous.
// Time zones: Z/UTC/GMT -> "Z", numeric offsets -> "+08:00", US zone names mapped, ambiguous
// names (CST, IST) dropped. The whole of `text` (trimmed) must be the date, apart from trailing
// punctuation. Returns nullopt when `text` holds no complete date (a year alone is not a
// publication date; "April 5" without a year is not guessed) or an invalid one (2024-02-30).
std::optional<std::string> NormalizeDate(std::string_view text);

// Finds the first date inside a longer line ("Updated: April 6, 2024 07:03 Xinhua") and
// normalises it as NormalizeDate does.
std::optional<std::string> FindDateInLine(std::string_view line);

// Like FindDateInLine, and also reports the byte range [*begin, *end) of the date in `line`.
std::optional<std::string> FindDateInLine(std::string_view line, size_t* begin, size_t* end);

}  // namespace newsfacts
