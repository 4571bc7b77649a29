#pragma once
// SIGINT/SIGTERM while a run is stepping: the first signal asks the loop to stop after the
// current step (and restores the default action, so a second signal ends the process at
// once); the loop then flushes and closes its output.

namespace cogov::run::detail {

class StopSignal {
 public:
  StopSignal();   ///< installs the handlers
  ~StopSignal();  ///< restores the previous handlers
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  /// The signal received so far, or 0.
  static int received();
};

}  // namespace cogov::run::detail
