// Fraud protection factor (docs/model.md section 6.2): with participation fixed, the success
// rate of an attempt on a netizen with n participating neighbours is p_F (1 - eps_nbr)^n.

#include <catch2/catch.hpp>

#include "cogov/run/simulation.hpp"
#include "validation.hpp"

using namespace cogov;

TEST_CASE("validation: fraud success against participating neighbours follows p_F (1 - eps_nbr)^n",
          "[validation][fraud]") {
  const io::Scenario s = validation::preset("fraud_protection");
  run::Simulation sim(s);
  const std::uint16_t fresh =
      static_cast<std::uint16_t>(std::lround(s.fraud.victim_window_days) - 1);
  std::vector<double> trials(40, 0), successes(40, 0);
  for (std::uint32_t step = 0; step < s.time.steps; ++step) {
    const auto& p = sim.world().netizens;
    std::vector<std::uint8_t> n_part(p.size());
    for (std::uint32_t i = 0; i < p.size(); ++i) {
      std::uint32_t n = 0;
      for (std::uint32_t j : sim.world().social.neighbours(i)) n += p.participating(j);
      n_part[i] = static_cast<std::uint8_t>(std::min<std::uint32_t>(n, 39));
    }
    sim.step();
    for (std::uint32_t i = 0; i < p.size(); ++i) {
      trials[n_part[i]] += 1;
      successes[n_part[i]] += p.victim_countdown[i] == fresh;
    }
  }
  CHECK(sim.tally().attempts == s.population.netizens);  // an attempt on everyone
  validation::Table table("fraud_protection", {"n", "trials", "expected", "measured"});
  const double pf = s.fraud.success_prob[0], eps = s.fraud.neighbour_protection;
  for (int n = 0; n <= 10; ++n) {
    if (trials[n] < 1000) continue;
    const double expected = pf * std::pow(1 - eps, n), measured = successes[n] / trials[n];
    table.add({double(n), trials[n], expected, measured});
    INFO("n = " << n << " participating neighbours, " << trials[n] << " trials");
    // 4 binomial standard deviations.
    CHECK(std::fabs(measured - expected) < 4 * std::sqrt(expected * (1 - expected) / trials[n]));
  }
}
