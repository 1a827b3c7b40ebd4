#include "pipelines/log.h"

#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace newsfacts {
namespace {
Verbosity g_verbosity = Verbosity::kNormal;
bool g_timestamps = false;
std::mutex g_log_mutex;  // whole lines, even when worker threads log at once

void Emit(const char* level, const std::string& source, const std::string& message) {
  char stamp[32] = "";
  if (g_timestamps) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ ", &tm);
  }
  std::lock_guard<std::mutex> lock(g_log_mutex);
  if (source.empty()) {
    std::fprintf(stderr, "%snewsfacts: %s%s\n", stamp, level, message.c_str());
  } else {
    std::fprintf(stderr, "%snewsfacts: %s%s: %s\n", stamp, level, source.c_str(), message.c_str());
  }
}
}  // namespace

void SetVerbosity(Verbosity v) { g_verbosity = v; }
void SetTimestamps(bool on) { g_timestamps = on; }
Verbosity GetVerbosity() { return g_verbosity; }

void LogError(const std::string& source, const std::string& message) { Emit("error: ", source, message); }
void LogWarning(const std::string& source, const std::string& message) {
  if (g_verbosity != Verbosity::kQuiet) Emit("warning: ", source, message);
}
void LogInfo(const std::string& message) {
  if (g_verbosity != Verbosity::kQuiet) Emit("", "", message);
}
void LogDebug(const std::string& message) {
  if (g_verbosity == Verbosity::kVerbose) Emit("", "", message);
}

}  // namespace newsfacts
