#include "fetch/files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "test_util.h"

namespace fs = std::filesystem;
using newsfacts::testing::TempDir;
using newsfacts::testing::WriteFile;

namespace newsfacts {
namespace {

struct Walked {
  std::vector<std::string> files;  // relative to the root
  std::vector<WalkProblem> problems;
  WalkCounts counts;
};

Walked Walk(const TempDir& dir, const FileWalkOptions& options = {}) {
  Walked w;
  const std::string root = dir.path().string();
  w.counts = WalkInputs(
      {root}, options,
      [&](const InputFile& f) { w.files.push_back(f.path.substr(root.size() + 1)); },
      [&](const WalkProblem& p) { w.problems.push_back(p); });
  return w;
}

TEST_CASE("WalkInputs visits article files recursively in name order", "[fetch][files]") {
  TempDir dir;
  WriteFile(dir.path() / "b.txt", "b");
  WriteFile(dir.path() / "a.html", "<html></html>");
  WriteFile(dir.path() / "sub/c.md", "c");
  WriteFile(dir.path() / "sub/deeper/d.TXT", "d");
  WriteFile(dir.path() / "photo.jpg", "\xff\xd8\xff");
  WriteFile(dir.path() / ".hidden/e.txt", "e");
  WriteFile(dir.path() / "noext-front-matter", "---\ntitle: x\n---\nbody\n");
  WriteFile(dir.path() / "noext-plain", "just some notes");

  const Walked w = Walk(dir);
  CHECK(w.files == std::vector<std::string>{"a.html", "b.txt", "noext-front-matter", "sub/c.md", "sub/deeper/d.TXT"});
  CHECK(w.counts.files == 5);
  CHECK(w.counts.skipped == 2);  // photo.jpg and noext-plain; hidden folders are not counted
  CHECK(w.problems.empty());
}

TEST_CASE("WalkInputs takes a file named explicitly whatever its extension", "[fetch][files]") {
  TempDir dir;
  WriteFile(dir.path() / "notes.dat", "text");
  std::vector<std::string> seen;
  std::vector<WalkProblem> problems;
  WalkInputs({dir / "notes.dat", dir / "missing.txt"}, {}, [&](const InputFile& f) { seen.push_back(f.path); },
             [&](const WalkProblem& p) { problems.push_back(p); });
  CHECK(seen == std::vector<std::string>{dir / "notes.dat"});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path == dir / "missing.txt");
  CHECK(problems[0].message == "no such file or folder");
}

TEST_CASE("WalkInputs reports a symlink loop once and goes on", "[fetch][files]") {
  TempDir dir;
  WriteFile(dir.path() / "a/one.txt", "1");
  WriteFile(dir.path() / "z.txt", "z");
  fs::create_directory_symlink("..", dir.path() / "a/loop");
  fs::create_symlink("self", dir.path() / "self");  // a link to itself: ELOOP

  const Walked w = Walk(dir);
  CHECK(w.files == std::vector<std::string>{"a/one.txt", "z.txt"});
  REQUIRE(w.problems.size() == 2);
  CHECK(w.problems[0].path == dir / "a/loop");
  CHECK_THAT(w.problems[0].message, Catch::Contains("symlink loop"));
  CHECK(w.problems[1].path == dir / "self");
  CHECK_THAT(w.problems[1].message, Catch::Contains("symlink loop"));
}

TEST_CASE("WalkInputs does not follow symlinks out of the root unless asked", "[fetch][files]") {
  TempDir outside;
  WriteFile(outside.path() / "secret.txt", "secret");
  TempDir dir;
  WriteFile(dir.path() / "in.txt", "in");
  fs::create_symlink(outside.path() / "secret.txt", dir.path() / "link.txt");
  fs::create_symlink(dir.path() / "in.txt", dir.path() / "inside-link.txt");

  Walked w = Walk(dir);
  CHECK(w.files == std::vector<std::string>{"in.txt", "inside-link.txt"});
  REQUIRE(w.problems.size() == 1);
  CHECK_THAT(w.problems[0].message, Catch::Contains("outside"));

  FileWalkOptions follow;
  follow.follow_symlinks_outside_root = true;
  w = Walk(dir, follow);
  CHECK(w.files == std::vector<std::string>{"in.txt", "inside-link.txt", "link.txt"});
  CHECK(w.problems.empty());
}

TEST_CASE("WalkInputs reports a dangling symlink", "[fetch][files]") {
  TempDir dir;
  fs::create_symlink(dir.path() / "gone.txt", dir.path() / "dangling.txt");
  const Walked w = Walk(dir);
  CHECK(w.files.empty());
  REQUIRE(w.problems.size() == 1);
  CHECK_THAT(w.problems[0].message, Catch::Contains("broken symlink"));
}

TEST_CASE("ReadFileDocument reads bytes exactly and enforces the size limit", "[fetch][files]") {
  TempDir dir;
  const std::string bytes("a\0b\xff\n", 5);
  WriteFile(dir.path() / "x.txt", bytes);
  Result<RawDocument> doc = ReadFileDocument(dir / "x.txt");
  REQUIRE(doc.ok());
  CHECK(doc->body == bytes);
  CHECK(doc->source == dir / "x.txt");
  CHECK(doc->url.empty());

  ReadOptions small;
  small.max_file_bytes = 4;
  Result<RawDocument> too_big = ReadFileDocument(dir / "x.txt", small);
  REQUIRE_FALSE(too_big.ok());
  CHECK(too_big.status().code() == Status::Code::kTooLarge);
}

TEST_CASE("ReadFileDocument names the OS reason for unreadable paths", "[fetch][files]") {
  TempDir dir;
  Result<RawDocument> missing = ReadFileDocument(dir / "missing.txt");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Status::Code::kIoError);
  CHECK_THAT(missing.status().message(), Catch::Contains("No such file"));

  fs::create_directory(dir.path() / "folder.txt");
  Result<RawDocument> folder = ReadFileDocument(dir / "folder.txt");
  REQUIRE_FALSE(folder.ok());
  CHECK_THAT(folder.status().message(), Catch::Contains("not a regular file"));

  // Permission bits do not stop root, so this part only runs as an ordinary user.
  if (::geteuid() != 0) {
    WriteFile(dir.path() / "locked.txt", "x");
    ::chmod((dir / "locked.txt").c_str(), 0);
    Result<RawDocument> locked = ReadFileDocument(dir / "locked.txt");
    REQUIRE_FALSE(locked.ok());
    CHECK_THAT(locked.status().message(), Catch::Contains("Permission denied"));
  }
}

}  // namespace
}  // namespace newsfacts
