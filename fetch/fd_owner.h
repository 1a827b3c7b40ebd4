// Closes a POSIX file descriptor when it goes out of scope (internal to fetch/).
#pragma once

#include <unistd.h>

namespace newsfacts {

class FdOwner {
 public:
  explicit FdOwner(int fd) : fd_(fd) {}
  ~FdOwner() {
    if (fd_ >= 0) ::close(fd_);
  }
  FdOwner(const FdOwner&) = delete;
  FdOwner& operator=(const FdOwner&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace newsfacts
