#include "cogov/run/simulation.hpp"

#include <algorithm>

#include "cogov/core/huge_pages.hpp"
#include "cogov/model/build.hpp"
#include "timer.hpp"

namespace cogov::run {

namespace {

struct ShockScales {
  double rumour = 1, transmission = 1, fraud = 1, breach = 1, altruism = 1;
  std::uint32_t active = 0;
};

ShockScales shock_scales(const std::vector<model::ShockConfig>& shocks, double day) {
  ShockScales s;
  for (const auto& k : shocks) {
    if (day + 1e-9 < k.start_day || day >= k.end_day) continue;
    s.rumour *= k.rumour_multiplier;
    s.transmission *= k.transmission_multiplier;
    s.fraud *= k.fraud_multiplier;
    s.breach *= k.breach_multiplier;
    s.altruism *= 1.0 + k.altruism_surge;
    ++s.active;
  }
  return s;
}

}  // namespace

Simulation::Simulation(io::Scenario scenario)
    : scenario_(std::move(scenario)),
      book_(scenario_.policies, scenario_.government.budget, scenario_.seed,
            scenario_.time.step_days()) {
  world_ = build_world(scenario_, &times_);
  book_.check_targets(world_.netizens, world_.social, world_.territory, world_.enterprises,
                      world_.ngos,
                      scenario_.source.empty() ? "scenario" : scenario_.source.string());
  model::seed_participation(scenario_.rules.participation, world_.netizens, scenario_.seed);
  if (scenario_.rumour.enabled)
    model::seed_rumour(scenario_.rumour.initial_believers, world_.netizens, scenario_.seed);
  start();
}

Simulation::Simulation(io::Scenario scenario, World world)
    : scenario_(std::move(scenario)),
      world_(std::move(world)),
      book_(scenario_.policies, scenario_.government.budget, scenario_.seed,
            scenario_.time.step_days()) {
  if (world_.ngos.grid_group_formed.size() != world_.territory.grids()) {
    world_.ngos.grid_group_formed.assign(world_.territory.grids(), 0);
  }
  // Hand-made worlds may come without organisations: give them empty layers.
  const std::uint32_t n = world_.netizens.size();
  if (world_.platform.vertices() < n) world_.platform = graph::Layer::from_undirected(n, {});
  if (world_.membership.vertices() < n) world_.membership = graph::Layer::from_undirected(n, {});
  if (world_.government.units.empty()) {
    world_.government =
        model::make_government(scenario_.government, world_.territory, scenario_.time.step_days());
  }
  start();
}

Simulation::Simulation(io::Scenario scenario, World world, const model::PolicyBookState& book,
                       model::GridCounts grids, std::uint32_t steps_done)
    : scenario_(std::move(scenario)),
      world_(std::move(world)),
      book_(scenario_.policies, scenario_.government.budget, scenario_.seed,
            scenario_.time.step_days()),
      steps_done_(steps_done) {
  book_.restore(book);
  start();
  grids_ = std::move(grids);
}

void Simulation::start() {
  record_.netizens = model::tally_netizens(world_.netizens);
  static_counts_ = model::static_counts(world_.netizens);
  model::mark_ngo_members(world_.netizens, world_.membership);
  primary_platform_ = model::primary_platforms(world_.platform, world_.netizens.size());
  primary_platform_byte_ = model::primary_platform_bytes(primary_platform_);
  // The arrays the netizen step reads at random positions (once per edge, once per
  // believing neighbour): huge pages spare a TLB miss per read on large worlds.
  for (int k = 0; k < 2; ++k) {
    const auto& buffer = world_.netizens.visible.buffer(k);
    core::advise_huge_pages(buffer.data(), buffer.size());
  }
  core::advise_huge_pages(primary_platform_.data(),
                          primary_platform_.size() * sizeof(std::uint32_t));
  record_.enterprises =
      model::tally_enterprises(world_.enterprises, scenario_.enterprise.declared_security);
  record_.ngos = model::tally_ngos(world_.ngos, 0.0);
  record_.spending.assign(book_.size(), 0.0);
  record_.budget_left = book_.budget_left();
  grids_ = model::count_grids(world_.netizens, world_.territory);
}

void Simulation::step() {
  const io::Scenario& s = scenario_;
  World& w = world_;
  model::StepContext ctx;
  ctx.seed = s.seed;
  ctx.step = steps_done_;
  ctx.step_days = s.time.step_days();
  const double day_now = day();
  const ShockScales shocks = shock_scales(s.shocks, day_now);
  record_.shocks_active = shocks.active;

  model::PolicyOrders orders;
  model::PolicyEffects effects;
  {
    detail::ScopedTimer timer(times_["step.policies"]);
    effects = book_.compile(day_now, ctx.step_days, s.time.step_hours, w.netizens, w.social,
                            w.territory, &w.ngos, orders);
  }
  {
    detail::ScopedTimer timer(times_["step.enterprises"]);
    model::EnterpriseInputs in;
    in.breach = s.breach.enabled ? &s.breach : nullptr;
    in.breach_scale = shocks.breach;
    in.enforcement = orders.enforcement;
    in.party_utility = orders.party_firm_utility;
    in.interception_efficacy = s.fraud.enabled ? s.fraud.interception_efficacy : 0.0;
    in.moderation_efficacy = s.rumour.enabled ? s.rumour.moderation_efficacy : 0.0;
    record_.enterprises =
        model::enterprise_step(s.enterprise, w.enterprises, ctx, in, interception_, moderation_);
  }
  {
    detail::ScopedTimer timer(times_["step.ngos"]);
    record_.ngos = model::ngo_step(s.ngo, w.ngos, w.membership, w.netizens, grids_, ctx, day_now,
                                   orders.ngo_capacity_boost);
  }
  {
    detail::ScopedTimer timer(times_["step.netizens"]);
    model::NetizenInputs in;
    in.rumour = s.rumour.enabled ? &s.rumour : nullptr;
    in.fraud = s.fraud.enabled ? &s.fraud : nullptr;
    in.rumour_scale = shocks.rumour;
    in.transmission_scale = shocks.transmission;
    in.fraud_scale = shocks.fraud;
    in.altruism_scale = shocks.altruism;
    in.platform = &w.platform;
    in.primary_platform = primary_platform_;
    in.primary_platform_byte = primary_platform_byte_;
    in.interception = interception_;
    in.moderation = moderation_;
    in.breached = w.enterprises.breached;
    in.exposure_prob = std::min(1.0, s.breach.exposure_prob * effects.exposure_factor.all);
    std::vector<float> grid_exposure;
    for (float f : effects.exposure_factor.grid)
      grid_exposure.push_back(static_cast<float>(std::min(1.0, s.breach.exposure_prob * f)));
    in.grid_exposure_prob = grid_exposure;
    in.membership = &w.membership;
    in.ngos = &w.ngos;
    in.ngo = &s.ngo;
    in.government = &s.government;
    in.handled_share = w.government.handled_share;
    in.content_removal = w.government.content_removal;
    in.county_disruption = w.government.disruption;
    in.territory = &w.territory;
    in.policies = &effects;
    in.static_counts = &static_counts_;
    in.state_sums = &record_.netizens;
    record_.netizens = model::netizen_step(s.rules, w.social, w.netizens, ctx, in);
    const model::NetizenTally& nt = record_.netizens;
    double losses = 0;
    for (double x : nt.loss_by_age) losses += x;
    record_.ngos.relief_paid = model::pay_relief(s.ngo, w.ngos, nt.donations + nt.matched, losses);
    record_.ngos.relief_fund = w.ngos.relief_fund;
  }
  w.netizens.swap_buffers();
  {
    detail::ScopedTimer timer(times_["step.government"]);
    grids_ = model::count_grids(w.netizens, w.territory,
                                {&s.government, ctx.seed, ctx.step, primary_platform_});
    model::GovernmentInputs reports;
    reports.reports = grids_.channel_reports;
    reports.fraud = grids_.channel_fraud;
    reports.step = ctx.step;
    reports.step_days = ctx.step_days;
    reports.delay_factor = orders.delay_factor.all;
    reports.grid_delay_factor = orders.delay_factor.grid;
    record_.government = model::government_step(s.government, w.government, w.territory, reports);
    std::array<std::uint64_t, model::kMaxPolicies> units = record_.netizens.policy_units;
    for (int k = 0; k < model::kMaxPolicies; ++k) units[k] += record_.enterprises.policy_units[k];
    book_.charge(ctx.step_days, units,
                 {record_.netizens.reward_participants, record_.netizens.reward_participant_reports,
                  record_.netizens.policy_yuan, record_.netizens.untrained_in_target});
    record_.spending = book_.last_charge();
    record_.spending_total = 0;
    for (double x : book_.spending()) record_.spending_total += x;
    record_.budget_left = book_.budget_left();
    // Triggers read the step's reduced tallies and decide who runs from the next step.
    if (book_.has_triggers()) {
      book_.observe(
          model::read_trigger_series({record_.netizens, record_.enterprises, record_.government}),
          record_.netizens.netizens, day_now + ctx.step_days);
    }
  }
  ++steps_done_;
}

}  // namespace cogov::run
