#include "cogov/run/checkpoint.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <system_error>

#include "cogov/core/error.hpp"
#include "cogov/core/version.hpp"
#include "cogov/graph/stats.hpp"
#include "cogov/io/h5_output.hpp"
#include "cogov/io/h5_summary.hpp"
#include "cogov/model/build.hpp"
#include "cogov/model/policies/book.hpp"

namespace cogov::run {

namespace fs = std::filesystem;

namespace {

// 3: columns from the tables' lists, compatibility keyed on the layout hash. 6: policy
// triggers (their windows, on/off, last start and stop) in the policy book. 7: checksums
// (per dataset and over the whole), HDF5 1.8 metadata with checksums, fixed-length string
// attributes, checkpoint_every.
constexpr std::int64_t kFormatVersion = 7;

/// The root attributes a checkpoint is verified on, in the order of its checksum list.
constexpr const char* kAttributes[] = {
    "format",      "checkpoint_version", "layout_hash",    "cogov_version",
    "git_hash",    "scenario",           "scenario_file",  "output",
    "steps_done",  "checkpoint_every",   "command_line",   "created",
    "social_hash", "platform_hash",      "membership_hash"};

std::string hex(std::uint64_t h) {
  return fmt::format("{:016x}", h);
}

template <class T>
std::string type_code() {
  return fmt::format("{}{}", std::is_floating_point_v<T> ? 'f' : 'u', 8 * sizeof(T));
}

/// A fixed-length string attribute: it lives in the (checksummed) object header, not in
/// the global heap, which HDF5 does not checksum.
void put_text(hid_t obj, const char* name, const std::string& value, const fs::path& file) {
  io::H5Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), std::max<std::size_t>(1, value.size()));
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  io::H5Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  if (H5Aexists(obj, name) > 0) H5Adelete(obj, name);
  io::H5Handle attr(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                    H5Aclose);
  std::string buffer = value;
  buffer.resize(std::max<std::size_t>(1, value.size()), '\0');
  if (!attr || H5Awrite(attr.get(), type.get(), buffer.data()) < 0) {
    throw IoError(fmt::format("{}: writing checkpoint attribute {} failed (disk full?)",
                              file.string(), name));
  }
}

/// What the checkpoint's own checksum list says, by "@attribute" or "section/dataset".
using Checksums = std::map<std::string, std::string, std::less<>>;

/// The world's counts that restored columns are checked against.
struct Counts {
  std::size_t netizens = 0, enterprises = 0, ngos = 0, grids = 0, townships = 0, counties = 0;
  std::size_t of(core::Bound b) const {
    switch (b) {
      case core::Bound::netizens:
        return netizens;
      case core::Bound::enterprises:
        return enterprises;
      case core::Bound::grids:
        return grids;
      case core::Bound::townships:
        return townships;
      case core::Bound::counties:
        return counties;
      case core::Bound::none:
        break;
    }
    return 0;
  }
};

/// Reading: where the checksums and counts come from, and the file they name.
struct Reading {
  const Checksums* sums = nullptr;
  const Counts* counts = nullptr;
  hsize_t file_size = 0;
  std::uint32_t steps_done = 0;
  const model::Government* government = nullptr;  ///< as the scenario builds it
  const model::PolicyBookState* book = nullptr;   ///< as the scenario's policies start
};

[[noreturn]] void refuse(const fs::path& file, const std::string& what) {
  throw InputError(fmt::format("{}: {}", file.string(), what));
}

/// Every value of `data` within `info.valid`: the first row outside is named.
template <class T>
void check_values(const fs::path& file, const std::string& key, const core::ValueRange& r,
                  const std::vector<T>& data, const Counts& counts) {
  double hi = r.hi;
  std::string what = fmt::format("[{}, {}]", r.lo, r.hi);
  if (r.below != core::Bound::none) {
    hi = std::min(hi, static_cast<double>(counts.of(r.below)) - 1);
    what = fmt::format("an index below {}", counts.of(r.below));
  }
  if (r.at_most != core::Bound::none) {
    hi = std::min(hi, static_cast<double>(counts.of(r.at_most)));
    what = fmt::format("a count of at most {}", counts.of(r.at_most));
  }
  double lo = r.lo;
  if constexpr (std::is_floating_point_v<T>) {
    // Rounding may carry a sum just past its bound (-1e-17 for a count of none).
    lo -= 1e-6 * std::max(1.0, std::fabs(lo));
    hi += 1e-6 * std::max(1.0, std::fabs(hi));
  }
  for (std::size_t k = 0; k < data.size(); ++k) {
    const double x = static_cast<double>(data[k]);
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(x)) {
        if (r.nan) continue;
        refuse(file, fmt::format("{} row {} is NaN: it must be {}", key, k, what));
      }
      if (std::isinf(x)) refuse(file, fmt::format("{} row {} is {}: it must be finite", key, k, x));
    }
    if (x == r.sentinel) continue;
    if (x < lo || x > hi)
      refuse(file, fmt::format("{} row {} is {}: it must be {}", key, k, x, what));
  }
}

