// The sweep index: one CSV row per run, rewritten as runs end, read back by --resume and
// merged across job-array tasks.

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "cogov/core/error.hpp"
#include "sweep_index.hpp"
#include "sweep_parts.hpp"

namespace cogov::run {

namespace fs = std::filesystem;

std::string detail::csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c == '\n' ? ' ' : c);
  return out + "\"";
}

namespace {

using detail::csv_field;

std::vector<std::string> parse_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

/// The run's `cogov sweep --set` overrides, space-separated (the index's "sets" column).
std::string command_sets(const io::PlannedRun& run) {
  std::string out;
  for (const auto& s : run.command_sets) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::vector<std::string> parameter_keys(const std::vector<IndexRow>& rows) {
  std::vector<std::string> keys;
  for (const auto& r : rows) {
    for (const auto& [k, v] : r.run.parameters) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  return keys;
}

}  // namespace

void detail::SweepState::save() const {
  const auto keys = parameter_keys(rows);
  fs::path tmp = summary.index;
  tmp += ".tmp";
  {
    std::ofstream out(tmp);
    out << "run_id,variant,point,replicate,seed";
    for (const auto& k : keys) out << "," << csv_field(k);
    out << ",status,exit_code,wall_seconds,error,output,sets\n";
    for (const auto& r : rows) {
      out << r.run.id << "," << csv_field(r.run.variant) << "," << r.run.point << ","
          << r.run.replicate << "," << r.run.seed;
      for (const auto& k : keys) {
        const auto it = std::find_if(r.run.parameters.begin(), r.run.parameters.end(),
                                     [&](const auto& p) { return p.first == k; });
        out << "," << (it == r.run.parameters.end() ? std::string() : csv_field(it->second));
      }
      out << "," << r.status << "," << r.exit_code << "," << fmt::format("{:.3f}", r.wall_seconds)
          << "," << csv_field(r.error) << "," << csv_field(r.output) << ","
          << csv_field(command_sets(r.run)) << "\n";
    }
    if (!out) throw IoError(fmt::format("{}: cannot write the sweep index", tmp.string()));
  }
  fs::rename(tmp, summary.index);
}

std::map<std::uint32_t, detail::RecordedRun> detail::read_index(const fs::path& path) {
  std::map<std::uint32_t, RecordedRun> out;
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return out;
  const auto header = parse_csv_line(line);
  const auto col = [&](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t id = col("run_id");
  if (id == header.size()) return out;
  while (std::getline(in, line)) {
    const auto f = parse_csv_line(line);
    if (f.size() != header.size()) continue;
    RecordedRun& row = out[static_cast<std::uint32_t>(std::stoul(f[id]))];
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = f[i];
  }
  return out;
}

detail::RecordedRun detail::identity(const IndexRow& row) {
  RecordedRun id{{"variant", row.run.variant},
                 {"point", std::to_string(row.run.point)},
                 {"replicate", std::to_string(row.run.replicate)},
                 {"seed", std::to_string(row.run.seed)}};
  for (const auto& [k, v] : row.run.parameters) id[k] = v;
  if (const std::string sets = command_sets(row.run); !sets.empty()) id["sets"] = sets;
  return id;
}

fs::path index_path(const fs::path& outdir, std::uint32_t task_index, std::uint32_t task_count) {
  return outdir / (task_count <= 1
                       ? std::string("index.csv")
                       : fmt::format("index-task-{}-of-{}.csv", task_index, task_count));
}

std::size_t merge_indexes(const fs::path& outdir) {
  if (!fs::is_directory(outdir))
    throw InputError(fmt::format("{}: no such sweep directory", outdir.string()));
  std::vector<std::pair<std::uint32_t, std::string>> lines;
  std::string header;
  for (const auto& entry : fs::directory_iterator(outdir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("index-task-", 0) != 0 || entry.path().extension() != ".csv") continue;
    std::ifstream in(entry.path());
    std::string line;
    if (!std::getline(in, line)) continue;
    if (!header.empty() && line != header) {
      throw InputError(
          fmt::format("{}: its columns differ from the other task indexes", entry.path().string()));
    }
    header = line;
    while (std::getline(in, line)) {
      if (!line.empty())
        lines.emplace_back(static_cast<std::uint32_t>(std::stoul(line.substr(0, line.find(',')))),
                           line);
    }
  }
  if (header.empty())
    throw InputError(fmt::format("{}: no index-task-*.csv files to merge", outdir.string()));
  std::sort(lines.begin(), lines.end());
  fs::path tmp = outdir / "index.csv.tmp";
  {
    std::ofstream out(tmp);
    out << header << "\n";
    for (const auto& [id, line] : lines) out << line << "\n";
    if (!out) throw IoError(fmt::format("{}: cannot write the merged index", tmp.string()));
  }
  fs::rename(tmp, outdir / "index.csv");
  return lines.size();
}

}  // namespace cogov::run
