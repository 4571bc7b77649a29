// One run of a sweep as a child `cogov run` process: a crash or a bad scenario ends that
// run only, and the HDF5 library (not thread-safe) is used by one run per process.

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cogov/core/error.hpp"
#include "stop_signal.hpp"
#include "sweep_parts.hpp"

extern char** environ;

namespace cogov::run::detail {

namespace fs = std::filesystem;

namespace {

fs::path log_path(const SweepState& state, const IndexRow& row) {
  return state.options.outdir / "logs" / fmt::format("run-{:06d}.log", row.run.id);
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

}  // namespace

ChildRun start_run(SweepState& state, std::size_t row_index, int threads) {
  IndexRow& row = state.rows[row_index];
  const SweepOptions& o = state.options;
  std::vector<std::string> args{o.program.string(), "run", row.run.scenario.string()};
  for (const auto& s : row.run.sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  for (const std::string& a :
       {std::string("-o"), (o.outdir / row.output).string(), std::string("--force"),
        std::string("--quiet"), std::string("--threads"), std::to_string(threads)}) {
    args.push_back(a);
  }
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const fs::path log = log_path(state, row);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  // Its own process group: a Ctrl-C at the terminal reaches the sweep only, which passes
  // it on once (a second signal would end the run at once, without closing its output).
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw IoError(fmt::format("cannot start {}: {}", argv[0], std::strerror(rc)));
  row.status = "running";
  return {pid, row_index, std::chrono::steady_clock::now()};
}

int wait_run(const ChildRun& child) {
  bool forwarded = false;
  for (;;) {
    int status = 0;
    if (waitpid(child.pid, &status, 0) == child.pid) return status;
    if (errno != EINTR) throw InternalError(fmt::format("waitpid: {}", std::strerror(errno)));
    if (const int sig = StopSignal::received(); sig != 0 && !forwarded) {
      kill(child.pid, sig);
      forwarded = true;
    }
  }
}

void record_end(SweepState& state, std::size_t row_index, int wait_status, double wall_seconds) {
  IndexRow& row = state.rows[row_index];
  row.wall_seconds = wall_seconds;
  row.exit_code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
  if (row.exit_code == 0) {
    row.status = "done";
    row.error.clear();
    ++state.summary.done;
  } else if (row.exit_code > 128) {
    row.status = "stopped";
    row.error = last_lines(log_path(state, row));
    ++state.summary.stopped;
  } else {
    row.status = "failed";
    row.error = last_lines(log_path(state, row));
    ++state.summary.failed;
  }
  state.save();
  if (!state.options.quiet) {
    fmt::print("run {} ({}, point {}, replicate {}): {} in {:.1f} s\n", row.run.id, row.run.variant,
               row.run.point, row.run.replicate, row.status, row.wall_seconds);
    std::fflush(stdout);
  }
}

}  // namespace cogov::run::detail
