#pragma once
// Rumours: SIRS with rejection by participants, debunking, stifling, forgetting, platform
// moderation and official refutation (docs/model.md section 6.1). Pull-style: a netizen's
// transition depends on its neighbours' state at t only.
//
//   transmission   S -> I with prob 1 - prod_j (1 - p_ji) over believing neighbours j,
//                  p_ji = a_i (1 - m_j), a_i = p_R x (1 - eps_l l_i)(1 - eps_P P_i),
//                  p_R x = min(1, p_R x the shocks' transmission multiplier),
//                  m_j the moderation of j's primary platform this step; a_i x (1 -
//                  removal_c) where handled rumour reports removed content in i's county c
//                  last step (government.hpp), x (1 - chat_moderation) in a grid with
//                  moderators (grid_moderators)
//   rejection      a participating S with a believer neighbour first rejects the rumour
//                  (-> R) with prob rho l_i, and reports it with the report decision of
//                  mechanisms/reporting.hpp; only if not does transmission draw
//   seeding        a susceptible not infected by a neighbour: S -> I with prob
//                  1 - exp(-seed_rate 1e-6 u_i shock days)
//   debunking      I -> R with prob 1 - (1 - p_D)^(n_D - n_B) (1 - min(1, b p_D))^n_B
//                  (n_D participating recovered neighbours, n_B of them boosted: moderators,
//                  members of active refutation NGOs, residents of formed grid groups)
//   stifling       else I -> R with stifle_prob
//   refutation     else I -> R with prob reach x conversion x clamp(age + 1 - lag, 0, 1),
//                  age the steps since the belief began, lag the refutation lag in steps
//   forgetting     R -> S with prob 1 - exp(-forget_rate days)
// With participation, debunking and forgetting off and seeding only at t = 0 this is the
// discrete-time SIR model on a network.
//
// Stage Rumour (optional: on when rumours run). Reads: neighbours' believer, debunker,
// boosted and moderated bits at t; literacy, usage, participation at t; the policies'
// refutation; trust and Agent::report_bonus (reports). Writes: rumour, rumour_age,
// status::ever_believed and reported, Agent::believing (believes at t + 1) and refuted
// (converted by official refutation); tally new_believers, rejected, rumour_reports,
// debunked, refuted. RNG: the netizen's shared block (lane kRumourLane), then
// Purpose::rumour.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "cogov/core/parallel.hpp"
#include "cogov/core/rng.hpp"
#include "cogov/core/spec.hpp"
#include "cogov/model/build.hpp"
#include "cogov/model/mechanisms/reporting.hpp"
#include "cogov/model/mechanisms/stage.hpp"
#include "cogov/model/policies/effects.hpp"

namespace cogov::model {

struct RumourConfig {
  bool enabled = true;
  double seed_rate = 20.0;                ///< new believers per million netizens per day
  double initial_believers = 0.0;         ///< share of netizens believing at step 0
  double transmission_prob = 0.05;        ///< p_R per believer contact per step
  double literacy_protection = 0.5;       ///< eps_l
  double participation_protection = 0.5;  ///< eps_P
  double rejection_prob = 0.3;            ///< rho: times literacy
  double debunk_prob = 0.02;              ///< p_D per debunking neighbour per step
  double debunk_boost = 3.0;              ///< b for moderators and active refutation NGOs
  double stifle_prob = 0.1;               ///< per step
  double forget_rate = 0.02;              ///< per day
  double moderation_efficacy = 0.5;       ///< m for a participating platform at full security

