#pragma once
// Threshold participation (Granovetter 1978; Watts 2002): an agent participates next step
// when the share of its participating neighbours reaches its threshold theta_i. With
// `monotone`, participation is never given up (the cascade model). No other utility term
// acts under this rule. An isolated agent (k = 0) keeps its state.

#include <cstdint>

namespace cogov::model {

struct ThresholdConfig {
  bool monotone = true;
};

inline bool threshold_decision(const ThresholdConfig& c, bool participating, std::uint32_t degree,
                               std::uint32_t participating_neighbours, float threshold) {
  if (c.monotone && participating) return true;
  if (degree == 0) return participating;
  return static_cast<double>(participating_neighbours) >=
         static_cast<double>(threshold) * static_cast<double>(degree);
}

}  // namespace cogov::model
