#include "cogov/run/sweep.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "cogov/core/error.hpp"
#include "stop_signal.hpp"

extern char** environ;

namespace cogov::run {

namespace fs = std::filesystem;

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c == '\n' ? ' ' : c);
  return out + "\"";
}

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

std::vector<std::string> parameter_keys(const std::vector<IndexRow>& rows) {
  std::vector<std::string> keys;
  for (const auto& r : rows) {
    for (const auto& [k, v] : r.run.parameters) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  return keys;
}

void write_index(const fs::path& path, const std::vector<IndexRow>& rows) {
  const auto keys = parameter_keys(rows);
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp);
    out << "run_id,variant,point,replicate,seed";
    for (const auto& k : keys) out << "," << csv_field(k);
    out << ",status,exit_code,wall_seconds,error,output\n";
    for (const auto& r : rows) {
      out << r.run.id << "," << csv_field(r.run.variant) << "," << r.run.point << ","
          << r.run.replicate << "," << r.run.seed;
      for (const auto& k : keys) {
        const auto it = std::find_if(r.run.parameters.begin(), r.run.parameters.end(),
                                     [&](const auto& p) { return p.first == k; });
        out << ","
            << (it == r.run.parameters.end() ? std::string() : fmt::format("{}", it->second));
      }
      out << "," << r.status << "," << r.exit_code << "," << fmt::format("{:.3f}", r.wall_seconds)
          << "," << csv_field(r.error) << "," << csv_field(r.output) << "\n";
    }
    if (!out) throw IoError(fmt::format("{}: cannot write the sweep index", tmp.string()));
  }
  fs::rename(tmp, path);
}

/// run_id -> (status, output) from an existing index.
std::map<std::uint32_t, std::pair<std::string, std::string>> read_statuses(const fs::path& path) {
  std::map<std::uint32_t, std::pair<std::string, std::string>> out;
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return out;
  const auto header = parse_csv_line(line);
  const auto col = [&](const char* name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const std::size_t id = col("run_id"), status = col("status"), output = col("output");
  while (std::getline(in, line)) {
    const auto f = parse_csv_line(line);
    if (f.size() != header.size()) continue;
    out[static_cast<std::uint32_t>(std::stoul(f[id]))] = {f[status], f[output]};
  }
  return out;
}

std::string last_lines(const fs::path& log, std::size_t max_chars = 400) {
  std::ifstream in(log);
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.size() > max_chars) text = "..." + text.substr(text.size() - max_chars);
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

struct Child {
  pid_t pid;
  std::size_t row;
  std::chrono::steady_clock::time_point start;
};

pid_t spawn_run(const SweepOptions& o, const io::PlannedRun& run, const fs::path& output,
                const fs::path& log, int threads) {
  std::vector<std::string> args{o.program.string(), "run", run.scenario.string()};
  for (const auto& s : run.sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  for (const std::string& a :
       {std::string("-o"), output.string(), std::string("--force"), std::string("--quiet"),
        std::string("--threads"), std::to_string(threads)}) {
    args.push_back(a);
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw IoError(fmt::format("cannot start {}: {}", argv[0], std::strerror(rc)));
  return pid;
}

}  // namespace

fs::path index_path(const fs::path& outdir, std::uint32_t task_index, std::uint32_t task_count) {
  return outdir / (task_count <= 1
                       ? std::string("index.csv")
                       : fmt::format("index-task-{}-of-{}.csv", task_index, task_count));
}

SweepSummary run_sweep(const io::ExperimentConfig& experiment, const SweepOptions& o) {
  const std::vector<io::PlannedRun> all = io::plan_experiment(experiment);
  SweepSummary summary;
  summary.index = index_path(o.outdir, o.task_index, o.task_count);
  fs::create_directories(o.outdir / "runs");
  fs::create_directories(o.outdir / "logs");
  std::vector<IndexRow> rows;
  for (const auto& run : all) {
    if (run.id % o.task_count != o.task_index) continue;
    IndexRow row;
    row.run = run;
    row.output = fs::path("runs") / fmt::format("run-{:06d}.h5", run.id);
    rows.push_back(std::move(row));
  }
  summary.planned = static_cast<std::uint32_t>(rows.size());
  if (o.resume) {
    const auto previous = read_statuses(summary.index);
    for (auto& row : rows) {
      const auto it = previous.find(row.run.id);
      if (it != previous.end() && it->second.first == "done" && fs::exists(o.outdir / row.output)) {
        row.status = "done";
        row.exit_code = 0;
        ++summary.skipped;
      }
    }
  } else if (fs::exists(summary.index)) {
    throw IoError(fmt::format(
        "{}: a sweep index exists; pass --resume to continue it or choose another --outdir",
        summary.index.string()));
  }
  write_index(summary.index, rows);

  const int jobs = std::max(1, o.jobs);
  const int threads =
      o.threads > 0 ? o.threads
                    : std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / jobs);
  detail::StopSignal stop;
  std::vector<Child> running;
  std::size_t next = 0;
  auto launch_more = [&] {
    while (static_cast<int>(running.size()) < jobs && next < rows.size() &&
           detail::StopSignal::received() == 0) {
      IndexRow& row = rows[next];
      if (row.status != "done") {
        const fs::path log = o.outdir / "logs" / fmt::format("run-{:06d}.log", row.run.id);
        row.status = "running";
        running.push_back({spawn_run(o, row.run, o.outdir / row.output, log, threads), next,
                           std::chrono::steady_clock::now()});
      }
      ++next;
    }
  };
  launch_more();
  while (!running.empty()) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break;
    }
    const auto it =
        std::find_if(running.begin(), running.end(), [&](const Child& c) { return c.pid == pid; });
    if (it == running.end()) continue;
    IndexRow& row = rows[it->row];
    row.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - it->start).count();
    row.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    const fs::path log = o.outdir / "logs" / fmt::format("run-{:06d}.log", row.run.id);
    if (row.exit_code == 0) {
      row.status = "done";
      row.error.clear();
      ++summary.done;
    } else if (row.exit_code > 128) {
      row.status = "stopped";
      row.error = last_lines(log);
      ++summary.stopped;
    } else {
      row.status = "failed";
      row.error = last_lines(log);
      ++summary.failed;
    }
    running.erase(it);
    write_index(summary.index, rows);
    if (!o.quiet) {
      fmt::print("run {} ({}, point {}, replicate {}): {} in {:.1f} s\n", row.run.id,
                 row.run.variant, row.run.point, row.run.replicate, row.status, row.wall_seconds);
    }
    launch_more();
  }
  summary.signal = detail::StopSignal::received();
  for (auto& row : rows) {
    if (row.status == "running") row.status = "stopped";
  }
  write_index(summary.index, rows);
  return summary;
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
  std::ofstream out(outdir / "index.csv");
  out << header << "\n";
  for (const auto& [id, line] : lines) out << line << "\n";
  return lines.size();
}

}  // namespace cogov::run
