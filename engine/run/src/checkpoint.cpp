#include "cogov/run/checkpoint.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <system_error>

#include "cogov/core/error.hpp"
#include "cogov/core/version.hpp"
#include "cogov/graph/stats.hpp"
#include "cogov/io/h5_output.hpp"
#include "cogov/io/h5_summary.hpp"
#include "cogov/model/build.hpp"

namespace cogov::run {

namespace fs = std::filesystem;

namespace {

// 3: columns from the tables' lists, compatibility keyed on the layout hash. 6: policy
// triggers (their windows, on/off, last start and stop) in the policy book.
constexpr std::int64_t kFormatVersion = 6;

template <class T>
hid_t h5_type() {
  if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
  if constexpr (std::is_same_v<T, float>) return H5T_NATIVE_FLOAT;
  if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_NATIVE_UINT64;
  if constexpr (std::is_same_v<T, std::uint32_t>) return H5T_NATIVE_UINT32;
  if constexpr (std::is_same_v<T, std::uint16_t>) return H5T_NATIVE_UINT16;
  if constexpr (std::is_same_v<T, std::uint8_t>) return H5T_NATIVE_UINT8;
}

template <class T>
std::string type_code() {
  return fmt::format("{}{}", std::is_floating_point_v<T> ? 'f' : 'u', 8 * sizeof(T));
}

/// Writing, reading, or listing the layout (names and types, no data): one list of columns
/// per section serves all three, so the layout hash always describes what is written.
enum class Mode { write, read, layout };

/// The columns of one group; errors name the checkpoint file.
class Columns {
 public:
  Columns(Mode mode, hid_t group, fs::path file, std::string section, std::string* layout)
      : mode_(mode),
        group_(group),
        file_(std::move(file)),
        section_(std::move(section)),
        layout_(layout) {}

  Mode mode() const { return mode_; }

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
  /// Every column of an agent table, from its one list (T::visit_columns).
  template <class Table>
  void table(Table& t) {
    Table::visit_columns(t, [&](const core::ColumnInfo& info, auto& c) { io(info.name, c); });
  }