/// Writing, reading, or listing the layout (names and types, no data): one list of columns
/// per section serves all three, so the layout hash always describes what is written.
enum class Mode { write, read, layout };

/// The columns of one group; errors name the checkpoint file.
class Columns {
 public:
  Columns(Mode mode, hid_t group, fs::path file, std::string section, std::string* layout,
          const Reading* reading = nullptr)
      : mode_(mode),
        group_(group),
        file_(std::move(file)),
        section_(std::move(section)),
        layout_(layout),
        reading_(reading) {}

  Mode mode() const { return mode_; }
  const fs::path& file() const { return file_; }
  std::string key(std::string_view name) const { return section_ + "/" + std::string(name); }
  const Counts& counts() const { return *reading_->counts; }
  const Reading& reading() const { return *reading_; }

  template <class T>
  void io(std::string_view name, std::vector<T>& data) {
    const std::string n(name);
    switch (mode_) {
      case Mode::write:
        put(n, data);
        break;
      case Mode::read:
        get(n, data);
        break;
      case Mode::layout:
        *layout_ += fmt::format("{}/{}:{};", section_, n, type_code<T>());
        break;
    }
  }
  template <class T>
  void io(std::string_view name, core::DoubleBuffer<T>& data) {
    io(name, data.now());
    if (mode_ == Mode::read) data.next().assign(data.now().size(), T{});
  }
  /// A column read, then checked to have `rows` rows within `range`.
  template <class T>
  void io_checked(std::string_view name, std::vector<T>& data, std::size_t rows,
                  const core::ValueRange& range) {
    io(name, data);
    if (mode_ == Mode::read) check(name, data, rows, range);
  }
  template <class T>
  void check(std::string_view name, const std::vector<T>& data, std::size_t rows,
             const core::ValueRange& range) const {
    if (data.size() != rows) {
      refuse(file_, fmt::format("{} has {} rows; the scenario stored with it needs {}", key(name),
                                data.size(), rows));
    }
    check_values(file_, key(name), range, data, counts());
  }
  /// Every column of an agent table, from its one list (T::visit_columns); when reading,
  /// each is checked to have rows(info, k) rows (k: its place in the list), every value
  /// within its ColumnInfo::valid.
  template <class Table, class Rows>
  void table(Table& t, Rows&& rows) {
    std::size_t k = 0;
    Table::visit_columns(t, [&](const core::ColumnInfo& info, auto& c) {
      io(info.name, c);
      if (mode_ == Mode::read) check(info.name, core::column_data(c), rows(info, k), info.valid);
      ++k;
    });
  }
  /// An agent table of `agents` rows (per-grid columns: one per grid).
  template <class Table>
  void table(Table& t, std::size_t agents) {
    table(t, [&](const core::ColumnInfo& info, std::size_t) {
      return info.extent == core::Extent::agents ? agents : counts().grids;
    });
  }

