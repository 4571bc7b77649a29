#include "cogov/model/grid_risks.hpp"

#include "cogov/core/parallel.hpp"

namespace cogov::model {

GridRisks count_grid_risks(const Netizens& p, const core::Territory& t,
                           std::uint16_t victim_steps) {
  GridRisks g;
  const std::uint32_t grids = t.grids();
  g.believers.resize(grids);
  g.victims.resize(grids);
  g.loss.resize(grids);
  const std::uint8_t* now = p.visible_now();
  const auto left = static_cast<std::uint16_t>(victim_steps - 1);
  constexpr auto believer = static_cast<std::uint8_t>(RumourState::believer);
  // Each grid summed in id order by one task: the loss sums do not depend on the threads.
  core::for_blocks(
      grids,
      [&](std::size_t b, std::size_t e, std::size_t) {
        for (std::size_t k = b; k < e; ++k) {
          const auto grid = static_cast<std::uint32_t>(k);
          std::uint32_t believers = 0, victims = 0;
          double loss = 0;
          for (std::uint32_t i = t.grid_first(grid); i < t.grid_end(grid); ++i) {
            believers += p.rumour[i] == believer;
            victims += (now[i] & visible::victimised) && p.victim_countdown[i] == left;
            loss += p.loss[i];
          }
          g.believers[k] = believers;
          g.victims[k] = victims;
          g.loss[k] = loss;
        }
      },
      16);
  return g;
}

}  // namespace cogov::model
