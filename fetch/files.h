// fetch/ file source: walks the folders given on the command line and reads files into
// RawDocuments, with limits and without ever leaving the folder a path came from.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace newsfacts {

struct FileWalkOptions {
  // Symlinks whose target lies outside the root folder are reported and skipped unless this is set.
  bool follow_symlinks_outside_root = false;
  // Files with these extensions (lower-case, no dot) are always taken; other files are taken only
  // when their first bytes look like front-matter ("---") or HTML. Hidden files and folders
  // (".git", ".DS_Store") are skipped.
  std::vector<std::string> extensions = {"txt", "md",  "markdown", "text",   "html",
                                         "htm", "xhtml", "warc",   "warc.gz"};
};

struct InputFile {
  std::string path;    // as it will be recorded: root-relative paths joined onto the root given
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

// A problem with one path (broken symlink, loop, unreadable folder): reported, the walk goes on.
struct WalkProblem {
  std::string path;
  std::string message;
};

// Visits every input file under `roots` (files or folders, recursively) in a stable order
// (sorted by name within each folder). Problems are reported through `on_problem`; returns
// non-ok only when a root itself does not exist or cannot be read.
struct WalkCounts {
  int64_t files = 0;
  int64_t skipped = 0;   // files that are not articles (wrong extension, hidden)
  int64_t problems = 0;
};
WalkCounts WalkInputs(const std::vector<std::string>& roots, const FileWalkOptions& options,
                      const std::function<void(const InputFile&)>& on_file,
                      const std::function<void(const WalkProblem&)>& on_problem);

// The lower-case extension of a file name without the dot ("html"); "warc.gz" for WARC archives.
std::string LowerExtension(const std::string& path);

// True for .warc and .warc.gz files, which hold many documents (read them with fetch/warc.h).
inline bool IsWarcPath(const std::string& path) {
  const std::string ext = LowerExtension(path);
  return ext == "warc" || ext == "warc.gz";
}

struct ReadOptions {
  // Files larger than this are refused with Status::TooLarge (default 64 MiB).
  uint64_t max_file_bytes = 64ull << 20;
};

// Reads a whole file into a RawDocument (source = path). Errors name the OS reason.
Result<RawDocument> ReadFileDocument(const std::string& path, const ReadOptions& options = {});

}  // namespace newsfacts
