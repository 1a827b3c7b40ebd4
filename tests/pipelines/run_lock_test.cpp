#include "pipelines/run_lock.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "test_util.h"

namespace newsfacts {
namespace {

// flock locks belong to open file descriptions, so a second Acquire in the same process conflicts
// just as another process would; the fork case checks the real cross-process behaviour.
TEST_CASE("RunLock admits one holder at a time and frees the lock when released", "[pipelines][lock]") {
  testing::TempDir dir;
  const std::string db = dir / "news.db";
  {
    Result<RunLock> first = RunLock::Acquire(db);
    REQUIRE(first.ok());
    CHECK(first->path() == db + ".lock");
    Result<RunLock> second = RunLock::Acquire(db);
    REQUIRE_FALSE(second.ok());
    CHECK(second.status().code() == Status::Code::kBusy);
    CHECK_THAT(second.status().message(), Catch::Contains("pid " + std::to_string(::getpid())));

    const pid_t child = ::fork();
    if (child == 0) _exit(RunLock::Acquire(db).ok() ? 0 : 7);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WEXITSTATUS(status) == 7);
  }
  CHECK(RunLock::Acquire(db).ok());
}

TEST_CASE("RunLock reports a folder it cannot write", "[pipelines][lock]") {
  Result<RunLock> lock = RunLock::Acquire("/nonexistent-dir/news.db");
  REQUIRE_FALSE(lock.ok());
  CHECK(lock.status().code() == Status::Code::kIoError);
  CHECK_THAT(lock.status().message(), Catch::Contains("/nonexistent-dir/news.db.lock"));
}

}  // namespace
}  // namespace newsfacts
