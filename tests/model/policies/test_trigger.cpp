// Policy triggers (policies/trigger.hpp): the rule on hand-made readings, through the policy
// book, and on a small world stepped by the engine.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "cogov/model/policies/book.hpp"
#include "small_world.hpp"

using namespace cogov;
using namespace cogov::model;

namespace {

TriggerConfig rising(TriggerSeries series, double window_days, double above) {
  TriggerConfig c;
  c.series = series;
  c.window_days = window_days;
  c.above = above;
  return c;
}

struct Trace {
  std::vector<int> on, fired;
  std::vector<double> value;
};

/// Feeds `readings` to a trigger, one per daily step (step t ends on day t + 1), always armed.
Trace feed(const TriggerConfig& c, const std::vector<double>& readings) {
  TriggerState s;
  s.window.assign(c.window_steps(1.0), 0.0);
  Trace out;
  for (std::size_t t = 0; t < readings.size(); ++t) {
    observe_trigger(c, s, readings[t], 1.0, static_cast<double>(t + 1), true);
    out.on.push_back(s.on ? 1 : 0);
    out.fired.push_back(s.fired ? 1 : 0);
    out.value.push_back(s.value);
  }
  return out;
}

/// Readings with `value` for the trigger's series and 0 for the others.
TriggerReadings reading(TriggerSeries series, double value) {
  TriggerReadings r{};
  r[static_cast<std::size_t>(series)] = value;
  return r;
}

}  // namespace

TEST_CASE(
    "trigger: starts the step after its window sum exceeds the threshold, runs min_days, "
    "then waits out its cool-down",
    "[model][policy][trigger]") {
  TriggerConfig c = rising(TriggerSeries::fraud_successes, 3, 10);
  c.min_days = 4;
  c.cooldown_days = 5;
  // Window sums (3 steps): -, -, 0, 5, 10, 15, 10, 5, 0, 0, 0, 0, 20, 20, 20.
  const Trace t = feed(c, {0, 0, 0, 5, 5, 5, 0, 0, 0, 0, 0, 0, 20, 0, 0});
  CHECK(std::isnan(t.value[0]));
  CHECK(std::isnan(t.value[1]));
  CHECK(t.value[2] == 0);
  CHECK(t.value[4] == 10);
  CHECK(t.value[5] == 15);
  CHECK(t.value[12] == 20);
  // 10 is not above 10; 15 at the end of step 5 starts it on day 6. At day 10 it has run 4
  // days and the sum (0) is at or below 10: it stops. The sum exceeds 10 again at the end of
  // step 12 (day 13), but the cool-down lasts to day 10 + 5 = 15: it restarts on day 15.
  CHECK(t.on == std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1});
  CHECK(t.fired == std::vector<int>{0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1});
}

TEST_CASE("trigger: never fires at or below its threshold, nor before its window is full",
          "[model][policy][trigger]") {
  const TriggerConfig c = rising(TriggerSeries::fraud_successes, 3, 30);
  const Trace at = feed(c, std::vector<double>(20, 10.0));  // sums of exactly 30
  CHECK(at.on == std::vector<int>(20, 0));
  CHECK(at.value.back() == 30);
  // Large readings from the start: the first full window is at the end of step 2.
  const Trace high = feed(c, {100, 100, 100, 100});
  CHECK(high.fired == std::vector<int>{0, 0, 1, 0});
}

TEST_CASE("trigger: stop_below holds the policy on until the value falls through it",
          "[model][policy][trigger]") {
  TriggerConfig c = rising(TriggerSeries::fraud_successes, 1, 10);
  const std::vector<double> readings{12, 8, 5, 4, 3, 12};
  CHECK(feed(c, readings).on == std::vector<int>{1, 0, 0, 0, 0, 1});
  c.stop_below = 4;
  CHECK(feed(c, readings).on == std::vector<int>{1, 1, 1, 0, 0, 1});
}

