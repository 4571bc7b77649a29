// Experiment files: schema, loading, expansion into runs.

#include "cogov/io/experiment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <set>
#include <sstream>
#include <tuple>

#include "cogov/core/error.hpp"
#include "cogov/core/rng.hpp"
#include "cogov/core/spec.hpp"
#include "cogov/io/memory_budget.hpp"
#include "cogov/io/scenario.hpp"
#include "toml_reader.hpp"

namespace cogov::io {

namespace {

using core::Option;
using core::Range;

constexpr Option<SweepKind> kSweepKinds[] = {{"none", SweepKind::none},
                                             {"grid", SweepKind::grid},
                                             {"zip", SweepKind::zip},
                                             {"random", SweepKind::random},
                                             {"latin_hypercube", SweepKind::latin_hypercube}};

template <class V>
void visit_experiment(V& v, ExperimentConfig& e, std::vector<std::string>& until) {
  v.section("experiment", "the experiment", [&] {
    v.value("name", e.name, {Range::any(), "", "name (labels the index)"});
    v.value("description", e.description, {Range::any(), "", "free text"});
    v.path("base", e.base, {Range::any(), "", "base scenario file, relative to this file"});
    v.value("replicates", e.replicates,
            {Range::between(1, 100000), "runs", "replicates per variant and point"});
    v.value("seed", e.seed,
            {Range::at_least(0), "", "replicate r runs with seed + r in every variant"});
    v.value("set", e.sets, {Range::any(), "", "overrides for every run, \"key=value\""});
    v.check(!e.base.empty(), "experiment.base", "must name the base scenario");
  });
  v.table_array(
      "variant", "a named variant (none: the base alone)", e.variants, [&](VariantConfig& x) {
        v.value("name", x.name, {Range::any(), "", "label"});
        v.path("scenario", x.scenario, {Range::any(), "", "scenario file instead of the base"});
        v.value("set", x.sets, {Range::any(), "", "overrides, \"key=value\""});
        v.value("remove", x.remove,
                {Range::any(), "",
                 "entries to drop after all overrides and sweep values, \"policy.<name>\""});
      });
  v.section("sweep", "parameter sweep", [&] {
    v.choice("kind", e.sweep, kSweepKinds, "none, grid, zip, random or latin_hypercube");
    v.value("samples", e.samples,
            {Range::between(1, 1000000), "points", "points of random and latin_hypercube"});
    v.table_array("parameter", "a swept key", e.parameters, [&](SweepParameter& p) {
      v.value("key", p.key, {Range::any(), "", "scenario key"});
      v.literals("values", p.values);
      v.value("min", p.min, {Range::any(), "", "lower bound (random, latin_hypercube)"});
      v.value("max", p.max, {Range::any(), "", "upper bound (random, latin_hypercube)"});
    });
  });
  v.section("stopping", "replicates added in rounds until every paired interval is narrow", [&] {
    v.value("until", until,
            {Range::any(), "", "targets, \"SERIES[LABEL]:STAT=±X%\" or \"...=±X\" (absolute)"});
    v.value(
        "max_replicates", e.stopping.max_replicates,
        {Range::between(0, 100000), "runs", "at most this many replicates (0: 10 x replicates)"});
    v.value("round", e.stopping.round,
            {Range::between(0, 100000), "runs", "replicates added per round (0: replicates)"});
    v.value("min_replicates", e.stopping.min_replicates,
            {Range::between(2, 100000), "runs", "fewest pairs that may stop the sweep"});
    v.value("level", e.stopping.level,
            {Range::between(0.5, 0.999), "", "confidence level of the intervals"});
  });
}

using Point = std::vector<std::pair<std::string, SweepValue>>;

SweepValue number(double x) {
  return {fmt::format("{}", x), fmt::format("{}", x)};
}

/// Sweep points: each a list of (key, value).
std::vector<Point> sweep_points(const ExperimentConfig& e) {
  std::vector<Point> points;
  const auto& ps = e.parameters;
  switch (e.sweep) {
    case SweepKind::none:
      points.emplace_back();
      break;
    case SweepKind::grid: {
      points.emplace_back();
      for (const auto& p : ps) {
        std::vector<Point> next;
        for (const auto& point : points) {
          for (const SweepValue& x : p.values) {
            auto q = point;
            q.emplace_back(p.key, x);
            next.push_back(std::move(q));
          }
        }
        points = std::move(next);
      }
      break;
    }
    case SweepKind::zip: {
      const std::size_t n = ps.empty() ? 0 : ps[0].values.size();
      for (std::size_t k = 0; k < n; ++k) {
        Point point;
        point.reserve(ps.size());
        for (const auto& p : ps) point.emplace_back(p.key, p.values[k]);
        points.push_back(std::move(point));
      }
      break;
    }
    case SweepKind::random:
    case SweepKind::latin_hypercube: {
      const std::uint32_t n = e.samples;
      // Latin hypercube: each parameter's range is cut into n strata, each used once, in an
      // order shuffled by the seed.
      std::vector<std::vector<std::uint32_t>> strata(ps.size());
      for (std::size_t j = 0; j < ps.size(); ++j) {
        strata[j].resize(n);
        std::iota(strata[j].begin(), strata[j].end(), 0u);
        core::Stream rng(e.seed, core::AgentKind::world, static_cast<std::uint32_t>(j), 0,
                         core::Purpose::sweep_sample);
        for (std::uint32_t k = n; k > 1; --k) std::swap(strata[j][k - 1], strata[j][rng.below(k)]);
      }
      for (std::uint32_t k = 0; k < n; ++k) {
        Point point;
        for (std::size_t j = 0; j < ps.size(); ++j) {
          core::Stream rng(e.seed, core::AgentKind::world, k, static_cast<std::uint32_t>(j + 1),
                           core::Purpose::sweep_sample);
          const double u =
              e.sweep == SweepKind::random ? rng.uniform53() : (strata[j][k] + rng.uniform53()) / n;
          point.emplace_back(ps[j].key, number(ps[j].min + u * (ps[j].max - ps[j].min)));
        }
        points.push_back(std::move(point));
      }
      break;
    }
  }
  return points;
}

constexpr std::size_t kMaxLabel = 64;

/// Letters, digits, spaces, '_', '-' and '.': a label that needs no quoting in index.csv,
/// file names or a terminal (a newline in a variant name would break every --resume).
bool plain_label(std::string_view s) {
  if (s.empty() || s.size() > kMaxLabel || s.front() == ' ' || s.back() == ' ') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ' ';
  });
}