 private:
  template <class T>
  void put(const std::string& name, const std::vector<T>& data) {
    hsize_t dims[1] = {data.size()};
    io::H5Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
    io::H5Handle ds(H5Dcreate2(group_, name.c_str(), io::native_type<T>(), space.get(), H5P_DEFAULT,
                               H5P_DEFAULT, H5P_DEFAULT),
                    H5Dclose);
    if (!ds || (!data.empty() && H5Dwrite(ds.get(), io::native_type<T>(), H5S_ALL, H5S_ALL,
                                          H5P_DEFAULT, data.data()) < 0)) {
      throw IoError(fmt::format("{}: writing checkpoint column {} failed (disk full?)",
                                file_.string(), name));
    }
    const std::string sum = hex(checkpoint_checksum(data.data(), data.size() * sizeof(T)));
    put_text(ds.get(), "checksum", sum, file_);
    *layout_ += fmt::format("{}\t{}\n", key(name), sum);  // the checksum list, when writing
  }
  template <class T>
  void get(const std::string& name, std::vector<T>& out) {
    const std::string k = key(name);
    const auto listed = reading_->sums->find(k);
    if (listed == reading_->sums->end())
      refuse(file_, fmt::format("dataset {} is not in the checkpoint's checksum list", k));
    if (H5Lexists(group_, name.c_str(), H5P_DEFAULT) <= 0)
      refuse(file_, fmt::format("checkpoint lacks column {}", k));
    io::H5Handle ds(H5Dopen2(group_, name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds) refuse(file_, fmt::format("checkpoint column {} cannot be opened (damaged)", k));
    io::H5Handle type(H5Dget_type(ds.get()), H5Tclose);
    if (!type || H5Tequal(type.get(), io::native_type<T>()) <= 0)
      refuse(file_,
             fmt::format("dataset {} is not of type {} as the layout says", k, type_code<T>()));
    io::H5Handle space(H5Dget_space(ds.get()), H5Sclose);
    hsize_t n = 0;
    if (!space || H5Sget_simple_extent_ndims(space.get()) != 1 ||
        H5Sget_simple_extent_dims(space.get(), &n, nullptr) != 1)
      refuse(file_, fmt::format("dataset {} is not one-dimensional as the layout says", k));
    // Its bytes must be in the file (a forged length must not allocate what is not there).
    if (n > reading_->file_size / sizeof(T) || H5Dget_storage_size(ds.get()) != n * sizeof(T))
      refuse(file_, fmt::format("dataset {} claims {} rows that the file does not hold", k, n));
    out.resize(n);
    if (n > 0 &&
        H5Dread(ds.get(), io::native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
      refuse(file_, fmt::format("checkpoint column {} is unreadable (damaged)", k));
    const std::string sum = hex(checkpoint_checksum(out.data(), out.size() * sizeof(T)));
    if (sum != listed->second || io::read_attr(ds.get(), "checksum") != listed->second) {
      refuse(file_, fmt::format("dataset {} does not match its checksum ({} stored, {} computed): "
                                "the checkpoint is damaged or was edited",
                                k, listed->second, sum));
    }
  }

  Mode mode_;
  hid_t group_;
  fs::path file_;
  std::string section_;
  std::string* layout_;  ///< layout: the layout text; write: the checksum list
  const Reading* reading_;
};

io::H5Handle group(hid_t file, const char* name, bool writing) {
  return io::H5Handle(writing ? H5Gcreate2(file, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)
                              : H5Gopen2(file, name, H5P_DEFAULT),
                      H5Gclose);
}

core::ValueRange in(double lo, double hi) {
  core::ValueRange r;
  r.lo = lo;
  r.hi = hi;
  return r;
}
core::ValueRange below(core::Bound b) {
  core::ValueRange r;
  r.lo = 0;
  r.below = b;
  return r;
}
const core::ValueRange kAny{};
const core::ValueRange kNonNegative = in(0, HUGE_VAL);
const core::ValueRange kUnit = in(0, 1);

/// Every unit's queue, flattened: offsets per unit, then one column per batch field.
void queue_columns(Columns& c, std::vector<model::ReportQueue>& queues) {
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::uint32_t> arrival, filed, grid;
  std::vector<std::uint8_t> channel, priority;
  std::vector<double> size, left, fraud, prior;
  if (c.mode() == Mode::write) {
    for (const auto& q : queues) {
      for (const auto& w : q.waiting) {
        arrival.push_back(w.arrival);
        filed.push_back(w.filed);
        grid.push_back(w.grid);
        channel.push_back(w.channel);
        priority.push_back(w.priority);
        size.push_back(w.size);
        left.push_back(w.left);
        fraud.push_back(w.fraud);
        prior.push_back(w.prior_hours);
      }
      offsets.push_back(arrival.size());
    }
  }
  c.io("queue_offsets", offsets);
  c.io("queue_arrival", arrival);
  if (c.mode() != Mode::read) {
    c.io("queue_filed", filed);
    c.io("queue_grid", grid);
    c.io("queue_channel", channel);
    c.io("queue_priority", priority);
    c.io("queue_size", size);
    c.io("queue_left", left);
    c.io("queue_fraud", fraud);
    c.io("queue_prior_hours", prior);
    return;
  }
  // Offsets: one per unit and one more, from 0, never decreasing, ending at the batches.
  const std::size_t units = c.reading().government->units.size();
  const std::size_t batches = arrival.size();
  if (offsets.size() != units + 1)
    refuse(c.file(), fmt::format("{} has {} rows; the scenario's government has {} units (+ 1)",
                                 c.key("queue_offsets"), offsets.size(), units));
  for (std::size_t u = 0; u < offsets.size(); ++u) {
    const std::uint64_t before = u == 0 ? 0 : offsets[u - 1];
    if (offsets[u] < before || offsets[u] > batches || (u == 0 && offsets[0] != 0))
      refuse(c.file(), fmt::format("{} row {} is {}: offsets must rise from 0 to {}",
                                   c.key("queue_offsets"), u, offsets[u], batches));
  }
  if (offsets.back() != batches)
    refuse(c.file(), fmt::format("{} ends at {}, not at the {} batches", c.key("queue_offsets"),
                                 offsets.back(), batches));
  const std::uint32_t steps = c.reading().steps_done;
  check_values(c.file(), c.key("queue_arrival"), in(0, steps), arrival, c.counts());
  c.io_checked("queue_filed", filed, batches, in(0, steps));
  c.io_checked("queue_grid", grid, batches, below(core::Bound::grids));
  c.io_checked("queue_channel", channel, batches, in(0, model::kChannels - 1));
  c.io_checked("queue_priority", priority, batches, in(0, 1));
  c.io_checked("queue_size", size, batches, kNonNegative);
  c.io_checked("queue_left", left, batches, kNonNegative);
  c.io_checked("queue_fraud", fraud, batches, kNonNegative);
  c.io_checked("queue_prior_hours", prior, batches, kNonNegative);
  for (std::size_t k = 0; k < batches; ++k) {
    if (filed[k] > arrival[k])
      refuse(c.file(), fmt::format("{} row {}: filed at step {}, after it arrived at step {}",
                                   c.key("queue_filed"), k, filed[k], arrival[k]));
  }
  queues.assign(units, {});
  for (std::size_t u = 0; u < units; ++u) {
    for (std::uint64_t k = offsets[u]; k < offsets[u + 1]; ++k) {
      queues[u].waiting.push_back({arrival[k], filed[k], grid[k], channel[k], priority[k], size[k],
                                   left[k], fraud[k], prior[k]});
    }
  }
}

void government_columns(Columns& c, model::Government& g) {
  queue_columns(c, g.units);
  std::vector<std::uint32_t> shape(g.first_unit.begin(), g.first_unit.end());
  shape.push_back(g.cohort_slots);
  c.io("shape", shape);
  const model::Government* fresh = c.mode() == Mode::read ? c.reading().government : nullptr;
  if (fresh) {
    std::vector<std::uint32_t> want(fresh->first_unit.begin(), fresh->first_unit.end());
    want.push_back(fresh->cohort_slots);
    if (shape != want)
      refuse(c.file(),
             fmt::format("{} is not the shape of the scenario's government", c.key("shape")));
    std::copy(shape.begin(), shape.end() - 1, g.first_unit.begin());
    g.cohort_slots = shape.back();
  }
  const auto column = [&](const char* name, auto& data, const auto& fresh_data,
                          const core::ValueRange& range) {
    c.io(name, data);
    if (fresh) c.check(name, data, fresh_data.size(), range);
  };
  const model::Government none;
  const model::Government& f = fresh ? *fresh : none;
  column("disruption", g.disruption, f.disruption, kUnit);
  column("content_removal", g.content_removal, f.content_removal, kUnit);
  column("handled_share", g.handled_share, f.handled_share, kUnit);
  column("cohort_filed", g.cohort_filed, f.cohort_filed, kNonNegative);
  column("cohort_in_time", g.cohort_in_time, f.cohort_in_time, kNonNegative);
  column("county_fraud_handled", g.county_fraud_handled, f.county_fraud_handled, kNonNegative);
  column("county_rumour_handled", g.county_rumour_handled, f.county_rumour_handled, kNonNegative);
  std::vector<double> totals{g.handled_total, g.budget_left};
  c.io_checked("totals", totals, 2, kAny);
  g.handled_total = totals[0];
  g.budget_left = totals[1];
}

void book_columns(Columns& c, model::PolicyBookState& b) {
  // The lengths are those of the scenario's policies as they start.
  std::vector<std::size_t> lengths;
  if (c.mode() == Mode::read) {
    model::PolicyBookState fresh = *c.reading().book;
    model::PolicyBookState::visit_columns(fresh, [&](const core::ColumnInfo&, auto& column) {
      lengths.push_back(core::column_data(column).size());
    });
  }
  c.table(b, [&](const core::ColumnInfo&, std::size_t k) { return lengths[k]; });
  std::vector<double> scalars{b.budget_left};
  c.io_checked("scalars", scalars, 1, kAny);
  b.budget_left = scalars[0];
}

void grid_columns(Columns& c, model::GridCounts& g) {
  const std::size_t grids = c.mode() == Mode::read ? c.counts().grids : 0;
  const std::size_t per_channel = grids * model::kChannels * 2;
  const auto column = [&](const char* name, std::vector<std::uint32_t>& data, std::size_t rows) {
    c.io(name, data);
    if (c.mode() == Mode::read) c.check(name, data, rows, kAny);
  };
  column("residents", g.residents, grids);
  column("participants", g.participants, grids);
  column("reports", g.reports, grids);
  column("fraud_reports", g.fraud_reports, grids);
  column("channel_reports", g.channel_reports, per_channel);
  column("channel_fraud", g.channel_fraud, per_channel);
}

/// Recorded rows: steps, days, then one column per series; the names in a text column.
/// When reading: one row per step 0 .. steps_done, each series a whole number of values
/// per row.
void history_columns(Columns& c, io::H5Output::History& h) {
  std::vector<std::int64_t> steps_signed = h.steps;
  std::vector<std::uint64_t> steps(steps_signed.begin(), steps_signed.end());
  const std::size_t rows = c.mode() == Mode::read ? c.reading().steps_done + std::size_t{1} : 0;
  c.io("steps", steps);
  if (c.mode() == Mode::read) {
    if (steps.size() != rows)
      refuse(c.file(), fmt::format("{} has {} rows; steps_done = {} needs {}", c.key("steps"),
                                   steps.size(), rows - 1, rows));
    for (std::size_t k = 0; k < steps.size(); ++k) {
      if (steps[k] != k)
        refuse(c.file(), fmt::format("{} row {} is {}: rows are steps 0, 1, 2, ...", c.key("steps"),
                                     k, steps[k]));
    }
  }
  c.io("days", h.days);
  if (c.mode() == Mode::read) {
    c.check("days", h.days, rows, kNonNegative);
    for (std::size_t k = 1; k < h.days.size(); ++k) {
      if (h.days[k] < h.days[k - 1])
        refuse(c.file(), fmt::format("{} row {} goes back in time", c.key("days"), k));
    }
  }
  std::vector<std::uint8_t> names;
  if (c.mode() == Mode::write) {
    for (const auto& [name, values] : h.series) {
      names.insert(names.end(), name.begin(), name.end());
      names.push_back('\n');
    }
  }
  c.io("series_names", names);
  if (c.mode() == Mode::write) {
    for (auto& [name, values] : h.series) c.io(name, values);
    return;
  }
  if (c.mode() == Mode::layout) return;  // the series are named by series_names
  h.steps.assign(steps.begin(), steps.end());
  std::string all(names.begin(), names.end());
  if (!all.empty() && all.back() != '\n')
    refuse(c.file(), fmt::format("{} does not end with a newline", c.key("series_names")));
  for (std::size_t pos = 0, nl; (nl = all.find('\n', pos)) != std::string::npos; pos = nl + 1) {
    std::string name = all.substr(pos, nl - pos);
    if (name.empty() || name == "." || name.find('/') != std::string::npos)
      refuse(c.file(), fmt::format("{} lists a bad series name '{}'", c.key("series_names"), name));
    h.series.emplace_back(std::move(name), std::vector<double>{});
    auto& values = h.series.back().second;
    c.io(h.series.back().first, values);
    if (values.empty() || values.size() % rows != 0)
      refuse(c.file(), fmt::format("{} has {} values, not a whole number per each of the {} rows",
                                   c.key(h.series.back().first), values.size(), rows));
  }
}

/// Everything a checkpoint holds besides its attributes, section by section, in the order
/// written; `section(name, fill)` opens a group and calls fill(Columns&).
template <class Section>
void sections(Section&& section, World& w, model::PolicyBookState& book, model::GridCounts& grids,
              io::H5Output::History& history) {
  // When reading, each table must have the rows the scenario implies.
  const auto rows = [](const Columns& c, core::Bound b) {
    return c.mode() == Mode::read ? c.counts().of(b) : 0;
  };
  section("netizens", [&](Columns& c) { c.table(w.netizens, rows(c, core::Bound::netizens)); });
  section("enterprises",
          [&](Columns& c) { c.table(w.enterprises, rows(c, core::Bound::enterprises)); });
  section("ngos", [&](Columns& c) {
    c.table(w.ngos, c.mode() == Mode::read ? c.counts().ngos : 0);
    std::vector<double> fund{w.ngos.relief_fund};
    c.io_checked("relief_fund", fund, 1, kNonNegative);
    w.ngos.relief_fund = fund.at(0);
  });
  section("government", [&](Columns& c) { government_columns(c, w.government); });
  section("policies", [&](Columns& c) { book_columns(c, book); });
  section("grids", [&](Columns& c) { grid_columns(c, grids); });
  section("history", [&](Columns& c) { history_columns(c, history); });
}

}  // namespace

std::string checkpoint_layout() {
  std::string layout = fmt::format("format {};", kFormatVersion);
  World w;
  model::PolicyBookState book;
  model::GridCounts grids;
  io::H5Output::History history;
  sections(
      [&](const char* name, auto&& fill) {
        Columns c(Mode::layout, -1, {}, name, &layout);
        fill(c);
      },
      w, book, grids, history);
  return layout;
}

namespace {

std::string layout_hash() {
  static const std::string hash = [] {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a
    for (unsigned char ch : checkpoint_layout()) h = (h ^ ch) * 0x100000001b3ull;
    return fmt::format("{:016x}", h);
  }();
  return hash;
}

std::string hash_text(const graph::Layer& l) {
  return fmt::format("{:016x}", graph::layer_hash(l));
}

void fsync_file(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

std::uint64_t checkpoint_checksum(const void* data, std::size_t size) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t k = 0; k < size; ++k) h = (h ^ p[k]) * 0x100000001b3ull;
  return h;
}

fs::path checkpoint_path(const fs::path& output) {
  fs::path p = output;
  p += ".ckpt";
  return p;
}

namespace {

std::string text_checksum(const std::string& text) {
  return hex(checkpoint_checksum(text.data(), text.size()));
}

/// The checksum list: one line per attribute ("@name") and per dataset ("section/name"),
/// tab, checksum.
std::string attribute_lines(hid_t f) {
  std::string list;
  for (const char* name : kAttributes)
    list += fmt::format("@{}\t{}\n", name, text_checksum(io::read_attr(f, name)));
  return list;
}

Checksums parse_checksums(const std::string& list, const fs::path& path) {
  Checksums sums;
  for (std::size_t pos = 0, nl; (nl = list.find('\n', pos)) != std::string::npos; pos = nl + 1) {
    const std::string line = list.substr(pos, nl - pos);
    const auto tab = line.find('\t');
    if (tab == std::string::npos) refuse(path, "the checksum list is malformed");
    sums.emplace(line.substr(0, tab), line.substr(tab + 1));
  }
  return sums;
}

/// A whole number in [0, max] written in decimal, nothing else.
std::uint64_t parse_count(const std::string& text, std::uint64_t max, const fs::path& path,
                          const char* name) {
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc{} || p != end || v > max) {
    refuse(path, fmt::format("attribute {} = '{}': must be a whole number from 0 to {}", name,
                             text.substr(0, 40), max));
  }
  return v;
}

/// The HDF5 signature, read before the library parses anything; whether the superblock is
/// of version 2 or later (whose metadata HDF5 checksums, as in every checkpoint of this
/// format).
bool check_signature(const fs::path& path) {
  static constexpr unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    refuse(path, "cannot open as a checkpoint (missing, or not a regular file)");
  unsigned char head[9] = {};
  const int fd = ::open(path.c_str(), O_RDONLY);
  const ssize_t got = fd >= 0 ? ::read(fd, head, sizeof head) : -1;
  if (fd >= 0) ::close(fd);
  if (got != static_cast<ssize_t>(sizeof head) || std::memcmp(head, kSignature, 8) != 0)
    refuse(path, "cannot open as a checkpoint (missing or not HDF5)");
  return head[8] >= 2;
}

}  // namespace

namespace {

/// Writes the whole checkpoint to `tmp` and closes it (the handles close before an error
/// leaves this function, so the caller can remove the file).
void write_checkpoint_file(const fs::path& tmp, const Simulation& sim, const io::H5Output& out,
                           const std::string& command_line, double checkpoint_every) {
  const fs::path& output = out.path();
  {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    // File format 1.8 or later: superblock, object headers and heaps carry checksums.
    io::H5Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_LATEST);
    io::H5Handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), H5Fclose);
    if (!file)
      throw IoError(
          fmt::format("{}: cannot create checkpoint (is the directory writable?)", tmp.string()));
    const hid_t f = file.get();
    const World& w = sim.world();
    const auto text = [&](const char* name, const std::string& value) {
      put_text(f, name, value, tmp);
    };
    text("format", "cogov-checkpoint");
    io::write_attr(f, "checkpoint_version", kFormatVersion);
    text("layout_hash", layout_hash());
    text("cogov_version", std::string(core::version()));
    text("git_hash", std::string(core::git_hash()));
    text("scenario", io::resolved_toml(sim.scenario()));
    text("scenario_file", sim.scenario().source.string());
    text("output", fs::absolute(output).string());
    text("steps_done", std::to_string(sim.steps_done()));
    text("checkpoint_every", fmt::format("{}", checkpoint_every > 0 ? checkpoint_every : 0.0));
    text("command_line", command_line);
    text("created", io::read_attr(out.file(), "created"));
    text("social_hash", hash_text(w.social));
    text("platform_hash", hash_text(w.platform));
    text("membership_hash", hash_text(w.membership));
    std::string list = attribute_lines(f);
    // The columns are visited through non-const references (one list for writing and
    // reading); writing does not modify them.
    World& mw = const_cast<World&>(w);
    model::PolicyBookState book = sim.policies().state();
    model::GridCounts grids = sim.grids();
    io::H5Output::History history = out.history();
    sections(
        [&](const char* name, auto&& fill) {
          io::H5Handle g = group(f, name, true);
          Columns c(Mode::write, g.get(), tmp, name, &list);
          fill(c);
        },
        mw, book, grids, history);
    text("checksums", list);
    text("checksum", text_checksum(list));
    if (H5Fflush(f, H5F_SCOPE_GLOBAL) < 0) {
      throw IoError(fmt::format("{}: flushing the checkpoint failed (disk full?)", tmp.string()));
    }
  }
}

}  // namespace

