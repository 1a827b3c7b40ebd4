#include "parse/text_util.h"

#include <algorithm>
#include <cstdint>

namespace newsfacts {
namespace {

constexpr size_t kBinarySniffBytes = 8 * 1024;

// Length in bytes of the whitespace character starting at text[i], or 0 when there is none.
size_t SpaceLengthAt(std::string_view text, size_t i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  const std::string_view rest = text.substr(i);
  if (rest.rfind("\xc2\xa0", 0) == 0) return 2;      // U+00A0 no-break space
  if (rest.rfind("\xe3\x80\x80", 0) == 0) return 3;  // U+3000 ideographic space
  if (rest.rfind("\xe2\x80\x8b", 0) == 0) return 3;  // U+200B zero-width space
  if (rest.rfind("\xef\xbb\xbf", 0) == 0) return 3;  // U+FEFF BOM / zero-width no-break space
  return 0;
}

// Length of the whitespace character that ends just before text[end], or 0.
size_t SpaceLengthBefore(std::string_view text, size_t end) {
  for (size_t len : {size_t{1}, size_t{2}, size_t{3}}) {
    if (end >= len && SpaceLengthAt(text, end - len) == len) return len;
  }
  return 0;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

constexpr std::string_view kReplacement = "\xef\xbf\xbd";

}  // namespace

bool IsBlank(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t len = SpaceLengthAt(text, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

bool LooksBinary(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, kBinarySniffBytes);
  if (head.empty()) return false;
  size_t control = 0;
  for (const char ch : head) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == 0) return true;
    // Tab, LF, VT, FF, CR and ESC (ANSI colours in logs) occur in text files.
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1B) || c == 0x7F) {
      ++control;
    }
  }
  // Text has essentially no other control bytes; compressed or image data has about 12% of them.
  return control * 20 > head.size();
}

std::string RepairUtf8(std::string_view bytes) {
  if (bytes.rfind("\xef\xbb\xbf", 0) == 0) bytes.remove_prefix(3);
  std::string out;
  out.reserve(bytes.size());
  size_t i = 0;
  const size_t n = bytes.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      size_t run = i + 1;
      while (run < n && static_cast<unsigned char>(bytes[run]) < 0x80) ++run;
      out.append(bytes.substr(i, run - i));
      i = run;
      continue;
    }
    // Expected length and the allowed range of the second byte (Unicode Table 3-7), which rules
    // out overlong forms (C0, C1, E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and > U+10FFFF.
    size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    if (need == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    size_t len = 1;
    bool ok = true;
    for (; len < need; ++len) {
      if (i + len >= n) {
        ok = false;
        break;
      }
      const unsigned char cc = static_cast<unsigned char>(bytes[i + len]);
      const unsigned char min = len == 1 ? lo : 0x80;
      const unsigned char max = len == 1 ? hi : 0xBF;
      if (cc < min || cc > max) {
        ok = false;
        break;
      }
    }
    if (ok) {
      out.append(bytes.substr(i, need));
      i += need;
    } else {
      out += kReplacement;  // the maximal subpart bytes[i, i+len) is replaced once
      i += len;
    }
  }
  return out;
}

bool HasUtf16Bom(std::string_view bytes) {
  return bytes.rfind("\xff\xfe", 0) == 0 || bytes.rfind("\xfe\xff", 0) == 0;
}

std::string Utf16ToUtf8(std::string_view bytes) {
  if (!HasUtf16Bom(bytes)) return std::string(bytes);
  const bool little = static_cast<unsigned char>(bytes[0]) == 0xFF;
  std::string out;
  out.reserve(bytes.size());
  auto unit_at = [&](size_t i) -> uint32_t {
    const uint32_t a = static_cast<unsigned char>(bytes[i]);
    const uint32_t b = static_cast<unsigned char>(bytes[i + 1]);
    return little ? (a | (b << 8)) : ((a << 8) | b);
  };
  size_t i = 2;
  while (i + 1 < bytes.size()) {
    const uint32_t u = unit_at(i);
    i += 2;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 1 < bytes.size()) {
        const uint32_t low = unit_at(i);
        if (low >= 0xDC00 && low <= 0xDFFF) {
          i += 2;
          AppendUtf8(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), out);
          continue;
        }
      }
      out += kReplacement;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      out += kReplacement;
    } else {
      AppendUtf8(u, out);
    }
  }
  if (i < bytes.size()) out += kReplacement;  // odd trailing byte
  return out;
}

std::string_view Trim(std::string_view text) {
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t len = SpaceLengthAt(text, begin);
    if (len == 0) break;
    begin += len;
  }
  size_t end = text.size();
  while (end > begin) {
    const size_t len = SpaceLengthBefore(text, end);
    if (len == 0 || end - len < begin) break;
    end -= len;
  }
  return text.substr(begin, end - begin);
}

size_t CodePointCount(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace newsfacts
