#pragma once
// Trend CSVs of one run: actors.csv, pairs.csv, region.csv, events.csv and drivers.csv, with the columns of
// columns.hpp (documented in docs/outputs.md). The recorder only reads the world; it writes rows as steps finish.
#include <ostream>
#include <string>
#include <vector>

#include "statecraft/engine/engine.hpp"
#include "statecraft/output/columns.hpp"

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

/// Where each file goes; a null stream skips that file.
struct TrendStreams {
  std::ostream* actors = nullptr;
  std::ostream* pairs = nullptr;
  std::ostream* region = nullptr;
  std::ostream* events = nullptr;
  std::ostream* drivers = nullptr;
};

class TrendRecorder : public Recorder {
 public:
  TrendRecorder(const Scenario& sc, TrendStreams out, Format format);
  void on_step(const World& w) override;
  void on_log(const World& w, const LogEntry& e) override;

 private:
  const Scenario& sc_;
  TrendStreams out_;
  Format format_;
  void header();
  std::string policy_name(const World& w, int i) const;
  std::string year(int step) const;
};

}  // namespace statecraft
