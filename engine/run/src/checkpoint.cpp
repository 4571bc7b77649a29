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

constexpr std::int64_t kFormatVersion = 2;  // 2: no events column

template <class T>
hid_t h5_type() {
  if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
  if constexpr (std::is_same_v<T, float>) return H5T_NATIVE_FLOAT;
  if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_NATIVE_UINT64;
  if constexpr (std::is_same_v<T, std::uint32_t>) return H5T_NATIVE_UINT32;
  if constexpr (std::is_same_v<T, std::uint16_t>) return H5T_NATIVE_UINT16;
  if constexpr (std::is_same_v<T, std::uint8_t>) return H5T_NATIVE_UINT8;
}

/// Writes and reads whole columns of one group; errors name the checkpoint file.
class Columns {
 public:
  Columns(hid_t group, fs::path file) : group_(group), file_(std::move(file)) {}

  template <class T>
  void put(const char* name, const std::vector<T>& data) {
    hsize_t dims[1] = {data.size()};
    io::H5Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
    io::H5Handle ds(
        H5Dcreate2(group_, name, h5_type<T>(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose);
    if (!ds || (!data.empty() &&
                H5Dwrite(ds.get(), h5_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0)) {
      throw IoError(fmt::format("{}: writing checkpoint column {} failed (disk full?)",
                                file_.string(), name));
    }
  }
  template <class T>
  void get(const char* name, std::vector<T>& out) {
    io::H5Handle ds(H5Dopen2(group_, name, H5P_DEFAULT), H5Dclose);
    if (!ds) throw InputError(fmt::format("{}: checkpoint lacks column {}", file_.string(), name));
    io::H5Handle space(H5Dget_space(ds.get()), H5Sclose);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space.get(), &n, nullptr);
    out.resize(n);
    if (n > 0 && H5Dread(ds.get(), h5_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0) {
      throw InputError(fmt::format("{}: checkpoint column {} is unreadable", file_.string(), name));
    }
  }
  /// put() on writing, get() on reading: one list of columns serves both directions.
  template <class T>
  void io(bool writing, const char* name, std::vector<T>& data) {
    if (writing)
      put(name, data);
    else
      get(name, data);
  }

 private:
  hid_t group_;
  fs::path file_;
};

io::H5Handle group(hid_t file, const char* name, bool writing) {
  return io::H5Handle(writing ? H5Gcreate2(file, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)
                              : H5Gopen2(file, name, H5P_DEFAULT),
                      H5Gclose);
}

/// The state columns of every agent kind, in one place for both directions.
void netizen_columns(Columns& c, bool w, model::Netizens& p) {
  c.io(w, "age", p.age);
  c.io(w, "flags", p.flags);
  c.io(w, "literacy", p.literacy);
  c.io(w, "altruism", p.altruism);
  c.io(w, "usage", p.usage);
  c.io(w, "threshold", p.threshold);
  c.io(w, "visible", p.visible[p.cur]);
  c.io(w, "fatigue", p.fatigue);
  c.io(w, "risk", p.risk);
  c.io(w, "trust", p.trust);
  c.io(w, "loss", p.loss);
  c.io(w, "victim_countdown", p.victim_countdown);
  c.io(w, "rumour", p.rumour);
  c.io(w, "exposed", p.exposed);
  c.io(w, "status", p.status);
  c.io(w, "rumour_age", p.rumour_age);
  c.io(w, "grid", p.grid);
}

void enterprise_columns(Columns& c, bool w, model::Enterprises& e) {
  c.io(w, "type", e.type);
  c.io(w, "county", e.county);
  c.io(w, "deceptive", e.deceptive);
  c.io(w, "security", e.security);
  c.io(w, "responsibility", e.responsibility);
  c.io(w, "credit", e.credit);
  c.io(w, "penalty", e.penalty);
  c.io(w, "vulnerabilities", e.vulnerabilities);
  c.io(w, "sanction", e.sanction);
  c.io(w, "participating", e.participating[e.cur]);
  c.io(w, "breached", e.breached);
  c.io(w, "users", e.users);
}

void ngo_columns(Columns& c, bool w, model::Ngos& g) {
  c.io(w, "state_organised", g.state_organised);
  c.io(w, "functions", g.functions);
  c.io(w, "scope", g.scope);
  c.io(w, "scope_id", g.scope_id);
  c.io(w, "members", g.members);
  c.io(w, "capacity", g.capacity);
  c.io(w, "funded_until", g.funded_until);
  c.io(w, "active", g.active);
  c.io(w, "utility", g.utility);
  c.io(w, "boost", g.boost);
  c.io(w, "train_prob_minor", g.train_prob[0]);
  c.io(w, "train_prob_young", g.train_prob[1]);
  c.io(w, "train_prob_middle", g.train_prob[2]);
  c.io(w, "train_prob_senior", g.train_prob[3]);
  c.io(w, "grid_group_formed", g.grid_group_formed);
}

void queue_columns(Columns& c, bool w, const char* prefix,
                   std::vector<model::ReportQueue>& queues) {
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::uint32_t> arrival;
  std::vector<double> count;
  if (w) {
    for (const auto& q : queues) {
      for (const auto& [a, n] : q.waiting) {
        arrival.push_back(a);
        count.push_back(n);
      }
      offsets.push_back(arrival.size());
    }
  }
  c.io(w, (std::string(prefix) + "_offsets").c_str(), offsets);
  c.io(w, (std::string(prefix) + "_arrival").c_str(), arrival);
  c.io(w, (std::string(prefix) + "_count").c_str(), count);
  if (!w) {
    queues.assign(offsets.size() - 1, {});
    for (std::size_t u = 0; u + 1 < offsets.size(); ++u) {
      for (std::uint64_t k = offsets[u]; k < offsets[u + 1]; ++k)
        queues[u].waiting.emplace_back(arrival[k], count[k]);
    }
  }
}

void government_columns(Columns& c, bool w, model::Government& g) {
  queue_columns(c, w, "grid", g.grid);
  queue_columns(c, w, "township", g.township);
  queue_columns(c, w, "county", g.county);
  c.io(w, "disruption", g.disruption);
  c.io(w, "grid_handled_share", g.grid_handled_share);
  c.io(w, "county_handled", g.county_handled);
  std::vector<double> totals{g.handled_total, g.budget_left};
  c.io(w, "totals", totals);
  g.handled_total = totals[0];
  g.budget_left = totals[1];
}

void book_columns(Columns& c, bool w, model::PolicyBookState& b) {
  c.io(w, "spending", b.spending);
  c.io(w, "last_charge", b.last_charge);
  c.io(w, "target_size", b.target_size);
  c.io(w, "stopped", b.stopped);
  c.io(w, "running", b.running);
  c.io(w, "appointed", b.appointed);
  c.io(w, "hub_cutoff", b.hub_cutoff);
  std::vector<double> scalars{b.budget_left, static_cast<double>(b.funded_ngos),
                              static_cast<double>(b.moderators)};
  c.io(w, "scalars", scalars);
  b.budget_left = scalars[0];
  b.funded_ngos = static_cast<std::uint64_t>(scalars[1]);
  b.moderators = static_cast<std::uint64_t>(scalars[2]);
}

void grid_columns(Columns& c, bool w, model::GridCounts& g) {
  c.io(w, "residents", g.residents);
  c.io(w, "participants", g.participants);
  c.io(w, "reports", g.reports);
}

/// Recorded rows: steps, days, then one column per series; the names in a text column.
void history_columns(Columns& c, bool w, io::H5Output::History& h) {
  std::vector<std::int64_t> steps_signed = h.steps;
  std::vector<std::uint64_t> steps(steps_signed.begin(), steps_signed.end());
  c.io(w, "steps", steps);
  c.io(w, "days", h.days);
  std::vector<std::uint8_t> names;
  if (w) {
    for (const auto& [name, values] : h.series) {
      names.insert(names.end(), name.begin(), name.end());
      names.push_back('\n');
    }
  }
  c.io(w, "series_names", names);
  if (w) {
    for (auto& [name, values] : h.series) c.io(w, name.c_str(), values);
    return;
  }
  h.steps.assign(steps.begin(), steps.end());
  std::string all(names.begin(), names.end());
  for (std::size_t pos = 0, nl; (nl = all.find('\n', pos)) != std::string::npos; pos = nl + 1) {
    h.series.emplace_back(all.substr(pos, nl - pos), std::vector<double>{});
    c.io(w, h.series.back().first.c_str(), h.series.back().second);
  }
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
    // The columns are read through non-const references (one list for both directions);
    // writing does not modify them.
    World& mw = const_cast<World&>(w);
    model::PolicyBookState book = sim.policies().state();
    model::GridCounts grids = sim.grids();
    auto section = [&](const char* name, auto&& fill) {
      io::H5Handle g = group(file.get(), name, true);
      Columns c(g.get(), tmp);
      fill(c);
    };
    section("netizens", [&](Columns& c) { netizen_columns(c, true, mw.netizens); });
    section("enterprises", [&](Columns& c) { enterprise_columns(c, true, mw.enterprises); });
    section("ngos", [&](Columns& c) { ngo_columns(c, true, mw.ngos); });
    section("government", [&](Columns& c) { government_columns(c, true, mw.government); });
    section("policies", [&](Columns& c) { book_columns(c, true, book); });
    section("grids", [&](Columns& c) { grid_columns(c, true, grids); });
    io::H5Output::History history = out.history();
    section("history", [&](Columns& c) { history_columns(c, true, history); });
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
  if (version != core::version() ||
      io::read_attr(f, "checkpoint_version") != std::to_string(kFormatVersion)) {
    throw InputError(
        fmt::format("{}: written by cogov {} (checkpoint format {}); this is cogov {} (format {}): "
                    "resume it with the version that wrote it",
                    path.string(), version, io::read_attr(f, "checkpoint_version"), core::version(),
                    kFormatVersion));
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
  auto section = [&](const char* name, auto&& fill) {
    io::H5Handle g = group(f, name, false);
    if (!g) throw InputError(fmt::format("{}: checkpoint lacks group {}", path.string(), name));
    Columns c(g.get(), path);
    fill(c);
  };
  section("netizens", [&](Columns& c) { netizen_columns(c, false, w.netizens); });
  w.netizens.visible[1].assign(w.netizens.size(), 0);
  section("enterprises", [&](Columns& c) { enterprise_columns(c, false, w.enterprises); });
  w.enterprises.participating[1].assign(w.enterprises.size(), 0);
  section("ngos", [&](Columns& c) { ngo_columns(c, false, w.ngos); });
  section("government", [&](Columns& c) { government_columns(c, false, w.government); });
  section("policies", [&](Columns& c) { book_columns(c, false, book); });
  section("grids", [&](Columns& c) { grid_columns(c, false, grids); });
  io::H5Output::History history;
  section("history", [&](Columns& c) { history_columns(c, false, history); });
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
