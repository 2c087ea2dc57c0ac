#pragma once
// A readable account of what moved one pair's tension and trust over a period, built from the drivers.
#include <string>

#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

struct ExplainOptions {
  int a = 0, b = 1;           ///< the pair, as actor indices
  double from = -1e18;        ///< first year of the period (default: the start)
  double to = 1e18;           ///< last year (default: the end)
  std::uint64_t run = 0;
};

/// Runs the scenario and explains the pair over the period: tension and each direction's trust, the terms
/// that raised and lowered them (largest first), and the events and incidents that touched the pair.
std::string explain_pair(const Scenario& sc, const ExplainOptions& opts);

}  // namespace statecraft
