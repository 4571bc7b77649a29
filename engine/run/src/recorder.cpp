#include "cogov/run/recorder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "cogov/core/parallel.hpp"
#include "cogov/model/grid_risks.hpp"

namespace cogov::run {

namespace {

using model::NetizenTally;

double share(std::uint64_t part, std::uint64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

double mean(double sum, std::uint64_t n) {
  return n > 0 ? sum / static_cast<double>(n) : 0.0;
}

using R = StepRecord;

double u(std::uint64_t x) {
  return static_cast<double>(x);
}

// Series made from several fields (shares, means, sums over a dimension). A series whose
// value is one tally field as it stands is declared with that field (visit_fields of
// NetizenTally, EnterpriseTally, NgoTally, GovernmentTally and StepRecord), not here.
struct Derived {
  const char* name;
  const char* units;
  const char* description;
  const char* dimension;  ///< "" for 1-D
  void (*read)(const R&, std::span<double> out);
};

constexpr Derived kDerived[] = {
    {"participation_share", "share", "netizens participating / all netizens", "",
     [](const R& r, std::span<double> o) {
       o[0] = share(r.netizens.participants, r.netizens.netizens);
     }},
    {"participation_by_age", "share", "participation share within each age group", "age_group",
     [](const R& r, std::span<double> o) {
       for (int g = 0; g < model::kAgeGroups; ++g)
         o[g] = share(r.netizens.by_age[g], r.netizens.age_count[g]);
     }},
    {"participation_by_region", "share", "participation share within rural and urban grids",
     "region",
     [](const R& r, std::span<double> o) {
       for (int k = 0; k < 2; ++k)
         o[k] = share(r.netizens.by_region[k], r.netizens.region_count[k]);
     }},
    {"participation_party", "share", "participation share among party members", "",
     [](const R& r, std::span<double> o) {
       o[0] = share(r.netizens.party, r.netizens.party_count);
     }},
    {"mean_fatigue", "[0,1]", "mean fatigue f", "",
     [](const R& r, std::span<double> o) { o[0] = mean(r.netizens.fatigue, r.netizens.netizens); }},
    {"mean_perceived_risk", "[0,1]", "mean perceived risk r", "",
     [](const R& r, std::span<double> o) { o[0] = mean(r.netizens.risk, r.netizens.netizens); }},
    {"mean_trust", "[0,1]", "mean trust in government tau", "",
     [](const R& r, std::span<double> o) { o[0] = mean(r.netizens.trust, r.netizens.netizens); }},
    {"mean_trust_by_age", "[0,1]", "mean trust within each age group", "age_group",
     [](const R& r, std::span<double> o) {
       for (int g = 0; g < model::kAgeGroups; ++g)
         o[g] = mean(r.netizens.trust_by_age[g], r.netizens.age_count[g]);
     }},
    {"mean_literacy", "[0,1]", "mean literacy l", "",
     [](const R& r, std::span<double> o) {
       o[0] = mean(r.netizens.literacy, r.netizens.netizens);
     }},
    {"rumour_susceptible", "netizens", "rumour state S", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.rumour[0]); }},
    {"rumour_believers", "netizens", "rumour state I (believe and spread)", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.rumour[1]); }},
    {"rumour_recovered", "netizens", "rumour state R (rejected, debunked, stopped)", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.rumour[2]); }},
    {"fraud_losses", "yuan", "losses this step", "",
     [](const R& r, std::span<double> o) {
       o[0] = 0;
       for (double x : r.netizens.loss_by_age) o[0] += x;
     }},
    {"enterprise_participation_share", "share", "participating / operating enterprises", "",
     [](const R& r, std::span<double> o) {
       o[0] = share(r.enterprises.participants, r.enterprises.active);
     }},
    {"enterprise_participation_by_type", "share", "participation within each enterprise type",
     "enterprise_type",
     [](const R& r, std::span<double> o) {
       for (int k = 0; k < model::kEnterpriseTypes; ++k)
         o[k] = share(r.enterprises.by_type[k], r.enterprises.type_count[k]);
     }},
    {"mean_security", "[0,1]", "mean true security of operating enterprises", "",
     [](const R& r, std::span<double> o) {
       o[0] = mean(r.enterprises.security, r.enterprises.active);
     }},
    {"mean_declared_security", "[0,1]", "mean declared security of operating enterprises", "",
     [](const R& r, std::span<double> o) {
       o[0] = mean(r.enterprises.declared, r.enterprises.active);
     }},
    {"active_ngos_by_origin", "NGOs", "active NGOs, state-organised and self-organised",
     "ngo_origin",
     [](const R& r, std::span<double> o) {
       o[0] = u(r.ngos.active_state), o[1] = u(r.ngos.active_self);
     }},
};

