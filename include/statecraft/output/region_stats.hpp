#pragma once
// What the region looks like in one world state: the indicators of region.csv and the alliance blocs. Pure
// functions of the world, shared by the recorder (region.csv, actors.csv's bloc), the outcomes of batches
// and the command line's summary line.
#include <vector>

#include "statecraft/world/world.hpp"

namespace statecraft {

/// Region-wide indicators of one world state (MODEL.md section 8).
struct RegionStats {
  double mean_tension = 0, max_tension = 0, total_milex = 0, arms_growth = 0, sc_index = 0,
         mean_trust = 0, cumulative_risk = 0, incidents = 0, crises = 0, militarized_disputes = 0,
         blocs = 0, largest_bloc = 0, bipolarity = 0;
};
/// Every indicator; without `with_blocs` the three bloc ones (a graph search that allocates) stay 0, and
/// nothing is allocated.
RegionStats region_stats(const World& w, bool with_blocs = true);

/// The bloc of every actor: connected components of the alliance graph with edges above
/// parameters.alliances.bloc_threshold (Boost.Graph), each named by its first member's index.
std::vector<int> blocs(const World& w);

}  // namespace statecraft