/// What each sweep kind needs of its parameters: grid and zip a non-empty list of values
/// (an empty one plans 0 runs), random and latin_hypercube a written min <= max (no silent
/// [0, 1]); every key is named and string values hold no control characters (they go to the
/// index as they are).
void check_sweep(detail::TomlReader& reader, const toml::table& table, const ExperimentConfig& e) {
  const bool sampled = e.sweep == SweepKind::random || e.sweep == SweepKind::latin_hypercube;
  for (std::size_t k = 0; k < e.parameters.size(); ++k) {
    const SweepParameter& p = e.parameters[k];
    const std::string at = fmt::format("sweep.parameter[{}]", k);
    const auto written = [&](std::string_view key) {
      return table.at_path(fmt::format("{}.{}", at, key)).node() != nullptr;
    };
    reader.check(!p.key.empty(), at + ".key", "must name the scenario key to sweep");
    if (sampled) {
      reader.check(written("min") && written("max"), at,
                   fmt::format("sweep.kind = \"{}\" draws each value between min and max: both "
                               "are required",
                               e.sweep == SweepKind::random ? "random" : "latin_hypercube"));
      reader.check(
          !written("values"), at + ".values",
          "values are for grid and zip sweeps; random and latin_hypercube use min and max");
      reader.check(p.min <= p.max, at + ".min", fmt::format("must be <= max ({})", p.max));
    } else if (e.sweep == SweepKind::grid || e.sweep == SweepKind::zip) {
      reader.check(written("values"), at,
                   "a grid or zip sweep needs values = [...] (min and max are for random and "
                   "latin_hypercube)");
      reader.check(!written("values") || !p.values.empty(), at + ".values",
                   "the experiment plans 0 runs: an empty list of values gives the sweep no "
                   "points");
    }
    for (const SweepValue& x : p.values) {
      const bool plain = std::none_of(x.shown.begin(), x.shown.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      });
      reader.check(plain, at + ".values",
                   "a value holds a control character (newline, tab...): values are recorded "
                   "in index.csv as written");
    }
  }
}

