#include "pipelines/progress.h"

#include <cstdio>

#include "pipelines/log.h"

namespace newsfacts {

Progress::Progress(bool terminal, int64_t total, std::chrono::seconds line_interval)
    : terminal_(terminal),
      total_(total),
      interval_(terminal ? std::chrono::steady_clock::duration(std::chrono::milliseconds(200))
                         : std::chrono::steady_clock::duration(line_interval)),
      started_(std::chrono::steady_clock::now()),
      last_draw_(started_) {}

void Progress::Update(int64_t files_done, int64_t articles) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < interval_) return;
  last_draw_ = now;
  Draw(files_done, articles, now);
}

void Progress::Draw(int64_t files_done, int64_t articles, std::chrono::steady_clock::time_point now) {
  const double seconds = std::chrono::duration<double>(now - started_).count();
  const double files_per_s = seconds > 0 ? files_done / seconds : 0;
  const double articles_per_s = seconds > 0 ? articles / seconds : 0;
  char eta[32] = "";
  if (total_ > 0 && files_per_s > 0 && files_done <= total_) {
    const long left = static_cast<long>((total_ - files_done) / files_per_s);
    std::snprintf(eta, sizeof eta, ", ETA %ld:%02ld", left / 60, left % 60);
  }
  if (terminal_) {
    const int width = 30;
    const int filled = total_ > 0 ? static_cast<int>(width * static_cast<double>(files_done) / total_) : 0;
    char bar[width + 1];
    for (int i = 0; i < width; ++i) bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    if (total_ > 0) {
      std::fprintf(stderr, "\r[%s] %lld/%lld files, %.0f articles/s%s   ", bar, static_cast<long long>(files_done),
                   static_cast<long long>(total_), articles_per_s, eta);
    } else {
      std::fprintf(stderr, "\r%lld files, %.0f articles/s   ", static_cast<long long>(files_done), articles_per_s);
    }
    std::fflush(stderr);
    drawn_ = true;
  } else {
    LogInfo("progress: " + std::to_string(files_done) + (total_ > 0 ? "/" + std::to_string(total_) : "") +
            " files, " + std::to_string(static_cast<long long>(articles_per_s)) + " articles/s" + eta);
  }
}

void Progress::Finish() {
  if (terminal_ && drawn_) std::fprintf(stderr, "\r%80s\r", "");
}

}  // namespace newsfacts
