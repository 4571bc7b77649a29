#pragma once
// Scheduled government policies (MODEL.md section 8) and exogenous shocks.
// A scenario lists [[policy]] entries; each has a kind, a schedule (start_day, end_day), a
// target group, an intensity and costs. All spending is charged to one budget; a policy
// whose charge exceeds what is left pays what is left and stops for good.

#include <cstdint>
#include <string>
#include <vector>

namespace cogov::model {

enum class PolicyKind : std::uint8_t {
  political_mobilisation,
  social_mobilisation,
  reward,
  campaign,
  training,
  grid_moderators,
  enforcement,
  refutation_platform,
  data_sharing,
};
inline constexpr int kPolicyKinds = 9;

/// `standard` is the kind's own default: party members for political mobilisation, all
/// grids for grid moderators, everyone otherwise.
enum class TargetKind : std::uint8_t { standard, all, age_group, party, moderators, hubs, grids };
enum class RewardMode : std::uint8_t { per_report, per_participation_day, honour };

/// Who a policy reaches. Hubs: the top `share` of netizens by degree; grids: the listed grid
/// ids, or else a share of grids drawn by the seed.
struct Target {
  TargetKind kind = TargetKind::standard;
  int age_group = 3;
  double share = 0.1;
  std::vector<std::int64_t> grids;
};

struct PolicyConfig {
  PolicyKind kind = PolicyKind::campaign;
  std::string name;  ///< label in the output (default: the kind)
  double start_day = 0;
  double end_day = -1;  ///< -1: until the end of the run
  Target target;
  double intensity = 1.0;      ///< utility boost (political, campaign, moderators) or amount
  double half_life_days = 30;  ///< political_mobilisation: boost halves every half life
  double reach = 0.1;          ///< share reached per day (broadcast, campaign, refutation)
  double fatigue_boost =
      0.02;  ///< political_mobilisation: extra fatigue per day of reached participants
  RewardMode reward_mode = RewardMode::per_report;
  double amount = 10;             ///< reward: yuan per report or per participation day
  double reward_utility = 0.05;   ///< reward: utility per yuan of expected reward
  bool crowding_out = true;       ///< reward: cash rewards crowd out altruism (chi)
  double capacity_per_day = 100;  ///< training: netizens trained per day
  double literacy_gain = 0.2;     ///< training: Delta l
  double per_grid = 2;            ///< grid_moderators: moderators appointed per grid
  double capacity_boost = 1.0;    ///< social_mobilisation: NGO capacity x (1 + boost)
  double inspection_rate = 0.01;  ///< enforcement: inspections per firm per day
  double unannounced_share = 0.5;
  double penalty_points = 10;         ///< credit points deducted per finding
  double compliance_threshold = 0.6;  ///< security below this is a finding
  bool public_naming = true;
  double naming_spillover = 0.3;  ///< perceived penalty added to county peers per naming
  double lag_hours = 12;          ///< refutation_platform
  double conversion_prob = 0.5;
  double delay_cut = 0.5;  ///< data_sharing: escalation delays x (1 - cut)
  double interception_boost = 0.1;
  double exposure_increase = 0.5;  ///< data_sharing: breach exposure x (1 + increase)
  double cost_per_day = 0;         ///< fixed cost while running
  double cost_per_unit =
      0;  ///< per reached netizen, trainee, moderator-day, inspection, funded NGO-day
};

struct ShockConfig {
  std::string name = "shock";
  double start_day = 0;
  double end_day = 30;
  double rumour_multiplier = 3.0;
  double fraud_multiplier = 2.0;
  double breach_multiplier = 2.0;
  double altruism_surge = 0.5;  ///< altruism weight A x (1 + surge)
};

}  // namespace cogov::model
