// libFuzzer target: fetch/url.h. Canonical forms are fixed points (url_test.cpp's "never fail on
// random bytes" case states the same), and ResolveUrl returns canonical URLs.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fetch/url.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  newsfacts::Result<newsfacts::Url> parsed = newsfacts::ParseUrl(input);
  if (parsed.ok()) {
    NEWSFACTS_FUZZ_CHECK(parsed->scheme == "http" || parsed->scheme == "https");
    NEWSFACTS_FUZZ_CHECK(!parsed->host.empty());
    (void)parsed->Origin();
    (void)parsed->PathAndQuery();
  }

  newsfacts::Result<std::string> canonical = newsfacts::CanonicalizeUrl(input);
  if (canonical.ok()) {
    newsfacts::Result<std::string> again = newsfacts::CanonicalizeUrl(*canonical);
    NEWSFACTS_FUZZ_CHECK(again.ok() && *again == *canonical);
  }

  newsfacts::Result<std::string> resolved = newsfacts::ResolveUrl("https://example.com/a/b/c?q=1#f", input);
  if (resolved.ok()) {
    newsfacts::Result<std::string> again = newsfacts::CanonicalizeUrl(*resolved);
    NEWSFACTS_FUZZ_CHECK(again.ok() && *again == *resolved);
  }

  // The input as base: a line break splits base and reference.
  const size_t nl = input.find('\n');
  if (nl != std::string_view::npos) (void)newsfacts::ResolveUrl(input.substr(0, nl), input.substr(nl + 1));

  (void)newsfacts::HostOf(input);
  return 0;
}
