// Small text helpers shared by the parsers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsfacts {

// True when `text` holds only whitespace (ASCII, U+00A0, U+3000, U+200B, U+FEFF) or nothing.
bool IsBlank(std::string_view text);

// True when the first 8 KiB hold NUL bytes or mostly control characters (images, archives...).
// UTF-16/32 text also holds NULs: call HasUtf16Bom first when that matters.
bool LooksBinary(std::string_view bytes);

// Returns `bytes` with every invalid UTF-8 sequence (bad lead/continuation bytes, truncated
// sequences, overlong forms, surrogates, code points above U+10FFFF) replaced by U+FFFD, one
// replacement per maximal invalid subpart (as WHATWG/Unicode recommend), and a leading BOM removed.
std::string RepairUtf8(std::string_view bytes);

// True when `bytes` starts with a UTF-16 byte order mark (FF FE or FE FF).
bool HasUtf16Bom(std::string_view bytes);

// Converts BOM-prefixed UTF-16 (either byte order) to UTF-8; unpaired surrogates become U+FFFD.
// Returns `bytes` unchanged when there is no UTF-16 BOM.
std::string Utf16ToUtf8(std::string_view bytes);

// Trims ASCII whitespace, U+00A0, U+3000, U+200B and U+FEFF at both ends.
std::string_view Trim(std::string_view text);

// Number of code points in valid UTF-8 `text` (continuation bytes are not counted).
size_t CodePointCount(std::string_view text);


}  // namespace newsfacts