  /// The keys of this section, once: the scenario reader, explain and the references walk it.
  template <class V>
  static void visit(V& v, RumourConfig& c) {
    using core::Range;
    v.value("enabled", c.enabled, {Range::any(), "", "run the rumour process"});
    v.value("seed_rate", c.seed_rate,
            {Range::at_least(0), "per million netizens per day",
             "new believers from outside, in proportion to usage"});
    v.value("initial_believers", c.initial_believers,
            {Range::unit(), "", "share of netizens believing at step 0"});
    v.value("transmission_prob", c.transmission_prob,
            {Range::unit(), "per contact per step", "p_R"});
    v.value("literacy_protection", c.literacy_protection,
            {Range::unit(), "", "eps_l: transmission x (1 - eps_l l)"});
    v.value("participation_protection", c.participation_protection,
            {Range::unit(), "", "eps_P: transmission x (1 - eps_P P)"});
    v.value("rejection_prob", c.rejection_prob,
            {Range::unit(), "per step",
             "rho: a participant meeting a believer rejects the rumour with prob rho l"});
    v.value("debunk_prob", c.debunk_prob,
            {Range::unit(), "per debunker per step",
             "p_D: each participating recovered neighbour converts a believer"});
    v.value("debunk_boost", c.debunk_boost,
            {Range::at_least(1), "",
             "b: debunking x b for moderators, active refutation NGOs, formed groups"});
    v.value("stifle_prob", c.stifle_prob,
            {Range::unit(), "per step", "a believer stops believing by itself"});
    v.value("forget_rate", c.forget_rate,
            {Range::at_least(0), "per day", "recovered become susceptible again"});
    v.value("moderation_efficacy", c.moderation_efficacy,
            {Range::unit(), "", "m: transmission cut by a participating platform at security 1"});
  }
};

/// Transmission factor a_i = p_R (1 - eps_l l_i)(1 - eps_P P_i); p_ji = a_i (1 - m_j).
inline double rumour_susceptibility(const RumourConfig& c, double literacy, bool participating) {
  return c.transmission_prob * (1.0 - c.literacy_protection * literacy) *
         (1.0 - (participating ? c.participation_protection : 0.0));
}

/// A floor of the escape product over `believers` believing neighbours, whose factors are
/// 1 - a (1 - m_j) with a and m_j in [0, 1], each at least 1 - a. By Bernoulli's inequality
/// the product is at least 1 - a B; the margin covers the rounding of the walk's product
/// and of this formula (a worst-case bound of 4 (B + 1) 2^-53, under 5e-10 for up to 2^20
/// believers; more get no floor). A uniform below it means "not infected" without the walk,
/// bit for bit (tested: random products break a floor without the margin). One
/// multiply: (1 - a)^B multiplied out, the floor before, was a chain of multiplies that
/// held up the step on the days many netizens have believing neighbours.
inline double escape_floor(double a, std::uint32_t believers) {
  constexpr std::uint32_t kMaxBelievers = 1u << 20;
  constexpr double kMargin = 1e-9;
  if (believers > kMaxBelievers) return 0.0;  // a uniform is above 0: the walk decides
  return 1.0 - a * believers - kMargin;
}

/// Probability that a believer is converted by n plain and n_boosted boosted debunkers.
inline double debunk_probability(const RumourConfig& c, std::uint32_t n, std::uint32_t n_boosted) {
  const double boosted = std::min(1.0, c.debunk_boost * c.debunk_prob);
  return 1.0 - std::pow(1.0 - c.debunk_prob, n) * std::pow(1.0 - boosted, n_boosted);
}

/// debunk_probability with the powers for fewer than kCounts debunkers of each kind made
/// once (the same std::pow calls, so the same bits; more debunkers call std::pow).
class DebunkTable {
 public:
  static constexpr std::uint32_t kCounts = 64;

  explicit DebunkTable(const RumourConfig& c)
      : plain_keep_(1.0 - c.debunk_prob),
        boosted_keep_(1.0 - std::min(1.0, c.debunk_boost * c.debunk_prob)) {
    for (std::uint32_t n = 0; n < kCounts; ++n) {
      plain_[n] = std::pow(plain_keep_, n);
      boosted_[n] = std::pow(boosted_keep_, n);
    }
  }

  double operator()(std::uint32_t n, std::uint32_t n_boosted) const {
    const double plain = n < kCounts ? plain_[n] : std::pow(plain_keep_, n);
    const double boosted =
        n_boosted < kCounts ? boosted_[n_boosted] : std::pow(boosted_keep_, n_boosted);
    return 1.0 - plain * boosted;
  }

 private:
  double plain_keep_, boosted_keep_;
  std::array<double, kCounts> plain_{}, boosted_{};
};

namespace stage {

/// Marks every believer whose primary platform moderates this step (visible::moderated on
/// the current byte; the step writes every next byte without it): the transmission walk
/// then looks up a believer's platform only when its moderation is not zero, instead of
/// once per believing neighbour.
inline void mark_moderated_believers(std::uint8_t* now, std::uint32_t n,
                                     std::span<const std::uint32_t> primary,
                                     std::span<const std::uint8_t> primary_byte,
                                     std::span<const float> moderation) {
  if (primary.empty() ||
      std::none_of(moderation.begin(), moderation.end(), [](float m) { return m != 0.0f; })) {
    return;
  }
  // Believers are few: eight bytes at a time, looking closer only at words with one.
  constexpr std::uint64_t kBelievers = 0x0101010101010101ull * visible::believer;
  core::for_blocks(n, [&](std::size_t begin, std::size_t end, std::size_t) {
    for (std::size_t j = begin; j < end;) {
      if (j + 8 <= end) {
        std::uint64_t word;
        std::memcpy(&word, now + j, sizeof word);
        if (!(word & kBelievers)) {
          j += 8;
          continue;
        }
      }
      for (const std::size_t stop = std::min(j + 8, end); j < stop; ++j) {
        if (!(now[j] & visible::believer)) continue;
        const std::uint32_t e =
            primary_platform_of(static_cast<std::uint32_t>(j), primary_byte, primary);
        if (e != ~0u && moderation[e] != 0.0f) now[j] |= visible::moderated;
      }
    }
  });
}

struct Rumour {
  static constexpr Role role = Role::optional;
  static constexpr bool writes_status = true;
  static constexpr bool draws_lanes = true;
  struct Params {
    bool on = false;
    RumourConfig config;  ///< with the shocks' transmission multiplier
    const ReportingConfig* reporting = nullptr;
    const StepContext* ctx = nullptr;
    double seed = 0, forget = 0;  ///< seeding rate x usage, forgetting probability
    double refutation_prob = 0, refutation_lag_steps = 0;
    const PolicyEffects* policies = nullptr;  ///< per-grid refutation (platforms aimed at grids)
    std::optional<DebunkTable> debunk;
    std::span<const std::uint32_t> primary;
    std::span<const std::uint8_t> primary_byte;
    std::vector<std::uint8_t> own_primary_byte;
    std::span<const float> moderation;
    std::vector<float> grid_keep;  ///< per grid: 1 - content removal, x chat moderation
    double lead_boost = 0;         ///< moderators' leads (grid_moderators)
  };

