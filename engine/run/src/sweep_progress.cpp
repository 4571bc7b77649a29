#include "sweep_progress.hpp"

#include "cogov/core/duration.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cogov::run::detail {

void SweepProgress::start(std::size_t total, std::size_t already, int parallel, bool quiet) {
  total_ = total;
  finished_ = done_ = already;
  failed_ = 0;
  parallel_ = std::max(1, parallel);
  quiet_ = quiet;
}

double SweepProgress::eta_seconds(double mean, std::size_t left, int parallel) {
  return mean * static_cast<double>(left) / std::max(1, parallel);
}

void SweepProgress::finished(const IndexRow& row, const std::string& note) {
  ++finished_;
  if (row.status == "done") ++done_;
  if (row.status == "failed") ++failed_;
  ++ended_here_;
  run_seconds_ += row.wall_seconds;
  if (quiet_) return;
  const std::size_t left = total_ > finished_ ? total_ - finished_ : 0;
  const double eta = eta_seconds(run_seconds_ / static_cast<double>(ended_here_), left, parallel_);
  std::string what = fmt::format("{} in {:.1f} s", row.status, row.wall_seconds);
  if (!note.empty()) what += " (" + note + ")";
  if (row.status != "done" && !row.error.empty()) what += ": " + row.error;
  fmt::print("[{}/{}] run {} ({}, point {}, replicate {}): {} | {} done, {} failed{}\n", finished_,
             total_, row.run.id, row.run.variant, row.run.point, row.run.replicate, what, done_,
             failed_, left > 0 ? " | ETA " + core::format_duration(eta) : std::string());
  std::fflush(stdout);
}

}  // namespace cogov::run::detail
