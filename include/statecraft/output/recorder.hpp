#pragma once
// Trend CSVs of one run: actors.csv, pairs.csv, region.csv, events.csv and drivers.csv, with the columns of
// columns.hpp (documented in docs/outputs.md). The recorder only reads the world; it writes rows as steps finish.
#include <ostream>
#include <string>
#include <vector>

#include "statecraft/engine/engine.hpp"
#include "statecraft/output/columns.hpp"
#include "statecraft/output/region_stats.hpp"

namespace statecraft {

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
