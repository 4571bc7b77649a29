// Bad scenario files: each kind of mistake gives one message naming file:line, the key and
// what is allowed.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "cogov/core/error.hpp"
#include "cogov/io/scenario.hpp"
#include "small_world.hpp"

using namespace cogov;

namespace {

std::vector<std::string> problems(std::string_view text,
                                  const std::vector<std::string>& sets = {}) {
  try {
    io::parse_scenario(text, "bad.toml", sets);
  } catch (const ConfigError& e) {
    return e.problems();
  }
  return {};
}

std::string problem(std::string_view text, const std::vector<std::string>& sets = {}) {
  const auto p = problems(text, sets);
  REQUIRE(p.size() == 1);
  return p[0];
}

}  // namespace

TEST_CASE("scenario errors: unknown key, with did-you-mean", "[io][scenario]") {
  const auto p = problem("[participation]\ntemprature = 2\n");
  CHECK_THAT(p,
             Catch::StartsWith(
                 "bad.toml:2: participation.temprature: unknown key; did you mean 'temperature'?"));
  CHECK_THAT(p, Catch::Contains("keys allowed in [participation]"));
}

TEST_CASE("scenario errors: unknown section", "[io][scenario]") {
  CHECK_THAT(
      problem("\n[particpation]\nrule = \"logit\"\n"),
      Catch::StartsWith("bad.toml:2: particpation: unknown key; did you mean 'participation'?"));
}

TEST_CASE("scenario errors: wrong types", "[io][scenario]") {
  CHECK_THAT(
      problem("[participation]\ntemperature = \"hot\"\n"),
      Catch::StartsWith("bad.toml:2: participation.temperature = 'hot': expected a number (> 0)"));
  CHECK_THAT(problem("[population]\nnetizens = 1.5e3\n"),
             Catch::StartsWith("bad.toml:2: population.netizens = 1500.0: expected an integer"));
  CHECK_THAT(problem("[output]\nby_grid = 1\n"),
             Catch::Contains("output.by_grid = 1: expected true or false"));
  CHECK_THAT(problem("description = 3\n"), Catch::Contains("expected a string in quotes"));
  CHECK_THAT(problem("time = 5\n"), Catch::Contains("time = 5: must be a table ([time])"));
}

TEST_CASE("scenario errors: values out of range", "[io][scenario]") {
  CHECK_THAT(problem("[participation]\ntemperature = -1\n"),
             Catch::StartsWith("bad.toml:2: participation.temperature = -1: must be > 0"));
  CHECK_THAT(problem("[territory]\nurban_share = 1.5\n"), Catch::Contains("must be [0, 1]"));
  CHECK_THAT(problem("[time]\nsteps = -3\n"),
             Catch::Contains("time.steps = -3: must be an integer >= 1"));
  CHECK_THAT(problem("[population]\nliteracy_mean = [0.5, 0.5, 2, 0.5]\n"),
             Catch::Contains("element 2 is out of range: each must be [0, 1]"));
}

TEST_CASE("scenario errors: choices list what is allowed", "[io][scenario]") {
  CHECK_THAT(
      problem("[graph]\nmodel = \"small_world\"\n"),
      Catch::StartsWith(
          "bad.toml:2: graph.model = 'small_world': must be one of: community, erdos_renyi"));
  CHECK_THAT(problem("[participation]\nrule = \"vote\"\n"),
             Catch::Contains("must be one of: logit, threshold"));
}

TEST_CASE("scenario errors: a policy's keys are those of its kind", "[io][scenario][policy]") {
  // A key of another kind names that kind; a typo gets a did-you-mean.
  CHECK_THAT(problem("[[policy]]\nkind = \"campaign\"\ninspection_rate = 0.1\n"),
             Catch::StartsWith("bad.toml:3: policy.campaign.inspection_rate: not a key of kind "
                               "\"campaign\" (it is a key of enforcement); keys allowed for "
                               "campaign: cost_per_day, cost_per_unit, end_day, intensity"));
  CHECK_THAT(problem("[[policy]]\nkind = \"campaign\"\nintensty = 2\n"),
             Catch::Contains("policy.campaign.intensty: unknown key; did you mean 'intensity'?"));
  // Keys shared by several kinds name them all.
  CHECK_THAT(problem("[[policy]]\nkind = \"data_sharing\"\ntarget_age = \"senior\"\n"),
             Catch::Contains("it is a key of political_mobilisation, reward, campaign, training)"));
  // The kind is required, and its name suggested.
  CHECK_THAT(problem("[[policy]]\nstart_day = 3\n"),
             Catch::StartsWith("bad.toml:1: policy[0].kind: missing: each entry names its kind, "
                               "one of: political_mobilisation, social_mobilisation"));
  CHECK_THAT(problem("[[policy]]\nkind = \"political\"\nintensity = 2\n"),
             Catch::Contains("policy.political.kind = 'political': must be one of:") &&
                 Catch::EndsWith("did you mean 'political_mobilisation'?"));
  // A kind's own target choices.
  CHECK_THAT(
      problem("[[policy]]\nkind = \"grid_moderators\"\ntarget = \"party\"\n"),
      Catch::Contains("policy.grid_moderators.target = 'party': must be one of: all, grids"));
}

