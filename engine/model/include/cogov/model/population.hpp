#pragma once
// Netizens (docs/model.md section 2) in structure-of-arrays form: one column per attribute,
// indexed by the 32-bit netizen id; 46 bytes per netizen.

#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "cogov/core/columns.hpp"
#include "cogov/core/spec.hpp"
#include "cogov/core/territory.hpp"

namespace cogov::model {

inline constexpr int kAgeGroups = 4;
enum class AgeGroup : std::uint8_t { minor = 0, young = 1, middle = 2, senior = 3 };
inline constexpr const char* kAgeGroupNames[kAgeGroups] = {"minor", "young", "middle", "senior"};
/// The age groups as scenario choices (by name, stored as the index).
inline constexpr core::Option<int> kAgeGroupOptions[kAgeGroups] = {
    {kAgeGroupNames[0], 0}, {kAgeGroupNames[1], 1}, {kAgeGroupNames[2], 2}, {kAgeGroupNames[3], 3}};
using PerAge = std::array<double, kAgeGroups>;

/// Static attribute bits (Netizens::flags): bit k is kFlagNames[k].
inline constexpr const char* kFlagNames[4] = {"party member", "urban", "moderator", "NGO member"};
namespace flag {
inline constexpr std::uint8_t party = 1;
inline constexpr std::uint8_t urban = 2;
inline constexpr std::uint8_t moderator = 4;
inline constexpr std::uint8_t ngo_member = 8;  ///< in some NGO (mark_ngo_members)
}  // namespace flag

/// Bits of the double-buffered byte that neighbours read (Netizens::visible): one byte per
/// netizen carries everything a neighbour-counting pass needs, so the pass touches one byte
/// per edge. The checkpoint range check counts bits up to the last one here.
namespace visible {
inline constexpr std::uint8_t participating = 1;
inline constexpr std::uint8_t victimised = 2;  ///< victimised within the last W days
inline constexpr std::uint8_t believer = 4;    ///< rumour state I
inline constexpr std::uint8_t debunker = 8;    ///< participating and rumour state R
inline constexpr std::uint8_t boosted = 16;    ///< debunker with boosted efficacy
/// Believer whose primary platform moderates this step: set on the current byte by the
/// netizen step's first pass, never carried into the next one.
inline constexpr std::uint8_t moderated = 32;
}  // namespace visible

/// Dynamic bits that persist across steps (Netizens::status); the checkpoint range check
/// counts bits up to the last one here.
namespace status {
inline constexpr std::uint8_t reported = 1;           ///< filed a report last step
inline constexpr std::uint8_t victim_report = 2;      ///< ... and it was about their own loss
inline constexpr std::uint8_t ever_believed = 4;      ///< believed a rumour at some point
inline constexpr std::uint8_t rumour_report = 8;      ///< the report of last step is of a rumour
inline constexpr std::uint8_t priority_report = 16;   ///< its reports of the step go first
inline constexpr std::uint8_t trained = 32;           ///< has been trained (policies, NGOs)
inline constexpr std::uint8_t victim_this_year = 64;  ///< defrauded since the run year began
}  // namespace status

enum class RumourState : std::uint8_t { susceptible = 0, believer = 1, recovered = 2 };
inline constexpr const char* kRumourStateNames[3] = {"susceptible", "believer", "recovered"};

struct PopulationConfig {
  std::uint32_t netizens = 100000;
  PerAge age_shares{0.18, 0.38, 0.28, 0.16};
  double party_share = 0.07;  ///< of all netizens; drawn among adults only
  PerAge literacy_mean{0.45, 0.70, 0.60, 0.30};
  double literacy_concentration = 8.0;  ///< Beta a + b
  double altruism_mean = 0.3;
  double altruism_concentration = 4.0;
  double usage_sigma = 0.8;  ///< log-normal shape; the mean is 1
  double threshold_mean = 0.18;
  double threshold_sd = 0.0;  ///< normal, clamped to [0, 1]
  double initial_risk_mean = 0.1;
  double initial_risk_concentration = 10.0;
  double initial_trust_mean = 0.6;
  double initial_trust_concentration = 10.0;

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, PopulationConfig& c) {
    using core::Range;
    v.value("netizens", c.netizens, {Range::between(1, 4.0e9), "netizens", "population size"});
    v.value("age_shares", c.age_shares,
            {Range::unit(), "", "shares of " + core::join_names(kAgeGroupNames) + " (sum 1)"});
    v.value("party_share", c.party_share,
            {Range::unit(), "", "party members among all netizens (drawn among adults)"});
    v.value("literacy_mean", c.literacy_mean,
            {Range::unit(), "", "mean literacy per age group (Beta)"});
    v.value("literacy_concentration", c.literacy_concentration,
            {Range::above(0), "", "Beta a + b of literacy"});
    v.value("altruism_mean", c.altruism_mean, {Range::unit(), "", "mean altruism (Beta)"});
    v.value("altruism_concentration", c.altruism_concentration,
            {Range::above(0), "", "Beta a + b of altruism"});
    v.value("usage_sigma", c.usage_sigma,
            {Range::at_least(0), "", "log-normal shape of online usage (mean 1)"});
    v.value("threshold_mean", c.threshold_mean,
            {Range::unit(), "", "mean herding threshold theta (threshold rule)"});
    v.value("threshold_sd", c.threshold_sd,
            {Range::at_least(0), "", "sd of theta (normal, clamped to [0, 1])"});
    v.value("initial_risk_mean", c.initial_risk_mean,
            {Range::unit(), "", "mean initial perceived risk (Beta)"});
    v.value("initial_risk_concentration", c.initial_risk_concentration,
            {Range::above(0), "", "Beta a + b"});
    v.value("initial_trust_mean", c.initial_trust_mean,
            {Range::unit(), "", "mean initial trust in government (Beta)"});
    v.value("initial_trust_concentration", c.initial_trust_concentration,
            {Range::above(0), "", "Beta a + b"});
    double total = 0;
    for (double share : c.age_shares) total += share;
    v.check(std::fabs(total - 1.0) < 1e-6, "population.age_shares",
            fmt::format("must sum to 1 (they sum to {})", total));
  }
};

