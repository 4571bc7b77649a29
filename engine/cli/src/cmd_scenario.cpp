// validate, explain, reference: commands that read the schema and print.

#include <fmt/format.h>

#include <iostream>

#include "cogov/graph/generators.hpp"
#include "cogov/io/memory_budget.hpp"
#include "cogov/run/memory_estimate.hpp"
#include "cogov/run/world.hpp"
#include "options.hpp"

namespace cogov::cli {

namespace {

/// Parses a command whose only inputs are a scenario, --set and --seed; returns false when
/// --help was asked for.
bool parse_scenario_only(const Args& args, const char* command, const std::string& usage,
                         ScenarioOptions& so) {
  po::options_description desc(fmt::format("cogov {} options", command));
  desc.add_options()("help,h", "show this help");
  so.add_to(desc);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  return parse(args, desc, pos, vm, usage);
}

}  // namespace

int cmd_validate(const Args& args) {
  ScenarioOptions so;
  if (!parse_scenario_only(args, "validate", "usage: cogov validate SCENARIO [--set key=value]...",
                           so)) {
    return kExitOk;
  }
  const io::Scenario s = so.load();
  const std::uint64_t edges = io::check_data_files(s);  // the edge list, as run reads it
  const std::string need = io::format_bytes(run::estimate_memory(s).total());
  fmt::print("{}: valid ({} netizens, {} steps of {} h, graph {}{}; needs {}{})\n", so.file,
             s.population.netizens, s.time.steps, s.time.step_hours, s.graph.model_name(),
             edges ? fmt::format(" with {} edges read", edges) : std::string(),
             need.starts_with("more than") ? "" : "about ", need);
  return kExitOk;
}

int cmd_explain(const Args& args) {
  ScenarioOptions so;
  if (!parse_scenario_only(
          args, "explain",
          "usage: cogov explain SCENARIO [--set key=value]...\n"
          "Prints the resolved scenario: extends and --set applied, defaults filled in.",
          so)) {
    return kExitOk;
  }
  std::cout << io::resolved_toml(so.load());
  return kExitOk;
}

int cmd_reference(const Args& args) {
  po::options_description desc("cogov reference options");
  desc.add_options()("help,h", "show this help")("markdown", "Markdown key reference (default)")(
      "json", "JSON Schema of the scenario format");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse(args, desc, pos, vm, "usage: cogov reference [--markdown | --json]")) return kExitOk;
  std::cout << (vm.count("json") ? io::scenario_json_schema() : io::scenario_reference_markdown());
  return kExitOk;
}

}  // namespace cogov::cli