TEST_CASE("scenario errors: policy names are unique (they key each policy's draws)",
          "[io][scenario][policy]") {
  // Unnamed entries of one kind are numbered apart; two names written alike clash.
  CHECK(problems("[[policy]]\nkind = \"campaign\"\n\n[[policy]]\nkind = \"campaign\"\n").empty());
  CHECK_THAT(problem("[[policy]]\nkind = \"campaign\"\nname = \"a\"\n\n[[policy]]\nkind = "
                     "\"reward\"\nname = \"a\"\n"),
             Catch::StartsWith("bad.toml:7: policy.a.name = 'a': 'a' is also the name of "
                               "[[policy]] entry 1"));
  CHECK_THAT(problem("[[shock]]\nname = \"s\"\n[[shock]]\nname = \"s\"\n"),
             Catch::Contains("shock.s.name = 's': 's' is also the name of [[shock]] entry 1"));
}

TEST_CASE("scenario errors: a policy's or shock's schedule fits the run",
          "[io][scenario][policy]") {
  const std::string run = "[time]\nsteps = 100\n[output]\nsnapshot_days = []\n";
  CHECK_THAT(problem(run + "[[policy]]\nkind = \"campaign\"\nstart_day = 50\nend_day = 20\n"),
             Catch::StartsWith("bad.toml:8: policy.campaign.end_day = 20: must be after "
                               "start_day (50); -1 runs it to the end of the run"));
  // A start after the end is what a shortened run gives: a warning, not an error.
  const io::Scenario late = io::parse_scenario(
      run +
          "[[policy]]\nkind = \"campaign\"\nstart_day = 100\n[[shock]]\nstart_day = 120\n"
          "end_day = 140\n",
      "late.toml");
  REQUIRE(late.warnings.size() == 2);
  CHECK_THAT(late.warnings[0], Catch::StartsWith("late.toml:7: policy.campaign.start_day = 100: "
                                                 "the run ends on day 100"));
  CHECK_THAT(late.warnings[1],
             Catch::Contains("shock.shock.start_day = 120: the run ends on day 100"));
  CHECK_THAT(problem(run + "[[shock]]\nstart_day = 40\nend_day = 40\n"),
             Catch::StartsWith("bad.toml:7: shock.shock.end_day = 40: must be after start_day"));
  CHECK(problems(run + "[[policy]]\nkind = \"campaign\"\nstart_day = 99\nend_day = 300\n").empty());
}

TEST_CASE("scenario errors: --set addresses policies and shocks by name",
          "[io][scenario][policy]") {
  const std::string two = "[[policy]]\nkind = \"campaign\"\n[[policy]]\nkind = \"reward\"\n";
  CHECK_THAT(problem(two, {"policy.campain.start_day=60"}),
             Catch::StartsWith("--set policy.campain.start_day=60: the scenario has no policy "
                               "named 'campain'; did you mean 'campaign'? (its policies: "
                               "campaign, reward); to add one, give its kind first"));
  CHECK_THAT(problem(two, {"policy[0].start_day=60"}),
             Catch::Contains("entries are addressed by name, not position"));
  CHECK_THAT(problem(two, {"policy.campaign=3"}),
             Catch::Contains("policy.campaign is a whole policy"));
  CHECK_THAT(problem(two, {"remove=policy.x"}),
             Catch::Contains("remove = \"policy.x\": the scenario has no policy named 'x'"));
  CHECK_THAT(problem(two, {"remove=campaign"}),
             Catch::Contains("expected \"policy.<name>\", \"shock.<name>\""));
  CHECK_THAT(problem("", {"shock.flood.start_day=3"}),
             Catch::Contains("give it as a table: --set 'shock.flood={start_day=10}'"));
  // A key the kind lacks, set by name, is reported under that name.
  CHECK_THAT(problem(two, {"policy.reward.inspection_rate=2"}),
             Catch::Contains("policy.reward.inspection_rate: not a key of kind \"reward\""));
}

