// MPI sweeps: `mpirun -n K cogov sweep FILE` hands runs out one at a time to the ranks that
// ask for one, so long and short runs balance. Rank 0 keeps the index and runs runs too,
// polling for requests between them. Every run is the same child `cogov run` process as in
// a local sweep, so its output is identical whichever rank ran it.

#include <fmt/format.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "cogov/core/error.hpp"
#include "cogov/io/output_lock.hpp"
#include "cogov/run/sweep.hpp"
#include "stop_signal.hpp"
#include "sweep_parts.hpp"

#if COGOV_WITH_MPI
#include <mpi.h>

#include <csignal>
#include <cstdint>
#include <optional>
#include <thread>
#endif

namespace cogov::run {

namespace {

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

}  // namespace

MpiLaunch mpi_launch_from_environment() {
  // Open MPI's mpirun, then PMI(-2)/PMIx launchers such as MPICH's hydra and srun.
  MpiLaunch l;
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (const int n = env_int(name, 0); n > 0) l.size = n;
  }
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"}) {
    if (std::getenv(name)) {
      l.launched = true;
      l.rank = env_int(name, 0);
    }
  }
  l.launched = l.launched || l.size > 0;
  return l;
}

#if !COGOV_WITH_MPI

bool mpi_enabled() {
  return false;
}

SweepSummary run_sweep_mpi(const io::ExperimentConfig&, const SweepOptions&) {
  throw IoError(
      "this cogov was built without MPI: configure with -DCOGOV_MPI=ON (Debian: "
      "libopenmpi-dev) to run a sweep with mpirun");
}

#else

bool mpi_enabled() {
  return true;
}

