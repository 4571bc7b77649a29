#pragma once
// Perceived risk (MODEL.md section 5):
//   r <- clamp( keep r + w_self [victimised now] + w_nbr v + w_campaign [campaign now], 0, 1 )
// with keep = exp(-decay_rate * days) and v the share of recently victimised neighbours.

#include <algorithm>

namespace cogov::model {

struct PerceivedRiskConfig {
  double decay_rate = 0.05;  ///< per day
  double weight_victimised = 0.5;
  double weight_neighbours = 0.2;
  double weight_campaign = 0.1;
};

inline float update_risk(const PerceivedRiskConfig& c, float r, double keep, bool victimised,
                         double victim_share, bool campaign) {
  const double next = keep * r + (victimised ? c.weight_victimised : 0.0) +
                      c.weight_neighbours * victim_share + (campaign ? c.weight_campaign : 0.0);
  return static_cast<float>(std::clamp(next, 0.0, 1.0));
}

}  // namespace cogov::model
