// One run of a sweep as a child process: `cogov run`, or `cogov resume` from the checkpoint
// an interrupted run left. A crash or a bad scenario ends that run only, and the HDF5
// library (not thread-safe) is used by one run per process.

#include <fcntl.h>
#include <fmt/format.h>
#include <hdf5.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "cogov/core/error.hpp"
#include "cogov/core/system.hpp"
#include "cogov/io/h5_summary.hpp"
#include "cogov/run/checkpoint.hpp"
#include "stop_signal.hpp"
#include "sweep_parts.hpp"

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

void append_log(const fs::path& log, const std::string& text) {
  std::ofstream out(log, std::ios::app);
  out << text << "\n";
}

/// The step a checkpoint was written at, if it is a readable checkpoint of `output`
/// (else nothing, and `why` says what is wrong). The full check is `cogov resume`'s.
std::optional<std::uint32_t> checkpoint_step(const fs::path& ckpt, const fs::path& output,
                                             std::string& why) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t f = H5Fopen(ckpt.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) {
    why = "its checkpoint is not a readable HDF5 file";
    return std::nullopt;
  }
  const std::string stored = io::read_attr(f, "output");
  const std::string steps = io::read_attr(f, "steps_done");
  H5Fclose(f);
  std::error_code ec;
  if (stored.empty() ||
      !fs::equivalent(fs::path(stored).parent_path(), fs::absolute(output).parent_path(), ec) ||
      fs::path(stored).filename() != output.filename()) {
    why = fmt::format("its checkpoint is for another output ({})", stored);
    return std::nullopt;
  }
  try {
    std::size_t used = 0;
    const unsigned long n = std::stoul(steps, &used);
    if (used == steps.size() && n <= 0xffffffffUL) return static_cast<std::uint32_t>(n);
  } catch (const std::exception&) {
  }
  why = fmt::format("its checkpoint's steps_done = '{}' is not a step", steps);
  return std::nullopt;
}

/// Moves a checkpoint that cannot be used aside (kept for inspection, no longer tried).
void set_aside(const fs::path& ckpt) {
  fs::path aside = ckpt;
  aside += ".refused";
  std::error_code ec;
  fs::rename(ckpt, aside, ec);
}

/// fork + exec with the child in its own process group (a terminal's Ctrl-C reaches the
/// sweep only, which passes it on once) and SIGTERM to it if the sweep dies (kill -9, the
/// OOM killer): the run then stops cleanly with a checkpoint instead of running on as an
/// orphan that a later --resume would race.
pid_t spawn(std::vector<std::string>& args, const fs::path& log, bool append) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw IoError(fmt::format("cannot start {}: {}", args[0], std::strerror(errno)));
  if (pid == 0) {
    // Only async-signal-safe calls until exec.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(143);  // the sweep died before prctl took effect
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      if (fd > STDERR_FILENO) close(fd);
    }
    execv(argv[0], argv.data());
    const char msg[] = "cogov sweep: cannot execute the cogov program\n";
    [[maybe_unused]] const ssize_t n = write(STDERR_FILENO, msg, sizeof msg - 1);
    _exit(127);
  }
  return pid;
}

}  // namespace

std::string signal_reason(int sig) {
  switch (sig) {
    case SIGKILL:
      return "killed by signal 9 (SIGKILL: out of memory?)";
    case SIGSEGV:
      return fmt::format("crashed with signal {} (SIGSEGV)", sig);
    case SIGABRT:
      return fmt::format("crashed with signal {} (SIGABRT)", sig);
    case SIGBUS:
      return fmt::format("crashed with signal {} (SIGBUS)", sig);
    case SIGFPE:
      return fmt::format("crashed with signal {} (SIGFPE)", sig);
    case SIGILL:
      return fmt::format("crashed with signal {} (SIGILL)", sig);
    case SIGXCPU:
      return fmt::format("killed by signal {} (SIGXCPU: CPU time limit)", sig);
    default: {
      const char* name = sigabbrev_np(sig);
      return fmt::format("killed by signal {} (SIG{})", sig, name ? name : "?");
    }
  }
}

