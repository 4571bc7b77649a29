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

using R = StepRecord;

double u(std::uint64_t x) {
  return static_cast<double>(x);
}

constexpr SeriesDef kSeries[] = {
    // Netizen participation.
    {"participation_share", "share", "netizens participating / all netizens", "",
     [](const R& r, std::span<double> o) { o[0] = share(r.netizens.participants, r.netizens.netizens); }},
    {"participants", "netizens", "netizens participating", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.participants); }},
    {"joined", "netizens", "netizens who started participating this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.joined); }},
    {"left", "netizens", "netizens who stopped participating this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.left); }},
    {"participation_by_age", "share", "participation share within each age group", "age_group",
     [](const R& r, std::span<double> o) {
       for (int g = 0; g < model::kAgeGroups; ++g) o[g] = share(r.netizens.by_age[g], r.netizens.age_count[g]);
     }},
    {"participation_by_region", "share", "participation share within rural and urban grids", "region",
     [](const R& r, std::span<double> o) {
       for (int k = 0; k < 2; ++k) o[k] = share(r.netizens.by_region[k], r.netizens.region_count[k]);
     }},
    {"participation_party", "share", "participation share among party members", "",
     [](const R& r, std::span<double> o) { o[0] = share(r.netizens.party, r.netizens.party_count); }},
    {"mean_fatigue", "[0,1]", "mean fatigue f", "",
     [](const R& r, std::span<double> o) { o[0] = mean(r.netizens.fatigue, r.netizens.netizens); }},
    {"mean_perceived_risk", "[0,1]", "mean perceived risk r", "",
     [](const R& r, std::span<double> o) { o[0] = mean(r.netizens.risk, r.netizens.netizens); }},
    {"mean_trust", "[0,1]", "mean trust in government tau", "",
     [](const R& r, std::span<double> o) { o[0] = mean(r.netizens.trust, r.netizens.netizens); }},
    {"mean_literacy", "[0,1]", "mean literacy l", "",
     [](const R& r, std::span<double> o) { o[0] = mean(r.netizens.literacy, r.netizens.netizens); }},
    // Rumours.
    {"rumour_susceptible", "netizens", "rumour state S", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.rumour[0]); }},
    {"rumour_believers", "netizens", "rumour state I (believe and spread)", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.rumour[1]); }},
    {"rumour_recovered", "netizens", "rumour state R (rejected, debunked, stopped)", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.rumour[2]); }},
    {"new_believers", "netizens", "S -> I this step (transmission and seeding)", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.new_believers); }},
    {"rumour_reach", "netizens", "cumulative: netizens who have ever believed a rumour", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.ever_believed); }},
    {"rumour_rejected", "netizens", "participants who spotted and rejected a rumour this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.rejected); }},
    {"rumour_debunked", "netizens", "believers converted by debunking neighbours this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.debunked); }},
    {"rumour_refuted", "netizens", "believers converted by official refutation this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.refuted); }},
    // Fraud and data exposure.
    {"fraud_attempts", "attempts", "fraud attempts this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.attempts); }},
    {"fraud_intercepted", "attempts", "attempts intercepted by platform warnings", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.intercepted); }},
    {"fraud_successes", "victims", "successful frauds this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.successes); }},
    {"fraud_victims_by_age", "victims", "successful frauds this step by age group", "age_group",
     [](const R& r, std::span<double> o) {
       for (int g = 0; g < model::kAgeGroups; ++g) o[g] = u(r.netizens.victims_by_age[g]);
     }},
    {"fraud_losses", "yuan", "losses this step", "",
     [](const R& r, std::span<double> o) {
       o[0] = 0;
       for (double x : r.netizens.loss_by_age) o[0] += x;
     }},
    {"fraud_losses_by_age", "yuan", "losses this step by age group", "age_group",
     [](const R& r, std::span<double> o) {
       for (int g = 0; g < model::kAgeGroups; ++g) o[g] = r.netizens.loss_by_age[g];
     }},
    {"recently_victimised", "netizens", "netizens victimised within the last W days", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.recently_victimised); }},
    {"exposed_netizens", "netizens", "netizens whose data have been exposed in a breach", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.exposed); }},
    {"newly_exposed", "netizens", "netizens exposed this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.newly_exposed); }},
    // Reports and government.
    {"reports_filed", "reports", "reports filed this step (victims and participants)", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.reports); }},
    {"victim_reports", "reports", "reports filed by victims this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.victim_reports); }},
    {"reports_handled", "reports", "reports handled by government units this step", "",
     [](const R& r, std::span<double> o) { o[0] = r.government.handled; }},
    {"reports_waiting", "reports", "reports waiting in all queues after this step", "",
     [](const R& r, std::span<double> o) { o[0] = r.government.waiting; }},
    {"mean_disruption", "factor", "mean county fraud disruption factor D_c (1 = undisrupted)", "",
     [](const R& r, std::span<double> o) { o[0] = r.government.mean_disruption; }},
    // Enterprises.
    {"enterprise_participation_share", "share", "participating / operating enterprises", "",
     [](const R& r, std::span<double> o) { o[0] = share(r.enterprises.participants, r.enterprises.active); }},
    {"enterprise_participation_by_type", "share", "participation within each enterprise type", "enterprise_type",
     [](const R& r, std::span<double> o) {
       for (int k = 0; k < model::kEnterpriseTypes; ++k) o[k] = share(r.enterprises.by_type[k], r.enterprises.type_count[k]);
     }},
    {"mean_security", "[0,1]", "mean true security of operating enterprises", "",
     [](const R& r, std::span<double> o) { o[0] = mean(r.enterprises.security, r.enterprises.active); }},
    {"mean_declared_security", "[0,1]", "mean declared security of operating enterprises", "",
     [](const R& r, std::span<double> o) { o[0] = mean(r.enterprises.declared, r.enterprises.active); }},
    {"open_vulnerabilities", "vulnerabilities", "open vulnerabilities of operating enterprises", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.enterprises.vulnerabilities); }},
    {"breaches", "breaches", "enterprises breached this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.enterprises.breaches); }},
    {"inspections", "inspections", "inspections this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.enterprises.inspections); }},
    {"sanctions", "findings", "inspection findings (sanctions) this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.enterprises.findings); }},
    {"deceptive_found", "findings", "findings at deceptive firms this step", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.enterprises.deceptive_found); }},
    {"sanction_levels", "enterprises", "enterprises at each sanction level", "sanction_level",
     [](const R& r, std::span<double> o) {
       for (int k = 0; k < 4; ++k) o[k] = u(r.enterprises.sanction_level[k]);
     }},
    // NGOs and self-organisation.
    {"active_ngos", "NGOs", "active NGOs", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.ngos.active); }},
    {"active_ngos_by_origin", "NGOs", "active NGOs, state-organised and self-organised", "ngo_origin",
     [](const R& r, std::span<double> o) { o[0] = u(r.ngos.active_state), o[1] = u(r.ngos.active_self); }},
    {"funded_ngos", "NGOs", "NGOs funded by social mobilisation", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.ngos.funded); }},
    {"formed_groups", "groups", "grids whose self-organised group has formed", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.ngos.formed_groups); }},
    {"trained", "netizens", "netizens trained this step (NGOs and policies)", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.trained); }},
    {"moderators", "netizens", "appointed grid moderators", "",
     [](const R& r, std::span<double> o) { o[0] = u(r.netizens.moderators); }},
    // Budget.
    {"spending_total", "yuan", "cumulative spending of all policies", "",
     [](const R& r, std::span<double> o) { o[0] = r.spending_total; }},
    {"budget_left", "yuan", "government budget left", "",
     [](const R& r, std::span<double> o) { o[0] = r.budget_left; }},
    {"shocks_active", "shocks", "exogenous shocks active this step", "",
     [](const R& r, std::span<double> o) { o[0] = r.shocks_active; }},
};

