#include "store/body_hash.h"

#include <xxhash.h>

#include <cstdio>

namespace newsfacts {

std::string NormalizeBodyForHash(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  bool pending_space = false;
  for (unsigned char c : body) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
  }
  return out;
}

std::string BodyHash(std::string_view body) {
  const std::string normalized = NormalizeBodyForHash(body);
  const XXH128_hash_t h = XXH3_128bits(normalized.data(), normalized.size());
  char hex[33];
  std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return std::string(hex, 32);
}

}  // namespace newsfacts
