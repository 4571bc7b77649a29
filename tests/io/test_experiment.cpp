// Experiment files expanded into runs: policy keys by name in sweeps and variants, string
// sweep values, variants that remove a policy, and the command line's --set.

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <set>

#include "cogov/core/error.hpp"
#include "cogov/io/experiment.hpp"
#include "cogov/io/scenario.hpp"
#include "cogov/model/policies/kinds.hpp"
#include "small_world.hpp"

using namespace cogov;
namespace fs = std::filesystem;

namespace {

fs::path write_experiment(const std::string& name, const std::string& body) {
  const auto dir = test::temp_dir("experiment-" + name);
  std::ofstream(dir / "base.toml") << "[population]\nnetizens = 2000\n[time]\nsteps = 100\n"
                                   << "[output]\nsnapshot_days = []\n"
                                   << "[[policy]]\nkind = \"campaign\"\nstart_day = 10\n";
  std::ofstream(dir / "e.toml") << "[experiment]\nbase = \"base.toml\"\nreplicates = 2\n" << body;
  return dir / "e.toml";
}

}  // namespace

TEST_CASE("experiment: sweeps address a policy's keys by name, strings included",
          "[io][experiment]") {
  const auto path = write_experiment("policy-keys", R"(
[[variant]]
name = "without"
remove = ["policy.campaign"]
[[variant]]
name = "with"
[sweep]
kind = "grid"
[[sweep.parameter]]
key = "policy.campaign.start_day"
values = [20, 60]
[[sweep.parameter]]
key = "policy.campaign.target"
values = ["urban", "rural"]
)");
  io::ExperimentConfig e = io::load_experiment(path);
  e.command_sets = {"time.steps=80"};
  const auto runs = io::plan_experiment(e);
  REQUIRE(runs.size() == 2 * 4 * 2);  // variants x points x replicates
  // Point 3 of "with": start day 60, rural; shown without quotes, set as a TOML string.
  const io::PlannedRun& r = runs[8 + 3 * 2];
  CHECK(r.variant == "with");
  CHECK(r.parameters ==
        std::vector<std::pair<std::string, std::string>>{{"policy.campaign.start_day", "60"},
                                                         {"policy.campaign.target", "rural"}});
  const io::Scenario s = io::load_scenario(r.scenario, r.sets);
  REQUIRE(s.policies.size() == 1);
  CHECK(s.policies[0].start_day == 60);
  CHECK(model::config_of<model::Campaign>(s.policies[0]).target.kind == model::TargetKind::rural);
  CHECK(s.time.steps == 80);  // the command line's --set, after the experiment's
  CHECK(r.command_sets == std::vector<std::string>{"time.steps=80"});
  // The variant that removes the policy runs at every point, with the same seeds.
  const io::PlannedRun& w = runs[3 * 2];
  CHECK(w.variant == "without");
  CHECK(w.seed == r.seed);
  CHECK(w.parameters == r.parameters);
  CHECK(io::load_scenario(w.scenario, w.sets).policies.empty());
}

TEST_CASE("experiment: a sweep key naming no policy fails the plan, with the names there are",
          "[io][experiment]") {
  const auto path = write_experiment("bad-policy-key", R"(
[sweep]
kind = "grid"
[[sweep.parameter]]
key = "policy.campain.start_day"
values = [20]
)");
  CHECK_THROWS_WITH(io::plan_experiment(io::load_experiment(path)),
                    Catch::Contains("no policy named 'campain'; did you mean 'campaign'?"));
  const auto mixed = write_experiment("bad-values", R"(
[sweep]
kind = "grid"
[[sweep.parameter]]
key = "policy.campaign.start_day"
values = [20, [1]]
)");
  CHECK_THROWS_WITH(io::load_experiment(mixed),
                    Catch::Contains("expected an array of numbers, strings or booleans"));
}

TEST_CASE("experiment: rounds of a stopping rule add replicates without renumbering runs",
          "[io][experiment][stopping]") {
  const auto path = write_experiment("rounds", R"(
[[variant]]
name = "baseline"
[[variant]]
name = "other"
[stopping]
until = ["fraud_successes:total=±2%", "participation_share:auc=±0.5"]
max_replicates = 6
)");
  const io::ExperimentConfig e = io::load_experiment(path);
  REQUIRE(e.stopping.targets.size() == 2);
  CHECK(e.stopping.targets[0].relative);
  CHECK_FALSE(e.stopping.targets[1].relative);
  CHECK(e.stopping.max_replicates == 6);
  CHECK(e.stopping.min_replicates == 8);
  const auto first = io::plan_experiment(e);
  const auto more = io::plan_experiment(e, nullptr, 5);
  REQUIRE(first.size() == 4);
  REQUIRE(more.size() == 10);
  for (std::size_t k = 0; k < first.size(); ++k) {
    CHECK(more[k].id == first[k].id);
    CHECK(more[k].sets == first[k].sets);
  }
  // Replicate 3 of "other" (cell 1): id 3 x 2 cells + 1; its seed is seed + 3 in both variants.
  const auto it = std::find_if(more.begin(), more.end(), [](const io::PlannedRun& r) {
    return r.variant == "other" && r.replicate == 3;
  });
  REQUIRE(it != more.end());
  CHECK(it->id == 7);
  CHECK(it->seed == e.seed + 3);
  CHECK(it->sets.back() == fmt::format("seed={}", e.seed + 3));
  std::set<std::uint32_t> ids;
  for (const auto& r : more) ids.insert(r.id);
  CHECK(ids.size() == more.size());
  CHECK(*ids.rbegin() == more.size() - 1);
}

TEST_CASE("experiment: a bad stopping target names the file, line and what is allowed",
          "[io][experiment][stopping]") {
  const auto path =
      write_experiment("bad-until", "[stopping]\nuntil = [\"fraud_successes:median=±2%\"]\n");
  try {
    io::load_experiment(path);
    FAIL("accepted");
  } catch (const ConfigError& err) {
    REQUIRE(err.problems().size() == 1);
    const std::string& p = err.problems()[0];
    CHECK_THAT(p, Catch::Contains("e.toml:5") && Catch::Contains("stopping.until") &&
                      Catch::Contains("unknown statistic 'median'"));
  }
}
