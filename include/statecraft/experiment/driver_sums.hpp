#pragma once
// What moved a run's outcomes, summed over the run (`compare --explain`): the driver terms of drivers.csv
// (docs/outputs.md) added up over every step and averaged over the pairs an outcome averages, so that a
// variant's difference to the baseline can be broken down by term.
#include <string>
#include <utility>
#include <vector>

#include "statecraft/scenario/scenario.hpp"
#include "statecraft/world/world.hpp"

namespace statecraft {

/// The quantities a run's drivers are summed for, in order:
/// - `tension`: the mean tension of every pair (the outcome tension_final at the horizon);
/// - `target_tension.VARIANT`: the mean tension of the pairs a variant targets, for each variant of `sc` that
///   declares targets (the outcome of that name);
/// - `trust`: the mean log-odds of trust over every ordered pair (no outcome: trust terms are in log-odds).
std::vector<std::string> driver_quantities(const Scenario& sc);

/// The names of quantity q's values in a run: `start` (its value at step 0), the terms of drivers.csv
/// (tension's or trust's), then `final` (its value at the horizon). start plus the terms is final, up to
/// rounding.
std::vector<std::string> driver_value_names(const std::string& quantity);

/// How many values DriverSums gives for `sc`: every quantity's names together.
std::size_t driver_value_count(const Scenario& sc);

/// Watches a run with drivers recorded (Engine::set_record_drivers) and sums them: values() holds, quantity by
/// quantity, the names of driver_value_names(). Allocates only when built.
class DriverSums : public Recorder {
 public:
  explicit DriverSums(const Scenario& sc);
  void on_step(const World& w) override;
  const std::vector<double>& values() const { return values_; }

 private:
  int steps_;
  std::vector<std::vector<std::pair<int, int>>> groups_;  ///< per tension quantity, its pairs (a < b)
  std::vector<double> values_;
  void add_tension(std::size_t q, const World& w);
  void add_trust(std::size_t offset, const World& w);
};

}  // namespace statecraft
