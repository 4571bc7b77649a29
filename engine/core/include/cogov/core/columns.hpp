#pragma once
// State columns declared once. An agent table (model::Netizens, Enterprises, Ngos) lists its
// columns in one static `visit_columns(table, f)`, which calls f(info, column) for each in a
// fixed order. Allocation, bytes per agent, the memory estimate, checkpoints (write and
// restore), agent snapshots and the checkpoint layout hash all walk that list, so adding a
// column is one line there.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace cogov::core {

/// How many rows a column has: one per agent of the table, or one per grid.
enum class Extent : std::uint8_t { agents, grids };

/// A count of the world that bounds a column's values (an index into that table).
enum class Bound : std::uint8_t { none, netizens, enterprises, grids, townships, counties };

/// The values a column may hold; a restored checkpoint is refused when any row is outside.
/// Floating-point values must be finite unless `nan` allows NaN (never infinities).
struct ValueRange {
  double lo = -HUGE_VAL;           ///< inclusive
  double hi = HUGE_VAL;            ///< inclusive
  Bound below = Bound::none;       ///< and < that count (an index)
  Bound at_most = Bound::none;     ///< and <= that count
  bool nan = false;                ///< NaN allowed (e.g. "not yet known")
  double sentinel = std::nan("");  ///< one more value allowed outside the range (e.g. "none")
};

struct ColumnInfo {
  std::string_view name;        ///< dataset name in checkpoints
  std::string_view units;       ///< as written on snapshot datasets
  std::string description;      ///< one line; for code columns, what each value means
  std::string_view snapshot{};  ///< dataset name in agent snapshots; empty: not saved there
  double initial = 0;           ///< value of every row when the table is allocated
  Extent extent = Extent::agents;
  ValueRange valid{};  ///< checked on restore (the builders below set it)

  /// Values in [lo, hi].
  ColumnInfo in(double lo, double hi) && {
    valid.lo = lo;
    valid.hi = hi;
    return std::move(*this);
  }
  /// A share or probability: [0, 1].
  ColumnInfo unit() && { return std::move(*this).in(0, 1); }
  /// A 0/1 flag.
  ColumnInfo flag() && { return std::move(*this).in(0, 1); }
  /// Values >= lo.
  ColumnInfo at_least(double lo) && { return std::move(*this).in(lo, HUGE_VAL); }
  /// A code of `n` labels: 0 .. n - 1.
  ColumnInfo codes(std::size_t n) && { return std::move(*this).in(0, static_cast<double>(n) - 1); }
  /// A set of `n` bits: 0 .. 2^n - 1.
  ColumnInfo bits(std::size_t n) && {
    return std::move(*this).in(0, std::ldexp(1.0, static_cast<int>(n)) - 1);
  }
  /// An index into the table counted by `b` (or `sentinel`, when given).
  ColumnInfo index_of(Bound b, double sentinel = std::nan("")) && {
    valid.lo = 0;
    valid.below = b;
    valid.sentinel = sentinel;
    return std::move(*this);
  }
  /// A count of at most the size of the table counted by `b`.
  ColumnInfo count_of(Bound b) && {
    valid.lo = 0;
    valid.at_most = b;
    return std::move(*this);
  }
  /// NaN allowed.
  ColumnInfo or_nan() && {
    valid.nan = true;
    return std::move(*this);
  }
};

/// A column read by neighbours at t and written for t + 1: two buffers and the index of the
/// current one. Columns visitors see the current buffer as the column's data.
template <class T>
class DoubleBuffer {
 public:
  using value_type = T;
  static constexpr int kBuffers = 2;

  std::vector<T>& now() { return buffer_[cur_]; }
  const std::vector<T>& now() const { return buffer_[cur_]; }
  std::vector<T>& next() { return buffer_[1 - cur_]; }
  const std::vector<T>& next() const { return buffer_[1 - cur_]; }
  std::vector<T>& buffer(int k) { return buffer_[k]; }
  const std::vector<T>& buffer(int k) const { return buffer_[k]; }
  int current() const { return cur_; }
  void swap() { cur_ = 1 - cur_; }
  std::size_t size() const { return buffer_[cur_].size(); }
  /// Both buffers n rows of `value`; buffer 0 is current.
  void assign(std::size_t n, T value) {
    for (auto& b : buffer_) b.assign(n, value);
    cur_ = 0;
  }

