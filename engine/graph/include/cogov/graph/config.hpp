#pragma once
// The table of social-layer generators (docs/model.md section 3.1): one row each. The
// scenario reader, explain, the reference, the JSON Schema, the builder, the memory estimate
// and the program's messages all read it. Adding a generator: its header in generators/,
// its source in src/generators/, and its row here.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

#include <fmt/format.h>

#include "cogov/core/spec.hpp"
#include "cogov/graph/generators/barabasi_albert.hpp"
#include "cogov/graph/generators/community.hpp"
#include "cogov/graph/generators/configuration.hpp"
#include "cogov/graph/generators/erdos_renyi.hpp"
#include "cogov/graph/generators/file.hpp"
#include "cogov/graph/generators/gnm.hpp"
#include "cogov/graph/generators/stochastic_block.hpp"
#include "cogov/graph/generators/watts_strogatz.hpp"

namespace cogov::graph {

/// Which generator builds the social layer: its row in the table.
struct GraphModel {
  std::uint8_t index = 0;
  friend constexpr bool operator==(GraphModel, GraphModel) = default;
};

template <class... Generators>
struct GeneratorList {
  static constexpr std::size_t size = sizeof...(Generators);
  /// Every generator's parameters (a scenario keeps them all; graph.model picks one).
  using Configs = std::tuple<typename Generators::Config...>;

  /// The model of generator G.
  template <class G>
  static constexpr GraphModel model() {
    std::uint8_t k = 0, found = 0;
    ((std::is_same_v<G, Generators> ? (found = k, ++k) : ++k), ...);
    return {found};
  }
  /// The models as scenario choices, by name.
  static constexpr std::array<core::Option<GraphModel>, size> options() {
    std::uint8_t k = 0;
    return {core::Option<GraphModel>{Generators::name, GraphModel{k++}}...};
  }
  static constexpr std::array<std::string_view, size> names{Generators::name...};

  template <class F>
  static void for_each(F&& f) {
    (f.template operator()<Generators>(), ...);
  }
  /// f.template operator()<G>() for the generator of `model`.
  template <class F>
  static decltype(auto) visit(GraphModel model, F&& f) {
    std::uint8_t k = 0;
    ((model.index == k++ ? (f.template operator()<Generators>(), 0) : 0), ...);
  }
};

using Generators = GeneratorList<Community, ErdosRenyi, Gnm, BarabasiAlbert, WattsStrogatz,
                                 StochasticBlock, Configuration, File>;

template <class G>
inline constexpr GraphModel model_of = Generators::model<G>();

inline constexpr auto kGraphModels = Generators::options();

struct GraphConfig {
  GraphModel model = model_of<Community>;
  Generators::Configs configs;

  /// Generator G's parameters.
  template <class G>
  typename G::Config& get() {
    return std::get<typename G::Config>(configs);
  }
  template <class G>
  const typename G::Config& get() const {
    return std::get<typename G::Config>(configs);
  }
  std::string_view model_name() const { return Generators::names[model.index]; }
};

/// A parameter of the chosen generator that n vertices cannot meet: the key (a dotted path)
/// and what it allows, or an empty key when the parameters fit. The scenario reader reports
/// it with population.netizens (a BA graph with m >= n is empty, a ring lattice with k >= n
/// does not exist, a mean degree above n - 1 would be silently capped at the complete graph).
struct GraphLimit {
  std::string key{};
  std::string message{};
};

inline GraphLimit graph_limit(const GraphConfig& g, std::uint32_t n) {
  const double most = n > 0 ? static_cast<double>(n) - 1.0 : 0.0;
  const auto at_most = [&](std::string key, double d) -> GraphLimit {
    if (d <= most) return {};
    std::string message = fmt::format(
        "{} ({}) must be at most population.netizens - 1 ({}): a netizen has at most that many "
        "neighbours",
        key, d, most);
    return {std::move(key), std::move(message)};
  };
  const auto below = [&](std::string key, std::uint32_t x, std::string_view why) -> GraphLimit {
    if (x < n) return {};
    std::string message =
        fmt::format("{} ({}) must be below population.netizens ({}): {}", key, x, n, why);
    return {std::move(key), std::move(message)};
  };
  if (g.model == model_of<BarabasiAlbert>)
    return below("graph.barabasi_albert.m", g.get<BarabasiAlbert>().m,
                 "each new netizen links to m earlier ones, the first m + 1 form a star");
  if (g.model == model_of<WattsStrogatz>)
    return below("graph.watts_strogatz.k", g.get<WattsStrogatz>().k,
                 "a ring lattice of degree k needs more than k netizens");
  if (g.model == model_of<ErdosRenyi>)
    return at_most("graph.erdos_renyi.mean_degree", g.get<ErdosRenyi>().mean_degree);
  if (g.model == model_of<Gnm>) return at_most("graph.gnm.mean_degree", g.get<Gnm>().mean_degree);
  if (g.model == model_of<Configuration>) {
    const auto& c = g.get<Configuration>();
    return c.distribution == DegreeDistribution::power_law
               ? at_most("graph.configuration.min_degree", c.min_degree)
               : at_most("graph.configuration.mean_degree", c.mean_degree);
  }
  return {};
}

}  // namespace cogov::graph
