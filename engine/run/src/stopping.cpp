// The stopping rule of adaptive sweeps: outcomes read from the runs' files, paired t
// half-widths, and stopping.csv.

#include "cogov/run/stopping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <sstream>

#include "cogov/core/error.hpp"
#include "cogov/io/h5_summary.hpp"
#include "sweep_index.hpp"

namespace cogov::run {

namespace fs = std::filesystem;

double metric_value(const fs::path& file, const io::StoppingTarget& t) {
  const std::vector<double> y = io::read_series_column(file, t.series, t.label);
  if (y.empty())
    throw InputError(fmt::format("{}: series '{}' has no rows", file.string(), t.series));
  const auto day = [&] { return io::read_series(file, "day"); };
  if (t.stat == "total") return std::accumulate(y.begin(), y.end(), 0.0);
  if (t.stat == "final") return y.back();
  if (t.stat == "mean")
    return std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
  if (t.stat == "peak") return *std::max_element(y.begin(), y.end());
  if (t.stat == "peak_day")
    return day()[static_cast<std::size_t>(std::max_element(y.begin(), y.end()) - y.begin())];
  const std::vector<double> d = day();
  if (d.size() != y.size())
    throw InputError(
        fmt::format("{}: series '{}' and day differ in length", file.string(), t.series));
  if (t.stat == "auc") {  // the trapezoid rule over days, as numpy.trapz
    double area = 0;
    for (std::size_t i = 1; i < y.size(); ++i) area += (d[i] - d[i - 1]) * (y[i] + y[i - 1]) / 2;
    return area;
  }
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (d[i] >= t.day - 1e-9) return y[i];  // stat "day"
  }
  throw InputError(fmt::format("{}: {} ends on day {}, before day {}", file.string(), t.metric(),
                               d.back(), t.day));
}

double t_half_width(std::span<const double> x, double level) {
  const std::size_t n = x.size();
  if (n < 2) return std::numeric_limits<double>::infinity();
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
  double ss = 0;
  for (const double v : x) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / static_cast<double>(n - 1));
  const boost::math::students_t dist(static_cast<double>(n - 1));
  return boost::math::quantile(dist, 0.5 + level / 2) * sd / std::sqrt(static_cast<double>(n));
}

bool precise_enough(std::span<const double> differences, double allowed,
                    const io::StoppingRule& rule) {
  return differences.size() >= rule.min_replicates &&
         t_half_width(differences, rule.level) <= allowed;
}

std::uint32_t next_round(std::uint32_t replicates, std::uint32_t first_round, std::uint32_t most,
                         const io::StoppingRule& rule) {
  return std::min(most, replicates + (rule.round > 0 ? rule.round : first_round));
}

std::vector<StoppingCheck> check_stopping(const std::vector<IndexRow>& rows, const fs::path& outdir,
                                          const io::StoppingRule& rule) {
  std::vector<std::string> variants;
  for (const auto& r : rows) {
    if (std::find(variants.begin(), variants.end(), r.run.variant) == variants.end())
      variants.push_back(r.run.variant);
  }
  const std::string baseline =
      std::find(variants.begin(), variants.end(), "baseline") != variants.end() ? "baseline"
                                                                                : variants.front();
  std::vector<StoppingCheck> checks;
  for (const auto& target : rule.targets) {
    // value[point][variant][replicate]
    std::map<std::uint32_t, std::map<std::string, std::map<std::uint32_t, double>>> value;
    for (const auto& r : rows) {
      if (r.status == "done")
        value[r.run.point][r.run.variant][r.run.replicate] =
            metric_value(outdir / r.output, target);
    }
    for (auto& [point, by_variant] : value) {
      const auto& base = by_variant[baseline];
      for (const auto& variant : variants) {
        if (variant == baseline && variants.size() > 1) continue;
        StoppingCheck c;
        c.target = target.text;
        c.point = point;
        c.variant = variant;
        c.baseline = variants.size() > 1 ? baseline : "";
        std::vector<double> diff, base_values;
        for (const auto& [rep, x] : by_variant[variant]) {
          if (c.baseline.empty()) {
            diff.push_back(x);
            base_values.push_back(x);
          } else if (const auto b = base.find(rep); b != base.end()) {
            diff.push_back(x - b->second);
            base_values.push_back(b->second);
          }
        }
        c.pairs = static_cast<std::uint32_t>(diff.size());
        const auto mean = [](const std::vector<double>& v) {
          return v.empty()
                     ? 0.0
                     : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
        };
        c.baseline_mean = mean(base_values);
        c.mean_difference = mean(diff);
        c.half_width = t_half_width(diff, rule.level);
        c.allowed =
            target.relative ? target.tolerance * std::abs(c.baseline_mean) : target.tolerance;
        c.met = precise_enough(diff, c.allowed, rule);
        checks.push_back(std::move(c));
      }
    }
  }
  return checks;
}

void record_stopping(const fs::path& outdir, std::uint32_t round, std::uint32_t replicates,
                     const std::vector<StoppingCheck>& checks, const std::string& decision) {
  const fs::path path = outdir / "stopping.csv";
  std::string before;
  if (round > 1) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    before = text.str();
  }
  if (before.empty())
    before =
        "round,replicates,target,point,variant,baseline,pairs,baseline_mean,mean_difference,"
        "half_width,allowed,met,decision\n";
  std::ostringstream rows;
  for (const auto& c : checks) {
    rows << round << "," << replicates << "," << detail::csv_field(c.target) << "," << c.point
         << "," << detail::csv_field(c.variant) << "," << detail::csv_field(c.baseline) << ","
         << c.pairs << ","
         << fmt::format("{:.10g},{:.10g},{:.10g},{:.10g}", c.baseline_mean, c.mean_difference,
                        c.half_width, c.allowed)
         << "," << (c.met ? "yes" : "no") << "," << decision << "\n";
  }
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp);
    out << before << rows.str();
    if (!out) throw IoError(fmt::format("{}: cannot write", tmp.string()));
  }
  fs::rename(tmp, path);
}

}  // namespace cogov::run
