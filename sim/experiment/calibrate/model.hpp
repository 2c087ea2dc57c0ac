#pragma once
// The model as the calibration runs it: a scenario with given values of the fitted paths, run as run index 0
// of its seed, read at the observed years.
#include <optional>
#include <string>
#include <vector>

#include "statecraft/experiment/calibrate.hpp"
#include "statecraft/scenario/paths.hpp"

namespace statecraft::calib {

/// Runs the model for given values of the fitted paths and reads the observed metrics.
///
/// Each value set is a scenario loaded with the values as overrides (validated, defaults re-derived), unless
/// setting the values directly on the scenario loaded once gives the same scenario at two probe points: then
/// that fast path is taken (a YAML load costs ten times a run of the backtest), and only the estimate is
/// loaded and validated.
class Model {
 public:
  Model(const CalibrationSpec& spec, std::vector<ValuePath> paths, const std::vector<Observation>& obs);

  /// Takes the fast path if it gives the loader's scenario at both probes.
  void try_fast_path(const std::vector<double>& a, const std::vector<double>& b);
  bool fast() const { return fast_; }

  /// The scenario with these values through the loader, or nullopt (with the reason) if it does not validate.
  std::optional<Scenario> loaded(const std::vector<double>& theta, std::string* why = nullptr) const;

  /// The scenario with these values, by the fast path when it is on.
  std::optional<Scenario> scenario(const std::vector<double>& theta, std::string* why = nullptr) const;

  /// Simulated values of the observations (those with `use[k]`, others left NaN), or nullopt if the
  /// scenario does not validate or the run fails.
  std::optional<std::vector<double>> simulate(const std::vector<double>& theta, const std::vector<char>& use,
                                              std::string* why = nullptr) const;

  /// Simulated values of the observations with `use[k]` in a run of `sc`, or nullopt if the run fails.
  std::optional<std::vector<double>> run(const Scenario& sc, const std::vector<char>& use,
                                         std::string* why = nullptr) const;

 private:
  const CalibrationSpec& spec_;
  std::vector<ValuePath> paths_;  ///< parsed against the scenario; .path as written, for the loader
  const std::vector<Observation>& obs_;
  std::string text_;
  std::optional<Scenario> base_;
  bool fast_ = false;

  std::optional<Scenario> direct(const std::vector<double>& theta) const;
};

}  // namespace statecraft::calib
