// Progress of a long ingest: a one-line bar redrawn in place on a terminal (files done / total,
// articles/s, ETA), plain lines every `line_interval` otherwise (cron mail, journald, pipes).
#pragma once

#include <chrono>
#include <cstdint>

namespace newsfacts {

class Progress {
 public:
  // `total` is the number of files expected, or -1 when unknown (no ETA then).
  Progress(bool terminal, int64_t total, std::chrono::seconds line_interval = std::chrono::seconds(30));

  // Called after each input; cheap when nothing is due.
  void Update(int64_t files_done, int64_t articles);
  // Clears the bar on a terminal.
  void Finish();

 private:
  void Draw(int64_t files_done, int64_t articles, std::chrono::steady_clock::time_point now);

  const bool terminal_;
  const int64_t total_;
  const std::chrono::steady_clock::duration interval_;
  const std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace newsfacts
