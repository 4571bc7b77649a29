#pragma once
// NGOs / social organisations (docs/model.md sections 3.3 and 7.2) and the latent self-organised
// group of each grid.
//
// An NGO is state-organised (他组) or self-organised (自组), has functions (refutation,
// reporting, training, charity), a scope (grid, township, county, national) and members
// drawn from its scope with acceptance probability equal to their altruism. It is active
// when the share of its members participating exceeds activation_share, or while it is
// funded (social mobilisation). Active NGOs add the social-mobilisation term to members'
// utility and, by function: boost the debunking of members (refutation), make members
// readier to report (reporting: + reporting_boost in the report decision), train members
// (training: targeted groups first, up to capacity), and collect donations from
// participating members (charity: each donates at rate donation_rate x altruism x the
// shocks' altruism surge, a log-normal amount of median donation_median, into one relief
// fund that repays relief_share of each step's fraud losses to the victims while it lasts).
// Every grid holds one latent self-organised group: it forms when the grid's participation
// share exceeds formation_share and dissolves below dissolution_share; while formed it
// adds group_utility to residents' utility and boosts its participating residents'
// debunking. No agents are created mid-run.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "cogov/core/columns.hpp"

#include "cogov/core/spec.hpp"
#include "cogov/model/population.hpp"

namespace cogov::model {

inline constexpr int kNgoScopes = 4;
inline constexpr const char* kNgoScopeNames[kNgoScopes] = {"grid", "township", "county",
                                                           "national"};

inline constexpr const char* kNgoFunctionNames[4] = {"refutation", "reporting", "training",
                                                     "charity"};
/// Bit k of Ngos::functions is function k of kNgoFunctionNames.
namespace ngo_function {
inline constexpr std::uint8_t refutation = 1;
inline constexpr std::uint8_t reporting = 2;
inline constexpr std::uint8_t training = 4;
inline constexpr std::uint8_t charity = 8;
}  // namespace ngo_function

struct NgoConfig {
  double per_100k = 10.0;  ///< NGOs per 100 000 netizens
  double state_share = 0.5;
  std::array<double, kNgoScopes> scope_shares{0.4, 0.3, 0.2, 0.1};
  std::array<double, 4> function_prob{0.6, 0.5, 0.4,
                                      0.5};  ///< refutation, reporting, training, charity
  double members_mean = 400;          ///< candidates drawn per NGO (accepted with prob altruism)
  double activation_share = 0.25;     ///< measured: 3.8 of 10 NGOs active in the baseline
  double member_utility = 1.0;        ///< social-mobilisation term for members of active NGOs
  double state_member_utility = 0.5;  ///< the same for state-organised NGOs (他组 is weaker)
  double capacity_per_member = 0.05;  ///< trainings per member per day
  double literacy_gain = 0.2;         ///< Delta l: l <- l + Delta l (1 - l)
  int training_target = 3;            ///< age group trained first (3 = seniors)
  // Defaults (docs/model.md section 7.2): a grid of the default world varies around 15%
  // (99th percentile 18%), so a group forms only when something lifts its grid above 22%;
  // a formed grid alone settles near 19% (with group_utility 0.2), below 20%: the formed
  // state is not self-sustaining, and a group outlives the push that formed it only as
  // long as participation takes to decay. A bistable world raises group_utility.
  double formation_share = 0.22;    ///< latent grid group forms above this share
  double dissolution_share = 0.20;  ///< ... and dissolves below this one
  double group_utility = 0.2;
  double reporting_boost = 1.0;   ///< report-decision utility for members (reporting function)
  double donation_rate = 0.05;    ///< per day, for a participating member of altruism 1
  double donation_median = 52.0;  ///< yuan (sources: crisis donations averaged about 52 yuan)
  double donation_sigma = 1.0;
  double relief_share = 0.5;  ///< share of this step's fraud losses the charity fund repays

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, NgoConfig& c) {
    using core::Range;
    v.value("per_100k", c.per_100k, {Range::above(0), "per 100 000 netizens", "number of NGOs"});
    v.value("state_share", c.state_share,
            {Range::unit(), "", "share that are state-organised (他组)"});
    v.value("scope_shares", c.scope_shares,
            {Range::at_least(0), "", "shares with " + core::join_names(kNgoScopeNames) + " scope"});
    v.value("function_prob", c.function_prob,
            {Range::unit(), "",
             "probability of each function: " + core::join_names(kNgoFunctionNames)});
    v.value(
        "members_mean", c.members_mean,
        {Range::at_least(0), "netizens", "candidates per NGO, each joining with prob = altruism"});
    v.value("activation_share", c.activation_share,
            {Range::unit(), "", "active when this share of members participates (or funded)"});
    v.value("member_utility", c.member_utility,
            {Range::any(), "utility",
             "social-mobilisation term for members of active self-organised NGOs"});
    v.value("state_member_utility", c.state_member_utility,
            {Range::any(), "utility", "the same for state-organised NGOs"});
    v.value("capacity_per_member", c.capacity_per_member,
            {Range::at_least(0), "per member per day", "trainings an active training NGO gives"});
    v.value("literacy_gain", c.literacy_gain, {Range::unit(), "", "Delta l of one training"});
    v.choice("training_target", c.training_target, kAgeGroupOptions, "age group NGOs train first");
    v.value("formation_share", c.formation_share,
            {Range::unit(), "", "a grid's latent group forms above this participation share"});
    v.value("dissolution_share", c.dissolution_share,
            {Range::unit(), "", "... and dissolves below this one"});
    v.value("group_utility", c.group_utility,
            {Range::any(), "utility", "term for residents of a grid whose group has formed"});
    v.value("reporting_boost", c.reporting_boost,
            {Range::any(), "utility",
             "reporting function: added to members' report decision (mechanisms/reporting.hpp)"});
    v.value("donation_rate", c.donation_rate,
            {Range::at_least(0), "per day",
             "charity function: donations of a participating member, times its altruism"});
    v.value("donation_median", c.donation_median,
            {Range::above(0), "yuan", "charity function: median donation (log-normal)"});
    v.value("donation_sigma", c.donation_sigma,
            {Range::at_least(0), "", "charity function: log-normal shape of donations"});
    v.value("relief_share", c.relief_share,
            {Range::unit(), "",
             "charity function: share of each step's fraud losses the charity fund repays to the "
             "victims, while the fund lasts (an assumption)"});
    v.check(c.dissolution_share <= c.formation_share, "ngo.dissolution_share",
            "must be <= ngo.formation_share");
  }
};

