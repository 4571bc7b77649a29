#pragma once
// The subcommands of the cogov program; each parses its own options and returns an exit
// status. Errors are thrown and mapped to statuses in main().

#include <string>
#include <vector>

namespace cogov::cli {

using Args = std::vector<std::string>;

/// Exit statuses (also in --help and docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;       ///< environment: I/O, disk, memory
inline constexpr int kExitBadInput = 2;      ///< scenario, edge list or command line
inline constexpr int kExitInternal = 3;      ///< a bug
inline constexpr int kExitSignalBase = 128;  ///< stopped by signal N: 128 + N

int cmd_run(const Args& args, const std::string& command_line);
int cmd_resume(const Args& args);
int cmd_plan(const Args& args);
int cmd_sweep(const Args& args, const std::string& program);
int cmd_sweep_merge(const Args& args);
int cmd_validate(const Args& args);
int cmd_explain(const Args& args);
int cmd_reference(const Args& args);
int cmd_info(const Args& args);
int cmd_graph(const Args& args);

}  // namespace cogov::cli
