// Loading a scenario: parse TOML, follow `extends`, apply --set overrides, then read the
// merged table through the schema, collecting every problem before failing once.

#include <fmt/format.h>

#include <filesystem>
#include <set>

#include "cogov/core/error.hpp"
#include "cogov/graph/edge_list.hpp"
#include "cogov/io/scenario.hpp"
#include "named_entries.hpp"
#include "schema.hpp"
#include "toml_reader.hpp"

namespace cogov::io {

namespace {

namespace fs = std::filesystem;

toml::table parse_text(std::string_view text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    throw ConfigError({fmt::format("{}:{}:{}: not valid TOML: {}", detail::clipped(name),
                                   src.begin.line, src.begin.column, e.description())});
  }
}

std::string read_file(const fs::path& path) {
  return detail::read_config_text(path, "scenario");
}

/// Follows `extends` and names every [[policy]] and [[shock]] entry (named_entries.hpp).
toml::table resolve_extends(toml::table table, const fs::path& dir, std::set<fs::path>& chain) {
  const toml::node* ext = table.get("extends");
  if (!ext) {
    if (const toml::node* remove = table.get("remove")) {
      throw ConfigError(
          {fmt::format("{}: remove = {}: only a scenario that extends another "
                       "removes entries (of its base)",
                       detail::where(*remove), detail::shown(*remove))});
    }
    detail::name_entries(table);
    return table;
  }
  const auto* name = ext->as_string();
  if (!name) {
    throw ConfigError({fmt::format("{}: extends = {}: expected a file name in quotes",
                                   detail::where(*ext), detail::shown(*ext))});
  }
  const fs::path base_path = (dir / name->get()).lexically_normal();
  if (!fs::exists(base_path)) {
    throw ConfigError({fmt::format("{}: extends = \"{}\": no such file ({})", detail::where(*ext),
                                   name->get(), base_path.string())});
  }
  if (!chain.insert(fs::weakly_canonical(base_path)).second) {
    throw ConfigError(
        {fmt::format("{}: extends = \"{}\": circular extends", detail::where(*ext), name->get())});
  }
  std::string base_text;
  try {
    base_text = read_file(base_path);
  } catch (const ConfigError& err) {
    throw ConfigError({fmt::format("{}: extends = \"{}\": {}", detail::where(*ext),
                                   detail::clipped(name->get()), err.problems().front())});
  }
  toml::table base =
      resolve_extends(parse_text(base_text, base_path.string()), base_path.parent_path(), chain);
  table.erase("extends");
  detail::merge_named(base, table);
  detail::merge_tables(base, std::move(table));
  detail::name_entries(base);
  return base;
}

void apply_set(toml::table& root, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw ConfigError(
        {fmt::format("--set {}: expected key=value, e.g. --set population.netizens=5000",
                     detail::clipped(assignment))});
  }
  const std::string key = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  const std::string origin = "--set " + assignment;
  if (key.find('[') != std::string::npos) {
    throw ConfigError({fmt::format(
        "{}: entries are addressed by name, not position: e.g. --set policy.<name>.start_day=60 "
        "(cogov explain lists each policy's and shock's name)",
        detail::clipped(origin))});
  }
  // Parsing "key = value" as TOML gives every node, intermediate tables included, the
  // origin "--set key=value" for messages. A value that is not TOML is taken as a string.
  toml::table parsed;
  try {
    parsed = toml::parse(key + " = " + text, origin);
  } catch (const toml::parse_error&) {
    parsed = parse_text(key + " = " + detail::toml_quoted(text), origin);
  }
  if (detail::apply_named_set(root, parsed, origin)) return;
  detail::merge_tables(root, std::move(parsed));
}

Scenario read_table(toml::table table, const std::vector<std::string>& sets) {
  for (const auto& s : sets) apply_set(table, s);
  detail::name_entries(table);  // entries a --set wrote as a whole array
  Scenario scenario;
  std::vector<std::string> errors;
  detail::TomlReader reader(table, errors);
  detail::visit_scenario(reader, scenario);
  reader.report_unknown();
  if (!errors.empty()) throw ConfigError(std::move(errors));
  scenario.warnings = reader.warnings();
  return scenario;
}

}  // namespace

Scenario load_scenario(const fs::path& path, const std::vector<std::string>& sets) {
  std::set<fs::path> chain;
  if (fs::exists(path)) chain.insert(fs::weakly_canonical(path));
  toml::table table =
      resolve_extends(parse_text(read_file(path), path.string()), path.parent_path(), chain);
  Scenario s = read_table(std::move(table), sets);
  s.source = path;
  return s;
}

std::uint64_t check_data_files(const Scenario& s) {
  if (s.graph.model != graph::model_of<graph::File>) return 0;
  const auto& file = s.graph.get<graph::File>();
  graph::LoadReport report;
  graph::load_edge_list(file.path, s.population.netizens, file.id_base, &report);
  return report.edges;
}

Scenario parse_scenario(std::string_view text, std::string_view name,
                        const std::vector<std::string>& sets) {
  std::set<fs::path> chain;
  const fs::path p(name);
  return read_table(resolve_extends(parse_text(text, std::string(name)), p.parent_path(), chain),
                    sets);
}

}  // namespace cogov::io
