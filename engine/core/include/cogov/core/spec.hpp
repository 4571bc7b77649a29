#pragma once
// What a scenario key allows: numeric range, unit and meaning. Shared by the reader (checks),
// the explain writer (comments) and the reference generators (docs, JSON Schema); in core
// so that a model part that owns its keys (a policy kind) can declare them with its code.

#include <fmt/format.h>

#include <limits>
#include <span>
#include <string>
#include <string_view>

namespace cogov::core {

struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;

  static Range any() { return {}; }
  static Range at_least(double x) {
    return {x, std::numeric_limits<double>::infinity(), false, false};
  }
  static Range above(double x) { return {x, std::numeric_limits<double>::infinity(), true, false}; }
  static Range between(double a, double b) { return {a, b, false, false}; }
  static Range unit() { return between(0.0, 1.0); }
  static Range unit_open_above() { return {0.0, 1.0, false, true}; }

  bool bounded_below() const { return lo > -std::numeric_limits<double>::infinity(); }
  bool bounded_above() const { return hi < std::numeric_limits<double>::infinity(); }
  bool contains(double x) const {
    if (x != x) return false;
    if (lo_open ? !(x > lo) : !(x >= lo)) return false;
    if (hi_open ? !(x < hi) : !(x <= hi)) return false;
    return true;
  }
  std::string text() const {
    if (bounded_below() && bounded_above()) {
      return fmt::format("{}{}, {}{}", lo_open ? "(" : "[", lo, hi, hi_open ? ")" : "]");
    }
    if (bounded_below()) return fmt::format("{} {}", lo_open ? ">" : ">=", lo);
    if (bounded_above()) return fmt::format("{} {}", hi_open ? "<" : "<=", hi);
    return "any number";
  }
};

struct Spec {
  Range range;
  std::string_view unit;  ///< "" when dimensionless
  std::string text;       ///< one line: what the key means
};

/// "a, b, c": a label set in a key's text, from the one array of names.
template <class Names>
std::string join_names(const Names& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

template <class E>
struct Option {
  std::string_view name;
  E value;
};

}  // namespace cogov::core
