#include <catch2/catch.hpp>

#include "cogov/model/build.hpp"
#include "cogov/model/ngo_step.hpp"
#include "small_world.hpp"

using namespace cogov;
using namespace cogov::model;

TEST_CASE(
    "self-organised groups: form above the formation share, not below, dissolve below the "
    "dissolution share",
    "[model][ngo]") {
  NgoConfig c;
  c.formation_share = 0.25;
  c.dissolution_share = 0.15;
  Ngos g;
  g.grid_group_formed.assign(3, 0);
  const Netizens none = test::plain_netizens(0);
  const graph::Layer empty = graph::Layer::from_undirected(0, {});
  GridCounts counts{{100, 100, 100}, {30, 20, 26}, {0, 0, 0}, {0, 0, 0}, {}, {}};
  ngo_step(c, g, empty, none, counts, StepContext{}, 0.0);
  CHECK(g.grid_group_formed == std::vector<std::uint8_t>{1, 0, 1});
  counts.participants = {20, 20, 10};  // between the two shares: formed groups stay formed
  ngo_step(c, g, empty, none, counts, StepContext{}, 1.0);
  CHECK(g.grid_group_formed == std::vector<std::uint8_t>{1, 0, 0});
}

TEST_CASE(
    "NGOs: active when enough members participate or when funded, and train the target group first",
    "[model][ngo]") {
  NgoConfig c;
  c.activation_share = 0.5;
  c.capacity_per_member = 0.1;  // 10 members -> 1 training per day
  c.training_target = 3;
  Netizens p = test::plain_netizens(20);
  for (std::uint32_t i = 0; i < 20; ++i) p.age[i] = i < 5 ? 3 : 1;  // 5 seniors
  Ngos g;
  g.state_organised = {0, 1};
  g.functions = {ngo_function::training | ngo_function::refutation, ngo_function::charity};
  g.scope = {0, 0};
  g.scope_id = {0, 0};
  g.members = {10, 10};
  g.capacity = {0, 0};
  g.funded_until = {-1, 10};
  g.active = {0, 0};
  g.utility = {0, 0};
  g.boost = {0, 0};
  g.reports = {0, 0};
  g.donates = {0, 0};
  for (auto& t : g.train_prob) t.assign(2, 0.0f);
  graph::EdgeList edges;
  for (std::uint32_t i = 0; i < 10; ++i) edges.push_back({i, 20});   // NGO 0: netizens 0-9
  for (std::uint32_t i = 10; i < 20; ++i) edges.push_back({i, 21});  // NGO 1: netizens 10-19
  const graph::Layer membership = graph::Layer::from_undirected(22, edges);
  for (std::uint32_t i = 0; i < 6; ++i)
    p.visible.now()[i] = visible::participating;  // 6 of NGO 0's 10
  GridCounts counts{{20}, {6}, {0}, {0}, {}, {}};
  g.grid_group_formed = {0};
  const NgoTally t = ngo_step(c, g, membership, p, counts, StepContext{}, 0.0);
  CHECK(g.active == std::vector<std::uint8_t>{1, 1});  // NGO 1 by funding
  CHECK(t.funded == 1);
  CHECK(g.utility[0] == static_cast<float>(c.member_utility));
  CHECK(g.utility[1] == static_cast<float>(c.state_member_utility));
  CHECK(g.boost == std::vector<std::uint8_t>{1, 0});
  CHECK(g.reports == std::vector<std::uint8_t>{0, 0});  // neither has the reporting function
  CHECK(g.donates == std::vector<std::uint8_t>{0, 1});  // NGO 1: charity, active (funded)
  // Capacity 1 per day, 5 seniors among the members: seniors 1/5, nobody else.
  CHECK(g.train_prob[3][0] == Approx(0.2));
  CHECK(g.train_prob[1][0] == 0.0f);
  CHECK(g.train_prob[3][1] == 0.0f);  // no training function
}

TEST_CASE("NGOs: membership rises with altruism", "[model][ngo]") {
  io::Scenario s = test::small_scenario(50000, 1);
  s.ngo.per_100k = 200;
  const run::World w = run::build_world(s);
  double member_altruism = 0, all = 0;
  std::uint64_t members = 0;
  for (std::uint32_t i = 0; i < w.netizens.size(); ++i) {
    all += w.netizens.altruism[i];
    const auto k = w.membership.degree(i);
    member_altruism += static_cast<double>(k) * w.netizens.altruism[i];
    members += k;
  }
  REQUIRE(members > 1000);
  // Acceptance with probability alpha: E[alpha | member] = E[alpha^2] / E[alpha] = m + var / m,
  // with Beta(m = 0.3, concentration 4): var = m (1 - m) / 5 -> 0.44, against 0.3 overall.
  CHECK(all / w.netizens.size() == Approx(0.3).margin(0.01));
  CHECK(member_altruism / static_cast<double>(members) == Approx(0.44).margin(0.02));
}