TEST_CASE("scenario errors: arrays of the wrong length", "[io][scenario]") {
  CHECK_THAT(problem("[population]\nage_shares = [0.5, 0.5]\n"),
             Catch::Contains(
                 "population.age_shares = [ 0.5, 0.5 ]: expected an array of 4 numbers, got 2"));
}

TEST_CASE("scenario errors: cross-field rules", "[io][scenario]") {
  CHECK_THAT(
      problem("[population]\nage_shares = [0.2, 0.2, 0.2, 0.2]\n"),
      Catch::StartsWith("bad.toml:2: population.age_shares") && Catch::Contains("must sum to 1"));
  CHECK_THAT(problem("[graph.watts_strogatz]\nk = 5\n"),
             Catch::Contains("graph.watts_strogatz.k = 5: must be even"));
  CHECK_THAT(problem("[graph]\nmodel = \"file\"\n"),
             Catch::Contains("graph.file.path: must be set"));
  CHECK_THAT(problem("[graph.stochastic_block]\nblock_shares = [0.3, 0.3, 0.4]\n"),
             Catch::Contains("must be a 3 x 3 matrix"));
  CHECK_THAT(problem("[graph.stochastic_block]\nprobabilities = [[0.1, 0.2], [0.3, 0.1]]\n"),
             Catch::Contains("must be symmetric"));
  CHECK_THAT(problem("[time]\nsteps = 10\n[output]\nsnapshot_days = [20]\n"),
             Catch::Contains("day 20 is after the end of the run"));
}

TEST_CASE("scenario errors: malformed TOML gives line and column", "[io][scenario]") {
  CHECK_THAT(problem("[time]\nsteps = = 3\n"),
             Catch::StartsWith("bad.toml:2:") && Catch::Contains("not valid TOML"));
}

TEST_CASE("scenario errors: every problem is reported at once", "[io][scenario]") {
  const auto p =
      problems("seed = -1\n[time]\nsteps = 0\nstep_hors = 24\n[participation]\ninertia_prob = 1\n");
  CHECK(p.size() == 4);
}

TEST_CASE("scenario errors: --set overrides are checked and named", "[io][scenario]") {
  CHECK_THAT(
      problem("", {"participation.temperature=-1"}),
      Catch::StartsWith(
          "--set participation.temperature=-1: participation.temperature = -1: must be > 0"));
  CHECK_THAT(problem("", {"population.netizen=5"}), Catch::Contains("did you mean 'netizens'"));
  CHECK_THROWS_WITH(io::parse_scenario("", "x.toml", {"nonsense"}),
                    Catch::Contains("expected key=value"));
  CHECK_THROWS_WITH(io::parse_scenario("", "x.toml", {"seed.x=1"}),
                    Catch::StartsWith("--set seed.x=1: seed = "));
}

TEST_CASE("scenario errors: extends problems", "[io][scenario]") {
  const auto dir = test::temp_dir("extends-errors");
  std::ofstream(dir / "a.toml") << "extends = \"b.toml\"\n";
  std::ofstream(dir / "b.toml") << "extends = \"a.toml\"\n";
  std::ofstream(dir / "c.toml") << "extends = \"missing.toml\"\n";
  CHECK_THROWS_WITH(io::load_scenario(dir / "a.toml"), Catch::Contains("circular extends"));
  CHECK_THROWS_WITH(io::load_scenario(dir / "c.toml"),
                    Catch::Contains("c.toml:1: extends = \"missing.toml\": no such file"));
  CHECK_THROWS_WITH(io::load_scenario(dir / "none.toml"),
                    Catch::Contains("cannot open scenario file"));
}