void write_checkpoint(const fs::path& path, const Simulation& sim, const io::H5Output& out,
                      const std::string& command_line, double checkpoint_every) {
  fs::path tmp = path;
  tmp += ".tmp";
  try {
    write_checkpoint_file(tmp, sim, out, command_line, checkpoint_every);
    fsync_file(tmp);
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec)
      throw IoError(
          fmt::format("{}: cannot rename checkpoint into place: {}", path.string(), ec.message()));
  } catch (...) {
    // A half-written checkpoint is useless and, on a full disk, keeps the disk full: remove
    // it; the previous checkpoint (if any) stays in place.
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw;
  }
}

Simulation read_checkpoint(const fs::path& path, CheckpointInfo* info) {
  const bool checksummed = check_signature(path);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  io::H5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file) refuse(path, "cannot open as a checkpoint (not HDF5, or its metadata is damaged)");
  const hid_t f = file.get();
  if (io::read_attr(f, "format") != "cogov-checkpoint") {
    refuse(path, fmt::format("not a cogov checkpoint (format '{}')",
                             io::read_attr(f, "format").substr(0, 80)));
  }
  const std::string version = io::read_attr(f, "cogov_version");
  const std::string format = io::read_attr(f, "checkpoint_version");
  const std::string layout = io::read_attr(f, "layout_hash");
  if (format != std::to_string(kFormatVersion) || layout != layout_hash()) {
    refuse(path,
           fmt::format("written by cogov {} ({}) with checkpoint format {} (state layout "
                       "{}); this cogov reads format {} (layout {}): resume it with the "
                       "cogov that wrote it",
                       version.substr(0, 80), io::read_attr(f, "git_hash").substr(0, 80),
                       format.substr(0, 80), layout.empty() ? "unrecorded" : layout.substr(0, 80),
                       kFormatVersion, layout_hash()));
  }
  // Older checkpoints and other HDF5 files were refused above by their format attributes;
  // a file of this format without HDF5 checksums is damaged.
  if (!checksummed)
    refuse(path, "cannot open as a checkpoint: its HDF5 superblock is of version 0 or 1 (damaged)");
  // The checksum list, then every attribute against it, before any is used.
  const std::string list = io::read_attr(f, "checksums");
  const std::string list_sum = io::read_attr(f, "checksum");
  if (list.empty() || text_checksum(list) != list_sum) {
    refuse(path, fmt::format("its checksum list does not match its checksum ({} stored, {} "
                             "computed): the checkpoint is damaged or was edited",
                             list_sum.substr(0, 40), text_checksum(list)));
  }
  const Checksums sums = parse_checksums(list, path);
  for (const char* name : kAttributes) {
    const auto listed = sums.find(std::string("@") + name);
    const std::string sum = text_checksum(io::read_attr(f, name));
    if (listed != sums.end() && listed->second == sum) continue;
    if (std::string_view(name) == "scenario") {
      refuse(path,
             "the scenario stored in the checkpoint was changed since the checkpoint was "
             "written (its checksum differs): a checkpoint resumes only the run that "
             "wrote it; start a new run with the edited scenario instead");
    }
    refuse(path, fmt::format("attribute {} differs from the checksum stored when the checkpoint "
                             "was written: the checkpoint is damaged or was edited",
                             name));
  }
  io::Scenario scenario =
      io::parse_scenario(io::read_attr(f, "scenario"), path.string() + " (scenario)");
  scenario.source = io::read_attr(f, "scenario_file");
  const auto steps_done = static_cast<std::uint32_t>(
      parse_count(io::read_attr(f, "steps_done"), scenario.time.steps, path, "steps_done"));
  double checkpoint_every = 0;
  {
    const std::string text = io::read_attr(f, "checkpoint_every");
    const char* end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, checkpoint_every);
    if (text.empty() || ec != std::errc{} || p != end || !std::isfinite(checkpoint_every) ||
        checkpoint_every < 0) {
      refuse(path, fmt::format("attribute checkpoint_every = '{}': must be a number of days >= 0",
                               text.substr(0, 40)));
    }
  }

  World w;
  w.territory = build_territory(scenario);
  w.social = build_social_layer(scenario, w.territory);
  const std::uint32_t n = scenario.population.netizens;
  // What the scenario implies: the counts, the government's shape, the policies' columns.
  Counts counts;
  counts.netizens = n;
  counts.enterprises =
      model::make_enterprises(scenario.enterprise, w.territory, n, scenario.seed).size();
  counts.ngos = model::make_ngos(scenario.ngo, w.territory, scenario.seed).size();
  counts.grids = w.territory.grids();
  counts.townships = w.territory.townships();
  counts.counties = w.territory.counties();
  const model::Government government =
      model::make_government(scenario.government, w.territory, scenario.time.step_days());
  const model::PolicyBookState fresh_book =
      model::PolicyBook(scenario.policies, scenario.government.budget, scenario.seed,
                        scenario.time.step_days())
          .state();
  Reading reading;
  reading.sums = &sums;
  reading.counts = &counts;
  reading.file_size = [&] {
    hsize_t size = 0;
    H5Fget_filesize(f, &size);
    return size;
  }();
  reading.steps_done = steps_done;
  reading.government = &government;
  reading.book = &fresh_book;

  model::PolicyBookState book;
  model::GridCounts grids;
  io::H5Output::History history;
  sections(
      [&](const char* name, auto&& fill) {
        if (H5Lexists(f, name, H5P_DEFAULT) <= 0)
          refuse(path, fmt::format("checkpoint lacks group {}", name));
        io::H5Handle g = group(f, name, false);
        if (!g) refuse(path, fmt::format("checkpoint group {} cannot be opened (damaged)", name));
        Columns c(Mode::read, g.get(), path, name, nullptr, &reading);
        fill(c);
      },
      w, book, grids, history);
  // Relations between columns: residents live in the grid the territory lays them out in;
  // an NGO's scope id indexes its scope's level.
  for (std::uint32_t g = 0; g < w.territory.grids(); ++g) {
    for (std::uint32_t i = w.territory.grid_first(g); i < w.territory.grid_end(g); ++i) {
      if (w.netizens.grid[i] != g)
        refuse(path, fmt::format("netizens/grid row {} is {}; the territory puts it in grid {}", i,
                                 w.netizens.grid[i], g));
    }
  }
  for (std::size_t k = 0; k < w.ngos.size(); ++k) {
    const std::size_t levels[model::kNgoScopes] = {counts.grids, counts.townships, counts.counties,
                                                   1};
    if (w.ngos.scope_id[k] >= levels[w.ngos.scope[k]])
      refuse(path,
             fmt::format("ngos/scope_id row {} is {}: its {} scope has {}", k, w.ngos.scope_id[k],
                         model::kNgoScopeNames[w.ngos.scope[k]], levels[w.ngos.scope[k]]));
  }
  w.platform =
      model::make_platform_layer(scenario.enterprise, n, w.enterprises.size(), scenario.seed);
  w.membership =
      model::make_membership_layer(scenario.ngo, w.ngos, w.territory, w.netizens, scenario.seed);
  for (const auto& [name, layer] :
       {std::pair{"social", &w.social}, std::pair{"platform", &w.platform},
        std::pair{"membership", &w.membership}}) {
    const std::string stored = io::read_attr(f, (std::string(name) + "_hash").c_str());
    if (stored != hash_text(*layer)) {
      refuse(path, fmt::format("the {} layer rebuilt from the scenario does not match the "
                               "checkpoint (hash {} against {}): the graph recipe or its input "
                               "file changed",
                               name, hash_text(*layer), stored));
    }
  }
  if (info) {
    info->output = io::read_attr(f, "output");
    info->steps_done = steps_done;
    info->checkpoint_every = checkpoint_every;
    info->version = version;
    info->git_hash = io::read_attr(f, "git_hash");
    info->command_line = io::read_attr(f, "command_line");
    info->created = io::read_attr(f, "created");
    info->history = std::move(history);
  }
  return Simulation(std::move(scenario), std::move(w), book, std::move(grids), steps_done);
}

