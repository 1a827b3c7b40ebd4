#include "fetch/url.h"

#include <catch2/catch.hpp>
#include <random>

namespace newsfacts {
namespace {

std::string Canon(const std::string& url) {
  Result<std::string> r = CanonicalizeUrl(url);
  REQUIRE(r.ok());
  return *r;
}

std::string Resolve(const std::string& base, const std::string& ref) {
  Result<std::string> r = ResolveUrl(base, ref);
  REQUIRE(r.ok());
  return *r;
}

TEST_CASE("ParseUrl splits an absolute URL into its parts", "[fetch][url]") {
  Result<Url> u = ParseUrl("  HTTPS://user:pw@News.Example.COM:8443/a/b?x=1&y=2#frag \n");
  REQUIRE(u.ok());
  CHECK(u->scheme == "https");
  CHECK(u->userinfo == "user:pw");
  CHECK(u->host == "news.example.com");
  CHECK(u->port == "8443");
  CHECK(u->path == "/a/b");
  CHECK(u->query == "x=1&y=2");
  CHECK(u->fragment == "frag");
  CHECK(u->Origin() == "https://news.example.com:8443");
  CHECK(u->PathAndQuery() == "/a/b?x=1&y=2");
  CHECK(u->ToString() == "https://user:pw@news.example.com:8443/a/b?x=1&y=2#frag");
}

TEST_CASE("ParseUrl handles IPv6 hosts, empty paths and unsafe bytes", "[fetch][url]") {
  Result<Url> v6 = ParseUrl("http://[::1]:8080");
  REQUIRE(v6.ok());
  CHECK(v6->host == "[::1]");
  CHECK(v6->port == "8080");
  CHECK(v6->path == "/");
  Result<Url> spaces = ParseUrl("http://example.com/a b/\xE4\xB8\xAD");
  REQUIRE(spaces.ok());
  CHECK(spaces->path == "/a%20b/%E4%B8%AD");
}

TEST_CASE("ParseUrl rejects non-http schemes and malformed URLs with a clear status", "[fetch][url]") {
  Result<Url> file = ParseUrl("file:///etc/passwd");
  REQUIRE_FALSE(file.ok());
  CHECK(file.status().code() == Status::Code::kUnsupported);
  CHECK(file.status().message().find("file:") != std::string::npos);
  CHECK(ParseUrl("ftp://example.com/x").status().code() == Status::Code::kUnsupported);
  CHECK(ParseUrl("javascript:alert(1)").status().code() == Status::Code::kUnsupported);
  CHECK(ParseUrl("/relative/path").status().code() == Status::Code::kInvalidInput);
  CHECK(ParseUrl("").status().code() == Status::Code::kInvalidInput);
  CHECK(ParseUrl("http://").status().code() == Status::Code::kInvalidInput);
  CHECK(ParseUrl("http:example.com").status().code() == Status::Code::kInvalidInput);
  CHECK(ParseUrl("http://example.com:99999/").status().code() == Status::Code::kInvalidInput);
  CHECK(ParseUrl("http://exa mple.com/").status().code() == Status::Code::kInvalidInput);
}

TEST_CASE("CanonicalizeUrl normalizes case, ports, fragments and tracking parameters", "[fetch][url]") {
  CHECK(Canon("HTTP://Example.COM:80") == "http://example.com/");
  CHECK(Canon("https://example.com:443/a#top") == "https://example.com/a");
  CHECK(Canon("https://example.com:8443/a") == "https://example.com:8443/a");
  CHECK(Canon("http://example.com/a/./b/../c") == "http://example.com/a/c");
  CHECK(Canon("http://example.com/%7euser/%2f") == "http://example.com/~user/%2F");
  CHECK(Canon("http://example.com/p?utm_source=x&id=7&UTM_Medium=y&fbclid=abc&gclid=z&b=2") ==
        "http://example.com/p?id=7&b=2");
  CHECK(Canon("http://example.com/p?utm_campaign=only") == "http://example.com/p");
  CHECK(Canon("http://example.com/Case/Kept?Q=Kept") == "http://example.com/Case/Kept?Q=Kept");
}

TEST_CASE("ResolveUrl follows RFC 3986 reference resolution", "[fetch][url]") {
  const std::string base = "http://a.example/b/c/d;p?q";
  CHECK(Resolve(base, "g") == "http://a.example/b/c/g");
  CHECK(Resolve(base, "./g") == "http://a.example/b/c/g");
  CHECK(Resolve(base, "g/") == "http://a.example/b/c/g/");
  CHECK(Resolve(base, "/g") == "http://a.example/g");
  CHECK(Resolve(base, "//g.example/x") == "http://g.example/x");
  CHECK(Resolve(base, "?y") == "http://a.example/b/c/d;p?y");
  CHECK(Resolve(base, "#s") == "http://a.example/b/c/d;p?q");
  CHECK(Resolve(base, "") == "http://a.example/b/c/d;p?q");
  CHECK(Resolve(base, "../g") == "http://a.example/b/g");
  CHECK(Resolve(base, "../../../../g") == "http://a.example/g");
  CHECK(Resolve(base, "https://other.example/z?utm_source=feed") == "https://other.example/z");
  CHECK(ResolveUrl(base, "mailto:someone@example.com").status().code() == Status::Code::kUnsupported);
  CHECK(ResolveUrl("not a url", "g").status().code() == Status::Code::kInvalidInput);
}

TEST_CASE("URL functions never fail on random bytes", "[fetch][url]") {
  std::mt19937 rng(7);
  const std::string alphabet = "htps:/?#[]@%.:-_~ aZ09\x01\xff&=";
  for (int i = 0; i < 2000; ++i) {
    std::string s = i % 2 ? "http://" : "";
    const int len = static_cast<int>(rng() % 40);
    for (int k = 0; k < len; ++k) s.push_back(alphabet[rng() % alphabet.size()]);
    Result<std::string> c = CanonicalizeUrl(s);
    if (c.ok()) {
      // The canonical form is stable and parses again.
      Result<std::string> again = CanonicalizeUrl(*c);
      REQUIRE(again.ok());
      CHECK(*again == *c);
    }
    (void)ResolveUrl("http://example.com/a/b", s);
    (void)HostOf(s);
  }
}

TEST_CASE("HostOf returns the lower-case host or nothing", "[fetch][url]") {
  CHECK(HostOf("https://WWW.Xinhuanet.com:443/english/x.htm") == "www.xinhuanet.com");
  CHECK(HostOf("file:///etc/passwd").empty());
  CHECK(HostOf("garbage").empty());
}

}  // namespace
}  // namespace newsfacts
