#pragma once
// Trust in government (MODEL.md section 5): rises when the agent's report is handled,
// falls when it is victimised while a report of its own goes unhandled.
//   tau <- tau + gain (1 - tau) [handled] - loss tau [victimised and unhandled]

namespace cogov::model {

struct TrustConfig {
  double gain_handled = 0.05;
  double loss_unhandled = 0.10;
};

inline float update_trust(const TrustConfig& c, float tau, bool handled,
                          bool victimised_unhandled) {
  double t = tau;
  if (handled) t += c.gain_handled * (1.0 - t);
  if (victimised_unhandled) t -= c.loss_unhandled * t;
  return static_cast<float>(t);
}

}  // namespace cogov::model
