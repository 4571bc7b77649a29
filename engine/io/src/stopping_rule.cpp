// Parsing adaptive-replicate targets: SERIES[LABEL]:STAT=±TOLERANCE[%].

#include "cogov/io/stopping_rule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <regex>
#include <stdexcept>

namespace cogov::io {

namespace {

constexpr const char* kGrammar =
    "expected SERIES[LABEL]:STAT=±TOLERANCE or =±TOLERANCE% (e.g. fraud_successes:total=±2%, "
    "participation_share:auc=±0.5), STAT one of total (or sum), final, mean, peak, peak_day, "
    "auc, day=<d>";

double parse_number(const std::string& s) {
  double x = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (ec != std::errc() || end != s.data() + s.size())
    throw std::invalid_argument(fmt::format("'{}' is not a number", s));
  return x;
}

}  // namespace

std::string StoppingTarget::metric() const {
  const std::string column = label.empty() ? "" : "[" + label + "]";
  const std::string s = stat == "day" ? fmt::format("day={}", day) : stat;
  return series + column + ":" + s;
}

StoppingTarget parse_stopping_target(std::string_view text) {
  // The tolerance follows the last '=' (a "day=90" statistic has its own).
  static const std::regex pattern(
      R"(^([A-Za-z0-9_.]+)(\[([^\]]+)\])?:([a-z_]+)(=([0-9.]+))?=(±|\+-|\+/-)?([0-9.eE+-]+)(%?)$)");
  const std::string s(text);
  std::smatch m;
  if (!std::regex_match(s, m, pattern))
    throw std::invalid_argument(fmt::format("--until '{}': {}", s, kGrammar));
  StoppingTarget t;
  t.text = s;
  t.series = m[1];
  t.label = m[3];
  t.stat = m[4] == "sum" ? std::string("total") : std::string(m[4]);
  static constexpr std::string_view kStats[] = {"total",    "final", "mean", "peak",
                                                "peak_day", "auc",   "day"};
  if (std::find(std::begin(kStats), std::end(kStats), t.stat) == std::end(kStats))
    throw std::invalid_argument(
        fmt::format("--until '{}': unknown statistic '{}'; {}", s, std::string(m[4]), kGrammar));
  if ((t.stat == "day") != m[5].matched)
    throw std::invalid_argument(fmt::format(
        "--until '{}': the statistic day needs its day (day=90), and only it takes one", s));
  try {
    if (t.stat == "day") t.day = parse_number(m[6]);
    t.tolerance = parse_number(m[8]);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("--until '{}': {}; {}", s, e.what(), kGrammar));
  }
  t.relative = m[9].length() > 0;
  if (!(t.tolerance > 0))
    throw std::invalid_argument(fmt::format(
        "--until '{}': the tolerance must be above 0 (the interval's half-width allowed)", s));
  if (t.relative) t.tolerance /= 100;
  return t;
}

}  // namespace cogov::io
