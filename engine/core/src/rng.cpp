#include "cogov/core/rng.hpp"

#include <math.h>  // lgamma_r (POSIX)

#include <cmath>
#include <limits>
#include <numbers>

namespace cogov::core {

double Stream::normal() {
  // Box-Muller; uses one pair of uniforms per call and discards the second variate so that
  // a stream's k-th normal always consumes the same draws.
  const double u1 = uniform53();
  const double u2 = uniform53();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Stream::gamma(double shape) {
  // Marsaglia & Tsang (2000); shape < 1 via the boost U^(1/shape).
  if (shape < 1.0) {
    const double g = gamma(shape + 1.0);
    return g * std::pow(uniform53(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform53();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

double Stream::beta(double a, double b) {
  const double x = gamma(a);
  const double y = gamma(b);
  return x / (x + y);
}

double Stream::beta_mean(double mean, double concentration) {
  if (mean <= 0.0) return 0.0;
  if (mean >= 1.0) return 1.0;
  return beta(mean * concentration, (1.0 - mean) * concentration);
}

std::uint32_t Stream::poisson(double lambda) {
  if (lambda <= 0.0) return 0;
  if (lambda < 10.0) {
    // Inversion by sequential search (Knuth), exact for small means.
    const double limit = std::exp(-lambda);
    double prod = uniform53();
    std::uint32_t k = 0;
    while (prod > limit) {
      prod *= uniform53();
      ++k;
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze (Hormann 1993).
  const double slam = std::sqrt(lambda);
  const double loglam = std::log(lambda);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = uniform53() - 0.5;
    const double v = uniform53();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::uint32_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    // lgamma_r, not std::lgamma: lgamma writes the global signgam, a data race between
    // threads drawing at once (found by ThreadSanitizer); both compute the same value.
    int sign = 0;
    if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <=
        -lambda + k * loglam - ::lgamma_r(k + 1.0, &sign)) {
      return static_cast<std::uint32_t>(k);
    }
  }
}

std::size_t Stream::categorical(std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) total += w;
  double u = uniform() * total;
  for (std::size_t k = 0; k + 1 < weights.size(); ++k) {
    if (u < weights[k]) return k;
    u -= weights[k];
  }
  return weights.size() - 1;
}

std::uint64_t Stream::geometric(double p) {
  if (p >= 1.0) return 0;
  const double g = std::floor(std::log(uniform53()) / std::log1p(-p));
  constexpr std::uint64_t kCap = std::numeric_limits<std::uint64_t>::max() / 2;  // exact
  if (g >= static_cast<double>(kCap)) return kCap;
  return static_cast<std::uint64_t>(g);
}

}  // namespace cogov::core