void reseal_checkpoint(const fs::path& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  io::H5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
  if (!file) refuse(path, "cannot open to reseal");
  const hid_t f = file.get();
  const Checksums old = parse_checksums(io::read_attr(f, "checksums"), path);
  std::string list = attribute_lines(f);
  // Datasets in the order listed (sections, then columns in the order written).
  std::vector<std::pair<std::size_t, std::string>> order;
  const std::string old_list = io::read_attr(f, "checksums");
  for (const auto& [key, sum] : old) {
    if (key.empty() || key[0] == '@') continue;
    order.emplace_back(old_list.find(key + "\t"), key);
  }
  std::sort(order.begin(), order.end());
  for (const auto& [pos, key] : order) {
    io::H5Handle ds(H5Dopen2(f, key.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds) {
      list += fmt::format("{}\t{}\n", key, old.at(key));
      continue;
    }
    io::H5Handle type(H5Dget_type(ds.get()), H5Tclose);
    io::H5Handle space(H5Dget_space(ds.get()), H5Sclose);
    const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
    std::vector<unsigned char> bytes(n * H5Tget_size(type.get()));
    if (n > 0) H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data());
    const std::string sum = hex(checkpoint_checksum(bytes.data(), bytes.size()));
    put_text(ds.get(), "checksum", sum, path);
    list += fmt::format("{}\t{}\n", key, sum);
  }
  put_text(f, "checksums", list, path);
  put_text(f, "checksum", text_checksum(list), path);
}

}  // namespace cogov::run
