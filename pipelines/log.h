// Plain log lines on stderr, one per event, prefixed so that cron mail and grep can find them.
#pragma once

#include <string>

namespace newsfacts {

enum class Verbosity { kQuiet, kNormal, kVerbose };

void SetVerbosity(Verbosity v);
// Prefix every line with the UTC time ("2026-11-23T02:15:03Z "): `run` logs for cron and journald.
void SetTimestamps(bool on);
Verbosity GetVerbosity();

// "newsfacts: error: <source>: <message>" (always printed, even with --quiet).
void LogError(const std::string& source, const std::string& message);
// "newsfacts: warning: <source>: <message>" (hidden by --quiet).
void LogWarning(const std::string& source, const std::string& message);
// "newsfacts: <message>" (hidden by --quiet).
void LogInfo(const std::string& message);
// Shown only with --verbose.
void LogDebug(const std::string& message);

}  // namespace newsfacts