/// Replicate r runs with seed + r: the largest must still be a scenario seed (a TOML
/// integer), checked when the runs are planned rather than when the last one starts.
void check_seeds(const ExperimentConfig& e, std::uint32_t replicates) {
  std::uint32_t most = std::max(e.replicates, replicates);
  if (e.stopping.active())
    most = std::max(most,
                    e.stopping.max_replicates > 0 ? e.stopping.max_replicates : 10 * e.replicates);
  constexpr auto kMaxSeed = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (most == 0 || e.seed <= kMaxSeed - (most - 1)) return;
  throw ExperimentError({fmt::format(
      "{}: experiment.seed = {}: replicate r runs with seed + r, and with up to {} replicates "
      "the last seed would exceed {} (the largest seed); use a seed of at most {}",
      e.source.string(), e.seed, most, kMaxSeed, kMaxSeed - (most - 1))});
}

}  // namespace

namespace {

ExperimentConfig read_experiment(const std::filesystem::path& path) {
  const std::string text = detail::read_config_text(path, "experiment");
  toml::table table;
  try {
    table = toml::parse(text, path.string());
  } catch (const toml::parse_error& err) {
    throw ConfigError(
        {fmt::format("{}:{}:{}: not valid TOML: {}", path.string(), err.source().begin.line,
                     err.source().begin.column, err.description())});
  }
  ExperimentConfig e;
  std::vector<std::string> errors, until;
  detail::TomlReader reader(table, errors);
  visit_experiment(reader, e, until);
  for (const auto& target : until) {
    try {
      e.stopping.targets.push_back(parse_stopping_target(target));
    } catch (const std::invalid_argument& err) {
      reader.check(false, "stopping.until", err.what());
    }
  }
  reader.report_unknown();
  check_sweep(reader, table, e);
  for (std::size_t k = 0; k < e.variants.size(); ++k) {
    if (!e.variants[k].name.empty() && !plain_label(e.variants[k].name)) {  // empty: variant<k>
      reader.check(false, fmt::format("variant[{}].name", k),
                   fmt::format("a variant name is 1 to {} letters, digits, spaces, '_', '-' or "
                               "'.' (it labels index.csv rows, file names and the plan)",
                               kMaxLabel));
    }
  }
  reader.check(e.name.empty() || plain_label(e.name), "experiment.name",
               fmt::format("an experiment name is 1 to {} letters, digits, spaces, '_', '-' or "
                           "'.' (it labels the index)",
                           kMaxLabel));
  std::set<std::string> names;
  for (std::size_t k = 0; k < e.variants.size(); ++k) {
    if (e.variants[k].name.empty()) e.variants[k].name = fmt::format("variant{}", k);
    if (!names.insert(e.variants[k].name).second) {
      errors.push_back(
          fmt::format("{}: variant name '{}' is used twice", path.string(), e.variants[k].name));
    }
  }
  if (e.sweep == SweepKind::zip) {
    for (const auto& p : e.parameters) {
      if (!e.parameters.empty() && p.values.size() != e.parameters[0].values.size()) {
        errors.push_back(fmt::format("{}: sweep.parameter '{}': zip needs lists of equal length",
                                     path.string(), p.key));
      }
    }
  }
  if (e.sweep != SweepKind::none && e.parameters.empty()) {
    errors.push_back(
        fmt::format("{}: sweep.kind is set but there is no [[sweep.parameter]]", path.string()));
  }
  if (!errors.empty()) throw ConfigError(std::move(errors));
  e.source = path;
  return e;
}

}  // namespace

