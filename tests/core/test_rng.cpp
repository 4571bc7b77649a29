#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "cogov/core/philox_batch.hpp"
#include "cogov/core/rng.hpp"

using cogov::core::AgentKind;
using cogov::core::Purpose;
using cogov::core::Stream;
namespace core = cogov::core;

namespace {

Stream make(std::uint64_t seed, std::uint32_t id, std::uint32_t step, Purpose p,
            AgentKind k = AgentKind::netizen) {
  return Stream(seed, k, id, step, p);
}

struct Moments {
  double mean = 0, var = 0;
};

template <class Draw>
Moments moments(int n, Draw draw) {
  double s = 0, ss = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw(i);
    s += x;
    ss += x * x;
  }
  const double m = s / n;
  return {m, ss / n - m * m};
}

}  // namespace

TEST_CASE("rng: a stream is a pure function of its key", "[core][rng]") {
  auto a = make(7, 42, 3, Purpose::participation_choice);
  auto b = make(7, 42, 3, Purpose::participation_choice);
  for (int i = 0; i < 100; ++i) CHECK(a.next_u32() == b.next_u32());
}

TEST_CASE("rng: seed, id, step, purpose and kind each change the stream", "[core][rng]") {
  const auto base = make(7, 42, 3, Purpose::participation_choice).next_u64();
  CHECK(make(8, 42, 3, Purpose::participation_choice).next_u64() != base);
  CHECK(make(7, 43, 3, Purpose::participation_choice).next_u64() != base);
  CHECK(make(7, 42, 4, Purpose::participation_choice).next_u64() != base);
  CHECK(make(7, 42, 3, Purpose::netizen_age).next_u64() != base);
  CHECK(make(7, 42, 3, Purpose::participation_choice, AgentKind::enterprise).next_u64() != base);
}

TEST_CASE("rng: neighbouring streams are uncorrelated", "[core][rng]") {
  const int n = 20000;
  double sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < n; ++i) {
    const double x =
        make(1, static_cast<std::uint32_t>(i), 0, Purpose::participation_choice).uniform();
    const double y =
        make(1, static_cast<std::uint32_t>(i) + 1, 0, Purpose::participation_choice).uniform();
    sx += x, sy += y, sxy += x * y, sxx += x * x, syy += y * y;
  }
  const double cov = sxy / n - sx / n * sy / n;
  const double corr = cov / std::sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
  CHECK(std::fabs(corr) < 0.03);
}

TEST_CASE("rng: uniform lies in (0, 1) with mean 1/2 and variance 1/12", "[core][rng]") {
  auto s = make(3, 0, 0, Purpose::netizen_age);
  const auto m = moments(100000, [&](int) {
    const double u = s.uniform();
    REQUIRE(u > 0.0);
    REQUIRE(u < 1.0);
    return u;
  });
  CHECK(m.mean == Approx(0.5).margin(0.005));
  CHECK(m.var == Approx(1.0 / 12).margin(0.002));
}

TEST_CASE("rng: below(n) is uniform on 0 .. n - 1", "[core][rng]") {
  auto s = make(3, 1, 0, Purpose::netizen_age);
  std::vector<int> counts(10);
  for (int i = 0; i < 100000; ++i) ++counts[s.below(10)];
  double chi2 = 0;
  for (int c : counts) chi2 += (c - 10000.0) * (c - 10000.0) / 10000.0;
  CHECK(chi2 < 27.9);  // chi-square, 9 degrees of freedom, p = 0.001
}

