// `newsfacts rules test [DIR]` runs every rule's examples; `newsfacts rules check [DIR]` compiles the
// rules and reports a bad one with file, rule id and RE2's error. Without DIR: the built-in rules.
// With DIR: the built-in rules plus DIR (as `--rules DIR` loads them), reporting DIR's rules.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "extract/extract.h"
#include "extract/rules.h"
#include "pipelines/commands.h"
#include "pipelines/log.h"

namespace newsfacts {
namespace {

struct RulesCommandOptions {
  std::string dir;
  std::string data_dir;
};

std::vector<std::string> Dirs(const RulesCommandOptions& o) {
  std::vector<std::string> dirs = {(o.data_dir.empty() ? DefaultDataDir() : o.data_dir) + "/rules"};
  if (!o.dir.empty()) dirs.push_back(o.dir);
  return dirs;
}

bool FromDir(const Rule& rule, const RulesCommandOptions& o) {
  return o.dir.empty() || rule.file.rfind(o.dir, 0) == 0;
}

int RunTest(const RulesCommandOptions& o) {
  Result<std::unique_ptr<RuleSet>> rules = RuleSet::Load(Dirs(o));
  if (!rules.ok()) {
    LogError("rules", rules.status().message());
    return kExitUsage;
  }
  int rules_passed = 0, rules_failed = 0, examples = 0;
  for (const RuleTestResult& r : TestRuleExamples(**rules)) {
    const Rule* rule = (*rules)->FindRule(r.rule_id);
    if (rule == nullptr || !FromDir(*rule, o)) continue;
    const int total = r.passed + r.failed;
    examples += total;
    std::cout << (r.failed == 0 ? "PASS " : "FAIL ") << r.rule_id << " (" << r.passed << "/" << total
              << " examples)\n";
    for (const std::string& f : r.failures) std::cout << "    " << f << '\n';
    (r.failed == 0 ? rules_passed : rules_failed)++;
  }
  std::cout << rules_passed << " rules passed, " << rules_failed << " failed (" << examples << " examples)\n";
  std::cout.flush();
  return rules_failed == 0 ? kExitOk : kExitSomeFailed;
}

int RunCheck(const RulesCommandOptions& o) {
  auto loaded = LoadRuleFiles(Dirs(o));
  if (!loaded.ok()) {
    LogError("rules", loaded.status().message());
    return kExitSomeFailed;
  }
  const size_t count = loaded->first.size();
  Result<std::unique_ptr<RuleSet>> rules = RuleSet::Compile(std::move(loaded->first), std::move(loaded->second));
  if (!rules.ok()) {
    LogError("rules", rules.status().message());
    return kExitSomeFailed;
  }
  size_t without_examples = 0;
  for (const Rule& r : (*rules)->rules()) {
    if (FromDir(r, o) && r.examples.empty()) {
      std::cout << "warning: " << r.file << ": rule " << r.id << " has no examples\n";
      ++without_examples;
    }
  }
  std::cout << "ok: " << count << " rules compiled";
  if (without_examples > 0) std::cout << " (" << without_examples << " without examples)";
  std::cout << '\n';
  return kExitOk;
}

}  // namespace

CommandRunner SetupRulesCommand(CLI::App& sub) {
  auto options = std::make_shared<RulesCommandOptions>();
  sub.require_subcommand(1);
  sub.add_option("--data-dir", options->data_dir, "Folder holding the built-in rules/ (default: built-in data)");
  CLI::App* test = sub.add_subcommand("test", "Run every rule's examples and print pass/fail per rule");
  test->add_option("dir", options->dir, "Extra rule folder to test (default: the built-in rules)");
  CLI::App* check = sub.add_subcommand("check", "Compile the rules; report a bad pattern with file, rule id and error");
  check->add_option("dir", options->dir, "Extra rule folder to check (default: the built-in rules)");
  return [options, test] { return test->parsed() ? RunTest(*options) : RunCheck(*options); };
}

}  // namespace newsfacts