ExperimentConfig load_experiment(const std::filesystem::path& path) {
  try {
    return read_experiment(path);
  } catch (const ExperimentError&) {
    throw;
  } catch (const ConfigError& err) {
    throw ExperimentError(err.problems());
  }
}

std::vector<PlannedRun> plan_experiment(const ExperimentConfig& e,
                                        std::vector<std::string>* warnings,
                                        std::uint32_t replicates) {
  check_plan_memory(e, replicates);  // before anything grows with the plan
  check_seeds(e, replicates);
  std::vector<VariantConfig> variants = e.variants;
  if (variants.empty()) variants.push_back({"base", "", {}, {}});
  const auto points = sweep_points(e);
  std::vector<PlannedRun> runs;
  std::vector<std::string> errors;
  for (const auto& variant : variants) {
    for (std::uint32_t point = 0; point < points.size(); ++point) {
      PlannedRun proto;
      proto.variant = variant.name;
      proto.point = point;
      proto.scenario = variant.scenario.empty() ? e.base : variant.scenario;
      proto.sets = e.sets;
      proto.sets.insert(proto.sets.end(), variant.sets.begin(), variant.sets.end());
      for (const auto& [key, value] : points[point]) {
        proto.sets.push_back(key + "=" + value.toml);
        proto.parameters.emplace_back(key, value.shown);
      }
      proto.sets.insert(proto.sets.end(), e.command_sets.begin(), e.command_sets.end());
      proto.command_sets = e.command_sets;
      for (const auto& r : variant.remove) proto.sets.push_back("remove=" + r);
      try {
        const Scenario s = load_scenario(proto.scenario, proto.sets);
        for (const auto& w : s.warnings) {
          if (warnings && std::find(warnings->begin(), warnings->end(), w) == warnings->end())
            warnings->push_back(w);
        }
      } catch (const ConfigError& err) {
        for (const auto& p : err.problems())
          errors.push_back(fmt::format("variant '{}', point {}: {}", variant.name, point, p));
        continue;
      }
      for (std::uint32_t r = 0; r < e.replicates; ++r) {
        PlannedRun run = proto;
        run.id = static_cast<std::uint32_t>(runs.size());
        run.replicate = r;
        run.seed = e.seed + r;
        run.sets.push_back(fmt::format("seed={}", run.seed));
        runs.push_back(std::move(run));
      }
    }
  }
  if (!errors.empty()) throw ExperimentError(std::move(errors));
  // Rounds beyond the first: replicate-major, so adding a round never renumbers a run.
  const std::size_t cells = runs.size() / e.replicates;
  for (std::uint32_t r = e.replicates; r < replicates; ++r) {
    for (std::size_t cell = 0; cell < cells; ++cell) {
      PlannedRun run = runs[cell * e.replicates];
      run.id = static_cast<std::uint32_t>(r * cells + cell);
      run.replicate = r;
      run.seed = e.seed + r;
      run.sets.back() = fmt::format("seed={}", run.seed);
      runs.push_back(std::move(run));
    }
  }
  return runs;
}

void check_data_files(const std::vector<PlannedRun>& runs) {
  std::set<std::tuple<std::string, std::uint32_t, int>> seen;
  // The replicates of a cell differ only in their seed: one load per (variant, point).
  std::set<std::pair<std::string, std::uint32_t>> cells;
  for (const PlannedRun& run : runs) {
    if (!cells.insert({run.variant, run.point}).second) continue;
    const Scenario s = load_scenario(run.scenario, run.sets);
    if (s.graph.model != graph::model_of<graph::File>) continue;
    const auto& file = s.graph.get<graph::File>();
    if (seen.insert({file.path, s.population.netizens, file.id_base}).second) check_data_files(s);
  }
}

}  // namespace cogov::io
