#pragma once
// The CPUs this process may use: its affinity mask (taskset, a batch scheduler's binding)
// and the cgroup v2 CPU quota (containers, systemd slices), not the machine's core count.

#include <filesystem>
#include <optional>
#include <string_view>

namespace cogov::core {

/// CPUs this process may run on at once: the size of its affinity mask, capped by the
/// cgroup v2 quota (cpu.max, quota / period rounded up) of its cgroup and every parent;
/// at least 1. `cgroup_root` is where cgroup v2 is mounted.
int usable_cpus(const std::filesystem::path& cgroup_root = "/sys/fs/cgroup");

/// The CPUs a cgroup v2 cpu.max line allows ("200000 100000" -> 2, "150000 100000" -> 2),
/// or nothing when unlimited ("max 100000") or unreadable.
std::optional<int> cpu_max_limit(std::string_view cpu_max);

}  // namespace cogov::core
