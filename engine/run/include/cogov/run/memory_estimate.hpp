#pragma once
// The peak memory of a run (or of `cogov graph`), estimated from the scenario before
// anything is allocated, by part, so that a refusal can name what to lower. Every size is a
// double: 1e300 gives an estimate beyond any machine, never a wrapped small one.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cogov/io/scenario.hpp"

namespace cogov::run {

struct MemoryPart {
  std::string name;  ///< "the social graph", "netizens", ...
  double bytes = 0;
  std::string hint;  ///< what lowers it, e.g. "lower graph.erdos_renyi.mean_degree"
};

struct MemoryEstimate {
  std::vector<MemoryPart> parts;  ///< their sum is the peak

  double total() const;
  const MemoryPart& largest() const;
  /// The total in bytes, saturating at the largest uint64 (never wraps).
  std::uint64_t saturated() const;
};

struct MemoryOptions {
  bool graph_only = false;   ///< `cogov graph`: territory and social layer only
  bool checkpoints = false;  ///< periodic checkpoints (each copies the series history)
};

/// Peak resident bytes, including a fixed process overhead (libraries, thread pools,
/// HDF5): the social graph at its largest (while it is built, by generator and
/// parameters), netizen, enterprise and NGO columns (counted from the tables' column
/// lists), platform and membership layers, per-grid counts, the series history kept in
/// memory (rows x series columns x 8 bytes, per-grid series one column per grid) and
/// snapshot buffers.
MemoryEstimate estimate_memory(const io::Scenario& scenario, const MemoryOptions& options = {});

/// Throws ResourceError when the estimate exceeds `limit` (0: the machine's available
/// memory), naming the largest part and what lowers it. `what`: "this scenario", "this graph".
void require_memory(const MemoryEstimate& estimate, std::uint64_t limit, std::string_view what);

}  // namespace cogov::run
