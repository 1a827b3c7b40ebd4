// `newsfacts extract [--published DATE] [--rules DIR] [--input-format text|jsonl] FILE|-`: every
// mention and fact of a text as JSON lines; the debugging view of the extract stage.
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "extract/extract.h"
#include "extract/rules.h"
#include "pipelines/commands.h"
#include "pipelines/log.h"

namespace newsfacts {
namespace {

using Json = nlohmann::ordered_json;

struct ExtractCommandOptions {
  std::string input;
  std::string published;
  std::string input_format = "text";
  std::vector<std::string> rule_dirs;
  std::string data_dir;
};

Json QuantityFields(const Quantity& q) {
  Json j;
  j["value"] = q.value;
  j["value_max"] = q.value_max ? Json(*q.value_max) : Json(nullptr);
  j["unit"] = q.unit;
  j["qualifier"] = QualifierName(q.qualifier);
  return j;
}

Json MentionJson(const Mention& m) {
  Json j;
  switch (m.type) {
    case Mention::Type::kQuantity: j["type"] = "quantity"; break;
    case Mention::Type::kDate: j["type"] = "date"; break;
    case Mention::Type::kPlace: j["type"] = "place"; break;
    case Mention::Type::kUnit: j["type"] = "unit"; break;
  }
  j["text"] = m.text;
  j["start"] = m.start;
  j["end"] = m.end;
  j["rule"] = m.rule;
  if (m.type == Mention::Type::kQuantity) {
    j.update(QuantityFields(m.quantity));
  } else if (m.type == Mention::Type::kDate) {
    j["iso"] = m.iso.empty() ? Json(nullptr) : Json(m.iso);
    j["unresolved"] = m.unresolved;
    j["target"] = m.is_target_year;
  } else if (m.type == Mention::Type::kUnit) {
    j["unit"] = m.quantity.unit;
  } else {
    j["name"] = m.place;
  }
  return j;
}

Json FactJson(const Fact& f, const std::string& body) {
  Json j;
  j["type"] = "fact";
  j["text"] = body.substr(f.quantity_start, f.quantity_end - f.quantity_start);
  j["start"] = f.quantity_start;
  j["end"] = f.quantity_end;
  j["kind"] = FactKindName(f.kind);
  j["metric"] = f.metric;
  j.update(QuantityFields(f.quantity));
  j["date"] = f.date.empty() ? Json(nullptr) : Json(f.date);
  j["place"] = f.place.empty() ? Json(nullptr) : Json(f.place);
  j["date_from"] = ProvenanceName(f.date_from);
  j["place_from"] = ProvenanceName(f.place_from);
  j["alternative"] = f.alternative ? QuantityFields(*f.alternative) : Json(nullptr);
  j["sentence"] = f.sentence;
  j["sentence_start"] = f.sentence_start;
  j["sentence_end"] = f.sentence_end;
  j["rule"] = f.rule;
  return j;
}

void Print(const Extractor& extractor, const Article& article, const Json* id) {
  Extraction ex = extractor.Extract(article);
  const std::string& body = article.body;
  auto emit = [&](Json j) {
    if (id != nullptr) {
      Json with_id;
      with_id["id"] = *id;
      with_id.update(j);
      j = std::move(with_id);
    }
    std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  };
  for (const Mention& m : ex.mentions) emit(MentionJson(m));
  for (const Fact& f : ex.facts) emit(FactJson(f, body));
}

int RunExtract(const ExtractCommandOptions& options) {
  ExtractorOptions eo;
  eo.data_dir = options.data_dir;
  eo.extra_rule_dirs = options.rule_dirs;
  Result<std::unique_ptr<Extractor>> extractor = Extractor::Load(eo);
  if (!extractor.ok()) {
    LogError("extract", extractor.status().message());
    return kExitUsage;
  }
  std::ifstream file;
  std::istream* in = &std::cin;
  if (options.input != "-") {
    file.open(options.input, std::ios::binary);
    if (!file) {
      LogError(options.input, "cannot open for reading");
      return kExitSomeFailed;
    }
    in = &file;
  }
  if (options.input_format == "text") {
    Article article;
    article.source = options.input;
    article.body.assign(std::istreambuf_iterator<char>(*in), std::istreambuf_iterator<char>());
    article.published = options.published;
    Print(**extractor, article, nullptr);
    std::cout.flush();
    return kExitOk;
  }
  // jsonl: {"id": ..., "text": ..., "published": ...} per line.
  int failures = 0;
  std::string line;
  size_t line_no = 0;
  while (std::getline(*in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = options.input + ":" + std::to_string(line_no);
    Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      LogError(where, "not a JSON object");
      ++failures;
      continue;
    }
    if (!j.contains("text") || !j["text"].is_string()) {
      LogError(where, "no \"text\" string");
      ++failures;
      continue;
    }
    Article article;
    article.source = where;
    article.body = j["text"].get<std::string>();
    article.published = options.published;
    if (j.contains("published") && j["published"].is_string()) article.published = j["published"].get<std::string>();
    Json id = j.contains("id") ? j["id"] : Json(line_no);
    Print(**extractor, article, &id);
  }
  std::cout.flush();
  return failures > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace

CommandRunner SetupExtractCommand(CLI::App& sub) {
  auto options = std::make_shared<ExtractCommandOptions>();
  sub.add_option("input", options->input, "Text file to extract from, or - for standard input")->required();
  sub.add_option("--published", options->published,
                 "Publication date (ISO 8601) that relative dates resolve against; without it they stay unresolved");
  sub.add_option("--input-format", options->input_format,
                 "text (the whole input is one text) or jsonl (one {\"id\",\"text\",\"published\"} object per line)")
      ->check(CLI::IsMember({"text", "jsonl"}));
  sub.add_option("--rules", options->rule_dirs, "Extra rule folder(s) adding or overriding rules by id");
  sub.add_option("--data-dir", options->data_dir, "Folder holding rules/ and gazetteer/ (default: built-in data)");
  return [options] { return RunExtract(*options); };
}

}  // namespace newsfacts
