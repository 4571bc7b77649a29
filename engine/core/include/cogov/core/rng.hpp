#pragma once
// Counter-based random numbers (Philox4x32-10, Salmon et al. 2011, via Random123).
//
// Every draw is a pure function of (seed, agent kind, agent id, step, purpose, draw index):
// no generator state is shared between agents or threads, so results do not depend on the
// thread count or on the order in which agents are visited, and agent i's draw for purpose p
// at step t is the same in every scenario run with the same seed (common random numbers).

#include <Random123/philox.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <new>
#include <span>
#include <type_traits>

namespace cogov::core {

/// Who a stream belongs to. Part of the counter, so kinds never share draws.
enum class AgentKind : std::uint8_t {
  netizen = 1,
  enterprise = 2,
  ngo = 3,
  government = 4,
  graph = 5,
  world = 6,
};

/// Why a stream is drawn. One value per use, listed here so that no two mechanisms can
/// collide; append new values at the end (changing a value changes every result).
enum class Purpose : std::uint16_t {
  territory_urban = 1,
  netizen_age,
  netizen_literacy,
  netizen_altruism,
  netizen_party,
  netizen_usage,
  netizen_threshold,
  netizen_trust,
  netizen_risk,
  initial_participation,
  participation_choice,  ///< unused since the netizen step draws netizen_lanes (kept: append-only)
  graph_edges,
  graph_rewire,
  graph_degree,
  graph_stub_order,
  graph_household,
  graph_weight,
  enterprise_attributes,
  platform_choice,
  ngo_attributes,
  ngo_members,
  rumour,
  fraud,
  exposure,
  training,
  policy_reach,
  report_outcome,
  enterprise_choice,
  vulnerabilities,
  inspection,
  moderator_choice,
  initial_rumour,
  grid_selection,
  sweep_sample,
  netizen_lanes,
  donation,
  report_channel,
};

using PhiloxEngine = r123::Philox4x32;
__extension__ using uint128 = unsigned __int128;

/// A short stream of random numbers for one (agent, step, purpose).
/// Cheap to construct; produces 4 x 32 random bits per Philox call.
class Stream {
 public:
  Stream(std::uint64_t seed, AgentKind kind, std::uint32_t id, std::uint32_t step, Purpose purpose)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        ctr_{{id, step,
              (static_cast<std::uint32_t>(kind) << 16) | static_cast<std::uint32_t>(purpose), 0}} {}

  /// Stream keyed by a 64-bit index (edges, stubs) rather than an agent and a step.
  static Stream indexed(std::uint64_t seed, AgentKind kind, std::uint64_t index, Purpose purpose) {
    return Stream(seed, kind, static_cast<std::uint32_t>(index),
                  static_cast<std::uint32_t>(index >> 32), purpose);
  }

  std::uint32_t next_u32() {
    if (used_ == 4) refill();
    return out_.v[used_++];
  }
  std::uint64_t next_u64() {
    const std::uint64_t hi = next_u32();
    return (hi << 32) | next_u32();
  }

  /// Uniform in the open interval (0, 1) with 32 random bits (enough for Bernoulli trials).
  double uniform() { return to_uniform(next_u32()); }
  static double to_uniform(std::uint32_t bits) {
    return (static_cast<double>(bits) + 0.5) * 0x1p-32;
  }
  /// Bernoulli(1 - exp(-rate)) without the exp in the common case: 1 - exp(-x) <= x, so a
  /// uniform above `rate` decides "no" exactly as the full test would.
  bool bernoulli_rate(double rate) { return bernoulli_rate(uniform(), rate); }
  /// The same test on a uniform u drawn elsewhere (a value from a shared block).
  static bool bernoulli_rate(double u, double rate) { return u < rate && u < -std::expm1(-rate); }
  /// Uniform in (0, 1) with 53 random bits (for continuous distributions).
  double uniform53() { return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1p-53; }
  bool bernoulli(double p) { return uniform() < p; }
  /// Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-32 / n).
  std::uint64_t below(std::uint64_t n) {
    if (n <= 0xFFFFFFFFull) {
      return (static_cast<std::uint64_t>(next_u32()) * n) >> 32;
    }
    return static_cast<std::uint64_t>((static_cast<uint128>(next_u64()) * n) >> 64);
  }

