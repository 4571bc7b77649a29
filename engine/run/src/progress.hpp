#pragma once
// Progress of a long run on stderr: a redrawn bar with rate and ETA on a terminal, plain
// periodic lines otherwise (logs of batch jobs), nothing with --quiet.

#include <chrono>
#include <cstdint>

namespace cogov::run::detail {

class Progress {
 public:
  Progress(std::uint32_t total_steps, std::uint64_t agents, bool quiet);
  void update(std::uint32_t steps_done);
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::uint32_t total_;
  std::uint64_t agents_;
  bool quiet_;
  bool tty_;
  Clock::time_point start_, last_;
  bool drawn_ = false;
};

}  // namespace cogov::run::detail