inline constexpr const char* kNgoOriginNames[2] = {"state", "self"};

struct Ngos {
  std::vector<std::uint8_t> state_organised;
  std::vector<std::uint8_t> functions;
  std::vector<std::uint8_t> scope;
  std::vector<std::uint32_t> scope_id;  ///< grid, township or county id (0 for national)
  std::vector<std::uint32_t> members;
  std::vector<float> capacity;      ///< trainings per step
  std::vector<float> funded_until;  ///< day until which the NGO is funded (-1: never)
  std::vector<std::uint8_t> active;
  std::vector<float> utility;         ///< per-step: utility term for members (0 if inactive)
  std::vector<std::uint8_t> boost;    ///< per-step: active with the refutation function
  std::vector<std::uint8_t> reports;  ///< per-step: active with the reporting function
  std::vector<std::uint8_t> donates;  ///< per-step: active with the charity function
  std::array<std::vector<float>, kAgeGroups> train_prob;  ///< per-step, by age group
  std::vector<std::uint8_t> grid_group_formed;            ///< per grid
  double relief_fund = 0;  ///< yuan: donations collected and not yet paid to victims

  /// Every column, once (see core::ColumnInfo).
  template <class Self, class F>
  static void visit_columns(Self& g, F&& f) {
    using core::ColumnInfo;
    f(ColumnInfo{"state_organised", "0/1", "state-organised (else self-organised)"}.flag(),
      g.state_organised);
    f(ColumnInfo{"functions", "bits", core::bit_labels(kNgoFunctionNames)}.bits(
          std::size(kNgoFunctionNames)),
      g.functions);
    f(ColumnInfo{"scope", "index", core::code_labels(kNgoScopeNames)}.codes(kNgoScopes), g.scope);
    f(ColumnInfo{"scope_id", "index", "grid, township or county of the scope"}, g.scope_id);
    f(ColumnInfo{"members", "netizens", "members"}.count_of(core::Bound::netizens), g.members);
    f(ColumnInfo{"capacity", "trainings per step", "training capacity"}.at_least(0), g.capacity);
    f(ColumnInfo{"funded_until", "days", "funded until this day (-1: never)", {}, -1.0}.at_least(
          -1),
      g.funded_until);
    f(ColumnInfo{"active", "0/1", "active this step"}.flag(), g.active);
    f(ColumnInfo{"utility", "utility", "term for members this step"}, g.utility);
    f(ColumnInfo{"boost", "0/1", "boosts members' debunking this step"}.flag(), g.boost);
    f(ColumnInfo{"reports", "0/1", "backs members' reports this step"}.flag(), g.reports);
    f(ColumnInfo{"donates", "0/1", "collects members' donations this step"}.flag(), g.donates);
    static const auto train_names = [] {
      std::array<std::string, kAgeGroups> names;
      for (int a = 0; a < kAgeGroups; ++a)
        names[a] = std::string("train_prob_") + kAgeGroupNames[a];
      return names;
    }();
    for (int a = 0; a < kAgeGroups; ++a) {
      f(ColumnInfo{train_names[a], "per step", "training probability of members this step"}.unit(),
        g.train_prob[a]);
    }
    f(ColumnInfo{"grid_group_formed",
                 "0/1",
                 "the grid's self-organised group has formed",
                 {},
                 0,
                 core::Extent::grids}
          .flag(),
      g.grid_group_formed);
  }

  std::uint32_t size() const { return static_cast<std::uint32_t>(functions.size()); }
  static std::size_t bytes_per_agent() { return core::bytes_per_agent<Ngos>(); }
};

}  // namespace cogov::model
