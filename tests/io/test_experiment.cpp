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

namespace {

/// The problems of an experiment that load or plan refuses (empty: accepted); it must be an
/// ExperimentError (headed "the experiment has N problems").
std::vector<std::string> experiment_problems(const std::string& name, const std::string& body) {
  try {
    const io::ExperimentConfig e = io::load_experiment(write_experiment(name, body));
    io::plan_experiment(e);
  } catch (const io::ExperimentError& err) {
    return err.problems();
  }
  return {};
}

std::string experiment_problem(const std::string& name, const std::string& body) {
  const auto p = experiment_problems(name, body);
  REQUIRE(p.size() == 1);
  return p[0];
}

}  // namespace

TEST_CASE("experiment: a sweep that plans 0 runs is refused, naming the key", "[io][experiment]") {
  CHECK_THAT(experiment_problem("zero-grid",
                                "[sweep]\nkind = 'grid'\n[[sweep.parameter]]\n"
                                "key = 'seed'\nvalues = []\n"),
             Catch::Contains("sweep.parameter[0].values") && Catch::Contains("plans 0 runs"));
  CHECK_THAT(experiment_problem("zero-zip",
                                "[sweep]\nkind = 'zip'\n[[sweep.parameter]]\n"
                                "key = 'seed'\nvalues = []\n"),
             Catch::Contains("plans 0 runs"));
  CHECK_THAT(experiment_problem("no-values",
                                "[sweep]\nkind = 'grid'\n[[sweep.parameter]]\n"
                                "key = 'seed'\n"),
             Catch::Contains("needs values"));
}

TEST_CASE("experiment: random and latin_hypercube need min <= max, both written",
          "[io][experiment]") {
  const std::string head =
      "[sweep]\nkind = 'random'\n[[sweep.parameter]]\n"
      "key = 'territory.urban_share'\n";
  CHECK_THAT(experiment_problem("no-bounds", head),
             Catch::Contains("min and max: both are required"));
  CHECK_THAT(experiment_problem("no-max", head + "min = 0.1\n"), Catch::Contains("min and max"));
  CHECK_THAT(
      experiment_problem("reversed", head + "min = 0.9\nmax = 0.1\n"),
      Catch::Contains("sweep.parameter[0].min = 0.9") && Catch::Contains("must be <= max (0.1)"));
  CHECK_THAT(experiment_problem("inf-max", head + "min = 0\nmax = inf\n"),
             Catch::Contains("finite number"));
  CHECK_THAT(experiment_problem("values", head + "min = 0\nmax = 1\nvalues = [1]\n"),
             Catch::Contains("values are for grid and zip"));
  CHECK(experiment_problems("ok-bounds", head + "min = 0.2\nmax = 0.2\n").empty());
}

TEST_CASE("experiment: the last replicate's seed must fit, checked when planned",
          "[io][experiment]") {
  // seed + r above 2^63 - 1 was planned, then refused by the run's scenario.
  CHECK_THAT(experiment_problem("seed-top", "seed = 9223372036854775807\n"),
             Catch::Contains("experiment.seed = 9223372036854775807") &&
                 Catch::Contains("at most 9223372036854775806"));
  CHECK(experiment_problems("seed-ok", "seed = 9223372036854775806\n").empty());
  // A stopping rule plans up to 10 x replicates (20 here).
  CHECK_THAT(experiment_problem("seed-rounds",
                                "seed = 9223372036854775800\n[stopping]\n"
                                "until = ['participants:mean=±5%']\n"),
             Catch::Contains("up to 20 replicates"));
  const io::ExperimentConfig e =
      io::load_experiment(write_experiment("seed-arg", "seed = 9223372036854775805\n"));
  CHECK_THROWS_AS(io::plan_experiment(e, nullptr, 4), io::ExperimentError);
}

TEST_CASE("experiment: names are plain labels that cannot break index.csv", "[io][experiment]") {
  for (const std::string& name :
       std::vector<std::string>{"\"a\\nb\"", "\"a,b\"", "\"q\\\"\"", "\"t\\tt\"", "\" x\"",
                                "\"" + std::string(65, 'x') + "\""}) {
    CAPTURE(name);
    CHECK_THAT(experiment_problem("bad-name", "[[variant]]\nname = " + name + "\n"),
               Catch::Contains("variant[0].name") && Catch::Contains("letters, digits"));
  }
  CHECK(experiment_problems("good-name", "[[variant]]\nname = \"base line-2.0_x\"\n[[variant]]\n")
            .empty());
  CHECK_THAT(experiment_problem("bad-exp-name", "name = \"a\\nb\"\n"),
             Catch::Contains("experiment.name"));
  CHECK_THAT(experiment_problem("ctrl-value",
                                "[sweep]\nkind = 'grid'\n[[sweep.parameter]]\n"
                                "key = 'description'\nvalues = [\"a\\nb\"]\n"),
             Catch::Contains("control character"));
}

TEST_CASE("experiment: files are regular files, errors are ExperimentErrors", "[io][experiment]") {
  const auto dir = test::temp_dir("experiment-special");
  CHECK_THROWS_AS(io::load_experiment(dir), io::ExperimentError);
  CHECK_THROWS_WITH(io::load_experiment(dir),
                    Catch::Contains("is a directory: an experiment file must be a regular file"));
  CHECK_THROWS_AS(io::load_experiment("/dev/zero"), io::ExperimentError);
  CHECK_THROWS_AS(io::load_experiment(dir / "missing.toml"), io::ExperimentError);
}

TEST_CASE("experiment: check_data_files reads each run's edge list as run would",
          "[io][experiment]") {
  const auto edges = test::temp_dir("experiment-edges") / "edges.csv";
  const auto path = write_experiment(
      "data-files", fmt::format("[[variant]]\nname = \"generated\"\n[[variant]]\nname = \"from "
                                "file\"\nset = [\"graph.model=file\", \"graph.file.path={}\"]\n",
                                edges.string()));
  std::ofstream(edges) << "source,target\n0,1\n";
  const auto runs = io::plan_experiment(io::load_experiment(path));  // plans: the file is data
  CHECK_THROWS_WITH(io::check_data_files(runs), Catch::Contains("edges.csv:1"));
  std::ofstream(edges) << "0 1\n";
  CHECK_NOTHROW(io::check_data_files(runs));
}
