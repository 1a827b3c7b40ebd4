// Runs the built newsfacts executable as a user would, capturing exit code, stdout and stderr.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "test_util.h"

namespace newsfacts::testing {

struct CommandOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ShellQuote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// Runs NEWSFACTS_BINARY with `args`; output files live in `scratch`.
inline CommandOutput RunNewsfacts(const std::vector<std::string>& args, const TempDir& scratch) {
  std::string command = ShellQuote(NEWSFACTS_BINARY);
  for (const std::string& a : args) command += " " + ShellQuote(a);
  const std::string out_path = scratch / "stdout.txt";
  const std::string err_path = scratch / "stderr.txt";
  command += " >" + ShellQuote(out_path) + " 2>" + ShellQuote(err_path);
  const int status = std::system(command.c_str());
  CommandOutput result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadWholeFile(out_path);
  result.err = ReadWholeFile(err_path);
  return result;
}

}  // namespace newsfacts::testing