  double normal();
  double gamma(double shape);
  double beta(double a, double b);
  /// Beta distribution given its mean m in (0,1) and concentration a+b = kappa > 0.
  double beta_mean(double mean, double concentration);
  double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }
  std::uint32_t poisson(double lambda);
  /// Index k drawn with probability weights[k] / sum(weights) (weights >= 0, sum > 0).
  std::size_t categorical(std::span<const double> weights);
  /// Geometric number of failures before the first success, success probability p in (0,1].
  std::uint64_t geometric(double p);

 private:
  void refill() {
    out_ = PhiloxEngine{}(ctr_, key_);
    ++ctr_.v[3];
    used_ = 0;
  }

  PhiloxEngine::key_type key_;
  PhiloxEngine::ctr_type ctr_;
  PhiloxEngine::ctr_type out_{};
  int used_ = 4;
};

/// One value from another, shared block, then the purpose's own stream, made only if a
/// second draw is wanted. The netizen step draws one block per agent and hands one value to
/// each purpose: most purposes need only that one, so most agents cost one Philox call, not
/// three, and build no stream.
class ValueThenStream {
 public:
  ValueThenStream(std::uint32_t value, std::uint64_t seed, AgentKind kind, std::uint32_t id,
                  std::uint32_t step, Purpose purpose)
      : value_(value), seed_(seed), kind_(kind), id_(id), step_(step), purpose_(purpose) {}

  std::uint32_t next_u32() {
    if (state_ == State::value) {
      state_ = State::no_stream;
      return value_;
    }
    if (state_ == State::no_stream) {
      ::new (rest_) Stream(seed_, kind_, id_, step_, purpose_);
      state_ = State::stream;
    }
    return std::launder(reinterpret_cast<Stream*>(rest_))->next_u32();
  }
  double uniform() { return Stream::to_uniform(next_u32()); }
  bool bernoulli(double p) { return uniform() < p; }
  bool bernoulli_rate(double rate) { return Stream::bernoulli_rate(uniform(), rate); }

 private:
  enum class State : std::uint8_t { value, no_stream, stream };
  std::uint32_t value_;
  State state_ = State::value;
  std::uint64_t seed_;
  AgentKind kind_;
  std::uint32_t id_, step_;
  Purpose purpose_;
  // The stream, made in place on the second draw (Stream is trivially destructible).
  alignas(Stream) unsigned char rest_[sizeof(Stream)];
};

static_assert(std::is_trivially_destructible_v<Stream>);

/// A stream made only if a draw is wanted: where few agents draw, most never pay for it.
class LazyStream {
 public:
  LazyStream(std::uint64_t seed, AgentKind kind, std::uint32_t id, std::uint32_t step,
             Purpose purpose)
      : seed_(seed), kind_(kind), id_(id), step_(step), purpose_(purpose) {}

  Stream& get() {
    if (!made_) {
      ::new (storage_) Stream(seed_, kind_, id_, step_, purpose_);
      made_ = true;
    }
    return *std::launder(reinterpret_cast<Stream*>(storage_));
  }

 private:
  bool made_ = false;
  std::uint64_t seed_;
  AgentKind kind_;
  std::uint32_t id_, step_;
  Purpose purpose_;
  alignas(Stream) unsigned char storage_[sizeof(Stream)];
};

/// Logistic function.
inline double sigmoid(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

/// Per-step probability of an event with rate `rate_per_day` over a step of `days` days.
inline double rate_to_prob(double rate_per_day, double days) {
  return -std::expm1(-rate_per_day * days);
}

}  // namespace cogov::core
