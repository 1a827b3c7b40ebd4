#include "pipelines/log.h"

#include <cstdio>
#include <mutex>

namespace newsfacts {
namespace {
Verbosity g_verbosity = Verbosity::kNormal;
std::mutex g_log_mutex;  // whole lines, even when worker threads log at once

void Emit(const char* level, const std::string& source, const std::string& message) {
  std::lock_guard<std::mutex> lock(g_log_mutex);
  if (source.empty()) {
    std::fprintf(stderr, "newsfacts: %s%s\n", level, message.c_str());
  } else {
    std::fprintf(stderr, "newsfacts: %s%s: %s\n", level, source.c_str(), message.c_str());
  }
}
}  // namespace

void SetVerbosity(Verbosity v) { g_verbosity = v; }
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
