// The memory estimate's arithmetic (its agreement with measured RSS is
// tests/run/memory_estimate_test.py): it saturates instead of wrapping, grows with every
// input that allocates, and its refusals name the largest part; plans are counted without
// being expanded.

#include <catch2/catch.hpp>

#include <limits>

#include "cogov/core/error.hpp"
#include "cogov/io/memory_budget.hpp"
#include "cogov/io/scenario.hpp"
#include "cogov/run/memory_estimate.hpp"
#include "cogov/run/world.hpp"

using namespace cogov;
using Catch::Contains;

namespace {

io::Scenario scenario(std::vector<std::string> sets) {
  sets.insert(sets.begin(), "population.netizens=100000");
  return io::parse_scenario("seed = 3\n", "test.toml", sets);
}

double total(std::vector<std::string> sets) {
  return run::estimate_memory(scenario(std::move(sets))).total();
}

/// A scenario with a mean degree the input rules refuse (above n - 1): the estimate is a
/// library function and must still saturate, not wrap, for values set directly.
io::Scenario dense_er(std::uint32_t netizens, double mean_degree) {
  io::Scenario s =
      scenario({"population.netizens=" + std::to_string(netizens), "graph.model=\"erdos_renyi\""});
  s.graph.get<graph::ErdosRenyi>().mean_degree = mean_degree;
  return s;
}

}  // namespace

TEST_CASE("the memory estimate saturates instead of wrapping", "[memory]") {
  const auto s = dense_er(4000000000u, 1e300);
  const run::MemoryEstimate e = run::estimate_memory(s);
  CHECK(e.total() > 1.8e19);
  CHECK(e.saturated() == std::numeric_limits<std::uint64_t>::max());
  CHECK(run::estimate_world_bytes(s) == std::numeric_limits<std::uint64_t>::max());
  CHECK(e.largest().name == "the social graph");
  CHECK(io::format_bytes(e.total()) == "more than 16 EiB");
  CHECK_THROWS_WITH(
      run::require_memory(e, std::uint64_t{1} << 30, "this scenario"),
      Contains("needs more than 16 EiB") && Contains("graph.erdos_renyi.mean_degree"));
}

TEST_CASE("the memory estimate grows with every input that allocates", "[memory]") {
  const double base = total({});
  CHECK(total({"population.netizens=200000"}) > base);
  CHECK(total({"graph.community.online_degree=20"}) > base);
  CHECK(total({"graph.model=\"erdos_renyi\"", "graph.erdos_renyi.mean_degree=100"}) >
        total({"graph.model=\"erdos_renyi\"", "graph.erdos_renyi.mean_degree=10"}));
  CHECK(total({"graph.model=\"barabasi_albert\"", "graph.barabasi_albert.m=40"}) > base);
  CHECK(total({"graph.model=\"watts_strogatz\"", "graph.watts_strogatz.k=80"}) > base);
  CHECK(total({"enterprise.per_100k=100000"}) > base);
  CHECK(total({"enterprise.platforms_per_netizen=20"}) > base);
  CHECK(total({"ngo.members_mean=100000"}) > base);
  CHECK(total({"output.by_grid=true"}) > base);
  CHECK(total({"time.steps=5000"}) > base);
  // A dense ER graph cannot exceed the complete graph.
  CHECK(run::estimate_memory(dense_er(100000, 1e300)).total() ==
        total({"graph.model=\"erdos_renyi\"", "graph.erdos_renyi.mean_degree=99999"}));
}

TEST_CASE("a memory refusal names the largest part and what lowers it", "[memory]") {
  const auto grid = scenario({"territory.grid_size=1", "territory.rural_grid_size=1",
                              "output.by_grid=true", "time.steps=1000"});
  CHECK_THROWS_AS(run::require_memory(run::estimate_memory(grid), 100 << 20, "this scenario"),
                  ResourceError);
  CHECK_THROWS_WITH(run::require_memory(run::estimate_memory(grid), 100 << 20, "this scenario"),
                    Contains("the largest part is the series history") &&
                        Contains("output.by_grid") && Contains("--memory-limit"));
  const auto firms =
      scenario({"enterprise.per_100k=100000", "enterprise.platforms_per_netizen=20"});
  CHECK(run::estimate_memory(firms).largest().name == "enterprises and platform ties");
  CHECK(run::estimate_memory(scenario({"ngo.members_mean=1e300"})).largest().name ==
        "NGOs and memberships");
  // Watts-Strogatz with k >= n: each vertex still brings n - 1 lattice edges to the list.
  io::Scenario ws = scenario({"population.netizens=2000", "graph.model=\"watts_strogatz\""});
  ws.graph.get<graph::WattsStrogatz>().k = 4000000000u;  // refused as input; set directly
  CHECK(run::estimate_memory(ws).total() >
        total({"population.netizens=2000", "graph.model=\"erdos_renyi\"",
               "graph.erdos_renyi.mean_degree=1999"}));
  CHECK_NOTHROW(run::require_memory(run::estimate_memory(scenario({})), 1ull << 40, "x"));
  const run::MemoryEstimate graph_only =
      run::estimate_memory(grid, {.graph_only = true, .checkpoints = false});
  CHECK(graph_only.total() < run::estimate_memory(grid).total());
}

TEST_CASE("a plan is counted and refused without being expanded", "[memory]") {
  io::ExperimentConfig e;
  e.replicates = 5;
  e.variants = {{"a", "", {}, {}}, {"b", "", {}, {}}};
  e.sweep = io::SweepKind::grid;
  for (int k = 0; k < 3; ++k) {
    io::SweepParameter p;
    p.key = "participation.herding";
    for (int v = 0; v < 10; ++v) p.values.push_back({std::to_string(v), std::to_string(v)});
    e.parameters.push_back(p);
  }
  CHECK(io::planned_run_count(e) == 10000);
  CHECK(io::planned_run_count(e, 7) == 14000);
  CHECK_NOTHROW(io::check_plan_memory(e, 0, std::uint64_t{1} << 30));
  for (int k = 0; k < 6; ++k) e.parameters.push_back(e.parameters[0]);  // 10^9 points
  CHECK(io::planned_run_count(e) == 1e10);
  CHECK_THROWS_AS(io::check_plan_memory(e), ConfigError);  // beyond 32-bit run ids
  e.variants.resize(1);
  e.replicates = 1;
  e.parameters.resize(8);  // 10^8 runs
  CHECK_THROWS_WITH(io::check_plan_memory(e, 0, std::uint64_t{1} << 30),
                    Contains("the plan has 100000000 runs"));
  e.sweep = io::SweepKind::latin_hypercube;
  e.samples = 1000;
  CHECK(io::planned_run_count(e) == 1000);
}

TEST_CASE("sizes are printed with units", "[memory]") {
  CHECK(io::format_bytes(512) == "512 bytes");
  CHECK(io::format_bytes(1536) == "1.50 KiB");
  CHECK(io::format_bytes(100.0 * (1 << 20)) == "100.0 MiB");
  CHECK(io::format_bytes(std::numeric_limits<double>::quiet_NaN()) == "more than 16 EiB");
  CHECK(io::format_bytes(1e300) == "more than 16 EiB");
}
