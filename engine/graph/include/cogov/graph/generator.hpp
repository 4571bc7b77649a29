#pragma once
// The shape of a social-layer generator. Each generator is one header in generators/ (its
// typed Config, its scenario keys and its degree for the memory estimate) with its source
// in src/generators/, and one row of the table in config.hpp:
//
//   struct ErdosRenyi {
//     static constexpr std::string_view name, summary;
//     struct Config { ... };                               parameters, with defaults
//     template <class V> static void visit(V&, Config&, bool chosen);   its keys under
//                                               [graph.<name>] (chosen: it is graph.model)
//     static double mean_degree(const Config&, std::uint32_t n);   for the memory estimate
//     static EdgeList generate(const Config&, const GraphContext&);
//   };
//
// Generators are deterministic: every vertex (or edge block) draws from its own stream.

#include <cstdint>

#include "cogov/core/spec.hpp"
#include "cogov/core/territory.hpp"
#include "cogov/graph/layer.hpp"

namespace cogov::graph {

struct GraphContext {
  std::uint32_t n = 0;
  std::uint64_t seed = 0;
  const core::Territory* territory = nullptr;  ///< needed by the community model
};

}  // namespace cogov::graph
