#pragma once
// The scenario schema: every key of every section, in one place. A visitor walks it:
// the TOML reader (read and check), the explain writer, the Markdown reference and the
// JSON Schema. Adding a key = one line here.
//
// Visitor interface:
//   v.section(name, text, body)         nested table; values before subsections
//   v.value(name, field, spec)          bool, integers, double, string, arrays of numbers
//   v.choice(name, field, options, text)
//   v.check(ok, key, message)           cross-field rule (only the reader acts on it)

#include <array>
#include <cmath>
#include <vector>

#include "cogov/io/scenario.hpp"
#include "spec.hpp"

namespace cogov::io::detail {

inline constexpr Option<graph::GraphModel> kGraphModels[] = {
    {"community", graph::GraphModel::community},
    {"erdos_renyi", graph::GraphModel::erdos_renyi},
    {"gnm", graph::GraphModel::gnm},
    {"barabasi_albert", graph::GraphModel::barabasi_albert},
    {"watts_strogatz", graph::GraphModel::watts_strogatz},
    {"stochastic_block", graph::GraphModel::stochastic_block},
    {"configuration", graph::GraphModel::configuration},
    {"file", graph::GraphModel::file},
};
inline constexpr Option<graph::DegreeDistribution> kDegreeDistributions[] = {
    {"poisson", graph::DegreeDistribution::poisson},
    {"power_law", graph::DegreeDistribution::power_law},
    {"lognormal", graph::DegreeDistribution::lognormal},
};
inline constexpr Option<model::ParticipationRule> kRules[] = {
    {"logit", model::ParticipationRule::logit},
    {"threshold", model::ParticipationRule::threshold},
};

inline double sum(std::span<const double> xs) {
  double s = 0.0;
  for (double x : xs) s += x;
  return s;
}

template <class V>
void visit_graph(V& v, graph::GraphConfig& g, std::uint32_t netizens) {
  v.choice("model", g.model, kGraphModels, "social-layer generator (or \"file\")");
  v.section("erdos_renyi", "Erdos-Renyi G(n, p)", [&] {
    v.value("mean_degree", g.erdos_renyi.mean_degree,
            {Range::at_least(0), "neighbours", "expected degree; p = mean_degree / (n - 1)"});
  });
  v.section("gnm", "Erdos-Renyi G(n, m)", [&] {
    v.value("mean_degree", g.gnm.mean_degree,
            {Range::at_least(0), "neighbours", "m = round(n * mean_degree / 2) edges exactly"});
  });
  v.section("barabasi_albert", "Barabasi-Albert preferential attachment", [&] {
    v.value("m", g.barabasi_albert.m,
            {Range::at_least(1), "edges", "edges brought by each new vertex (mean degree ~ 2m)"});
  });
  v.section("watts_strogatz", "Watts-Strogatz small world", [&] {
    v.value("k", g.watts_strogatz.k,
            {Range::at_least(2), "neighbours", "ring-lattice degree (even)"});
    v.value("rewire_prob", g.watts_strogatz.rewire_prob,
            {Range::unit(), "", "beta: probability that a lattice edge is rewired"});
    v.check(g.watts_strogatz.k % 2 == 0, "graph.watts_strogatz.k", "must be even");
  });
  v.section("stochastic_block", "stochastic block model", [&] {
    auto& sb = g.stochastic_block;
    v.value("block_shares", sb.block_shares,
            {Range::above(0), "", "share of vertices in each (contiguous) block"});
    v.value("probabilities", sb.probabilities,
            {Range::unit(), "", "edge probability between blocks a and b (symmetric matrix)"});
    bool square = sb.probabilities.size() == sb.block_shares.size();
    bool symmetric = square;
    for (std::size_t a = 0; square && a < sb.probabilities.size(); ++a) {
      square = sb.probabilities[a].size() == sb.block_shares.size();
      for (std::size_t b = 0; square && b < a; ++b) {
        symmetric = symmetric && sb.probabilities[a][b] == sb.probabilities[b][a];
      }
    }
    v.check(!sb.block_shares.empty(), "graph.stochastic_block.block_shares",
            "needs at least one block");
    v.check(square, "graph.stochastic_block.probabilities",
            fmt::format("must be a {0} x {0} matrix (one row and column per block)",
                        sb.block_shares.size()));
    v.check(!square || symmetric, "graph.stochastic_block.probabilities", "must be symmetric");
  });
  v.section("configuration", "configuration model", [&] {
    auto& c = g.configuration;
    v.choice("distribution", c.distribution, kDegreeDistributions, "degree distribution");
    v.value("mean_degree", c.mean_degree,
            {Range::above(0), "neighbours", "mean (poisson, lognormal)"});
    v.value("sigma", c.sigma, {Range::at_least(0), "", "shape of the lognormal"});
    v.value("exponent", c.exponent, {Range::above(1), "", "power law P(k) ~ k^-exponent"});
    v.value("min_degree", c.min_degree, {Range::at_least(1), "neighbours", "power-law minimum"});
    v.value("max_degree", c.max_degree, {Range::at_least(1), "neighbours", "power-law maximum"});
    v.check(c.max_degree >= c.min_degree, "graph.configuration.max_degree",
            "must be >= graph.configuration.min_degree");
  });
  v.section("community", "hierarchical community model (default)", [&] {
    auto& c = g.community;
    v.value("household_shares", c.household_shares,
            {Range::at_least(0), "", "shares of households of 1, 2, 3, 4, 5 members (cliques)"});
    v.value("grid_degree", c.grid_degree,
            {Range::at_least(0), "neighbours", "mean random ties inside the grid"});
    v.value("township_degree", c.township_degree,
            {Range::at_least(0), "neighbours", "mean ties to other grids of the township"});
    v.value("online_degree", c.online_degree,
            {Range::at_least(0), "neighbours", "mean long-range online ties"});
    v.value("online_exponent", c.online_exponent,
            {Range::above(2), "", "tail exponent of the online degree (influencers)"});
    v.check(sum(c.household_shares) > 0, "graph.community.household_shares", "must not all be 0");
  });
  v.section("file", "edge list file (graph.model = \"file\")", [&] {
    v.path("path", g.file.path, {Range::any(), "", "edge list, relative to the scenario file"});
    v.value("id_base", g.file.id_base,
            {Range::between(0, 1), "", "id of the first netizen in the file: 0 or 1"});
    v.check(g.model != graph::GraphModel::file || !g.file.path.empty(), "graph.file.path",
            "must be set when graph.model = \"file\"");
  });
  (void)netizens;
}

template <class V>
void visit_scenario(V& v, Scenario& s) {
  v.value("description", s.description, {Range::any(), "", "free text: what this scenario is for"});
  v.value("seed", s.seed,
          {Range::at_least(0), "", "random seed (common random numbers across scenarios)"});
  v.section("time", "time", [&] {
    v.value("steps", s.time.steps, {Range::at_least(1), "steps", "number of steps to run"});
    v.value("step_hours", s.time.step_hours,
            {Range::between(1, 24 * 7), "hours", "length of a step"});
  });
  v.section("territory", "territory: county -> township -> grid", [&] {
    auto& t = s.territory;
    v.value("grid_size", t.grid_size,
            {Range::at_least(1), "netizens", "residents of an urban grid (~500 households)"});
    v.value("rural_grid_size", t.rural_grid_size,
            {Range::at_least(1), "netizens", "residents of a rural grid (villager group)"});
    v.value("urban_share", t.urban_share, {Range::unit(), "", "probability that a grid is urban"});
    v.value("grids_per_township", t.grids_per_township,
            {Range::at_least(1), "grids", "grids in a township"});
    v.value("townships_per_county", t.townships_per_county,
            {Range::at_least(1), "townships", "townships in a county"});
  });
  v.section("population", "netizens: attributes drawn at start", [&] {
    auto& p = s.population;
    v.value("netizens", p.netizens, {Range::between(1, 4.0e9), "netizens", "population size"});
    v.value("age_shares", p.age_shares,
            {Range::unit(), "", "shares of minor, young, middle, senior (sum 1)"});
    v.value("party_share", p.party_share,
            {Range::unit(), "", "party members among all netizens (drawn among adults)"});
    v.value("literacy_mean", p.literacy_mean,
            {Range::unit(), "", "mean literacy per age group (Beta)"});
    v.value("literacy_concentration", p.literacy_concentration,
            {Range::above(0), "", "Beta a + b of literacy"});
    v.value("altruism_mean", p.altruism_mean, {Range::unit(), "", "mean altruism (Beta)"});
    v.value("altruism_concentration", p.altruism_concentration,
            {Range::above(0), "", "Beta a + b of altruism"});
    v.value("usage_sigma", p.usage_sigma,
            {Range::at_least(0), "", "log-normal shape of online usage (mean 1)"});
    v.value("threshold_mean", p.threshold_mean,
            {Range::unit(), "", "mean herding threshold theta (threshold rule)"});
    v.value("threshold_sd", p.threshold_sd,
            {Range::at_least(0), "", "sd of theta (normal, clamped to [0, 1])"});
    v.value("initial_risk_mean", p.initial_risk_mean,
            {Range::unit(), "", "mean initial perceived risk (Beta)"});
    v.value("initial_risk_concentration", p.initial_risk_concentration,
            {Range::above(0), "", "Beta a + b"});
    v.value("initial_trust_mean", p.initial_trust_mean,
            {Range::unit(), "", "mean initial trust in government (Beta)"});
    v.value("initial_trust_concentration", p.initial_trust_concentration,
            {Range::above(0), "", "Beta a + b"});
    v.check(std::fabs(sum(p.age_shares) - 1.0) < 1e-6, "population.age_shares",
            fmt::format("must sum to 1 (they sum to {})", sum(p.age_shares)));
  });
  v.section("graph", "social layer", [&] { visit_graph(v, s.graph, s.population.netizens); });
  v.section("participation", "netizen participation rule (MODEL.md section 5)", [&] {
    auto& p = s.rules.participation;
    auto& l = p.logit;
    v.choice("rule", p.rule, kRules,
             "decision rule: logit (Brock-Durlauf) or threshold (Granovetter/Watts)");
    v.value("temperature", l.temperature,
            {Range::above(0), "utility", "T: noise of the logit choice"});
    v.value("baseline", l.baseline, {Range::any(), "utility", "beta0: baseline utility"});
    v.value("herding", l.herding,
            {Range::any(), "utility", "J: weight of the participating-neighbour share"});
    v.value("risk_amplification", l.risk_amplification,
            {Range::at_least(0), "", "kappa: herding grows by (1 + kappa r)"});
    v.value("self_protection", l.self_protection,
            {Range::any(), "utility", "Gamma: weight of perceived risk"});
    v.value("altruism", l.altruism, {Range::any(), "utility", "A: weight of altruism"});
    v.value("compassion", l.compassion,
            {Range::any(), "utility", "H: weight of altruism x victimised-neighbour share"});
    v.value("crowding_out", l.crowding_out,
            {Range::unit(), "", "chi: share of altruism crowded out by cash rewards"});
    v.value("fatigue_weight", l.fatigue_weight,
            {Range::at_least(0), "utility", "Phi: cost of fatigue"});
    v.value("cost", l.cost,
            {Range::any(), "utility",
             "c: participation cost per age group (minor, young, middle, senior)"});
    v.value("inertia_prob", p.inertia_prob,
            {Range::unit_open_above(), "per step", "probability of keeping the previous choice"});
    v.value("monotone", p.threshold.monotone,
            {Range::any(), "", "threshold rule: participation, once reached, is kept"});
    v.value("initial_share", p.initial_share,
            {Range::unit(), "", "probability that a netizen participates at step 0"});
    v.value("initial_count", p.initial_count,
            {Range::at_least(0), "netizens", "further random participants at step 0"});
    v.check(p.initial_count <= s.population.netizens, "participation.initial_count",
            "must not exceed population.netizens");
  });
  v.section("fatigue", "fatigue of long campaigns", [&] {
    v.value("gain_rate", s.rules.fatigue.gain_rate,
            {Range::at_least(0), "per day", "phi_up: growth while participating"});
    v.value("recovery_rate", s.rules.fatigue.recovery_rate,
            {Range::at_least(0), "per day", "phi_down: recovery while not"});
  });
  v.section("perceived_risk", "perceived risk", [&] {
    auto& r = s.rules.perceived_risk;
    v.value("decay_rate", r.decay_rate, {Range::at_least(0), "per day", "delta: forgetting"});
    v.value("weight_victimised", r.weight_victimised,
            {Range::unit(), "", "omega_self: jump when victimised"});
    v.value("weight_neighbours", r.weight_neighbours,
            {Range::at_least(0), "", "omega_nbr: per step, times the victimised-neighbour share"});
    v.value("weight_campaign", r.weight_campaign,
            {Range::at_least(0), "", "omega_campaign: jump when reached by a campaign"});
  });
  v.section("trust", "trust in government", [&] {
    v.value("gain_handled", s.rules.trust.gain_handled,
            {Range::unit(), "", "rise towards 1 when a report is handled"});
    v.value("loss_unhandled", s.rules.trust.loss_unhandled,
            {Range::unit(), "", "fall towards 0 when victimised with a report unhandled"});
  });
  v.section("output", "what to record", [&] {
    auto& o = s.output;
    v.value("path", o.path,
            {Range::any(), "", "HDF5 file; empty: out/<scenario file name>.h5 (-o overrides)"});
    v.value("flush_every", o.flush_every,
            {Range::at_least(1), "steps", "steps between writes to disk"});
    v.value("by_grid", o.by_grid, {Range::any(), "", "record per-grid series (steps x grids)"});
    v.value("snapshot_days", o.snapshot_days,
            {Range::at_least(0), "days", "days at which every agent's state is saved"});
    for (auto d : o.snapshot_days) {
      v.check(static_cast<double>(d) <= s.time.steps * s.time.step_days(), "output.snapshot_days",
              fmt::format("day {} is after the end of the run (day {})", d,
                          s.time.steps * s.time.step_days()));
    }
  });
}

}  // namespace cogov::io::detail
