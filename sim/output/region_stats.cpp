#include "statecraft/output/region_stats.hpp"

#include <algorithm>
#include <cmath>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

namespace statecraft {

std::vector<int> blocs(const World& w) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  Graph g(static_cast<std::size_t>(w.n));
  for (int i = 0; i < w.n; ++i)
    for (int j = i + 1; j < w.n; ++j)
      if (w.state.alliance(i, j) > w.params.alliances.bloc_threshold)
        boost::add_edge(static_cast<std::size_t>(i), static_cast<std::size_t>(j), g);
  std::vector<int> component(static_cast<std::size_t>(w.n));
  boost::connected_components(g, component.data());
  // Name each bloc after its first member, so labels do not depend on Boost's numbering.
  std::vector<int> first(static_cast<std::size_t>(w.n), -1), out(static_cast<std::size_t>(w.n));
  for (int i = 0; i < w.n; ++i) {
    int& f = first[static_cast<std::size_t>(component[static_cast<std::size_t>(i)])];
    if (f < 0) f = i;
    out[static_cast<std::size_t>(i)] = f;
  }
  return out;
}

RegionStats region_stats(const World& w, bool with_blocs) {
  RegionStats r;
  const int n = w.n;
  int pairs = 0, community = 0, crises = 0, disputes = 0;
  double trust_sum = 0, incidents = 0;
  const double community_trust = w.params.region.community_trust, community_tension = w.params.region.community_tension;
  for (int i = 0; i < n; ++i) {
    const double* const tension = row(w.state.tension, i);
    const double* const trust = row(w.state.trust, i);
    const double* const count = row(w.flows.incidents, i);
    const double* const level = row(w.flows.incident_level, i);
    for (int j = i + 1; j < n; ++j) {
      ++pairs;
      const double t = tension[j], tij = trust[j], tji = w.state.trust(j, i);
      r.mean_tension += t;
      r.max_tension = std::max(r.max_tension, t);
      trust_sum += tij + tji;
      community += (tij > community_trust) & (tji > community_trust) & (t < community_tension);
      incidents += count[j];
      crises += level[j] >= 1;
      disputes += level[j] >= 2;
    }
  }
  r.incidents = incidents;
  r.crises = crises;
  r.militarized_disputes = disputes;
  if (pairs > 0) {
    r.mean_tension /= pairs;
    r.sc_index = static_cast<double>(community) / pairs;
    r.mean_trust = trust_sum / (2.0 * pairs);
  }
  // Arms growth: the actors' relative growth of spending, weighted by what they spend (the sums the engine's
  // guard checks).
  const ArmsTotals arms = arms_totals(w);
  r.total_milex = arms.milex;
  r.arms_growth = arms.milex > 0 ? arms.weighted_growth / arms.milex : 0.0;
  r.cumulative_risk = -std::expm1(w.state.log_survival);
  if (!with_blocs) return r;
  // Blocs: power held by each connected component of the alliance graph.
  const std::vector<int> b = blocs(w);
  std::vector<double> power(static_cast<std::size_t>(n), 0.0);
  std::vector<int> size(static_cast<std::size_t>(n), 0);
  for (int i = 0; i < n; ++i) {
    power[static_cast<std::size_t>(b[static_cast<std::size_t>(i)])] += w.perceived.power(i);
    size[static_cast<std::size_t>(b[static_cast<std::size_t>(i)])] += 1;
  }
  double first = 0, second = 0;
  for (int k = 0; k < n; ++k) {
    if (size[static_cast<std::size_t>(k)] >= 2) r.blocs += 1;
    const double p = power[static_cast<std::size_t>(k)];
    if (p > first) {
      second = first;
      first = p;
    } else if (p > second) {
      second = p;
    }
  }
  r.largest_bloc = first;
  r.bipolarity = 4 * first * second;
  return r;
}

}  // namespace statecraft
