#pragma once

#include <chrono>

namespace cogov::run::detail {

/// Adds the seconds between construction and destruction to `slot`.
class ScopedTimer {
 public:
  explicit ScopedTimer(double& slot) : slot_(slot), start_(std::chrono::steady_clock::now()) {}
  ~ScopedTimer() {
    slot_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  ScopedTimer(const ScopedTimer&) = delete;
  ScopedTimer& operator=(const ScopedTimer&) = delete;

 private:
  double& slot_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace cogov::run::detail
