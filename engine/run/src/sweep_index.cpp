// The sweep index's CSV lines, and the merge of job-array task indexes.

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>

#include "cogov/core/error.hpp"
#include "cogov/run/sweep_record.hpp"
#include "sweep_index.hpp"
#include "sweep_parts.hpp"

namespace cogov::run {

namespace fs = std::filesystem;

namespace {

/// The run's `cogov sweep --set` overrides, space-separated (the index's "sets" column).
std::string command_sets(const io::PlannedRun& run) {
  std::string out;
  for (const auto& s : run.command_sets) out += (out.empty() ? "" : " ") + s;
  return out;
}

}  // namespace

std::string detail::csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"')
      out += "\"\"";
    else
      out += c == '\n' || c == '\r' ? ' ' : c;
  }
  return out + "\"";
}

std::vector<std::string> detail::parse_csv_line(const std::string& line) {
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

std::vector<std::string> detail::parameter_keys(const std::vector<IndexRow>& rows) {
  std::vector<std::string> keys;
  for (const auto& r : rows) {
    for (const auto& [k, v] : r.run.parameters) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  return keys;
}

std::string detail::index_header(const std::vector<std::string>& keys) {
  std::string out = "run_id,variant,point,replicate,seed";
  for (const auto& k : keys) out += "," + csv_field(k);
  return out + ",status,exit_code,wall_seconds,error,output,sets";
}

std::string detail::index_line(const IndexRow& r, const std::vector<std::string>& keys) {
  std::string out = fmt::format("{},{},{},{},{}", r.run.id, csv_field(r.run.variant), r.run.point,
                                r.run.replicate, r.run.seed);
  for (const auto& k : keys) {
    const auto it = std::find_if(r.run.parameters.begin(), r.run.parameters.end(),
                                 [&](const auto& p) { return p.first == k; });
    out += ",";
    if (it != r.run.parameters.end()) out += csv_field(it->second);
  }
  out += fmt::format(",{},{},{:.3f},{},{},{}\n", r.status, r.exit_code, r.wall_seconds,
                     csv_field(r.error), csv_field(r.output), csv_field(command_sets(r.run)));
  return out;
}

std::uint64_t detail::parse_count(const std::string& text, const fs::path& file, std::size_t line,
                                  const char* column) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw InputError(
        fmt::format("{}:{}: {} = '{}': expected a whole number; the file is damaged "
                    "(restore it, or use a new --outdir)",
                    file.string(), line, column, text.substr(0, 40)));
  return v;
}

detail::Columns detail::identity(const IndexRow& row) {
  // As the index writes them (a newline in a variant name becomes a space), so that a
  // resume compares like with like instead of refusing for ever.
  const auto written = [](std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    std::replace(s.begin(), s.end(), '\r', ' ');
    return s;
  };
  Columns id{{"variant", written(row.run.variant)},
             {"point", std::to_string(row.run.point)},
             {"replicate", std::to_string(row.run.replicate)},
             {"seed", std::to_string(row.run.seed)}};
  for (const auto& [k, v] : row.run.parameters) id[written(k)] = written(v);
  if (const std::string sets = command_sets(row.run); !sets.empty()) id["sets"] = written(sets);
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
  std::vector<fs::path> tasks;
  for (const auto& entry : fs::directory_iterator(outdir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("index-task-", 0) == 0 && entry.path().extension() == ".csv")
      tasks.push_back(entry.path());
  }
  std::sort(tasks.begin(), tasks.end());
  for (const auto& task : tasks) {
    // Each task's journal when it has one: a task killed before its last summary still
    // contributes its latest states.
    const RecordedSweep recorded = read_sweep_record(task);
    if (recorded.header.empty()) continue;
    if (!header.empty() && recorded.header != header) {
      throw InputError(
          fmt::format("{}: its columns differ from the other task indexes", task.string()));
    }
    header = recorded.header;
    for (const auto& [id, run] : recorded.runs) {
      std::string line = run.line;
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
      lines.emplace_back(id, std::move(line));
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
    out.close();
    if (!out) throw IoError(fmt::format("{}: cannot write the merged index", tmp.string()));
  }
  std::error_code ec;
  fs::rename(tmp, outdir / "index.csv", ec);
  if (ec)
    throw IoError(fmt::format("{}: cannot write the merged index: {}",
                              (outdir / "index.csv").string(), ec.message()));
  return lines.size();
}

}  // namespace cogov::run
