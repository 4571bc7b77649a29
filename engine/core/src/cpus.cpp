#include "cogov/core/cpus.hpp"

#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace cogov::core {

namespace fs = std::filesystem;

namespace {

/// CPUs in this process's affinity mask (0 when it cannot be read).
int affinity_cpus() {
  // The mask may be larger than cpu_set_t (more than 1024 CPUs): grow until it fits.
  for (int n = 1024; n <= (1 << 20); n *= 2) {
    cpu_set_t* set = CPU_ALLOC(static_cast<std::size_t>(n));
    if (set == nullptr) return 0;
    const std::size_t size = CPU_ALLOC_SIZE(static_cast<std::size_t>(n));
    CPU_ZERO_S(size, set);
    const int rc = sched_getaffinity(0, size, set);
    const int count = rc == 0 ? CPU_COUNT_S(size, set) : 0;
    CPU_FREE(set);
    if (rc == 0) return count;
    if (errno != EINVAL) return 0;
  }
  return 0;
}

/// This process's cgroup v2 path (the "0::/path" line of /proc/self/cgroup), or "".
std::string own_cgroup() {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("0::", 0) == 0) return line.substr(3);
  }
  return {};
}

std::optional<int> read_cpu_max(const fs::path& file) {
  std::ifstream in(file);
  std::string text;
  if (!std::getline(in, text)) return std::nullopt;
  return cpu_max_limit(text);
}

}  // namespace

std::optional<int> cpu_max_limit(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string quota_text, period_text;
  if (!(in >> quota_text >> period_text) || quota_text == "max") return std::nullopt;
  long long quota = 0, period = 0;
  const auto parse = [](const std::string& s, long long& v) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size() && v > 0;
  };
  if (!parse(quota_text, quota) || !parse(period_text, period)) return std::nullopt;
  const long long cpus = (quota + period - 1) / period;
  return static_cast<int>(std::clamp<long long>(cpus, 1, 1 << 20));
}

int usable_cpus(const fs::path& cgroup_root) {
  int cpus = affinity_cpus();
  if (cpus <= 0) cpus = 1;
  // The quota of the process's cgroup and of each parent up to the root: the smallest
  // binds. In a container the namespace root is the container's own cgroup.
  fs::path dir = cgroup_root;
  if (const auto limit = read_cpu_max(dir / "cpu.max")) cpus = std::min(cpus, *limit);
  for (const auto& part : fs::path(own_cgroup()).relative_path()) {
    if (part.empty() || part == "." || part == "..") continue;
    dir /= part;
    if (const auto limit = read_cpu_max(dir / "cpu.max")) cpus = std::min(cpus, *limit);
  }
  return std::max(1, cpus);
}

}  // namespace cogov::core
