// newsfacts: news articles in, a deduplicated SQLite database of facts out.
// main() only parses the command line, runs the chosen sub-command and exits with its code.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <vector>

#include "pipelines/commands.h"

int main(int argc, char** argv) {
  using newsfacts::CommandRunner;
  CLI::App app{"newsfacts: turns news articles into a deduplicated SQLite database of facts"};
  app.set_version_flag("--version", "newsfacts " NEWSFACTS_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 all fine, 1 some inputs failed (the rest were stored), 2 usage or configuration error, "
             "3 (run) another run holds the lock.");

  std::vector<std::pair<CLI::App*, CommandRunner>> runners;
  for (const newsfacts::CommandSpec& spec : newsfacts::AllCommands()) {
    CLI::App* sub = app.add_subcommand(spec.name, spec.summary);
    runners.emplace_back(sub, spec.setup(*sub));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    // --help and --version are successes; every other parse error is a usage error.
    return code == 0 ? newsfacts::kExitOk : newsfacts::kExitUsage;
  }
  try {
    for (auto& [sub, runner] : runners) {
      if (sub->parsed()) return runner();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "newsfacts: error: %s\n", e.what());
    return newsfacts::kExitSomeFailed;
  }
  return newsfacts::kExitUsage;
}
