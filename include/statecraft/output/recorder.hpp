#pragma once
// Trend CSVs of one run: actors.csv, pairs.csv, region.csv, events.csv and drivers.csv, with the columns of
// columns.hpp (documented in docs/outputs.md). The recorder only reads the world; it writes rows as steps finish.
// TableRecorder keeps the same rows in memory (tidy layout), from the same cells.
#include <ostream>
#include <string>
#include <vector>

#include "statecraft/engine/engine.hpp"
#include "statecraft/output/columns.hpp"
#include "statecraft/output/region_stats.hpp"
#include "statecraft/output/table.hpp"

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

/// The tidy trend tables of one run, in memory: the rows and columns of the CSVs TrendRecorder writes, with
/// numbers at full precision (NaN where a CSV cell is empty). What the Python module's run() returns.
struct TrendTables {
  Table actors, pairs, region, events, drivers;
};

class TableRecorder : public Recorder {
 public:
  explicit TableRecorder(const Scenario& sc);
  void on_step(const World& w) override;
  void on_log(const World& w, const LogEntry& e) override;
  TrendTables& tables() { return tables_; }

 private:
  const Scenario& sc_;
  TrendTables tables_;
};

}  // namespace statecraft