  template <class Step>
  static Params prepare(Step& s) {
    Params p;
    if (!s.in.rumour) return p;
    const RumourConfig& rc = *s.in.rumour;
    p.on = true;
    p.config = rc;
    p.config.transmission_prob = std::min(1.0, rc.transmission_prob * s.in.transmission_scale);
    p.reporting = &s.rules.reporting;
    p.ctx = &s.ctx;
    p.seed = rc.seed_rate * 1e-6 * s.in.rumour_scale * s.ctx.step_days;
    p.forget = core::rate_to_prob(rc.forget_rate, s.ctx.step_days);
    if (s.in.policies) {
      p.refutation_prob = s.in.policies->refutation_prob;
      p.refutation_lag_steps = s.in.policies->refutation_lag_steps;
      if (!s.in.policies->grid_refutation_prob.empty()) p.policies = s.in.policies;
    }
    p.debunk.emplace(rc);
    p.primary = s.primary;
    p.primary_byte = s.in.primary_platform_byte;
    if (p.primary_byte.empty() && !p.primary.empty()) {
      p.own_primary_byte = primary_platform_bytes(p.primary);
      p.primary_byte = p.own_primary_byte;
    }
    p.moderation = s.in.moderation;
    const auto& removal = s.in.content_removal;
    const std::vector<float>* chats = s.in.policies ? &s.in.policies->grid_transmission : nullptr;
    const bool removed =
        std::any_of(removal.begin(), removal.end(), [](float x) { return x > 0.0f; });
    if (s.in.territory && (removed || (chats && !chats->empty()))) {
      const core::Territory& t = *s.in.territory;
      p.grid_keep.assign(t.grids(), 1.0f);
      for (std::uint32_t g = 0; g < t.grids(); ++g) {
        if (removed) p.grid_keep[g] = 1.0f - removal[t.township_county(t.grid_township(g))];
        if (chats && !chats->empty()) p.grid_keep[g] *= (*chats)[g];
      }
    }
    if (s.in.policies && s.in.policies->moderators) p.lead_boost = s.in.policies->lead_boost;
    mark_moderated_believers(s.netizens.visible.now().data(), s.netizens.size(), p.primary,
                             p.primary_byte, p.moderation);
    return p;
  }

  /// The draws of core::ValueThenStream (the shared block's value, then the rumour stream)
  /// without its object in memory: ValueThenStream keeps the stream's arguments and state
  /// on the stack, some seven stores a netizen and step, though most netizens draw only the
  /// value. Here the k-th draw after the value is word k of the rumour stream, made again
  /// by an out-of-line call each time (later draws are few and rare).
  class RumourDraws {
   public:
    RumourDraws(std::uint32_t value, const StepContext& ctx, std::uint32_t i)
        : value_(value), ctx_(ctx), i_(i) {}
    std::uint32_t next_u32() { return k_++ == 0 ? value_ : stream_word(ctx_, i_, k_ - 2); }
    double uniform() { return core::Stream::to_uniform(next_u32()); }
    bool bernoulli(double p) { return uniform() < p; }
    bool bernoulli_rate(double rate) { return core::Stream::bernoulli_rate(uniform(), rate); }

   private:
    [[gnu::noinline, gnu::cold]] static std::uint32_t stream_word(const StepContext& ctx,
                                                                  std::uint32_t i,
                                                                  std::uint32_t k) {
      core::Stream s(ctx.seed, core::AgentKind::netizen, i, ctx.step, core::Purpose::rumour);
      for (; k > 0; --k) s.next_u32();
      return s.next_u32();
    }
    std::uint32_t value_;
    std::uint32_t k_ = 0;  ///< draws made
    const StepContext& ctx_;
    std::uint32_t i_;
  };

