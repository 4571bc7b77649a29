// usable_cpus: the affinity mask capped by the cgroup v2 quota (cpu.max).

#include <sched.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "cogov/core/cpus.hpp"

namespace fs = std::filesystem;
using cogov::core::cpu_max_limit;
using cogov::core::usable_cpus;

TEST_CASE("cpu.max quota: quota / period rounded up, max is no limit", "[cpus]") {
  CHECK(cpu_max_limit("200000 100000") == 2);
  CHECK(cpu_max_limit("150000 100000\n") == 2);
  CHECK(cpu_max_limit("50000 100000") == 1);
  CHECK_FALSE(cpu_max_limit("max 100000").has_value());
  CHECK_FALSE(cpu_max_limit("").has_value());
  CHECK_FALSE(cpu_max_limit("x 100000").has_value());
  CHECK_FALSE(cpu_max_limit("100000 0").has_value());
}

TEST_CASE("usable_cpus follows the affinity mask and a cgroup quota", "[cpus]") {
  cpu_set_t set;
  CPU_ZERO(&set);
  REQUIRE(sched_getaffinity(0, sizeof set, &set) == 0);
  const int mask = CPU_COUNT(&set);
  const fs::path none = fs::temp_directory_path() / ("cogov-no-cgroup-" + std::to_string(getpid()));
  CHECK(usable_cpus(none) == mask);
  // A quota of 1.5 CPUs at the cgroup root caps it at 2 (rounded up), or the mask if smaller.
  const fs::path root = fs::temp_directory_path() / ("cogov-cgroup-" + std::to_string(getpid()));
  fs::create_directories(root);
  std::ofstream(root / "cpu.max") << "150000 100000\n";
  CHECK(usable_cpus(root) == std::min(mask, 2));
  std::ofstream(root / "cpu.max") << "50000 100000\n";
  CHECK(usable_cpus(root) == 1);
  fs::remove_all(root);
}
