// The promise of DESIGN.md: the same seed gives bitwise identical output for any thread count.

#include <catch2/catch.hpp>

#include <cstring>

#include "cogov/io/h5_summary.hpp"
#include "cogov/run/recorder.hpp"
#include "cogov/run/runner.hpp"
#include "small_world.hpp"

using namespace cogov;
namespace fs = std::filesystem;

namespace {

fs::path run_with_threads(const io::Scenario& s, int threads, const fs::path& dir) {
  run::RunOptions o;
  o.output = dir / ("threads" + std::to_string(threads) + ".h5");
  o.threads = threads;
  o.quiet = true;
  return run::run_scenario(s, o).output;
}

void check_identical_for_thread_counts(const io::Scenario& s, const std::string& name) {
  const auto dir = test::temp_dir("determinism-" + name);
  const fs::path one = run_with_threads(s, 1, dir);
  for (int threads : {2, 4}) {
    const fs::path other = run_with_threads(s, threads, dir);
    const io::FileSummary a = io::read_summary(one), b = io::read_summary(other);
    CHECK(a.graph_attributes.at("hash") == b.graph_attributes.at("hash"));
    CHECK(b.attributes.at("threads") == std::to_string(threads));
    REQUIRE(a.series.size() == b.series.size());
    for (const auto& series : a.series) {
      INFO(name << ": series " << series.name << ", threads " << threads);
      const auto x = io::read_series(one, series.name), y = io::read_series(other, series.name);
      REQUIRE(x.size() == y.size());
      CHECK(std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0);
    }
  }
}

}  // namespace

TEST_CASE("determinism: logit model output is identical for 1, 2 and 4 threads",
          "[run][determinism]") {
  io::Scenario s = test::small_scenario(40000, 30);
  s.output.by_grid = true;
  check_identical_for_thread_counts(s, "logit");
}

TEST_CASE(
    "determinism: with rewards, refutation and a shock, output is identical for 1, 2 and 4 "
    "threads",
    "[run][determinism]") {
  io::Scenario s = test::small_scenario(40000, 30);
  s.rumour.initial_believers = 0.02;
  model::PolicyConfig reward = model::make_policy<model::Reward>();
  model::PolicyConfig honour = model::make_policy<model::Reward>();
  honour.name = "honour";
  model::config_of<model::Reward>(honour).mode = model::RewardMode::honour;
  model::PolicyConfig refutation = model::make_policy<model::RefutationPlatform>();
  s.policies = {reward, honour, refutation};
  model::ShockConfig shock;
  shock.start_day = 5;
  shock.end_day = 20;
  s.shocks = {shock};
  check_identical_for_thread_counts(s, "levers");
}

TEST_CASE(
    "determinism: with policies started and stopped by triggers, output is identical for "
    "1, 2 and 4 threads",
    "[run][determinism][trigger]") {
  io::Scenario s = test::small_scenario(40000, 30);
  model::PolicyConfig alert = model::make_policy<model::Campaign>();
  alert.name = "alert";
  alert.trigger.series = model::TriggerSeries::fraud_successes;
  alert.trigger.per = 100000;
  alert.trigger.window_days = 3;
  alert.trigger.above = 60;
  alert.trigger.min_days = 3;
  alert.trigger.cooldown_days = 2;
  model::PolicyConfig rally = model::make_policy<model::PoliticalMobilisation>();
  rally.trigger.series = model::TriggerSeries::participation_share;
  rally.trigger.window_days = 2;
  rally.trigger.below = 0.5;
  rally.end_day = 20;
  s.policies = {alert, rally};
  check_identical_for_thread_counts(s, "triggers");
  // The triggers did something: each fired, and the alert also stopped.
  const auto dir = test::temp_dir("determinism-triggers-fired");
  const fs::path out = run_with_threads(s, 2, dir);
  const auto fired = io::read_series(out, "policy_triggered");
  const auto running = io::read_series(out, "policy_running");
  REQUIRE(fired.size() == 2 * 31);
  double alert_fired = 0, rally_fired = 0, alert_changes = 0;
  for (std::size_t t = 0; t < 31; ++t) {
    alert_fired += fired[2 * t];
    rally_fired += fired[2 * t + 1];
    if (t > 0 && running[2 * t] != running[2 * (t - 1)]) ++alert_changes;
  }
  CHECK(alert_fired >= 1);
  CHECK(rally_fired == 1);
  CHECK(alert_changes >= 2);
}

TEST_CASE("determinism: threshold model output is identical for 1, 2 and 4 threads",
          "[run][determinism]") {
  io::Scenario s = test::small_scenario(40000, 30);
  s.rules.participation.rule = model::ParticipationRule::threshold;
  s.population.threshold_mean = 0.15;
  s.population.threshold_sd = 0.05;
  s.graph.model = graph::model_of<graph::ErdosRenyi>;
  s.graph.get<graph::ErdosRenyi>().mean_degree = 6;
  check_identical_for_thread_counts(s, "threshold");
}

TEST_CASE("determinism: a different seed gives a different run", "[run][determinism]") {
  io::Scenario a = test::small_scenario(5000, 10), b = a;
  b.seed = a.seed + 1;
  run::Simulation sa(a), sb(b);
  for (int t = 0; t < 10; ++t) {
    sa.step();
    sb.step();
  }
  CHECK(sa.world().netizens.fatigue != sb.world().netizens.fatigue);
}