TEST_CASE("trigger: below starts on a fall of the window mean of a share",
          "[model][policy][trigger]") {
  TriggerConfig c;
  c.series = TriggerSeries::participation_share;  // averaged over the window
  c.window_days = 2;
  c.below = 0.1;
  // Means: -, 0.2, 0.125, 0.05, 0.125, 0.2.
  const Trace t = feed(c, {0.2, 0.2, 0.05, 0.05, 0.2, 0.2});
  CHECK(t.value[2] == Approx(0.125));
  CHECK(t.on == std::vector<int>{0, 0, 0, 1, 0, 0});
  CHECK(c.scale(20000) == 1.0);  // a share is never scaled
  TriggerConfig victims = rising(TriggerSeries::fraud_successes, 7, 5);
  CHECK(victims.scale(20000) == 1.0);
  victims.per = 100000;
  CHECK(victims.scale(20000) == 5.0);
  CHECK(victims.window_steps(0.5) == 14);
  CHECK(victims.window_steps(30) == 1);
}

TEST_CASE(
    "trigger: the policy book runs a triggered policy inside its schedule only, and "
    "charges it only while it runs",
    "[model][policy][trigger]") {
  PolicyConfig p = make_policy<Campaign>();
  p.start_day = 5;
  p.end_day = 9;
  p.cost_per_day = 100;
  p.trigger = rising(TriggerSeries::fraud_successes, 1, 0);  // any victim
  PolicyBook book({p}, 1e9, 1);
  REQUIRE(book.has_triggers());
  run::World w = test::small_world(10, {});
  std::vector<int> running;
  for (int day = 0; day < 12; ++day) {
    PolicyOrders orders;
    book.compile(day, 1.0, 24.0, w.netizens, w.social, w.territory, &w.ngos, orders);
    running.push_back(book.running(0) ? 1 : 0);
    book.charge(1.0, {});
    book.observe(reading(TriggerSeries::fraud_successes, 3), 10, day + 1.0);
  }
  // Victims every step, but the trigger may start it only from day 5, and day 9 ends it.
  CHECK(running == std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0});
  CHECK(book.spending()[0] == Approx(400));
  CHECK(book.trigger(0).started == 5);
  CHECK(book.trigger(0).stopped == 9);
}

TEST_CASE("trigger: a policy that never triggers is never run nor charged",
          "[model][policy][trigger]") {
  PolicyConfig p = make_policy<Campaign>();
  p.cost_per_day = 100;
  p.trigger = rising(TriggerSeries::fraud_successes, 7, 1e9);
  PolicyBook book({p}, 1e9, 1);
  run::World w = test::small_world(10, {});
  for (int day = 0; day < 30; ++day) {
    PolicyOrders orders;
    const PolicyEffects fx =
        book.compile(day, 1.0, 24.0, w.netizens, w.social, w.territory, &w.ngos, orders);
    CHECK(fx.terms.empty());
    book.charge(1.0, {});
    book.observe(reading(TriggerSeries::fraud_successes, 1000), 10, day + 1.0);
  }
  CHECK(book.spending()[0] == 0);
  CHECK(book.trigger(0).value == 7000);
}

TEST_CASE("trigger: a triggered political mobilisation's boost decays from its trigger day",
          "[model][policy][trigger]") {
  PolicyConfig p = make_policy<PoliticalMobilisation>();
  config_of<PoliticalMobilisation>(p).intensity = 2.0;
  config_of<PoliticalMobilisation>(p).half_life_days = 10;
  config_of<PoliticalMobilisation>(p).reach = 0;
  p.trigger = rising(TriggerSeries::new_believers, 1, 5);
  PolicyBook book({p}, 1e9, 1);
  run::World w = test::small_world(10, {});
  std::vector<double> boost;
  for (int day = 0; day < 30; ++day) {
    PolicyOrders orders;
    const PolicyEffects fx =
        book.compile(day, 1.0, 24.0, w.netizens, w.social, w.territory, &w.ngos, orders);
    boost.push_back(fx.terms.empty() ? 0.0 : fx.terms[0].value);
    book.observe(reading(TriggerSeries::new_believers, day >= 19 ? 6 : 0), 10, day + 1.0);
  }
  CHECK(boost[19] == 0);
  CHECK(boost[20] == Approx(2.0));  // its first day: the full boost
  CHECK(boost[29] == Approx(2.0 * std::exp2(-0.9)));
}

