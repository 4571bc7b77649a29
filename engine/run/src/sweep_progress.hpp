#pragma once
// What a sweep prints as its runs end (unless --quiet): one line per finished run with
// runs finished / total, failures so far and an ETA; a failed run's line gives its reason.

#include <chrono>
#include <cstddef>
#include <string>

#include "cogov/run/sweep.hpp"

namespace cogov::run::detail {

class SweepProgress {
 public:
  /// `total` runs of which `already` were done before; `parallel` run at once.
  void start(std::size_t total, std::size_t already, int parallel, bool quiet);
  /// Rows added (a stopping rule's next round).
  void grow(std::size_t total) { total_ = total; }
  /// A run ended; `note` (may be empty) is said after its status.
  void finished(const IndexRow& row, const std::string& note);

  /// The estimate of the time left: mean run time so far x runs left / runs at once.
  static double eta_seconds(double mean_run_seconds, std::size_t left, int parallel);

 private:
  std::size_t total_ = 0, finished_ = 0, done_ = 0, failed_ = 0;
  std::size_t ended_here_ = 0;  ///< runs that ended in this sweep (for the mean)
  double run_seconds_ = 0;
  int parallel_ = 1;
  bool quiet_ = false;
};

}  // namespace cogov::run::detail