struct Dimension {
  const char* name;
  std::vector<std::string> labels;
};

template <std::size_t N>
std::vector<std::string> labels(const char* const (&names)[N]) {
  return {std::begin(names), std::end(names)};
}

const std::vector<Dimension>& dimensions() {
  static const std::vector<Dimension> dims{
      {"age_group", labels(model::kAgeGroupNames)},
      {"region", labels(core::kRegionNames)},
      {"enterprise_type", labels(model::kEnterpriseTypeNames)},
      {"sanction_level", labels(model::kSanctionLevelNames)},
      {"ngo_origin", labels(model::kNgoOriginNames)},
      {"channel", labels(model::kChannelNames)},
      {"level", labels(model::kLevelNames)},
  };
  return dims;
}

std::size_t width_of(std::string_view dimension) {
  for (const auto& dim : dimensions()) {
    if (dim.name == dimension) return dim.labels.size();
  }
  return 1;
}

/// The series of every field of `Tally` that has a series name; `part` finds the tally in
/// a step's record.
template <class Tally, class Part>
void add_field_series(std::vector<SeriesDef>& out, Part part) {
  Tally::visit_fields([&](auto member, const core::FieldInfo& info) {
    if (info.series.empty()) return;
    using V = std::remove_cvref_t<decltype(std::declval<const Tally&>().*member)>;
    out.push_back({std::string(info.series), std::string(info.units), std::string(info.description),
                   std::string(info.dimension),
                   [part, member](const R& r, std::span<double> o) {
                     core::field_values(part(r).*member, o);
                   },
                   core::field_width(static_cast<const V*>(nullptr))});
  });
}

std::vector<SeriesDef> make_series_table() {
  std::vector<SeriesDef> table;
  for (const Derived& d : kDerived) {
    table.push_back({d.name, d.units, d.description, d.dimension, d.read, width_of(d.dimension)});
  }
  add_field_series<model::NetizenTally>(
      table, [](const R& r) -> auto& { return r.netizens; });
  add_field_series<model::EnterpriseTally>(
      table, [](const R& r) -> auto& { return r.enterprises; });
  add_field_series<model::NgoTally>(
      table, [](const R& r) -> auto& { return r.ngos; });
  add_field_series<model::GovernmentTally>(
      table, [](const R& r) -> auto& { return r.government; });
  add_field_series<StepRecord>(
      table, [](const R& r) -> auto& { return r; });
  return table;
}

}  // namespace

const std::vector<SeriesDef>& series_table() {
  static const std::vector<SeriesDef> table = make_series_table();
  return table;
}

Recorder::Recorder(io::H5Output& out, const Simulation& sim) : out_(out) {
  for (const auto& dim : dimensions()) out_.define_dimension(dim.name, dim.labels);
  for (const auto& d : series_table())
    ids_.push_back(out_.add_series({d.name, d.units, d.description, d.dimension}));
  with_policies_ = sim.policies().size() > 0;
  if (with_policies_) {
    out_.define_dimension("policy", sim.policies().names());
    spending_series_ = out_.add_series(
        {"spending_by_policy", "yuan", "charge of each policy this step", "policy"});
  }
  // Only where a policy has a trigger (docs/model.md section 8.3).
  with_triggers_ = sim.policies().has_triggers();
  if (with_triggers_) {
    trigger_series_ =
        out_.add_series({"policy_running", "0/1", "each policy ran this step", "policy"});
    out_.add_series({"policy_triggered", "0/1",
                     "the policy's trigger fired at the end of this step: it runs from the next "
                     "step, so this row's day is its first day",
                     "policy"});
    out_.add_series({"trigger_value", "as its series",
                     "the value each trigger compared with its threshold at the end of this step "
                     "(NaN: no trigger, or its window not yet full)",
                     "policy"});
  }
  const auto& s = sim.scenario();
  by_grid_ = s.output.by_grid;
  if (by_grid_) {
    out_.define_dimension("grid", sim.world().territory.grids());
    grid_series_ = out_.add_series(
        {"participation_by_grid", "share", "participation share within each grid", "grid"});
    out_.add_series({"reports_by_grid", "reports", "reports filed this step in each grid", "grid"});
    out_.add_series(
        {"group_formed_by_grid", "0/1", "the grid's self-organised group has formed", "grid"});
    out_.add_series({"believers_by_grid", "netizens", "rumour state I in each grid", "grid"});
    out_.add_series(
        {"fraud_victims_by_grid", "victims", "netizens defrauded this step in each grid", "grid"});
    out_.add_series({"fraud_losses_by_grid", "yuan", "losses this step in each grid", "grid"});
    victim_steps_ = model::fraud_victim_steps(s.fraud, s.time.step_days());
    grid_loss_ =
        model::count_grid_risks(sim.world().netizens, sim.world().territory, victim_steps_).loss;
  }
  for (auto d : s.output.snapshot_days) {
    snapshot_steps_.push_back(
        static_cast<std::uint32_t>(std::llround(static_cast<double>(d) / s.time.step_days())));
  }
}