TEST_CASE("rng: distributions have their moments", "[core][rng]") {
  const int n = 60000;
  SECTION("Bernoulli") {
    const auto m = moments(n, [](int i) {
      return make(5, static_cast<std::uint32_t>(i), 0, Purpose::netizen_party).bernoulli(0.3) ? 1.0
                                                                                              : 0.0;
    });
    CHECK(m.mean == Approx(0.3).margin(0.01));
  }
  SECTION("Beta(2, 5)") {
    const auto m = moments(n, [](int i) {
      return make(5, static_cast<std::uint32_t>(i), 0, Purpose::netizen_literacy).beta(2, 5);
    });
    CHECK(m.mean == Approx(2.0 / 7).margin(0.005));
    CHECK(m.var == Approx(10.0 / (49 * 8)).margin(0.002));
  }
  SECTION("Beta by mean and concentration, including shape < 1") {
    const auto m = moments(n, [](int i) {
      return make(5, static_cast<std::uint32_t>(i), 0, Purpose::netizen_altruism)
          .beta_mean(0.2, 1.5);
    });
    CHECK(m.mean == Approx(0.2).margin(0.006));
    CHECK(m.var == Approx(0.2 * 0.8 / 2.5).margin(0.004));
  }
  SECTION("log-normal with mean 1") {
    const double sigma = 0.8;
    const auto m = moments(n, [&](int i) {
      return make(5, static_cast<std::uint32_t>(i), 0, Purpose::netizen_usage)
          .lognormal(-sigma * sigma / 2, sigma);
    });
    CHECK(m.mean == Approx(1.0).margin(0.03));
  }
  SECTION("Poisson small and large means") {
    for (double lambda : {0.5, 4.0, 25.0, 400.0}) {
      const auto m = moments(n, [&](int i) {
        return static_cast<double>(
            make(5, static_cast<std::uint32_t>(i), 1, Purpose::graph_edges).poisson(lambda));
      });
      CHECK(m.mean == Approx(lambda).epsilon(0.02).margin(0.01));
      CHECK(m.var == Approx(lambda).epsilon(0.05).margin(0.02));
    }
  }
  SECTION("geometric") {
    const auto m = moments(n, [](int i) {
      return static_cast<double>(
          make(5, static_cast<std::uint32_t>(i), 2, Purpose::graph_edges).geometric(0.25));
    });
    CHECK(m.mean == Approx(3.0).epsilon(0.03));  // (1 - p) / p
  }
}

TEST_CASE("rng: rates become per-step probabilities", "[core][rng]") {
  CHECK(cogov::core::rate_to_prob(0.0, 1.0) == 0.0);
  CHECK(cogov::core::rate_to_prob(1.0, 1.0) == Approx(1 - std::exp(-1.0)));
  CHECK(cogov::core::rate_to_prob(0.1, 0.5) == Approx(1 - std::exp(-0.05)));
}

TEST_CASE("philox batch: the same first block as each agent's own stream", "[core][rng]") {
  using Fill = void (*)(std::uint64_t, core::AgentKind, std::uint32_t, std::uint32_t, core::Purpose,
                        core::PhiloxBatch&);
  // The dispatched path (AVX2 where the CPU has it) and the portable loop.
  INFO("vector path: " << core::philox_first_blocks_vectorised());
  for (const Fill fill :
       {Fill{&core::philox_first_blocks}, Fill{&core::philox_first_blocks_portable}}) {
    for (const std::uint64_t seed : {0ull, 1ull, 0x123456789abcdefull, ~0ull}) {
      for (const std::uint32_t first : {0u, 17u, 0x7FFFFFF9u, 0xFFFFFFF0u, 0xFFFFFFF8u}) {
        for (const std::uint32_t step : {0u, 42u, 0xFFFFFFFFu}) {
          core::PhiloxBatch batch;
          fill(seed, core::AgentKind::netizen, first, step, core::Purpose::netizen_lanes, batch);
          for (std::uint32_t l = 0; l < core::kPhiloxBatch; ++l) {
            core::Stream s(seed, core::AgentKind::netizen, first + l, step,
                           core::Purpose::netizen_lanes);
            for (int w = 0; w < 4; ++w) CHECK(batch.out[w][l] == s.next_u32());
          }
        }
      }
    }
  }
}

TEST_CASE("rng: a value then the purpose's own stream, made on the second draw", "[core][rng]") {
  for (const std::uint32_t value : {0u, 7u, 0xFFFFFFFFu}) {
    core::ValueThenStream draws(value, 99, core::AgentKind::netizen, 5, 3, core::Purpose::rumour);
    core::Stream own(99, core::AgentKind::netizen, 5, 3, core::Purpose::rumour);
    CHECK(draws.next_u32() == value);
    for (int k = 0; k < 9; ++k) CHECK(draws.next_u32() == own.next_u32());
  }
  core::ValueThenStream a(1u << 31, 1, core::AgentKind::netizen, 0, 0, core::Purpose::rumour);
  CHECK(a.uniform() == core::Stream::to_uniform(1u << 31));
  core::Stream b(1, core::AgentKind::netizen, 0, 0, core::Purpose::rumour);
  CHECK(a.uniform() == b.uniform());
}