 private:
  std::array<std::vector<T>, 2> buffer_;
  int cur_ = 0;
};

namespace detail {
template <class C>
struct ColumnTraits {
  using value_type = typename C::value_type;
  static constexpr int buffers = 1;
};
template <class T>
struct ColumnTraits<DoubleBuffer<T>> {
  using value_type = T;
  static constexpr int buffers = 2;
};
}  // namespace detail

template <class C>
using column_value_t = typename detail::ColumnTraits<std::remove_const_t<C>>::value_type;

/// The data a checkpoint or snapshot reads and writes: the current buffer of a double buffer.
template <class T>
std::vector<T>& column_data(std::vector<T>& c) {
  return c;
}
template <class T>
const std::vector<T>& column_data(const std::vector<T>& c) {
  return c;
}
template <class T>
std::vector<T>& column_data(DoubleBuffer<T>& c) {
  return c.now();
}
template <class T>
const std::vector<T>& column_data(const DoubleBuffer<T>& c) {
  return c.now();
}

/// Sizes every column of `table`: `agents` rows, or `grids` for per-grid columns, each row
/// at the column's initial value.
template <class Table>
void allocate_columns(Table& table, std::size_t agents, std::size_t grids = 0) {
  Table::visit_columns(table, [&](const ColumnInfo& info, auto& column) {
    using T = column_value_t<std::remove_reference_t<decltype(column)>>;
    column.assign(info.extent == Extent::agents ? agents : grids, static_cast<T>(info.initial));
  });
}

/// Bytes of per-agent columns per agent (both buffers of a double buffer).
template <class Table>
std::size_t bytes_per_agent() {
  Table probe;
  std::size_t bytes = 0;
  Table::visit_columns(probe, [&](const ColumnInfo& info, auto& column) {
    using C = std::remove_reference_t<decltype(column)>;
    if (info.extent == Extent::agents)
      bytes += sizeof(column_value_t<C>) * detail::ColumnTraits<std::remove_const_t<C>>::buffers;
  });
  return bytes;
}

/// Bytes the columns of `table` hold now (capacity, both buffers of a double buffer).
template <class Table>
std::size_t allocated_bytes(const Table& table) {
  std::size_t bytes = 0;
  const auto add = [&](const auto& v) { bytes += v.capacity() * sizeof(v[0]); };
  Table::visit_columns(table, [&](const ColumnInfo&, const auto& column) {
    using C = std::remove_cvref_t<decltype(column)>;
    if constexpr (detail::ColumnTraits<C>::buffers == 2) {
      add(column.buffer(0));
      add(column.buffer(1));
    } else {
      add(column);
    }
  });
  return bytes;
}

/// Equal sizes of every per-agent column (a restored table must be rectangular).
template <class Table>
bool columns_agree(const Table& table, std::size_t agents, std::size_t grids) {
  bool ok = true;
  Table::visit_columns(table, [&](const ColumnInfo& info, const auto& column) {
    ok = ok && column_data(column).size() == (info.extent == Extent::agents ? agents : grids);
  });
  return ok;
}

/// "0 minor, 1 young, ...": the meaning of a code column from its labels.
template <class Labels>
std::string code_labels(const Labels& labels) {
  std::string out;
  std::size_t k = 0;
  for (const auto& label : labels) {
    if (k) out += ", ";
    out += std::to_string(k++) + " " + std::string(label);
  }
  return out;
}

/// "1 a, 2 b, 4 c, ...": the meaning of a bit column from its labels.
template <class Labels>
std::string bit_labels(const Labels& labels) {
  std::string out;
  unsigned bit = 1;
  for (const auto& label : labels) {
    if (bit > 1) out += ", ";
    out += std::to_string(bit) + " " + std::string(label);
    bit <<= 1;
  }
  return out;
}

}  // namespace cogov::core