TEST_CASE(
    "trigger: on a small world, a campaign triggered by fraud victims runs exactly when "
    "the rule says, for at least min_days, with its cool-down",
    "[model][policy][trigger]") {
  constexpr std::uint32_t n = 20000, steps = 120;
  io::Scenario s = test::small_scenario(n, steps);
  s.rumour.enabled = false;
  s.breach.enabled = false;
  s.fraud.attempt_rate = 0.02;
  constexpr int window = 5;
  // The threshold: the median window sum (per 1e5) of the run without the policy.
  std::vector<double> pilot;
  {
    run::Simulation sim(s);
    std::vector<double> victims;
    for (std::uint32_t t = 0; t < steps; ++t) {
      sim.step();
      victims.push_back(static_cast<double>(sim.tally().successes));
      if (victims.size() >= window) {
        double sum = 0;
        for (std::size_t k = victims.size() - window; k < victims.size(); ++k) sum += victims[k];
        pilot.push_back(sum * 100000.0 / n);
      }
    }
  }
  std::sort(pilot.begin(), pilot.end());
  const double threshold = pilot[pilot.size() / 2];
  REQUIRE(threshold > 0);

  PolicyConfig p = make_policy<Campaign>();
  config_of<Campaign>(p).reach = 0.3;
  p.trigger = rising(TriggerSeries::fraud_successes, window, threshold);
  p.trigger.per = 100000;
  p.trigger.min_days = 6;
  p.trigger.cooldown_days = 8;
  s.policies = {p};
  run::Simulation sim(s);
  std::vector<double> victims;
  std::vector<int> ran;  // ran[t]: the policy ran in step t
  for (std::uint32_t t = 0; t < steps; ++t) {
    sim.step();
    ran.push_back(sim.policies().running(0) ? 1 : 0);
    victims.push_back(static_cast<double>(sim.tally().successes));
  }
  // The rule written out step by step from the victims the run counted.
  std::vector<int> expected(steps, 0);
  bool on = false;
  int started = -1, stopped = -1000;
  for (std::uint32_t t = 0; t + 1 < steps; ++t) {
    double value = std::numeric_limits<double>::quiet_NaN();
    if (t + 1 >= window) {
      double sum = 0;
      for (std::uint32_t k = t + 1 - window; k <= t; ++k) sum += victims[k];
      value = sum * 100000.0 / n;
    }
    const int next = static_cast<int>(t) + 1;
    if (!on && next - stopped >= 8 && value > threshold) {
      on = true;
      started = next;
    } else if (on && next - started >= 6 && value <= threshold) {
      on = false;
      stopped = next;
    }
    expected[t + 1] = on ? 1 : 0;
  }
  CHECK(ran == expected);
  // It started and stopped at least once, and every activation and pause kept its minimum.
  int starts = 0;
  std::vector<int> changes;
  for (std::uint32_t t = 1; t < steps; ++t) {
    if (ran[t] && !ran[t - 1]) ++starts;
    if (ran[t] != ran[t - 1]) changes.push_back(static_cast<int>(t));
  }
  CHECK(starts >= 2);
  for (std::size_t k = 1; k < changes.size(); ++k) {
    const int length = changes[k] - changes[k - 1];
    if (ran[static_cast<std::size_t>(changes[k - 1])]) {
      CHECK(length >= 6);  // ran at least min_days
    } else {
      CHECK(length >= 8);  // off at least cooldown_days
    }
  }
}
