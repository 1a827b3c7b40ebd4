// Content identity of an article body, insensitive to whitespace and case differences.
#pragma once

#include <string>
#include <string_view>

namespace newsfacts {

// Lower-cases ASCII letters and collapses every run of whitespace to one space, trimming the ends,
// so that the same text saved with different wrapping hashes the same.
std::string NormalizeBodyForHash(std::string_view body);

// XXH3-128 of NormalizeBodyForHash(body) as 32 lowercase hex digits.
std::string BodyHash(std::string_view body);

}  // namespace newsfacts
