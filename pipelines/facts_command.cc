// `newsfacts facts`: the stored facts in the export contract of DESIGN.md.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "pipelines/commands.h"
#include "pipelines/format.h"
#include "pipelines/log.h"
#include "store/store.h"

namespace newsfacts {
namespace {

struct FactsOptions {
  std::string db = "newsfacts.db";
  std::string place;
  int year = 0;
  std::string kind;
  std::string format = "table";
  bool changes = false;
};

nlohmann::ordered_json ToJson(const FactRow& f) {
  nlohmann::ordered_json j;
  j["kind"] = f.kind;
  j["metric"] = f.metric;
  j["value"] = f.value;
  j["value_max"] = f.value_max ? nlohmann::ordered_json(*f.value_max) : nlohmann::ordered_json(nullptr);
  j["unit"] = f.unit;
  j["qualifier"] = f.qualifier;
  j["date"] = f.date.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(f.date);
  j["place"] = f.place.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(f.place);
  j["sentence"] = f.sentence;
  j["article"] = f.article;
  j["evidence"] = f.evidence;
  return j;
}

std::string ValueText(const FactRow& f) {
  std::string text = FormatNumber(f.value);
  if (f.value_max) text += "-" + FormatNumber(*f.value_max);
  return text;
}

// `facts --changes`: the same metric, place and date stated with a different value later.
int PrintChanges(Store& store, const FactQuery& query, const std::string& format) {
  Result<std::vector<FactRevision>> revisions = store.QueryRevisions(query);
  if (!revisions.ok()) {
    LogError("", revisions.status().message());
    return kExitSomeFailed;
  }
  if (format == "jsonl") {
    for (const FactRevision& r : *revisions) {
      nlohmann::ordered_json j;
      j["older"] = ToJson(r.older);
      j["newer"] = ToJson(r.newer);
      std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
  } else if (format == "csv") {
    std::cout << "kind,metric,unit,date,place,old_value,new_value,old_article,new_article\n";
    for (const FactRevision& r : *revisions) {
      std::cout << CsvField(r.newer.kind) << ',' << CsvField(r.newer.metric) << ',' << CsvField(r.newer.unit) << ','
                << CsvField(r.newer.date) << ',' << CsvField(r.newer.place) << ',' << ValueText(r.older) << ','
                << ValueText(r.newer) << ',' << CsvField(r.older.article) << ',' << CsvField(r.newer.article) << '\n';
    }
  } else {
    std::vector<std::vector<std::string>> table;
    for (const FactRevision& r : *revisions) {
      table.push_back({r.newer.kind, r.newer.metric, r.newer.unit, r.newer.date, r.newer.place, ValueText(r.older),
                       ValueText(r.newer)});
    }
    std::cout << RenderTable({"kind", "metric", "unit", "date", "place", "was", "now"}, table);
    std::cout << revisions->size() << (revisions->size() == 1 ? " change\n" : " changes\n");
  }
  std::cout.flush();
  return std::cout ? kExitOk : kExitSomeFailed;
}

int RunFacts(const FactsOptions& options) {
  StoreOptions store_options;
  store_options.read_only = true;
  Result<std::unique_ptr<Store>> store = Store::Open(options.db, store_options);
  if (!store.ok()) {
    LogError(options.db, store.status().message());
    return kExitUsage;
  }
  FactQuery query;
  if (!options.place.empty()) query.place = options.place;
  if (options.year != 0) query.year = options.year;
  if (!options.kind.empty()) query.kind = ParseFactKind(options.kind);
  if (options.changes) return PrintChanges(**store, query, options.format);
  Result<std::vector<FactRow>> rows = (*store)->QueryFacts(query);
  if (!rows.ok()) {
    LogError(options.db, rows.status().message());
    return kExitSomeFailed;
  }

  const char* kColumns[] = {"kind", "metric", "value", "value_max", "unit", "qualifier",
                            "date", "place", "sentence", "article", "evidence"};
  if (options.format == "jsonl") {
    // error_handler::replace: bytes that are not UTF-8 never abort the export.
    for (const FactRow& f : *rows) {
      std::cout << ToJson(f).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
  } else if (options.format == "csv") {
    std::string line;
    for (const char* c : kColumns) line += std::string(line.empty() ? "" : ",") + c;
    std::cout << line << '\n';
    for (const FactRow& f : *rows) {
      std::cout << CsvField(f.kind) << ',' << CsvField(f.metric) << ',' << FormatNumber(f.value) << ','
                << (f.value_max ? FormatNumber(*f.value_max) : "") << ',' << CsvField(f.unit) << ','
                << CsvField(f.qualifier) << ',' << CsvField(f.date) << ',' << CsvField(f.place) << ','
                << CsvField(f.sentence) << ',' << CsvField(f.article) << ',' << f.evidence << '\n';
    }
  } else {
    std::vector<std::vector<std::string>> table;
    for (const FactRow& f : *rows) {
      table.push_back({f.kind, f.metric, ValueText(f), f.unit, f.qualifier, f.date, f.place,
                       std::to_string(f.evidence)});
    }
    std::cout << RenderTable({"kind", "metric", "value", "unit", "qualifier", "date", "place", "evidence"}, table);
    std::cout << rows->size() << (rows->size() == 1 ? " fact\n" : " facts\n");
  }
  std::cout.flush();
  return std::cout ? kExitOk : kExitSomeFailed;
}

}  // namespace

CommandRunner SetupFactsCommand(CLI::App& sub) {
  auto options = std::make_shared<FactsOptions>();
  sub.add_option("--db", options->db, "SQLite database file")->capture_default_str();
  sub.add_option("--place", options->place, "Only facts about this place (canonical name, case-insensitive)");
  sub.add_option("--year", options->year, "Only facts dated in this year")->check(CLI::Range(1, 9999));
  sub.add_option("--kind", options->kind, "Only targets or reported figures")
      ->check(CLI::IsMember({"target", "reported"}));
  sub.add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "jsonl"}))->capture_default_str();
  sub.add_flag("--changes", options->changes,
               "List revisions instead: facts restated later with a different value (a target raised...)");
  return [options] { return RunFacts(*options); };
}

}  // namespace newsfacts