struct Dimension {
  const char* name;
  std::vector<std::string> labels;
};

const std::vector<Dimension>& dimensions() {
  static const std::vector<Dimension> dims{
      {"age_group", {"minor", "young", "middle", "senior"}},
      {"region", {"rural", "urban"}},
      {"enterprise_type", {"platform", "app", "access", "infrastructure"}},
      {"sanction_level", {"none", "summons", "rectification", "removed"}},
      {"ngo_origin", {"state", "self"}},
  };
  return dims;
}

std::size_t columns_of(const SeriesDef& d) {
  for (const auto& dim : dimensions()) {
    if (dim.name == std::string_view(d.dimension)) return dim.labels.size();
  }
  return 1;
}

}  // namespace

std::span<const SeriesDef> series_table() {
  return kSeries;
}

Recorder::Recorder(io::H5Output& out, const Simulation& sim) : out_(out) {
  for (const auto& dim : dimensions()) out_.define_dimension(dim.name, dim.labels);
  for (const auto& d : kSeries)
    ids_.push_back(out_.add_series({d.name, d.units, d.description, d.dimension}));
  with_policies_ = sim.policies().size() > 0;
  if (with_policies_) {
    out_.define_dimension("policy", sim.policies().names());
    spending_series_ = out_.add_series(
        {"spending_by_policy", "yuan", "charge of each policy this step", "policy"});
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
    kSeries[k].read(sim.record(), values);
    out_.append(ids_[k], values);
  }
  if (with_policies_) out_.append(spending_series_, sim.record().spending);
  if (by_grid_) record_grids(sim);
  out_.end_step(sim.steps_done(), sim.day());
  if (std::find(snapshot_steps_.begin(), snapshot_steps_.end(), sim.steps_done()) !=
      snapshot_steps_.end()) {
    snapshot(sim);
  }
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
  out_.write_array<std::uint8_t>(g.get(), "age_group", p.age, "index",
                                 "0 minor, 1 young, 2 middle, 3 senior");
  out_.write_array<std::uint8_t>(g.get(), "flags", p.flags, "bits",
                                 "1 party member, 2 urban, 4 moderator, 8 NGO member");
  out_.write_array<float>(g.get(), "literacy", p.literacy, "[0,1]", "literacy l");
  out_.write_array<float>(g.get(), "altruism", p.altruism, "[0,1]", "altruism alpha");
  out_.write_array<float>(g.get(), "fatigue", p.fatigue, "[0,1]", "fatigue f");
  out_.write_array<float>(g.get(), "perceived_risk", p.risk, "[0,1]", "perceived risk r");
  out_.write_array<float>(g.get(), "trust", p.trust, "[0,1]", "trust tau");
  out_.write_array<float>(g.get(), "loss", p.loss, "yuan", "cumulative fraud loss");
  out_.write_array<std::uint8_t>(g.get(), "rumour_state", p.rumour, "index",
                                 "0 susceptible, 1 believer, 2 recovered");
  out_.write_array<std::uint8_t>(g.get(), "exposed", p.exposed, "0/1", "data exposed in a breach");
  out_.write_array<std::uint32_t>(g.get(), "grid", p.grid, "index", "grid of residence");
}

}  // namespace cogov::run