ChildRun start_run(SweepState& state, std::size_t row_index, int threads, bool afresh,
                   const std::string& note) {
  IndexRow& row = state.rows[row_index];
  const SweepOptions& o = state.options;
  const fs::path output = o.outdir / row.output;
  const fs::path ckpt = checkpoint_path(output);
  const fs::path log = log_path(state, row);
  ChildRun child;
  child.row = row_index;
  child.note = note;
  std::vector<std::string> args{o.program.string()};
  std::error_code ec;
  if (!afresh && o.resume && fs::exists(ckpt, ec)) {
    std::string why;
    if (const auto step = checkpoint_step(ckpt, output, why)) {
      child.resumed_from = *step;
      child.note = fmt::format("resumed from step {}", *step);
      for (const std::string& a : {std::string("resume"), ckpt.string(), std::string("--quiet"),
                                   std::string("--threads"), std::to_string(threads)})
        args.push_back(a);
      append_log(log, fmt::format("cogov sweep: run {} resumed from step {} ({})", row.run.id,
                                  *step, ckpt.string()));
    } else {
      set_aside(ckpt);
      child.note = fmt::format("{}: ran afresh", why);
      append_log(log, fmt::format("cogov sweep: run {}: {} (moved to {}.refused): running it "
                                  "afresh",
                                  row.run.id, why, ckpt.string()));
    }
  }
  if (args.size() == 1) {
    args.push_back("run");
    args.push_back(row.run.scenario.string());
    for (const auto& s : row.run.sets) {
      args.push_back("--set");
      args.push_back(s);
    }
    for (const std::string& a :
         {std::string("-o"), output.string(), std::string("--force"), std::string("--quiet"),
          std::string("--threads"), std::to_string(threads)})
      args.push_back(a);
  }
  // A resumed or retried run's log keeps what came before (why it was retried).
  const bool append = child.resumed_from > 0 || !child.note.empty();
  child.pid = spawn(args, log, append);
  child.start = std::chrono::steady_clock::now();
  row.status = "running";
  row.error = fmt::format("running as pid {} on {}", child.pid, core::host_name());
  state.changed(row_index);
  return child;
}

bool retry_afresh(SweepState& state, ChildRun& child, int wait_status, int threads) {
  if (child.resumed_from == 0 || !WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 2 ||
      StopSignal::received() != 0)
    return false;
  const IndexRow& row = state.rows[child.row];
  // Refused because another process holds the output's lock (exit 2 too): the checkpoint
  // is fine; keep it for a later --resume, and let the run fail with that message.
  if (last_lines(log_path(state, row)).find("another cogov is writing") != std::string::npos)
    return false;
  const fs::path ckpt = checkpoint_path(state.options.outdir / row.output);
  set_aside(ckpt);
  const std::string note =
      fmt::format("checkpoint at step {} refused (see the log): ran afresh", child.resumed_from);
  append_log(log_path(state, row),
             fmt::format("cogov sweep: run {}: the checkpoint was refused (moved to "
                         "{}.refused): running it afresh",
                         row.run.id, ckpt.string()));
  child = start_run(state, child.row, threads, true, note);
  return true;
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

void record_end(SweepState& state, std::size_t row_index, int wait_status, double wall_seconds,
                const std::string& note) {
  IndexRow& row = state.rows[row_index];
  row.wall_seconds = wall_seconds;
  const int stop = StopSignal::received();  // the sweep is stopping and passed this on
  const std::string log = last_lines(log_path(state, row));
  const auto with_log = [&](const std::string& reason) {
    return log.empty() ? reason : reason + "; log: " + log;
  };
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    row.exit_code = 128 + sig;
    if (stop != 0 && (sig == stop || sig == SIGINT || sig == SIGTERM)) {
      row.status = "stopped";
      row.error = with_log(fmt::format("stopped by signal {} with the sweep", sig));
    } else {
      // The OOM killer, a crash, a scheduler's kill: a failure, whatever the log says.
      row.status = "failed";
      row.error = with_log(signal_reason(sig));
    }
  } else {
    row.exit_code = WEXITSTATUS(wait_status);
    if (row.exit_code == 0) {
      row.status = "done";
      row.error.clear();
    } else if (row.exit_code > 128 && stop != 0) {
      row.status = "stopped";
      row.error = log;
    } else if (row.exit_code > 128) {
      // The run caught a signal the sweep did not get: it stopped cleanly with a
      // checkpoint, but the sweep would otherwise end "successfully" without it.
      const int sig = row.exit_code - 128;
      const char* name = sigabbrev_np(sig);
      row.status = "failed";
      row.error = with_log(fmt::format(
          "stopped by signal {} (SIG{}) sent to the run, not to the sweep; --resume continues "
          "it from its checkpoint",
          sig, name ? name : "?"));
    } else {
      row.status = "failed";
      row.error = log.empty() ? fmt::format("exit {}", row.exit_code) : log;
    }
  }
  if (row.status == "done") ++state.summary.done;
  if (row.status == "failed") ++state.summary.failed;
  if (row.status == "stopped") ++state.summary.stopped;
  state.changed(row_index);
  state.progress.finished(row, note);
}

}  // namespace cogov::run::detail
