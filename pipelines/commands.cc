#include "pipelines/commands.h"

namespace newsfacts {

const std::vector<CommandSpec>& AllCommands() {
  static const std::vector<CommandSpec> kCommands = {
      {"ingest", "Ingest saved articles (files and folders, recursively) into the database", SetupIngestCommand},
      {"run", "The nightly job: fetch what is new from the configured sources and store its facts", SetupRunCommand},
      {"reprocess", "Re-parse and re-extract every archived response with the current rules", SetupReprocessCommand},
      {"facts", "List the stored facts (table, csv or jsonl)", SetupFactsCommand},
      {"parse", "Print each file as parsed: metadata and main text, one JSON object per line", SetupParseCommand},
      {"extract", "Print every mention and fact of a text as JSON lines", SetupExtractCommand},
      {"rules", "Test or check extraction rule files", SetupRulesCommand},
  };
  return kCommands;
}

}  // namespace newsfacts