namespace {

constexpr int kTagReport = 1;  // worker -> 0: the run it finished (or none) and a request
constexpr int kTagAssign = 2;  // 0 -> worker: the next row, or -1: no more

struct Report {
  std::int64_t row = -1;
  std::int64_t wait_status = 0;
  double seconds = 0;
  std::int64_t resumed_from = 0;  ///< > 0: the run was resumed from its checkpoint here
};

std::string resumed_note(std::int64_t step) {
  return step > 0 ? fmt::format("resumed from step {}", step) : std::string();
}

constexpr auto kPoll = std::chrono::milliseconds(2);

/// MPI_Init/MPI_Finalize. Open MPI's blocking calls spin, so waits that may last a whole
/// run (the final barrier) poll with a sleep instead and leave the cores to the runs.
class MpiSession {
 public:
  MpiSession() { MPI_Init(nullptr, nullptr); }
  ~MpiSession() {
    MPI_Request request;
    MPI_Ibarrier(MPI_COMM_WORLD, &request);
    for (int done = 0; MPI_Test(&request, &done, MPI_STATUS_IGNORE), !done;)
      std::this_thread::sleep_for(kPoll);
    MPI_Finalize();
  }
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  static int rank() {
    int r = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
  }
  static int size() {
    int s = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &s);
    return s;
  }
  /// Ranks sharing this node's memory: the runs that share its cores.
  static int ranks_on_node() {
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    int n = 1;
    MPI_Comm_size(node, &n);
    MPI_Comm_free(&node);
    return n;
  }
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void coordinate(detail::SweepState& state, int workers, int threads) {
  const std::vector<std::size_t> queue = state.pending();
  std::size_t next = 0;
  std::optional<detail::ChildRun> own;
  bool forwarded = false;
  auto take_next = [&]() -> std::int64_t {
    if (next >= queue.size() || detail::StopSignal::received() != 0) return -1;
    return static_cast<std::int64_t>(queue[next++]);
  };
  while (workers > 0 || own) {
    bool busy = false;
    if (!own) {
      if (const std::int64_t row = take_next(); row >= 0)
        own = detail::start_run(state, static_cast<std::size_t>(row), threads);
    }
    if (own) {
      int status = 0;
      if (waitpid(own->pid, &status, WNOHANG) == own->pid) {
        if (!detail::retry_afresh(state, *own, status, threads)) {
          detail::record_end(state, own->row, status, seconds_since(own->start), own->note);
          own.reset();
        }
        busy = true;
      } else if (const int sig = detail::StopSignal::received(); sig != 0 && !forwarded) {
        kill(own->pid, sig);
        forwarded = true;
      }
    }
    int pending = 0;
    MPI_Status probe;
    MPI_Iprobe(MPI_ANY_SOURCE, kTagReport, MPI_COMM_WORLD, &pending, &probe);
    if (pending) {
      Report report;
      MPI_Recv(&report, sizeof report, MPI_BYTE, probe.MPI_SOURCE, kTagReport, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
      if (report.row >= 0) {
        detail::record_end(state, static_cast<std::size_t>(report.row),
                           static_cast<int>(report.wait_status), report.seconds,
                           resumed_note(report.resumed_from));
      }
      const std::int64_t row = take_next();
      if (row >= 0) {
        auto& assigned = state.rows[static_cast<std::size_t>(row)];
        assigned.status = "running";
        assigned.error = fmt::format("running on MPI rank {}", probe.MPI_SOURCE);
        state.changed(static_cast<std::size_t>(row));
      } else {
        --workers;
      }
      MPI_Send(&row, 1, MPI_INT64_T, probe.MPI_SOURCE, kTagAssign, MPI_COMM_WORLD);
      busy = true;
    }
    if (!busy) std::this_thread::sleep_for(kPoll);
  }
}

void work(detail::SweepState& state, int threads) {
  Report report;
  for (;;) {
    MPI_Send(&report, sizeof report, MPI_BYTE, 0, kTagReport, MPI_COMM_WORLD);
    std::int64_t row = -1;
    MPI_Recv(&row, 1, MPI_INT64_T, 0, kTagAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (row < 0) return;
    detail::ChildRun child = detail::start_run(state, static_cast<std::size_t>(row), threads);
    int status = detail::wait_run(child);
    if (detail::retry_afresh(state, child, status, threads)) status = detail::wait_run(child);
    report = {row, status, seconds_since(child.start), child.resumed_from};
  }
}

}  // namespace

SweepSummary run_sweep_mpi(const io::ExperimentConfig& experiment, const SweepOptions& o) {
  detail::StopSignal stop;
  MpiSession mpi;
  const int rank = MpiSession::rank(), size = MpiSession::size();
  const int threads = detail::default_threads(o, MpiSession::ranks_on_node());
  // Rank 0 opens the index (and may refuse: an index exists without --resume); every rank
  // learns the outcome before anyone waits for a message.
  std::optional<detail::SweepState> state;
  std::optional<io::OutputLock> lock;  // rank 0 writes the index: one sweep per --outdir
  std::string problem;
  bool bad_input = false;  // a damaged index: exit 2 as in a local sweep
  try {
    if (rank == 0)
      lock.emplace(io::OutputLock::acquire(index_path(o.outdir, o.task_index, o.task_count),
                                           "sweep index (--outdir)"));
    state.emplace(rank == 0 ? detail::prepare_sweep(experiment, o)
                            : detail::plan_sweep(experiment, o));
  } catch (const InputError& e) {
    problem = e.what();
    bad_input = true;
  } catch (const std::exception& e) {
    problem = e.what();
  }
  int ok = problem.empty() ? 1 : 0;
  MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (!ok) {
    if (!problem.empty() && bad_input) throw InputError(problem);
    if (!problem.empty()) throw IoError(problem);
    SweepSummary s;
    s.coordinator = false;
    return s;
  }
  try {
    if (rank == 0) {
      state->progress.start(state->rows.size(), state->summary.skipped, size, o.quiet);
      coordinate(*state, size - 1, threads);
      detail::finish_sweep(*state);
      state->summary.ranks = size;
    } else {
      work(*state, threads);
      state->summary.coordinator = false;
    }
  } catch (const std::exception& e) {
    // The other ranks would wait for this one for ever: end the whole job.
    fmt::print(stderr, "cogov sweep (rank {} of {}): {}\n", rank, size, e.what());
    MPI_Abort(MPI_COMM_WORLD, 3);
  }
  return state->summary;
}

#endif

}  // namespace cogov::run