TEST_CASE("NGOs: each function changes its own output series", "[model][ngo]") {
  // Worlds whose NGOs (all active) have one function only, with that function's effect on
  // and off: refutation's debunking boost, reporting's report backing, training's capacity,
  // charity's donations.
  struct Sums {
    double believers = 0, debunked = 0, reports = 0, trained = 0, donations = 0, relief = 0;
    double losses = 0;
    std::vector<std::uint64_t> participants;
  };
  auto run_with = [](int function, bool on) {
    io::Scenario s = test::small_scenario(20000, 60);
    s.rumour.initial_believers = 0.02;
    s.fraud.attempt_rate = 0.02;
    s.ngo.per_100k = 100;
    s.ngo.activation_share = 0;
    s.ngo.function_prob = {0, 0, 0, 0};
    s.ngo.function_prob[function] = 1;
    if (!on) {
      s.ngo.reporting_boost = 0;
      s.ngo.capacity_per_member = 0;
      s.ngo.donation_rate = 0;
      s.rumour.debunk_boost = 1;  // boosted debunkers debunk as others do
      s.ngo.group_utility = 0;    // (so grid groups boost nothing either way)
      s.ngo.formation_share = s.ngo.dissolution_share = 1;
    } else {
      s.ngo.group_utility = 0;
      s.ngo.formation_share = s.ngo.dissolution_share = 1;
    }
    run::Simulation sim(s);
    Sums sum;
    for (int t = 0; t < 60; ++t) {
      sim.step();
      sum.believers += static_cast<double>(sim.tally().rumour[1]);
      sum.debunked += static_cast<double>(sim.tally().debunked);
      sum.reports += static_cast<double>(sim.tally().reports);
      sum.trained += static_cast<double>(sim.tally().trained);
      sum.donations += sim.tally().donations;
      sum.relief += sim.record().ngos.relief_paid;
      for (double x : sim.tally().loss_by_age) sum.losses += x;
      sum.participants.push_back(sim.tally().participants);
    }
    return sum;
  };
  const Sums refutation = run_with(0, true), no_refutation = run_with(0, false);
  // Members (about 12% of netizens) debunk three times as well: more debunkings per
  // believer-day, fewer believer-days.
  CHECK(refutation.debunked / refutation.believers >
        1.1 * no_refutation.debunked / no_refutation.believers);
  CHECK(refutation.believers < 0.97 * no_refutation.believers);
  const Sums reporting = run_with(1, true), no_reporting = run_with(1, false);
  CHECK(reporting.reports > 1.1 * no_reporting.reports);
  const Sums training = run_with(2, true), no_training = run_with(2, false);
  CHECK(training.trained > 100);
  CHECK(no_training.trained == 0);
  const Sums charity = run_with(3, true), no_charity = run_with(3, false);
  CHECK(charity.donations > 0);
  CHECK(no_charity.donations == 0);
  // The fund repays victims: at most what was given, at most half the losses.
  CHECK(charity.relief > 0);
  CHECK(charity.relief <= charity.donations + 1e-6);
  CHECK(charity.relief <= 0.5 * charity.losses + 1e-6);
  CHECK(no_charity.relief == 0);
  // Donations draw from their own stream and change nothing else.
  CHECK(charity.participants == no_charity.participants);
}

TEST_CASE("NGOs: the charity fund repays a share of losses while it lasts", "[model][ngo]") {
  NgoConfig c;
  c.relief_share = 0.5;
  Ngos g;
  CHECK(pay_relief(c, g, 100, 80) == Approx(40));  // half the losses
  CHECK(g.relief_fund == Approx(60));
  CHECK(pay_relief(c, g, 10, 1000) == Approx(70));  // all that is left
  CHECK(g.relief_fund == 0);
  CHECK(pay_relief(c, g, 0, 1000) == 0);
  CHECK(pay_relief(c, g, 5, 0) == 0);  // nothing lost, nothing paid: it saves
  CHECK(g.relief_fund == Approx(5));
}
