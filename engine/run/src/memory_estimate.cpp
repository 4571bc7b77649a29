// The peak of a run is the largest of three moments (each a sum of what is alive then):
//   building the social layer: its edge list and CSR construction arrays (and the territory);
//   building the organisations' layers: the social layer, the agents, a layer under
//     construction;
//   the end of the run: every layer and table, the full series history, a snapshot buffer.
// Each part's size is its share at the end of the run, plus, for the part whose
// construction makes an earlier moment larger, the excess of that moment: the parts sum to
// the peak, and the largest names what to lower. Byte counts per element follow the code
// that allocates them (graph/src/layer.cpp, graph/src/generators/, model/src/build.cpp,
// io/src/h5_output.cpp) and were checked against measured peak RSS
// (tests/run/memory_estimate_test.py).

#include "cogov/run/memory_estimate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "cogov/core/columns.hpp"
#include "cogov/core/error.hpp"
#include "cogov/io/memory_budget.hpp"
#include "cogov/model/enterprises.hpp"
#include "cogov/model/ngos.hpp"
#include "cogov/model/population.hpp"
#include "cogov/run/recorder.hpp"

namespace cogov::run {

namespace {

namespace g = cogov::graph;

/// Libraries, the thread pool, HDF5's caches and a tiny world: the measured RSS of a run
/// of 100 netizens (22.8 MiB), rounded up.
constexpr double kProcessOverhead = 24.0 * 1024 * 1024;

/// Bytes of a table's per-grid columns per grid (both buffers of a double buffer).
template <class Table>
double bytes_per_grid() {
  Table probe;
  double bytes = 0;
  Table::visit_columns(probe, [&](const core::ColumnInfo& info, auto& column) {
    using C = std::remove_cvref_t<decltype(column)>;
    if (info.extent == core::Extent::grids)
      bytes += static_cast<double>(sizeof(core::column_value_t<C>) *
                                   core::detail::ColumnTraits<C>::buffers);
  });
  return bytes;
}

/// A layer's resident CSR arrays: 8-byte offsets, 4-byte targets in both directions.
double csr_bytes(double vertices, double edges) {
  return 8 * vertices + 8 * edges;
}

/// Layer::from_undirected while it runs: the edge list (8 bytes an edge), the counting and
/// row-start arrays and the offsets (8 bytes a vertex each), the columns (both directions).
double csr_build_bytes(double vertices, double edges) {
  return 16 * edges + 24 * vertices;
}

/// Expected grids: netizens over the mean grid size.
double expected_grids(const io::Scenario& s) {
  const auto& t = s.territory;
  const double mean = t.urban_share * std::max(1u, t.grid_size) +
                      (1 - t.urban_share) * std::max(1u, t.rural_grid_size);
  return std::ceil(static_cast<double>(s.population.netizens) / std::max(1.0, mean));
}

struct GraphNeed {
  double edges = 0;     ///< undirected edges in the generated list
  double generate = 0;  ///< bytes while the generator runs (before the CSR build)
  std::string hint;
};

/// Mean household degree: a netizen in a household of k has k - 1 ties, and lives in one
/// of size k with probability proportional to k x share_k.
double household_degree(const g::Community::Config& c) {
  double members = 0, ties = 0;
  for (std::size_t k = 0; k < c.household_shares.size(); ++k) {
    const double size = static_cast<double>(k + 1);
    members += c.household_shares[k] * size;
    ties += c.household_shares[k] * size * (size - 1);
  }
  return members > 0 ? ties / members : 0;
}

/// Edges of a vertex list built by per-vertex blocks: the blocks' lists, then their
/// concatenation while the blocks are freed (glibc keeps part of them).
constexpr double kPerVertexBytesPerEdge = 16;

GraphNeed graph_need(const io::Scenario& s) {
  const double n = s.population.netizens;
  const double most = std::max(0.0, n - 1);  // a simple graph's largest degree
  const auto& gc = s.graph;
  const auto key = [&](std::string_view k) {
    return fmt::format("lower graph.{}.{}", gc.model_name(), k);
  };
  GraphNeed need;
  if (gc.model == g::model_of<g::Community>) {
    const auto& c = gc.get<g::Community>();
    const double degree =
        std::min(most, household_degree(c) + c.grid_degree + c.township_degree + c.online_degree);
    need.edges = n * degree / 2;
    // Online weights and their cumulative sums (16 bytes a netizen); the household list is
    // appended to the others (a copy of both while the vector grows).
    need.generate = 16 * n + 16 * need.edges;
    need.hint = "lower graph.community.grid_degree, township_degree or online_degree";
  } else if (gc.model == g::model_of<g::ErdosRenyi>) {
    need.edges = n * std::min(most, gc.get<g::ErdosRenyi>().mean_degree) / 2;
    need.generate = kPerVertexBytesPerEdge * need.edges;
    need.hint = key("mean_degree");
  } else if (gc.model == g::model_of<g::Gnm>) {
    need.edges = std::min(n * most / 2, n * gc.get<g::Gnm>().mean_degree / 2);
    need.generate = 16 * need.edges;  // the list, resized per round
    need.hint = key("mean_degree");
  } else if (gc.model == g::model_of<g::BarabasiAlbert>) {
    const double m = gc.get<g::BarabasiAlbert>().m;
    need.edges = std::max(0.0, n - m) * m;
    need.generate = 16 * need.edges;  // the list and the endpoint list (2 x 4 bytes an edge)
    need.hint = key("m");
  } else if (gc.model == g::model_of<g::WattsStrogatz>) {
    // Each vertex brings min(k / 2, n - 1) lattice edges: with k >= n the list holds
    // duplicates that only the CSR build merges.
    const std::uint32_t half = gc.get<g::WattsStrogatz>().k / 2;  // the lattice's k / 2 sides
    need.edges = n * std::min<double>(most, half);
    need.generate = kPerVertexBytesPerEdge * need.edges;
    need.hint = key("k");
  } else if (gc.model == g::model_of<g::StochasticBlock>) {
    const auto& c = gc.get<g::StochasticBlock>();
    double total = 0, degree = 0;
    for (double x : c.block_shares) total += x;
    for (std::size_t a = 0; a < c.block_shares.size() && a < c.probabilities.size(); ++a) {
      for (std::size_t b = 0; b < c.block_shares.size() && b < c.probabilities[a].size(); ++b)
        degree += c.block_shares[a] * c.block_shares[b] * c.probabilities[a][b];
    }
    degree = total > 0 ? degree / (total * total) * n : 0;
    need.edges = n * std::min(most, degree) / 2;
    need.generate = kPerVertexBytesPerEdge * need.edges;
    need.hint = "lower graph.stochastic_block.probabilities";
  } else if (gc.model == g::model_of<g::Configuration>) {
    const auto& c = gc.get<g::Configuration>();
    double degree = c.mean_degree;
    if (c.distribution == g::DegreeDistribution::power_law) {
      degree = c.exponent <= 2.0
                   ? c.max_degree
                   : std::min<double>(c.max_degree,
                                      c.min_degree * (c.exponent - 1.0) / (c.exponent - 2.0));
    }
    need.edges = n * std::min(most, degree) / 2;
    // Per-vertex stub offsets, the stubs with their sort keys (16 bytes a stub, two stubs
    // an edge), then the list.
    need.generate = 8 * n + 40 * need.edges;
    need.hint = c.distribution == g::DegreeDistribution::power_law
                    ? "lower graph.configuration.min_degree or max_degree"
                    : key("mean_degree");
  } else if (gc.model == g::model_of<g::File>) {
    // The file's text (read once into a string of its size) and its edges: each line
    // holds two ids of about as many digits as n has (one fewer, to stay on the safe side).
    std::error_code ec;
    const std::filesystem::path path = gc.get<g::File>().path;
    double size = 0;
    if (std::filesystem::is_regular_file(path, ec)) {
      const auto bytes = std::filesystem::file_size(path, ec);
      if (!ec) size = static_cast<double>(bytes);
    }
    const double digits = std::max(1.0, std::floor(std::log10(std::max(1.0, n))));
    need.edges = size / (2 * digits + 2);
    need.generate = size + 16 * need.edges;  // the list grows by doubling: old and new
    need.hint = "use a smaller edge list (graph.file.path)";
  }
  return need;
}

}  // namespace

double MemoryEstimate::total() const {
  double sum = 0;
  for (const auto& p : parts) sum += p.bytes;
  return sum;
}

const MemoryPart& MemoryEstimate::largest() const {
  return *std::max_element(
      parts.begin(), parts.end(),
      [](const MemoryPart& a, const MemoryPart& b) { return a.bytes < b.bytes; });
}

std::uint64_t MemoryEstimate::saturated() const {
  const double t = total();
  constexpr double kMax = 18446744073709551615.0;
  if (!(t < kMax)) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(t);
}

MemoryEstimate estimate_memory(const io::Scenario& s, const MemoryOptions& options) {
  const double n = s.population.netizens;
  const double grids = expected_grids(s);
  const GraphNeed graph = graph_need(s);

  // The social layer: resident CSR, and the graph statistics' labels, BFS queue and wedge
  // sampling arrays (about 20 bytes a netizen) computed once the world stands.
  const double social = csr_bytes(n, graph.edges) + 20 * n;
  const double social_build =
      std::max(graph.generate, csr_build_bytes(n, graph.edges));  // the edge list is in both
  // Territory: grid offsets and flags (grown by doubling); per-grid counts of the step.
  const double territory = 16 * grids;

  MemoryEstimate e;
  e.parts.push_back({"process overhead (libraries, threads, HDF5)", kProcessOverhead, ""});
  if (options.graph_only) {
    e.parts.push_back({"the social graph", std::max(social, social_build), graph.hint});
    e.parts.push_back({"the territory", territory, "raise territory.grid_size"});
    return e;
  }

  // Netizens: their columns, the simulation's per-netizen platform caches (4 + 1 bytes).
  const double netizens = n * (static_cast<double>(model::Netizens::bytes_per_agent()) + 5) +
                          grids * bytes_per_grid<model::Netizens>();

  // Enterprises: columns, per-step interception, moderation and breach arrays (9 bytes);
  // the platform layer (n x platforms_per_netizen ties on netizens + enterprises).
  const double firms = std::max(1.0, std::round(s.enterprise.per_100k * n / 1e5));
  const double platform_edges =
      n * std::min(static_cast<double>(s.enterprise.platforms_per_netizen), firms);
  const double enterprises =
      firms * (static_cast<double>(model::Enterprises::bytes_per_agent()) + 9 + 8) +
      csr_bytes(n + firms, platform_edges);
  // While the platform layer is built: its list, its construction arrays (resident CSR not
  // yet there), and the firms' cumulative weights.
  const double platform_build = 8 * firms + csr_build_bytes(n + firms, platform_edges);

  // NGOs: columns (per NGO and per grid) and the membership layer: members_mean
  // candidates each, accepted with the altruism probability.
  const double ngo_count = std::max(1.0, std::round(s.ngo.per_100k * n / 1e5));
  const double members = ngo_count * s.ngo.members_mean * s.population.altruism_mean;
  const double ngos = ngo_count * static_cast<double>(model::Ngos::bytes_per_agent()) +
                      grids * bytes_per_grid<model::Ngos>() + csr_bytes(n + ngo_count, members);
  // The membership list grows by doubling (old and new copies while it grows).
  const double membership_build = 8 * members + csr_build_bytes(n + ngo_count, members);

  // Per-grid counts (6 x 4 bytes a grid); with per-grid series, the recorder's per-step
  // risks, values and losses (5 x 8 bytes a grid).
  const double grid_counts = territory + grids * (24 + (s.output.by_grid ? 40 : 0));

  // The series history: every row of every series, kept for checkpoints.
  double columns = 2;  // step and day
  for (const auto& d : series_table()) columns += static_cast<double>(d.width);
  const double policies = static_cast<double>(s.policies.size());
  bool triggers = false;
  for (const auto& p : s.policies) triggers = triggers || p.trigger.set();
  if (policies > 0) columns += policies * (triggers ? 4 : 1);
  double widest = 1;  // the series that grows last copies itself: old and new rows alive
  if (s.output.by_grid) columns += 6 * grids, widest = grids;
  const double rows = static_cast<double>(s.time.steps) + 1;
  double series = 8 * rows * (columns + widest);
  if (options.checkpoints) series += 8 * rows * columns;  // a checkpoint copies the history
  // HDF5 chunk buffers of the per-grid datasets (each chunk at most 2^16 values).
  if (s.output.by_grid) series += 6 * 2 * 8.0 * 65536;

  // A snapshot: the participation flags and a compressed column being written.
  const double snapshots = s.output.snapshot_days.empty() ? 0 : n + 8 * n;

  // The moments before the end: building the social layer (only the territory exists),
  // building the platform and membership layers (on top of the social layer and agents).
  const double at_end = social + netizens + enterprises + ngos + grid_counts + series + snapshots;
  const double building_social = territory + social_build;
  const double building_layers =
      territory + csr_bytes(n, graph.edges) + netizens +
      firms * static_cast<double>(model::Enterprises::bytes_per_agent()) +
      std::max(platform_build, enterprises + membership_build);
  const double social_excess = std::max(0.0, building_social - std::max(at_end, building_layers));
  const double layers_excess = std::max(0.0, building_layers - std::max(at_end, building_social));
  // The excess belongs to the layer whose construction made that moment the largest.
  const bool platform_larger = platform_build >= enterprises + membership_build;

  e.parts.push_back({"the social graph", social + social_excess, graph.hint});
  e.parts.push_back({"netizens", netizens, "lower population.netizens"});
  e.parts.push_back({"enterprises and platform ties",
                     enterprises + (platform_larger ? layers_excess : 0),
                     "lower enterprise.per_100k or enterprise.platforms_per_netizen"});
  e.parts.push_back({"NGOs and memberships", ngos + (platform_larger ? 0 : layers_excess),
                     "lower ngo.per_100k or ngo.members_mean"});
  e.parts.push_back({"per-grid counts", grid_counts, "raise territory.grid_size"});
  e.parts.push_back(
      {"the series history", series,
       s.output.by_grid ? "set output.by_grid = false or lower time.steps" : "lower time.steps"});
  e.parts.push_back({"snapshot buffers", snapshots, "lower population.netizens"});
  return e;
}

void require_memory(const MemoryEstimate& e, std::uint64_t limit, std::string_view what) {
  const std::uint64_t available = io::available_memory();
  const std::uint64_t cap = limit > 0 ? limit : available;
  const double need = e.total();
  if (cap == 0 || need <= static_cast<double>(cap)) return;
  const MemoryPart& big = e.largest();
  const std::string size = io::format_bytes(need);
  const bool beyond = size.starts_with("more than");
  throw ResourceError(fmt::format(
      "{} needs {}{} but {} {}; the largest part is {}: {}{}{}{}{}", what, beyond ? "" : "about ",
      size, limit > 0 ? "--memory-limit allows" : "the machine has available",
      io::format_bytes(static_cast<double>(cap)), big.name, io::format_bytes(big.bytes),
      beyond ? "" : " of " + size, big.hint.empty() ? "" : "; ", big.hint,
      limit > 0 ? ", or raise --memory-limit" : ""));
}

}  // namespace cogov::run
