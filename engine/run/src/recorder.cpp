#include "cogov/run/recorder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "cogov/core/parallel.hpp"

namespace cogov::run {

namespace {

using model::NetizenTally;

double share(std::uint64_t part, std::uint64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

double mean(double sum, std::uint64_t n) {
  return n > 0 ? sum / static_cast<double>(n) : 0.0;
}

constexpr SeriesDef kSeries[] = {
    {"participation_share", "share", "netizens participating / all netizens", "",
     [](const NetizenTally& t, std::span<double> o) { o[0] = share(t.participants, t.netizens); }},
    {"participants", "netizens", "netizens participating", "",
     [](const NetizenTally& t, std::span<double> o) {
       o[0] = static_cast<double>(t.participants);
     }},
    {"joined", "netizens", "netizens who started participating this step", "",
     [](const NetizenTally& t, std::span<double> o) { o[0] = static_cast<double>(t.joined); }},
    {"left", "netizens", "netizens who stopped participating this step", "",
     [](const NetizenTally& t, std::span<double> o) { o[0] = static_cast<double>(t.left); }},
    {"participation_by_age", "share", "participation share within each age group", "age_group",
     [](const NetizenTally& t, std::span<double> o) {
       for (int g = 0; g < model::kAgeGroups; ++g) o[g] = share(t.by_age[g], t.age_count[g]);
     }},
    {"participation_by_region", "share", "participation share within rural and urban grids",
     "region",
     [](const NetizenTally& t, std::span<double> o) {
       for (int r = 0; r < 2; ++r) o[r] = share(t.by_region[r], t.region_count[r]);
     }},
    {"participation_party", "share", "participation share among party members", "",
     [](const NetizenTally& t, std::span<double> o) { o[0] = share(t.party, t.party_count); }},
    {"recently_victimised", "netizens", "netizens victimised by fraud within the last W days", "",
     [](const NetizenTally& t, std::span<double> o) {
       o[0] = static_cast<double>(t.recently_victimised);
     }},
    {"mean_fatigue", "[0,1]", "mean fatigue f", "",
     [](const NetizenTally& t, std::span<double> o) { o[0] = mean(t.fatigue, t.netizens); }},
    {"mean_perceived_risk", "[0,1]", "mean perceived risk r", "",
     [](const NetizenTally& t, std::span<double> o) { o[0] = mean(t.risk, t.netizens); }},
    {"mean_trust", "[0,1]", "mean trust in government tau", "",
     [](const NetizenTally& t, std::span<double> o) { o[0] = mean(t.trust, t.netizens); }},
    {"mean_literacy", "[0,1]", "mean literacy l", "",
     [](const NetizenTally& t, std::span<double> o) { o[0] = mean(t.literacy, t.netizens); }},
};

std::size_t columns_of(const SeriesDef& d) {
  const std::string dim = d.dimension;
  if (dim == "age_group") return model::kAgeGroups;
  if (dim == "region") return 2;
  return 1;
}

}  // namespace

std::span<const SeriesDef> series_table() {
  return kSeries;
}

Recorder::Recorder(io::H5Output& out, const Simulation& sim) : out_(out) {
  const std::vector<std::string> ages(std::begin(model::kAgeGroupNames),
                                      std::end(model::kAgeGroupNames));
  out_.define_dimension("age_group", ages);
  const std::vector<std::string> regions{"rural", "urban"};
  out_.define_dimension("region", regions);
  for (const auto& d : kSeries)
    ids_.push_back(out_.add_series({d.name, d.units, d.description, d.dimension}));
  const auto& s = sim.scenario();
  by_grid_ = s.output.by_grid;
  if (by_grid_) {
    out_.define_dimension("grid", sim.world().territory.grids());
    grid_series_ = out_.add_series(
        {"participation_by_grid", "share", "participation share within each grid", "grid"});
  }
  for (auto d : s.output.snapshot_days) {
    snapshot_steps_.push_back(
        static_cast<std::uint32_t>(std::llround(static_cast<double>(d) / s.time.step_days())));
  }
}

void Recorder::record(const Simulation& sim) {
  double row[8];
  for (std::size_t k = 0; k < std::size(kSeries); ++k) {
    const std::span<double> values(row, columns_of(kSeries[k]));
    kSeries[k].read(sim.tally(), values);
    out_.append(ids_[k], values);
  }
  if (by_grid_) record_grids(sim);
  out_.end_step(sim.steps_done(), sim.day());
  if (std::find(snapshot_steps_.begin(), snapshot_steps_.end(), sim.steps_done()) !=
      snapshot_steps_.end()) {
    snapshot(sim);
  }
}

void Recorder::record_grids(const Simulation& sim) {
  const auto& terr = sim.world().territory;
  const std::uint8_t* now = sim.world().netizens.visible_now();
  std::vector<double> shares(terr.grids());
  core::for_blocks(
      terr.grids(),
      [&](std::size_t b, std::size_t e, std::size_t) {
        for (std::size_t g = b; g < e; ++g) {
          const auto grid = static_cast<std::uint32_t>(g);
          std::uint32_t count = 0;
          for (std::uint32_t i = terr.grid_first(grid); i < terr.grid_end(grid); ++i) {
            count += now[i] & model::visible::participating;
          }
          shares[g] = share(count, terr.grid_end(grid) - terr.grid_first(grid));
        }
      },
      64);
  out_.append(grid_series_, shares);
}

void Recorder::snapshot(const Simulation& sim) {
  const auto& p = sim.world().netizens;
  const std::string name = fmt::format("/snapshots/step_{}", sim.steps_done());
  out_.group("/snapshots");
  io::H5Handle g = out_.group(name);
  io::write_attr(g.get(), "step", static_cast<std::int64_t>(sim.steps_done()));
  io::write_attr(g.get(), "day", sim.day());
  std::vector<std::uint8_t> participating(p.size());
  for (std::uint32_t i = 0; i < p.size(); ++i) participating[i] = p.participating(i) ? 1 : 0;
  out_.write_array<std::uint8_t>(g.get(), "participating", participating, "0/1", "participating P");
  out_.write_array<std::uint8_t>(g.get(), "age_group", p.age, "index",
                                 "0 minor, 1 young, 2 middle, 3 senior");
  out_.write_array<std::uint8_t>(g.get(), "flags", p.flags, "bits",
                                 "1 party member, 2 urban, 4 moderator");
  out_.write_array<float>(g.get(), "literacy", p.literacy, "[0,1]", "literacy l");
  out_.write_array<float>(g.get(), "altruism", p.altruism, "[0,1]", "altruism alpha");
  out_.write_array<float>(g.get(), "fatigue", p.fatigue, "[0,1]", "fatigue f");
  out_.write_array<float>(g.get(), "perceived_risk", p.risk, "[0,1]", "perceived risk r");
  out_.write_array<float>(g.get(), "trust", p.trust, "[0,1]", "trust tau");
  out_.write_array<float>(g.get(), "loss", p.loss, "yuan", "cumulative fraud loss");
}

}  // namespace cogov::run