void Recorder::record(const Simulation& sim) {
  const auto& table = series_table();
  double row[kMaxWidth];
  for (std::size_t k = 0; k < table.size(); ++k) {
    const std::span<double> values(row, table[k].width);
    table[k].read(sim.record(), values);
    out_.append(ids_[k], values);
  }
  if (with_policies_) out_.append(spending_series_, sim.record().spending);
  if (with_triggers_) record_triggers(sim);
  if (by_grid_) record_grids(sim);
  out_.end_step(sim.steps_done(), sim.day());
  if (std::find(snapshot_steps_.begin(), snapshot_steps_.end(), sim.steps_done()) !=
      snapshot_steps_.end()) {
    snapshot(sim);
  }
}

void Recorder::record_triggers(const Simulation& sim) {
  const model::PolicyBook& book = sim.policies();
  std::vector<double> values(book.size());
  for (std::size_t k = 0; k < book.size(); ++k) values[k] = book.running(k) ? 1.0 : 0.0;
  out_.append(trigger_series_, values);
  for (std::size_t k = 0; k < book.size(); ++k) values[k] = book.trigger(k).fired ? 1.0 : 0.0;
  out_.append(trigger_series_ + 1, values);
  for (std::size_t k = 0; k < book.size(); ++k) {
    values[k] = book.policies()[k].trigger.set() ? book.trigger(k).value
                                                 : std::numeric_limits<double>::quiet_NaN();
  }
  out_.append(trigger_series_ + 2, values);
}

void Recorder::record_grids(const Simulation& sim) {
  const model::GridCounts& g = sim.grids();
  const std::size_t grids = g.residents.size();
  std::vector<double> values(grids);
  for (std::size_t k = 0; k < grids; ++k) values[k] = share(g.participants[k], g.residents[k]);
  out_.append(grid_series_, values);
  for (std::size_t k = 0; k < grids; ++k) values[k] = g.reports[k];
  out_.append(grid_series_ + 1, values);
  const auto& formed = sim.world().ngos.grid_group_formed;
  for (std::size_t k = 0; k < grids; ++k) values[k] = k < formed.size() ? formed[k] : 0.0;
  out_.append(grid_series_ + 2, values);
  model::GridRisks risks =
      model::count_grid_risks(sim.world().netizens, sim.world().territory, victim_steps_);
  for (std::size_t k = 0; k < grids; ++k) values[k] = risks.believers[k];
  out_.append(grid_series_ + 3, values);
  for (std::size_t k = 0; k < grids; ++k) values[k] = risks.victims[k];
  out_.append(grid_series_ + 4, values);
  for (std::size_t k = 0; k < grids; ++k) values[k] = risks.loss[k] - grid_loss_[k];
  out_.append(grid_series_ + 5, values);
  grid_loss_ = std::move(risks.loss);
}

void Recorder::snapshot(const Simulation& sim) {
  const auto& p = sim.world().netizens;
  const std::string name = fmt::format("/snapshots/step_{}", sim.steps_done());
  out_.group("/snapshots");
  // A resumed run may find this snapshot written after its checkpoint: write it anew.
  if (H5Lexists(out_.file(), name.c_str(), H5P_DEFAULT) > 0)
    H5Ldelete(out_.file(), name.c_str(), H5P_DEFAULT);
  io::H5Handle g = out_.group(name);
  io::write_attr(g.get(), "step", static_cast<std::int64_t>(sim.steps_done()));
  io::write_attr(g.get(), "day", sim.day());
  std::vector<std::uint8_t> participating(p.size());
  for (std::uint32_t i = 0; i < p.size(); ++i) participating[i] = p.participating(i) ? 1 : 0;
  out_.write_array<std::uint8_t>(g.get(), "participating", participating, "0/1", "participating P");
  model::Netizens::visit_columns(p, [&](const core::ColumnInfo& info, const auto& column) {
    if (info.snapshot.empty()) return;
    const auto& data = core::column_data(column);
    using T = typename std::remove_cvref_t<decltype(data)>::value_type;
    out_.write_array<T>(g.get(), std::string(info.snapshot), data, std::string(info.units),
                        info.description);
  });
}

}  // namespace cogov::run
