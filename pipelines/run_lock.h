// One `newsfacts run` at a time per database: an flock(2) on "<database>.lock". The kernel drops
// the lock when the process dies, so a killed run never leaves a stale lock behind.
#pragma once

#include <string>

#include "core/status.h"

namespace newsfacts {

class RunLock {
 public:
  // Takes the lock without waiting. Status::Busy when another process holds it (the message names
  // the lock file and the holder's pid).
  static Result<RunLock> Acquire(const std::string& database_path);

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&& other) noexcept;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  ~RunLock();

  const std::string& path() const { return path_; }

 private:
  RunLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

}  // namespace newsfacts
