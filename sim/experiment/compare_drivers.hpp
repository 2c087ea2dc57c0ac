#pragma once
// Why one variant beats another (`compare --explain`, docs/experiments.md "Why a variant differs"): per variant,
// each driver term summed over the run (DriverSums), its mean and its paired difference to the baseline, so that
// the difference of an outcome is broken down by what moved it.
#include <string>
#include <vector>

#include "statecraft/experiment/stats.hpp"
#include "statecraft/output/table.hpp"
#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

class DriverComparison {
 public:
  DriverComparison(const Scenario& sc, std::size_t variants, std::size_t baseline);
  /// One complete run: `drivers[v]` is variant v's RunResult::drivers.
  void add(const std::vector<std::vector<double>>& drivers);
  /// compare_drivers.csv: per variant, quantity and term, the mean over the runs and the paired difference to
  /// the baseline with its 95% interval (Student's t).
  Table table(const std::vector<std::string>& variant_names) const;
  /// The quantity of driver_quantities() that breaks down `outcome` (tension_final: tension;
  /// target_tension.V: itself); empty if none does.
  std::string quantity_of(const std::string& outcome) const;
  /// The readable block: for each variant but the baseline, in `order`, its difference of `quantity`'s final
  /// value as the sum of the largest terms (by size) and the rest.
  std::string why(const std::string& quantity, const std::string& outcome, const std::vector<std::string>& names,
                  const std::vector<std::size_t>& order) const;

 private:
  std::size_t V_, base_, width_ = 0;
  std::vector<std::string> quantities_;
  std::vector<std::vector<std::string>> names_;  ///< per quantity, its values' names
  std::vector<std::size_t> offsets_;             ///< per quantity, where its values start
  std::vector<Moments> level_, diff_;            ///< [v * width_ + i]
};

}  // namespace statecraft