  [[gnu::always_inline]] static void apply(const Params& p, const Columns& c, Agent& a,
                                           NetizenTally& tally) {
    const RumourConfig& rc = p.config;
    const std::uint32_t i = a.i;
    RumourDraws rng(a.lanes[kRumourLane], *p.ctx, i);
    const std::uint8_t was_state = c.rumour[i];
    std::uint8_t r = was_state;
    if (r == static_cast<std::uint8_t>(RumourState::susceptible)) {
      bool infected = false;
      if (a.nb.believers > 0) {
        if (a.was && rng.bernoulli(rc.rejection_prob * c.literacy[i])) {
          r = static_cast<std::uint8_t>(RumourState::recovered);
          ++tally.rejected;
          // A moderator's report is a lead: readier, and handled with priority.
          const bool lead = p.lead_boost != 0 && (a.flags & flag::moderator);
          if (rng.bernoulli(report_probability(*p.reporting, Reportable::rumour, a.was, c.trust[i],
                                               c.literacy[i],
                                               a.report_bonus + (lead ? p.lead_boost : 0.0)))) {
            if (lead) a.st |= status::priority_report;
            file_report(a, status::rumour_report);
            ++tally.rumour_reports;
          }
        } else {
          double susceptibility = rumour_susceptibility(rc, c.literacy[i], a.was);
          if (!p.grid_keep.empty()) susceptibility *= p.grid_keep[a.grid];
          const double u = rng.uniform();
          // Infected when u >= the product of 1 - a (1 - m_j) over believing neighbours in
          // row order. That product, as rounded, is never below escape_floor, so below the
          // floor the answer is "no" without visiting the row.
          if (u >= escape_floor(susceptibility, a.nb.believers)) {
            infected = u >= escape_product(p, c, a, susceptibility);
          }
        }
      }
      if (!infected && r == 0 && p.seed > 0) infected = rng.bernoulli_rate(p.seed * c.usage[i]);
      if (infected) {
        r = static_cast<std::uint8_t>(RumourState::believer);
        c.rumour_age[i] = 0;
        a.st |= status::ever_believed;
        ++tally.new_believers;
      }
    } else if (r == static_cast<std::uint8_t>(RumourState::believer)) {
      const std::uint8_t belief_age = c.rumour_age[i];
      if (belief_age < 255) ++c.rumour_age[i];
      const std::uint32_t plain = a.nb.debunkers - a.nb.boosted;
      if ((a.nb.debunkers > 0 && rng.bernoulli((*p.debunk)(plain, a.nb.boosted)))) {
        r = static_cast<std::uint8_t>(RumourState::recovered);
        ++tally.debunked;
      } else if (rng.bernoulli(rc.stifle_prob)) {
        r = static_cast<std::uint8_t>(RumourState::recovered);
      } else if (const auto [prob, lag] =
                     p.policies ? p.policies->refutation_in(a.grid)
                                : std::pair{p.refutation_prob, p.refutation_lag_steps};
                 prob > 0 && rng.bernoulli(prob * std::clamp(belief_age + 1.0 - lag, 0.0, 1.0))) {
        r = static_cast<std::uint8_t>(RumourState::recovered);
        a.refuted = true;
        ++tally.refuted;
      }
    } else if (rng.bernoulli(p.forget)) {
      r = static_cast<std::uint8_t>(RumourState::susceptible);
    }
    // Unchanged states are not written back: their cache lines stay clean.
    if (r != was_state) c.rumour[i] = r;
    a.believing = r == static_cast<std::uint8_t>(RumourState::believer);
  }

 private:
  /// The escape product over the row: every neighbour multiplies in a factor, 1 for
  /// non-believers (x * 1 is x, so the product has the bits of the walk over believers
  /// only): which neighbours believe is no branch to mispredict. 1 - a is 1 - a (1 - 0),
  /// unmoderated; only moderated believers look up their platform.
  [[gnu::always_inline]] static double escape_product(const Params& p, const Columns& c,
                                                      const Agent& a, double susceptibility) {
    const std::array<double, 2> factor{1.0, 1.0 - susceptibility};
    double escape = 1.0;
    for (std::uint32_t j : a.row) {
      const std::uint8_t b = c.now[j];
      if (b & visible::moderated) [[unlikely]] {
        escape *= 1.0 - susceptibility *
                            (1.0 - p.moderation[primary_platform_of(j, p.primary_byte, p.primary)]);
        continue;
      }
      escape *= factor[(b & visible::believer) != 0];
    }
    return escape;
  }
};

}  // namespace stage
}  // namespace cogov::model
