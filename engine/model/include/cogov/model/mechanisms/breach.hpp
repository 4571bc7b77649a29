#pragma once
// Breaches (enterprise side, docs/model.md section 6.3), for each operating firm e after its
// security s_e of this step is set:
//
//   patched          each open vulnerability with prob 1 - exp(-patch_rate s_e days)
//   new              ~ Poisson(vuln_rate (1 - s_e) days)
//   breach           with prob 1 - exp(-lambda_b V_e (1 - s_e) shock days), V_e after both
//
// The users of a breached firm are exposed in the netizen pass (exposure.hpp).
// Reads: security. Writes: vulnerabilities, breached. RNG: Purpose::vulnerabilities.

#include <cstdint>

#include "cogov/core/rng.hpp"
#include "cogov/core/spec.hpp"
#include "cogov/model/enterprises.hpp"

namespace cogov::model {

struct BreachConfig {
  bool enabled = true;
  double vuln_rate = 0.2;       ///< new vulnerabilities per day at security 0
  double patch_rate = 0.2;      ///< patches per open vulnerability per day at security 1
  double breach_rate = 0.0003;  ///< lambda_b per open vulnerability per day at security 0
  double exposure_prob = 0.3;   ///< per user of a breached enterprise

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, BreachConfig& c) {
    using core::Range;
    v.value("enabled", c.enabled, {Range::any(), "", "run the breach process"});
    v.value("vuln_rate", c.vuln_rate,
            {Range::at_least(0), "per day", "new vulnerabilities at security 0 (x (1 - s))"});
    v.value(
        "patch_rate", c.patch_rate,
        {Range::at_least(0), "per day", "patching of each open vulnerability at security 1 (x s)"});
    v.value("breach_rate", c.breach_rate,
            {Range::at_least(0), "per vulnerability per day", "lambda_b at security 0"});
    v.value("exposure_prob", c.exposure_prob,
            {Range::unit(), "", "each user of a breached firm becomes data-exposed"});
  }
};

/// Advances firm e's vulnerabilities and draws its breach; returns whether it was breached.
inline bool breach_step(const BreachConfig& b, Enterprises& f, std::uint32_t e, std::uint64_t seed,
                        std::uint32_t step, double days, double shock) {
  core::Stream vr(seed, core::AgentKind::enterprise, e, step, core::Purpose::vulnerabilities);
  const double s = f.security[e];
  std::uint32_t v = f.vulnerabilities[e];
  const double patch = core::rate_to_prob(b.patch_rate * s, days);
  std::uint32_t patched = 0;
  for (std::uint32_t k = 0; k < v; ++k) patched += vr.bernoulli(patch);
  v = v - patched + vr.poisson(b.vuln_rate * (1.0 - s) * days);
  f.vulnerabilities[e] = v;
  if (!vr.bernoulli(core::rate_to_prob(b.breach_rate * v * (1.0 - s) * shock, days))) return false;
  f.breached[e] = 1;
  return true;
}

}  // namespace cogov::model