TEST_CASE("scenario errors: a policy trigger's keys are checked and named",
          "[io][scenario][policy]") {
  const std::string campaign = "[[policy]]\nkind = \"campaign\"\n";
  // An unknown series lists the recorded series a trigger may watch, with a did-you-mean.
  CHECK_THAT(
      problem(campaign + "trigger = { series = \"fraud_sucesses\", above = 5 }\n"),
      Catch::StartsWith("bad.toml:3: policy.campaign.trigger.series = 'fraud_sucesses': must be "
                        "one of: none, fraud_attempts, fraud_successes") &&
          Catch::EndsWith("did you mean 'fraud_successes'?"));
  CHECK_THAT(
      problem(campaign + "[policy.trigger]\nseries = \"fraud_victims\"\nabove = 5\n"),
      Catch::StartsWith("bad.toml:4: policy.campaign.trigger.series = 'fraud_victims': must be "
                        "one of:"));
  // Unknown keys, wrong types and ranges, as everywhere.
  CHECK_THAT(problem(campaign +
                     "trigger = { series = \"fraud_successes\", above = 5, windows_days = 7 }\n"),
             Catch::StartsWith(
                 "bad.toml:3: policy.campaign.trigger.windows_days: unknown key; did you mean "
                 "'window_days'?"));
  CHECK_THAT(
      problem(campaign + "trigger = { series = \"breaches\", above = 1, window_days = 0 }\n"),
      Catch::Contains("policy.campaign.trigger.window_days = 0: must be > 0"));
  CHECK_THAT(problem(campaign + "trigger = { series = \"breaches\", above = 1, min_days = -2 }\n"),
             Catch::Contains("policy.campaign.trigger.min_days = -2: must be >= 0"));
  CHECK_THAT(problem(campaign + "trigger = \"fraud\"\n"),
             Catch::Contains(
                 "policy.campaign.trigger = 'fraud': must be a table ([policy.campaign.trigger])"));
  // The rules that join the keys.
  CHECK_THAT(
      problem(campaign + "trigger = { series = \"breaches\" }\n"),
      Catch::StartsWith("bad.toml:3: policy.campaign.trigger.above: a trigger needs a threshold"));
  CHECK_THAT(problem(campaign + "[policy.trigger]\nabove = 5\n"),
             Catch::StartsWith("bad.toml:3: policy.campaign.trigger.series: must be set"));
  CHECK_THAT(
      problem(campaign + "[policy.trigger]\nseries = \"breaches\"\nabove = 5\nbelow = 1\n"),
      Catch::StartsWith("bad.toml:6: policy.campaign.trigger.below = 1: set above or below"));
  CHECK_THAT(
      problem(campaign + "[policy.trigger]\nseries = \"breaches\"\nabove = 5\nstop_below = 6\n"),
      Catch::StartsWith("bad.toml:6: policy.campaign.trigger.stop_below = 6: must be <= above"));
  CHECK_THAT(
      problem(campaign + "[policy.trigger]\nseries = \"breaches\"\nbelow = 5\nstop_below = 1\n"),
      Catch::StartsWith("bad.toml:6: policy.campaign.trigger.stop_below = 1: goes with above"));
  CHECK_THAT(
      problem(campaign +
              "[policy.trigger]\nseries = \"participation_share\"\nbelow = 0.1\nper = 1e5\n"),
      Catch::StartsWith("bad.toml:6: policy.campaign.trigger.per = 100000.0: participation_share "
                        "is a share"));
  // The second policy's trigger is named by its own name.
  CHECK_THAT(
      problem(campaign + "name = \"a\"\n" + campaign +
              "name = \"b\"\ntrigger = { series = \"breaches\", below = 1, stop_above = 0 }\n"),
      Catch::StartsWith("bad.toml:7: policy.b.trigger.stop_above = 0: must be >= below"));
  CHECK(problems(campaign + "trigger = { series = \"fraud_successes\", per = 100000, above = 5, "
                            "window_days = 7, min_days = 14, cooldown_days = 30 }\n")
            .empty());
}

TEST_CASE("scenario errors: inf and nan are refused for every number key, saying 'finite'",
          "[io][scenario]") {
  // per_100k = inf made one firm; nan was refused as "must be any number".
  CHECK_THAT(problem("[enterprise]\nper_100k = inf\n"),
             Catch::Contains("enterprise.per_100k = inf: must be a finite number > 0"));
  CHECK_THAT(problem("[government]\nbudget = -inf\n"),
             Catch::Contains("must be a finite number >= 0"));
  CHECK_THAT(problem("[territory]\nurban_share = nan\n"),
             Catch::Contains("must be a finite number [0, 1]"));
  CHECK_THAT(problem("", {"enterprise.per_100k=inf"}), Catch::Contains("finite number"));
  CHECK_THAT(problem("[enterprise]\ntype_shares = [0.3, inf, 0.2, 0.1]\n"),
             Catch::Contains("each must be a finite number"));
  CHECK_THAT(problem("description = 'x'\n[[policy]]\nkind = 'campaign'\ncost_per_day = inf\n"),
             Catch::Contains("finite number"));
  for (const auto& p : problems("[territory]\nurban_share = nan\n"))
    CHECK_THAT(p, !Catch::Contains("any number"));
}

