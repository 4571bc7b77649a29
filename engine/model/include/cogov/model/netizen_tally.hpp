#pragma once
// The netizen tally: aggregates of the netizen state and of one step's events, summed over
// fixed blocks of netizens and combined in block order (bitwise identical for any thread
// count). Every field is listed once in visit_fields(): the block sums, the settled step's
// carried-over sums and the recorded series (a field with a series name is recorded as it
// stands; shares and means are made from several fields by the recorder) all read it.

#include <array>
#include <cstdint>

#include "cogov/core/fields.hpp"
#include "cogov/model/policies/effects.hpp"
#include "cogov/model/population.hpp"

namespace cogov::model {

struct NetizenTally {
  std::uint64_t netizens = 0;
  std::uint64_t participants = 0;
  std::array<std::uint64_t, kAgeGroups> by_age{};
  std::array<std::uint64_t, kAgeGroups> age_count{};
  std::array<std::uint64_t, 2> by_region{};  ///< rural, urban
  std::array<std::uint64_t, 2> region_count{};
  std::uint64_t party = 0, party_count = 0;
  std::uint64_t joined = 0, left = 0;  ///< changes since the previous step
  std::uint64_t recently_victimised = 0;
  std::uint64_t shown_victimised = 0;  ///< whose visible bits show victimisation to neighbours
  double fatigue = 0.0, risk = 0.0, trust = 0.0, literacy = 0.0;  ///< sums
  // Rumours.
  std::array<std::uint64_t, 3> rumour{};  ///< S, I, R
  std::uint64_t new_believers = 0, ever_believed = 0, rejected = 0, rumour_reports = 0;
  std::uint64_t debunked = 0, refuted = 0;
  // Fraud and exposure.
  std::uint64_t attempts = 0, intercepted = 0, successes = 0;
  std::array<std::uint64_t, kAgeGroups> victims_by_age{}, attempts_by_age{}, intercepted_by_age{};
  std::array<double, kAgeGroups> loss_by_age{};
  std::array<std::uint64_t, 2> attempts_by_region{}, intercepted_by_region{}, victims_by_region{};
  std::array<double, 2> loss_by_region{};
  std::uint64_t unique_victims = 0;               ///< defrauded for the first time in the run year
  std::array<double, kAgeGroups> trust_by_age{};  ///< sums
  std::uint64_t reports = 0, victim_reports = 0, exposed = 0, newly_exposed = 0;
  std::uint64_t reports_handled_learned = 0;
  // NGOs and policies.
  std::uint64_t trained = 0, in_formed_groups = 0, moderators = 0, donors = 0;
  double donations = 0, matched = 0;
  std::array<std::uint64_t, kMaxPolicies> policy_units{};
  std::array<double, kMaxPolicies> policy_yuan{};  ///< what a policy pays by amount (matching)
  std::array<std::uint64_t, kMaxPolicies> untrained_in_target{};  ///< after training (policies)
  std::array<std::uint64_t, kMaxPolicies> reward_participants{}, reward_participant_reports{};