struct Netizens {
  // Static attributes.
  std::vector<std::uint8_t> age;    ///< AgeGroup
  std::vector<std::uint8_t> flags;  ///< flag::*
  std::vector<float> literacy;      ///< l in [0, 1]
  std::vector<float> altruism;      ///< alpha in [0, 1]
  std::vector<float> usage;         ///< u > 0, mean 1
  std::vector<float> threshold;     ///< theta in [0, 1]
  // Dynamic state.
  core::DoubleBuffer<std::uint8_t> visible;     ///< visible::* at t (now) and t + 1 (next)
  std::vector<float> fatigue;                   ///< f in [0, 1]
  std::vector<float> risk;                      ///< perceived risk r in [0, 1]
  std::vector<float> trust;                     ///< trust in government tau in [0, 1]
  std::vector<float> loss;                      ///< cumulative fraud loss (yuan)
  std::vector<std::uint16_t> victim_countdown;  ///< steps left as "recently victimised"
  std::vector<std::uint8_t> rumour;             ///< RumourState
  std::vector<std::uint8_t> exposed;            ///< data exposed in a breach (0/1)
  std::vector<std::uint8_t> status;             ///< status::*
  std::vector<std::uint8_t> rumour_age;         ///< steps since the current belief (saturates)
  std::vector<std::uint32_t> grid;              ///< grid of residence

  /// Every column, once (core::ColumnInfo): allocation, bytes per agent, checkpoints and
  /// snapshots walk this list.
  template <class Self, class F>
  static void visit_columns(Self& p, F&& f) {
    using core::ColumnInfo;
    f(ColumnInfo{"age", "index", core::code_labels(kAgeGroupNames), "age_group"}.codes(kAgeGroups),
      p.age);
    f(ColumnInfo{"flags", "bits", core::bit_labels(kFlagNames), "flags"}.bits(
          std::size(kFlagNames)),
      p.flags);
    f(ColumnInfo{"literacy", "[0,1]", "literacy l", "literacy"}.unit(), p.literacy);
    f(ColumnInfo{"altruism", "[0,1]", "altruism alpha", "altruism"}.unit(), p.altruism);
    f(ColumnInfo{"usage", "", "online usage intensity u (mean 1)"}.at_least(0), p.usage);
    f(ColumnInfo{"threshold", "[0,1]", "herding threshold theta"}.unit(), p.threshold);
    f(ColumnInfo{"visible", "bits", "what neighbours see (visible::*)"}.bits(
          std::bit_width(unsigned{visible::moderated})),
      p.visible);
    f(ColumnInfo{"fatigue", "[0,1]", "fatigue f", "fatigue"}.unit(), p.fatigue);
    f(ColumnInfo{"risk", "[0,1]", "perceived risk r", "perceived_risk"}.unit(), p.risk);
    f(ColumnInfo{"trust", "[0,1]", "trust tau", "trust"}.unit(), p.trust);
    f(ColumnInfo{"loss", "yuan", "cumulative fraud loss", "loss"}.at_least(0), p.loss);
    f(ColumnInfo{"victim_countdown", "steps", "steps left as recently victimised"},
      p.victim_countdown);
    f(ColumnInfo{"rumour", "index", core::code_labels(kRumourStateNames), "rumour_state"}.codes(
          std::size(kRumourStateNames)),
      p.rumour);
    f(ColumnInfo{"exposed", "0/1", "data exposed in a breach", "exposed"}.flag(), p.exposed);
    f(ColumnInfo{"status", "bits", "status::*"}.bits(
          std::bit_width(unsigned{status::victim_this_year})),
      p.status);
    f(ColumnInfo{"rumour_age", "steps", "steps since the current belief (saturates at 255)"},
      p.rumour_age);
    f(ColumnInfo{"grid", "index", "grid of residence", "grid"}.index_of(core::Bound::grids),
      p.grid);
  }

  std::uint32_t size() const { return static_cast<std::uint32_t>(age.size()); }
  /// Sizes every column for n netizens; dynamic state starts at zero (nobody participating,
  /// susceptible, no fatigue, loss, countdown or exposure).
  void allocate(std::uint32_t n) { core::allocate_columns(*this, n); }
  const std::uint8_t* visible_now() const { return visible.now().data(); }
  std::uint8_t* visible_next() { return visible.next().data(); }
  bool participating(std::uint32_t i) const { return visible.now()[i] & visible::participating; }
  void swap_buffers() { visible.swap(); }
  /// Bytes of state per netizen (every column; both buffers of the visible byte).
  static std::size_t bytes_per_agent() { return core::bytes_per_agent<Netizens>(); }
};

/// Draws every netizen's attributes and initial state from its own streams.
Netizens make_netizens(const PopulationConfig& config, const core::Territory& territory,
                       std::uint64_t seed);

}  // namespace cogov::model
