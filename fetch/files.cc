#include "fetch/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <system_error>
#include "fetch/fd_owner.h"

namespace newsfacts {
namespace fs = std::filesystem;
namespace {

}  // namespace

std::string LowerExtension(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name.size() > 8 && name.compare(name.size() - 8, 8, ".warc.gz") == 0) return "warc.gz";
  const size_t dot = name.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? "" : name.substr(dot + 1);
}

namespace {

// Sniffs the first bytes: front-matter or HTML files are articles whatever their extension.
bool LooksLikeArticle(const fs::path& p) {
  FdOwner fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return true;  // let the reader report why it cannot be read
  char head[512];
  const ssize_t n = ::read(fd.get(), head, sizeof head);
  if (n <= 0) return false;
  std::string s(head, static_cast<size_t>(n));
  if (s.rfind("\xEF\xBB\xBF", 0) == 0) s.erase(0, 3);
  if (s.rfind("---\n", 0) == 0 || s.rfind("---\r\n", 0) == 0) return true;
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  const size_t first = s.find_first_not_of(" \t\r\n");
  return first != std::string::npos &&
         (s.compare(first, 14, "<!doctype html") == 0 || s.compare(first, 5, "<html") == 0);
}

bool IsWithin(const fs::path& inner, const fs::path& root) {
  auto mismatch = std::mismatch(root.begin(), root.end(), inner.begin(), inner.end());
  return mismatch.first == root.end();
}

class Walker {
 public:
  Walker(const FileWalkOptions& options, const std::function<void(const InputFile&)>& on_file,
         const std::function<void(const WalkProblem&)>& on_problem)
      : options_(options), on_file_(on_file), on_problem_(on_problem) {}

  void WalkRoot(const std::string& root) {
    std::error_code ec;
    const fs::file_status status = fs::status(root, ec);
    if (ec || !fs::exists(status)) {
      Problem(root, "no such file or folder");
      return;
    }
    if (fs::is_regular_file(status)) {  // a file named explicitly is always taken
      TakeFile(fs::path(root));
      return;
    }
    if (!fs::is_directory(status)) {
      Problem(root, "not a regular file or folder");
      return;
    }
    const fs::path canonical_root = fs::canonical(root, ec);
    if (ec) {
      Problem(root, "cannot resolve folder: " + ec.message());
      return;
    }
    root_ = canonical_root;
    visited_dirs_.clear();
    visited_dirs_.insert(canonical_root);
    WalkDir(fs::path(root));
  }

  WalkCounts counts;

 private:
  void Problem(const std::string& path, const std::string& message) {
    ++counts.problems;
    on_problem_(WalkProblem{path, message});
  }

  void TakeFile(const fs::path& path) {
    std::error_code ec;
    InputFile file;
    file.path = path.string();
    file.size = fs::file_size(path, ec);
    if (ec) file.size = 0;
    struct stat st;
    if (::stat(path.c_str(), &st) == 0) {
      file.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    }
    ++counts.files;
    on_file_(file);
  }

  // Iterative depth-first walk in name order (a folder's entries sorted, sub-folders entered where
  // they sort): deep trees cannot overflow the stack and the order is stable across runs.
  void WalkDir(const fs::path& start) {
    std::vector<fs::directory_entry> pending;  // entries still to visit, the next one at the back
    ListInto(start, pending);
    while (!pending.empty()) {
      const fs::directory_entry entry = std::move(pending.back());
      pending.pop_back();
      const fs::path& p = entry.path();
      std::error_code sec;
      const bool is_link = entry.is_symlink(sec);
      fs::path target = p;
      if (is_link) {
        target = fs::canonical(p, sec);
        if (sec) {
          Problem(p.string(), sec.value() == ELOOP ? "symlink loop; not followed"
                                                   : "broken symlink (" + sec.message() + "); not followed");
          continue;
        }
        if (!options_.follow_symlinks_outside_root && !IsWithin(target, root_)) {
          Problem(p.string(), "symlink leads outside " + root_.string() + "; not followed");
          continue;
        }
      }
      const fs::file_status st = fs::status(target, sec);
      if (sec) {
        Problem(p.string(), "cannot stat: " + sec.message());
        continue;
      }
      if (fs::is_directory(st)) {
        const fs::path canonical_dir = is_link ? target : fs::canonical(p, sec);
        if (!sec && !visited_dirs_.insert(canonical_dir).second) {
          const fs::path real_parent = fs::canonical(p.parent_path(), sec);
          Problem(p.string(), !sec && IsWithin(real_parent, canonical_dir)
                                  ? "symlink loop (points to a folder above it); not followed"
                                  : "folder already visited through another path; not walked again");
          continue;
        }
        ListInto(p, pending);
      } else if (fs::is_regular_file(st)) {
        const std::string ext = LowerExtension(p.string());
        const bool known = std::find(options_.extensions.begin(), options_.extensions.end(), ext) !=
                           options_.extensions.end();
        if (known || LooksLikeArticle(p)) {
          TakeFile(p);
        } else {
          ++counts.skipped;
        }
      } else {
        ++counts.skipped;  // sockets, fifos, devices
      }
    }
  }

  // Appends the visible entries of `dir` to `pending` so that the first by name is popped first.
  void ListInto(const fs::path& dir, std::vector<fs::directory_entry>& pending) {
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] != '.') entries.push_back(*it);
    }
    if (ec) {
      Problem(dir.string(), "cannot read folder: " + ec.message());
      return;
    }
    std::sort(entries.begin(), entries.end(),
              [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() > b.path(); });
    pending.insert(pending.end(), std::make_move_iterator(entries.begin()), std::make_move_iterator(entries.end()));
  }

  const FileWalkOptions& options_;
  const std::function<void(const InputFile&)>& on_file_;
  const std::function<void(const WalkProblem&)>& on_problem_;
  fs::path root_;
  std::set<fs::path> visited_dirs_;
};

}  // namespace

WalkCounts WalkInputs(const std::vector<std::string>& roots, const FileWalkOptions& options,
                      const std::function<void(const InputFile&)>& on_file,
                      const std::function<void(const WalkProblem&)>& on_problem) {
  Walker walker(options, on_file, on_problem);
  for (const std::string& root : roots) walker.WalkRoot(root);
  return walker.counts;
}

Result<RawDocument> ReadFileDocument(const std::string& path, const ReadOptions& options) {
  FdOwner fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return Status::IoError(std::string("cannot open: ") + std::strerror(errno));
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return Status::IoError(std::string("cannot stat: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return Status::IoError("not a regular file");
  if (static_cast<uint64_t>(st.st_size) > options.max_file_bytes) {
    return Status::TooLarge("file is " + std::to_string(st.st_size) + " bytes, over the limit of " +
                            std::to_string(options.max_file_bytes) + " bytes");
  }
  RawDocument doc;
  doc.source = path;
  doc.body.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < doc.body.size()) {
    const ssize_t n = ::read(fd.get(), doc.body.data() + done, doc.body.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(std::string("cannot read: ") + std::strerror(errno));
    }
    if (n == 0) break;  // the file shrank while we read it
    done += static_cast<size_t>(n);
  }
  doc.body.resize(done);
  return doc;
}

}  // namespace newsfacts