  /// Every field, once: f(&NetizenTally::field, core::FieldInfo).
  template <class F>
  static void visit_fields(F&& f) {
    using core::FieldInfo;
    constexpr auto fixed = core::FieldRole::fixed;
    constexpr auto settling = core::FieldRole::settling;
    using T = NetizenTally;
    f(&T::netizens, FieldInfo{.role = fixed});
    f(&T::participants, FieldInfo{"participants", "netizens", "netizens participating"});
    f(&T::by_age, FieldInfo{});
    f(&T::age_count, FieldInfo{.role = fixed});
    f(&T::by_region, FieldInfo{});
    f(&T::region_count, FieldInfo{.role = fixed});
    f(&T::party, FieldInfo{});
    f(&T::party_count, FieldInfo{.role = fixed});
    f(&T::joined, FieldInfo{"joined", "netizens", "netizens who started participating this step"});
    f(&T::left, FieldInfo{"left", "netizens", "netizens who stopped participating this step"});
    f(&T::recently_victimised,
      FieldInfo{"recently_victimised", "netizens", "netizens victimised within the last W days", "",
                settling});
    f(&T::shown_victimised, FieldInfo{.role = settling});
    f(&T::fatigue, FieldInfo{});
    f(&T::risk, FieldInfo{});
    f(&T::trust, FieldInfo{.role = settling});
    f(&T::literacy, FieldInfo{.role = settling});
    f(&T::rumour, FieldInfo{.role = settling});
    f(&T::new_believers,
      FieldInfo{"new_believers", "netizens", "S -> I this step (transmission and seeding)"});
    f(&T::ever_believed,
      FieldInfo{"rumour_reach", "netizens", "cumulative: netizens who have ever believed a rumour",
                "", settling});
    f(&T::rejected, FieldInfo{"rumour_rejected", "netizens",
                              "participants who spotted and rejected a rumour this step"});
    f(&T::rumour_reports,
      FieldInfo{"rumour_reports", "reports", "reports of rejected rumours filed this step"});
    f(&T::debunked, FieldInfo{"rumour_debunked", "netizens",
                              "believers converted by debunking neighbours this step"});
    f(&T::refuted, FieldInfo{"rumour_refuted", "netizens",
                             "believers converted by official refutation this step"});
    f(&T::attempts, FieldInfo{"fraud_attempts", "attempts", "fraud attempts this step"});
    f(&T::intercepted,
      FieldInfo{"fraud_intercepted", "attempts", "attempts intercepted by platform warnings"});
    f(&T::successes, FieldInfo{"fraud_successes", "victims", "successful frauds this step"});
    f(&T::victims_by_age, FieldInfo{"fraud_victims_by_age", "victims",
                                    "successful frauds this step by age group", "age_group"});
    f(&T::loss_by_age,
      FieldInfo{"fraud_losses_by_age", "yuan", "losses this step by age group", "age_group"});
    f(&T::attempts_by_age, FieldInfo{"fraud_attempts_by_age", "attempts",
                                     "fraud attempts this step by age group", "age_group"});
    f(&T::intercepted_by_age,
      FieldInfo{"fraud_intercepted_by_age", "attempts",
                "attempts intercepted this step by age group", "age_group"});
    f(&T::attempts_by_region, FieldInfo{"fraud_attempts_by_region", "attempts",
                                        "fraud attempts this step, rural and urban", "region"});
    f(&T::intercepted_by_region,
      FieldInfo{"fraud_intercepted_by_region", "attempts",
                "attempts intercepted this step, rural and urban", "region"});
    f(&T::victims_by_region, FieldInfo{"fraud_victims_by_region", "victims",
                                       "successful frauds this step, rural and urban", "region"});
    f(&T::loss_by_region,
      FieldInfo{"fraud_losses_by_region", "yuan", "losses this step, rural and urban", "region"});
    f(&T::unique_victims,
      FieldInfo{"unique_victims", "netizens",
                "netizens defrauded for the first time in the run year (years of 365 days from "
                "day 0): summed over a year, the distinct victims of that year"});
    f(&T::trust_by_age, FieldInfo{.role = settling});
    f(&T::reports,
      FieldInfo{"reports_filed", "reports",
                "reports filed this step (victims, intercepted attempts, rejected rumours)", "",
                settling});
    f(&T::victim_reports,
      FieldInfo{"victim_reports", "reports", "reports filed by victims this step", "", settling});
    f(&T::exposed, FieldInfo{"exposed_netizens", "netizens",
                             "netizens whose data have been exposed in a breach", "", settling});
    f(&T::newly_exposed, FieldInfo{"newly_exposed", "netizens", "netizens exposed this step"});
    f(&T::reports_handled_learned, FieldInfo{});
    f(&T::trained,
      FieldInfo{"trained", "netizens", "netizens trained this step (NGOs and policies)"});
    f(&T::in_formed_groups, FieldInfo{});
    f(&T::moderators, FieldInfo{"moderators", "netizens", "appointed grid moderators"});
    f(&T::donors, FieldInfo{"donors", "netizens", "members who donated through charity NGOs"});
    f(&T::donations,
      FieldInfo{"donations", "yuan", "donations collected by charity NGOs this step"});
    f(&T::matched,
      FieldInfo{"donations_matched", "yuan", "added to donations by matching rewards this step"});
    f(&T::policy_units, FieldInfo{});
    f(&T::policy_yuan, FieldInfo{});
    f(&T::untrained_in_target, FieldInfo{});
    f(&T::reward_participants, FieldInfo{});
    f(&T::reward_participant_reports, FieldInfo{});
  }

  /// Adds one netizen's static counts (netizens, age_count, region_count, party_count).
  void add_static(const Netizens& p, std::uint32_t i) {
    ++netizens;
    ++age_count[p.age[i]];
    ++region_count[(p.flags[i] & flag::urban) ? 1 : 0];
    party_count += (p.flags[i] & flag::party) != 0;
  }
  NetizenTally& operator+=(const NetizenTally& o) {
    core::add_tally(*this, o);
    return *this;
  }
};

}  // namespace cogov::model
