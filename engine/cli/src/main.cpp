// cogov: parse the subcommand, run it, map errors to exit statuses. No model logic here.

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <new>

#include "cogov/core/error.hpp"
#include "cogov/core/version.hpp"
#include "cogov/io/experiment.hpp"
#include "cogov/run/sweep.hpp"
#include "commands.hpp"
#include "options.hpp"

namespace {

constexpr const char* kUsage =
    R"(cogov - agent-based simulation of social participation in network-risk governance

usage: cogov <command> [options]

commands:
  run SCENARIO        run a scenario and write its time series to an HDF5 file
  resume CHECKPOINT   continue a stopped run from its checkpoint (<output>.ckpt)
  plan EXPERIMENT     list the runs an experiment file expands to (variants, sweep, seeds)
  sweep EXPERIMENT    run them: --outdir DIR [--jobs J] [--resume] [--set k=v] [--task-index i ...]
  sweep-merge DIR     merge the per-task indexes of a job-array sweep
  validate FILE       check a scenario; exit 0 if valid, else 2 listing every problem
  explain FILE        print the fully resolved scenario, every key with its default
  info FILE.h5        summarise a run's output file
  graph SCENARIO      build the social layer, print its statistics, optionally export it
  reference           print the scenario key reference (Markdown) or its JSON Schema

common options: --set key=value (repeatable), --seed S, --threads N, -o FILE, --quiet, --force,
                --checkpoint-every DAYS
'cogov <command> --help' lists a command's options.

exit status: 0 done; 1 runtime or I/O failure; 2 bad input (scenario, edge list, command
line); 3 internal error (a bug: please report); 128+N stopped by signal N (130 for Ctrl-C).
docs: docs/user-guide.md, docs/scenario-reference.md, docs/output-format.md)";

/// This program's own path (for the child runs of a sweep).
std::string program_path(const char* argv0) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(argv0) : self.string();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cogov;
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage << "\n";
    return args.empty() ? cli::kExitBadInput : cli::kExitOk;
  }
  if (args[0] == "--version") {
    fmt::print("cogov {} ({})\nMPI sweeps: {}\n", core::version(), core::git_hash(),
               run::mpi_enabled() ? "yes" : "no (configure with -DCOGOV_MPI=ON)");
    return cli::kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "run") return cli::cmd_run(args, command_line);
    if (command == "resume") return cli::cmd_resume(args);
    if (command == "plan") return cli::cmd_plan(args);
    if (command == "sweep") return cli::cmd_sweep(args, program_path(argv[0]));
    if (command == "sweep-merge") return cli::cmd_sweep_merge(args);
    if (command == "validate") return cli::cmd_validate(args);
    if (command == "explain") return cli::cmd_explain(args);
    if (command == "reference") return cli::cmd_reference(args);
    if (command == "info") return cli::cmd_info(args);
    if (command == "graph") return cli::cmd_graph(args);
    fmt::print(stderr,
               "cogov: unknown command '{}' (commands: run, resume, validate, explain, info, "
               "graph, reference)\n",
               command);
    return cli::kExitBadInput;
  } catch (const ConfigError& e) {
    const bool experiment = dynamic_cast<const io::ExperimentError*>(&e) != nullptr;
    fmt::print(stderr, "cogov {}: the {} has {} problem{}:\n", command,
               experiment ? "experiment" : "scenario", e.problems().size(),
               e.problems().size() == 1 ? "" : "s");
    for (const auto& p : e.problems()) fmt::print(stderr, "  {}\n", p);
    fmt::print(stderr,
               "nothing was written. Keys and allowed values: docs/scenario-reference.md\n");
    return cli::kExitBadInput;
  } catch (const InputError& e) {
    fmt::print(stderr, "cogov {}: {}\nnothing was written.\n", command, e.what());
    return cli::kExitBadInput;
  } catch (const cli::UsageError& e) {
    fmt::print(stderr, "cogov {}: {} (see 'cogov {} --help')\n", command, e.what(), command);
    return cli::kExitBadInput;
  } catch (const ResourceError& e) {
    fmt::print(stderr, "cogov {}: refused before allocating: {}\n", command, e.what());
    return cli::kExitFailure;
  } catch (const IoError& e) {
    fmt::print(stderr, "cogov {}: {}\n", command, e.what());
    // After a failed write (a full disk) the HDF5 library may still hold the file and crash
    // while closing it at exit: leave without running exit handlers. The output keeps its
    // .part name, which marks it incomplete.
    std::fflush(nullptr);
    std::_Exit(cli::kExitFailure);
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "cogov {}: out of memory; try fewer netizens or a sparser graph\n", command);
    return cli::kExitFailure;
  } catch (const std::exception& e) {
    fmt::print(
        stderr,
        "cogov {}: internal error: {}\nthis is a bug; please report it with the command line.\n",
        command, e.what());
    return cli::kExitInternal;
  }
}
