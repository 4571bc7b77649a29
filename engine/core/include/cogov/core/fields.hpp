#pragma once
// Tally fields declared once. A tally (model::NetizenTally, EnterpriseTally, ...) lists its
// fields in one static `visit_fields(f)`, which calls f(member pointer, info) for each.
// Combining per-block partials, carrying fields over in a settled step and the recorder's
// per-step series all walk that list: a count that is recorded as it stands is one line.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace cogov::core {

/// How a field is made each step.
enum class FieldRole : std::uint8_t {
  sum,       ///< summed over the netizens (or firms, units) every step
  fixed,     ///< depends on static attributes only: counted once, copied every step
  settling,  ///< a state sum that only the optional mechanisms change: a settled step carries
             ///< it over from the last tally (see the netizen step's stage list)
};

struct FieldInfo {
  std::string_view series{};  ///< recorded as this series; empty: not recorded as it stands
  std::string_view units{};
  std::string_view description{};
  std::string_view dimension{};  ///< label set of an array field's second dimension
  FieldRole role = FieldRole::sum;
};

template <class T>
void add_field(T& a, const T& b) {
  a += b;
}
template <class T, std::size_t N>
void add_field(std::array<T, N>& a, const std::array<T, N>& b) {
  for (std::size_t k = 0; k < N; ++k) a[k] += b[k];
}

/// a += b field by field (integers exactly; floating-point sums in the caller's order).
template <class Tally>
void add_tally(Tally& a, const Tally& b) {
  Tally::visit_fields([&](auto member, const FieldInfo&) { add_field(a.*member, b.*member); });
}

/// Copies the fields of `role` from `from` into `to`.
template <class Tally>
void copy_fields(Tally& to, const Tally& from, FieldRole role) {
  Tally::visit_fields([&](auto member, const FieldInfo& info) {
    if (info.role == role) to.*member = from.*member;
  });
}

/// Number of values a field records (1, or the size of an array field).
template <class T>
constexpr std::size_t field_width(const T*) {
  return 1;
}
template <class T, std::size_t N>
constexpr std::size_t field_width(const std::array<T, N>*) {
  return N;
}

/// The field's values as doubles.
template <class T>
void field_values(const T& x, std::span<double> out) {
  out[0] = static_cast<double>(x);
}
template <class T, std::size_t N>
void field_values(const std::array<T, N>& x, std::span<double> out) {
  for (std::size_t k = 0; k < N; ++k) out[k] = static_cast<double>(x[k]);
}

}  // namespace cogov::core
