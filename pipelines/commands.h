// The sub-commands of the newsfacts executable. Each one adds its options to a CLI11 sub-command
// and returns the function main() runs when that sub-command is chosen; only main() exits.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace newsfacts {

// Documented exit codes (README "Exit codes").
enum ExitCode : int {
  kExitOk = 0,           // everything worked
  kExitSomeFailed = 1,   // some inputs failed (recorded as errors); the rest were processed
  kExitUsage = 2,        // usage or configuration error; nothing was done
  kExitLocked = 3,       // `run`: another run holds the database lock; nothing was done
};

using CommandRunner = std::function<int()>;

struct CommandSpec {
  const char* name;
  const char* summary;
  CommandRunner (*setup)(CLI::App& sub);
};

// The table main() registers, in the order --help lists them.
const std::vector<CommandSpec>& AllCommands();

CommandRunner SetupIngestCommand(CLI::App& sub);   // ingest.cc
CommandRunner SetupFactsCommand(CLI::App& sub);    // facts_command.cc
CommandRunner SetupParseCommand(CLI::App& sub);    // parse_command.cc
CommandRunner SetupExtractCommand(CLI::App& sub);  // extract_command.cc
CommandRunner SetupRulesCommand(CLI::App& sub);    // rules_command.cc
CommandRunner SetupRunCommand(CLI::App& sub);      // run_command.cc
CommandRunner SetupReprocessCommand(CLI::App& sub);  // ingest.cc

}  // namespace newsfacts
