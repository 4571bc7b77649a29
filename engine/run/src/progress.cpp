#include "progress.hpp"

#include "cogov/core/duration.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace cogov::run::detail {

Progress::Progress(std::uint32_t total_steps, std::uint64_t agents, bool quiet)
    : total_(total_steps), agents_(agents), quiet_(quiet), tty_(isatty(STDERR_FILENO) != 0) {
  start_ = last_ = Clock::now();
}

void Progress::update(std::uint32_t done) {
  if (quiet_ || total_ == 0) return;
  const auto now = Clock::now();
  const double since_last = std::chrono::duration<double>(now - last_).count();
  const bool last_step = done == total_;
  if (tty_ ? (since_last < 0.1 && !last_step) : (since_last < 10.0 && !last_step)) return;
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? done / elapsed : 0.0;
  const double eta = rate > 0 ? (total_ - done) / rate : 0.0;
  const double pct = 100.0 * done / total_;
  const std::string stats =
      fmt::format("step {}/{} | {:.1f} steps/s | {:.2e} agent-steps/s | ETA {}", done, total_, rate,
                  rate * static_cast<double>(agents_), core::format_duration(eta));
  if (tty_) {
    const int width = 30;
    const int filled = static_cast<int>(width * done / total_);
    fmt::print(stderr, "\r[{}{}] {:5.1f}% {}  ", std::string(filled, '#'),
               std::string(width - filled, '.'), pct, stats);
    drawn_ = true;
  } else {
    fmt::print(stderr, "progress: {:.1f}% {}\n", pct, stats);
  }
  std::fflush(stderr);
}

void Progress::finish() {
  if (drawn_) fmt::print(stderr, "\n");
  drawn_ = false;
}

}  // namespace cogov::run::detail