 private:
  template <class T>
  void put(const std::string& name, const std::vector<T>& data) {
    hsize_t dims[1] = {data.size()};
    io::H5Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
    io::H5Handle ds(H5Dcreate2(group_, name.c_str(), h5_type<T>(), space.get(), H5P_DEFAULT,
                               H5P_DEFAULT, H5P_DEFAULT),
                    H5Dclose);
    if (!ds || (!data.empty() &&
                H5Dwrite(ds.get(), h5_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0)) {
      throw IoError(fmt::format("{}: writing checkpoint column {} failed (disk full?)",
                                file_.string(), name));
    }
  }
  template <class T>
  void get(const std::string& name, std::vector<T>& out) {
    io::H5Handle ds(H5Dopen2(group_, name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds) throw InputError(fmt::format("{}: checkpoint lacks column {}", file_.string(), name));
    io::H5Handle space(H5Dget_space(ds.get()), H5Sclose);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space.get(), &n, nullptr);
    out.resize(n);
    if (n > 0 && H5Dread(ds.get(), h5_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0) {
      throw InputError(fmt::format("{}: checkpoint column {} is unreadable", file_.string(), name));
    }
  }

  Mode mode_;
  hid_t group_;
  fs::path file_;
  std::string section_;
  std::string* layout_;
};

io::H5Handle group(hid_t file, const char* name, bool writing) {
  return io::H5Handle(writing ? H5Gcreate2(file, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)
                              : H5Gopen2(file, name, H5P_DEFAULT),
                      H5Gclose);
}

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
  c.io("queue_filed", filed);
  c.io("queue_grid", grid);
  c.io("queue_channel", channel);
  c.io("queue_priority", priority);
  c.io("queue_size", size);
  c.io("queue_left", left);
  c.io("queue_fraud", fraud);
  c.io("queue_prior_hours", prior);
  if (c.mode() == Mode::read) {
    queues.assign(offsets.size() - 1, {});
    for (std::size_t u = 0; u + 1 < offsets.size(); ++u) {
      for (std::uint64_t k = offsets[u]; k < offsets[u + 1]; ++k) {
        queues[u].waiting.push_back({arrival[k], filed[k], grid[k], channel[k], priority[k],
                                     size[k], left[k], fraud[k], prior[k]});
      }
    }
  }
}

void government_columns(Columns& c, model::Government& g) {
  queue_columns(c, g.units);
  std::vector<std::uint32_t> shape(g.first_unit.begin(), g.first_unit.end());
  shape.push_back(g.cohort_slots);
  c.io("shape", shape);
  if (c.mode() == Mode::read) {
    if (shape.size() != g.first_unit.size() + 1)
      throw InputError("checkpoint: government/shape has the wrong length");
    std::copy(shape.begin(), shape.end() - 1, g.first_unit.begin());
    g.cohort_slots = shape.back();
  }
  c.io("disruption", g.disruption);
  c.io("content_removal", g.content_removal);
  c.io("handled_share", g.handled_share);
  c.io("cohort_filed", g.cohort_filed);
  c.io("cohort_in_time", g.cohort_in_time);
  c.io("county_fraud_handled", g.county_fraud_handled);
  c.io("county_rumour_handled", g.county_rumour_handled);
  std::vector<double> totals{g.handled_total, g.budget_left};
  c.io("totals", totals);
  g.handled_total = totals[0];
  g.budget_left = totals[1];
}

void book_columns(Columns& c, model::PolicyBookState& b) {
  c.table(b);
  std::vector<double> scalars{b.budget_left};
  c.io("scalars", scalars);
  b.budget_left = scalars[0];
}

void grid_columns(Columns& c, model::GridCounts& g) {
  c.io("residents", g.residents);
  c.io("participants", g.participants);
  c.io("reports", g.reports);
  c.io("fraud_reports", g.fraud_reports);
  c.io("channel_reports", g.channel_reports);
  c.io("channel_fraud", g.channel_fraud);
}

/// Recorded rows: steps, days, then one column per series; the names in a text column.
void history_columns(Columns& c, io::H5Output::History& h) {
  std::vector<std::int64_t> steps_signed = h.steps;
  std::vector<std::uint64_t> steps(steps_signed.begin(), steps_signed.end());
  c.io("steps", steps);
  c.io("days", h.days);
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
  for (std::size_t pos = 0, nl; (nl = all.find('\n', pos)) != std::string::npos; pos = nl + 1) {
    h.series.emplace_back(all.substr(pos, nl - pos), std::vector<double>{});
    c.io(h.series.back().first, h.series.back().second);
  }
}

/// Everything a checkpoint holds besides its attributes, section by section, in the order
/// written; `section(name, fill)` opens a group and calls fill(Columns&).
template <class Section>
void sections(Section&& section, World& w, model::PolicyBookState& book, model::GridCounts& grids,
              io::H5Output::History& history) {
  section("netizens", [&](Columns& c) { c.table(w.netizens); });
  section("enterprises", [&](Columns& c) { c.table(w.enterprises); });
  section("ngos", [&](Columns& c) {
    c.table(w.ngos);
    std::vector<double> fund{w.ngos.relief_fund};
    c.io("relief_fund", fund);
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

fs::path checkpoint_path(const fs::path& output) {
  fs::path p = output;
  p += ".ckpt";
  return p;
}

void write_checkpoint(const fs::path& path, const Simulation& sim, const io::H5Output& out,
                      const std::string& command_line) {
  const fs::path& output = out.path();
  fs::path tmp = path;
  tmp += ".tmp";
  {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    io::H5Handle file(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
    if (!file)
      throw IoError(
          fmt::format("{}: cannot create checkpoint (is the directory writable?)", tmp.string()));
    const World& w = sim.world();
    io::write_attr(file.get(), "format", std::string("cogov-checkpoint"));
    io::write_attr(file.get(), "checkpoint_version", kFormatVersion);
    io::write_attr(file.get(), "layout_hash", layout_hash());
    io::write_attr(file.get(), "cogov_version", std::string(core::version()));
    io::write_attr(file.get(), "git_hash", std::string(core::git_hash()));
    io::write_attr(file.get(), "scenario", io::resolved_toml(sim.scenario()));
    io::write_attr(file.get(), "scenario_file", sim.scenario().source.string());
    io::write_attr(file.get(), "output", fs::absolute(output).string());
    io::write_attr(file.get(), "steps_done", static_cast<std::int64_t>(sim.steps_done()));
    io::write_attr(file.get(), "command_line", command_line);
    io::write_attr(file.get(), "created", io::read_attr(out.file(), "created"));
    io::write_attr(file.get(), "social_hash", hash_text(w.social));
    io::write_attr(file.get(), "platform_hash", hash_text(w.platform));
    io::write_attr(file.get(), "membership_hash", hash_text(w.membership));
    // The columns are visited through non-const references (one list for writing and
    // reading); writing does not modify them.
    World& mw = const_cast<World&>(w);
    model::PolicyBookState book = sim.policies().state();
    model::GridCounts grids = sim.grids();
    io::H5Output::History history = out.history();
    sections(
        [&](const char* name, auto&& fill) {
          io::H5Handle g = group(file.get(), name, true);
          Columns c(Mode::write, g.get(), tmp, name, nullptr);
          fill(c);
        },
        mw, book, grids, history);
    if (H5Fflush(file.get(), H5F_SCOPE_GLOBAL) < 0) {
      throw IoError(fmt::format("{}: flushing the checkpoint failed (disk full?)", tmp.string()));
    }
  }
  fsync_file(tmp);
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec)
    throw IoError(
        fmt::format("{}: cannot rename checkpoint into place: {}", path.string(), ec.message()));
}

Simulation read_checkpoint(const fs::path& path, CheckpointInfo* info) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  io::H5Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file)
    throw InputError(
        fmt::format("{}: cannot open as a checkpoint (missing or not HDF5)", path.string()));
  const hid_t f = file.get();
  if (io::read_attr(f, "format") != "cogov-checkpoint") {
    throw InputError(fmt::format("{}: not a cogov checkpoint (format '{}')", path.string(),
                                 io::read_attr(f, "format")));
  }
  const std::string version = io::read_attr(f, "cogov_version");
  const std::string format = io::read_attr(f, "checkpoint_version");
  const std::string layout = io::read_attr(f, "layout_hash");
  if (format != std::to_string(kFormatVersion) || layout != layout_hash()) {
    throw InputError(fmt::format(
        "{}: written by cogov {} ({}) with checkpoint format {} (state layout {}); this cogov "
        "reads format {} (layout {}): resume it with the cogov that wrote it",
        path.string(), version, io::read_attr(f, "git_hash"), format,
        layout.empty() ? "unrecorded" : layout, kFormatVersion, layout_hash()));
  }
  io::Scenario scenario =
      io::parse_scenario(io::read_attr(f, "scenario"), path.string() + " (scenario)");
  scenario.source = io::read_attr(f, "scenario_file");
  const auto steps_done = static_cast<std::uint32_t>(std::stoul(io::read_attr(f, "steps_done")));

  World w;
  w.territory = build_territory(scenario);
  w.social = build_social_layer(scenario, w.territory);
  model::PolicyBookState book;
  model::GridCounts grids;
  io::H5Output::History history;
  sections(
      [&](const char* name, auto&& fill) {
        io::H5Handle g = group(f, name, false);
        if (!g) throw InputError(fmt::format("{}: checkpoint lacks group {}", path.string(), name));
        Columns c(Mode::read, g.get(), path, name, nullptr);
        fill(c);
      },
      w, book, grids, history);
  const std::uint32_t n = scenario.population.netizens;
  w.platform =
      model::make_platform_layer(scenario.enterprise, n, w.enterprises.size(), scenario.seed);
  w.membership =
      model::make_membership_layer(scenario.ngo, w.ngos, w.territory, w.netizens, scenario.seed);
  for (const auto& [name, layer] :
       {std::pair{"social", &w.social}, std::pair{"platform", &w.platform},
        std::pair{"membership", &w.membership}}) {
    const std::string stored = io::read_attr(f, (std::string(name) + "_hash").c_str());
    if (stored != hash_text(*layer)) {
      throw InputError(
          fmt::format("{}: the {} layer rebuilt from the scenario does not match the checkpoint "
                      "(hash {} against {}): the graph recipe or its input file changed",
                      path.string(), name, hash_text(*layer), stored));
    }
  }
  if (info) {
    info->output = io::read_attr(f, "output");
    info->steps_done = steps_done;
    info->version = version;
    info->git_hash = io::read_attr(f, "git_hash");
    info->command_line = io::read_attr(f, "command_line");
    info->created = io::read_attr(f, "created");
    info->history = std::move(history);
  }
  return Simulation(std::move(scenario), std::move(w), book, std::move(grids), steps_done);
}

}  // namespace cogov::run
