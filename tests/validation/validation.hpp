#pragma once
// Shared pieces of the validation suite: presets from scenarios/validation/ (the same
// loader users go through), tables written as CSV for docs/validation.md, root finding.

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "cogov/io/scenario.hpp"

namespace cogov::validation {

inline io::Scenario preset(const std::string& name, const std::vector<std::string>& sets = {}) {
  return io::load_scenario(
      std::filesystem::path(COGOV_SOURCE_DIR) / "scenarios" / "validation" / (name + ".toml"),
      sets);
}

/// A table of expected against measured values; written to $COGOV_VALIDATION_OUT/<name>.csv
/// when that variable is set (scripts/validation-report.sh sets it).
class Table {
 public:
  Table(std::string name, std::vector<std::string> columns)
      : name_(std::move(name)), columns_(std::move(columns)) {}
  ~Table() {
    const char* dir = std::getenv("COGOV_VALIDATION_OUT");
    if (!dir || !*dir) return;
    std::filesystem::create_directories(dir);
    std::ofstream out(std::filesystem::path(dir) / (name_ + ".csv"));
    for (std::size_t k = 0; k < columns_.size(); ++k) out << (k ? "," : "") << columns_[k];
    out << "\n";
    for (const auto& row : rows_) {
      for (std::size_t k = 0; k < row.size(); ++k)
        out << (k ? "," : "") << fmt::format("{:.6g}", row[k]);
      out << "\n";
    }
  }
  void add(std::vector<double> row) { rows_.push_back(std::move(row)); }

 private:
  std::string name_;
  std::vector<std::string> columns_;
  std::vector<std::vector<double>> rows_;
};

/// Root of f on [lo, hi] by bisection (f(lo) and f(hi) of opposite signs).
inline double bisect(const std::function<double(double)>& f, double lo, double hi) {
  double flo = f(lo);
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    const double fm = f(mid);
    if ((fm < 0) == (flo < 0)) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

inline double poisson_pmf(int k, double z) {
  return std::exp(k * std::log(z) - z - std::lgamma(k + 1.0));
}

}  // namespace cogov::validation
