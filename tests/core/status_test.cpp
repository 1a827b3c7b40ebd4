#include "core/status.h"

#include <catch2/catch.hpp>
#include <memory>

#include "core/types.h"

namespace newsfacts {
namespace {

TEST_CASE("Status carries a code and a message", "[core]") {
  CHECK(Status::Ok().ok());
  CHECK(Status::Ok().ToString() == "ok");
  const Status s = Status::InvalidInput("front-matter has no closing '---'");
  CHECK_FALSE(s.ok());
  CHECK(s.code() == Status::Code::kInvalidInput);
  CHECK(s.ToString() == "invalid input: front-matter has no closing '---'");
}

TEST_CASE("Result holds a value or an error, including move-only values", "[core]") {
  Result<std::unique_ptr<int>> good = std::make_unique<int>(7);
  REQUIRE(good.ok());
  CHECK(**good == 7);
  CHECK(good.status().ok());
  std::unique_ptr<int> taken = std::move(good).value();
  CHECK(*taken == 7);

  Result<int> bad = Status::NotFound("no such rule");
  CHECK_FALSE(bad.ok());
  CHECK(bad.status().code() == Status::Code::kNotFound);
  CHECK(bad.status().message() == "no such rule");
}

TEST_CASE("Enum names round-trip", "[core]") {
  for (Qualifier q : {Qualifier::kExact, Qualifier::kApprox, Qualifier::kOver, Qualifier::kUnder,
                      Qualifier::kAtLeast, Qualifier::kAtMost}) {
    CHECK(ParseQualifier(QualifierName(q)) == q);
  }
  CHECK(ParseFactKind("target") == FactKind::kTarget);
  CHECK(ParseFactKind("reported") == FactKind::kReported);
  CHECK_FALSE(ParseFactKind("guess").has_value());
  CHECK(std::string(QualifierName(Qualifier::kAtLeast)) == "at_least");
}

}  // namespace
}  // namespace newsfacts
