// Output formatting shared by the commands that print facts and articles.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace newsfacts {

// A number as people write it in data files: integers without exponent or ".0" (1000000000000),
// other values with up to 15 significant digits (140.9, 0.28).
std::string FormatNumber(double value);

// printf into a std::string.
std::string Printf(const char* format, ...) __attribute__((format(printf, 1, 2)));

// One CSV field, quoted per RFC 4180 when it holds a comma, quote, CR or LF.
std::string CsvField(const std::string& field);

// Renders rows as a plain-text table with a header, each column as wide as its widest cell,
// cells longer than `max_width` characters (UTF-8 aware) cut with "…".
std::string RenderTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                        size_t max_width = 60);

}  // namespace newsfacts