TEST_CASE("scenario errors: graph parameters the population cannot meet", "[io][scenario]") {
  // Both keys are named; the line is that of the key written.
  const auto ba = problem(
      "[population]\nnetizens = 30\n[graph]\nmodel = 'barabasi_albert'\n"
      "barabasi_albert.m = 40\n");
  CHECK_THAT(ba, Catch::StartsWith("bad.toml:5: graph.barabasi_albert.m = 40:"));
  CHECK_THAT(ba, Catch::Contains("must be below population.netizens (30)"));
  const auto small = problem("[population]\nnetizens = 4\n[graph]\nmodel = 'barabasi_albert'\n");
  CHECK_THAT(small, Catch::StartsWith("bad.toml:2: population.netizens = 4:"));
  CHECK_THAT(small, Catch::Contains("graph.barabasi_albert.m (5)"));
  CHECK_THAT(problem("[population]\nnetizens = 10\n[graph]\nmodel = 'watts_strogatz'\n"),
             Catch::Contains("graph.watts_strogatz.k (10) must be below population.netizens"));
  CHECK_THAT(problem("[population]\nnetizens = 10\n[graph]\nmodel = 'erdos_renyi'\n"
                     "erdos_renyi.mean_degree = 9.5\n"),
             Catch::Contains("graph.erdos_renyi.mean_degree (9.5) must be at most "
                             "population.netizens - 1 (9)"));
  CHECK_THAT(
      problem("", {"population.netizens=10", "graph.model=gnm", "graph.gnm.mean_degree=1e300"}),
      Catch::StartsWith("--set graph.gnm.mean_degree=1e300"));
  CHECK_THAT(problem("[population]\nnetizens = 10\n[graph]\nmodel = 'configuration'\n"
                     "configuration.min_degree = 10\n"),
             Catch::Contains("graph.configuration.min_degree (10)"));
  CHECK_THAT(problem("[population]\nnetizens = 10\n[graph]\nmodel = 'configuration'\n"
                     "configuration.distribution = 'poisson'\n"),
             Catch::Contains("graph.configuration.mean_degree (10)"));
  // At the limit, and for a generator not chosen, nothing is refused.
  CHECK(problems("[population]\nnetizens = 10\n[graph]\nmodel = 'erdos_renyi'\n"
                 "erdos_renyi.mean_degree = 9\nbarabasi_albert.m = 50\n")
            .empty());
  CHECK(problems("[population]\nnetizens = 6\n[graph]\nmodel = 'barabasi_albert'\n").empty());
}

TEST_CASE("scenario errors: enterprise and NGO counts are computed without wrapping",
          "[io][scenario]") {
  // 1e15 per 100 000 wrapped the 32-bit count (7.5 GB); now refused above 10^8.
  const auto p = problem("[enterprise]\nper_100k = 1e15\n");
  CHECK_THAT(p, Catch::StartsWith("bad.toml:2: enterprise.per_100k = "));
  CHECK_THAT(p, Catch::Contains("at most 100000000 are allowed"));
  CHECK_THAT(problem("[ngo]\nper_100k = 1e12\n"), Catch::Contains("NGOs: at most 100000000"));
  // Written netizens and a default rate: the netizens line is the one pointed at.
  CHECK_THAT(problem("", {"population.netizens=4000000000", "enterprise.per_100k=5000"}),
             Catch::StartsWith("--set enterprise.per_100k=5000"));
  CHECK(problems("[enterprise]\nper_100k = 100000\n").empty());
}

TEST_CASE("scenario errors: a huge key or value is echoed cut short", "[io][scenario]") {
  const std::string key(1 << 20, 'k');
  const auto p = problem(key + " = 1\n");
  CHECK(p.size() < 1000);
  CHECK_THAT(p, Catch::Contains("(1048576 characters)"));
  const auto v = problem("[enterprise]\nper_100k = '" + std::string(1 << 20, 'v') + "'\n");
  CHECK(v.size() < 1000);
  CHECK_THAT(v, Catch::Contains("expected a number"));
}

TEST_CASE("scenario errors: a huge --set is echoed cut short", "[io][scenario]") {
  const std::string big(1 << 20, 'v');
  for (const std::string& set : {"population.netizens=" + big, "k" + big + "=1", big}) {
    const auto p = problems("", {set});
    REQUIRE(!p.empty());
    CHECK(p[0].size() < 1000);
  }
}
