#pragma once
// Which uncertain values move a comparison (`compare --uncertain`, docs/experiments.md "Which uncertain values
// matter"): per variant and outcome, the inputs screened (SensitivityTally) over the same runs, on the variant's
// outcome and on its paired difference to the baseline.
#include <string>
#include <vector>

#include "statecraft/experiment/sensitivity.hpp"
#include "statecraft/output/table.hpp"
#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

/// The inner edges of `bins` bins of equal probability of `in`'s distribution; for a choice, one bin per value.
std::vector<double> sensitivity_bin_edges(const UncertainInput& in, std::size_t bins);

/// Bins per input for `runs` runs: the square root of the runs, from 2 to 20.
std::size_t sensitivity_bins(std::uint64_t runs);

class SensitivityComparison {
 public:
  /// `columns`: every uncertain path (uncertain_columns); `outcomes`: how many outcomes a run has.
  SensitivityComparison(const std::vector<const Scenario*>& variants, const std::vector<std::string>& columns,
                        std::size_t outcomes, std::size_t baseline, std::uint64_t runs);
  /// Run `run` complete: `outcomes[v]` is variant v's outcomes.
  void add(std::uint64_t run, const std::vector<std::vector<double>>& outcomes);
  /// compare_sensitivity.csv: per variant, outcome, of (`value`: the variant's outcome; `diff`: its paired
  /// difference to the baseline, not for the baseline itself) and input, each measure with the input's rank
  /// among the variant's inputs (1 moves it most); `r2` once per (variant, outcome, of) with no input.
  Table table(const std::vector<std::string>& variant_names, const std::vector<std::string>& outcome_names) const;
  /// The readable block: per variant but the baseline, the inputs that move its difference on outcome k most
  /// (first-order index), in `order`.
  std::string summary(std::size_t k, const std::vector<std::string>& variant_names,
                      const std::vector<std::string>& outcome_names, const std::vector<std::size_t>& order) const;

 private:
  struct Slot {
    std::vector<std::size_t> inputs;  ///< indices into columns_
    std::vector<SensitivityTally> tallies;  ///< one per outcome
  };
  std::vector<const Scenario*> variants_;
  std::vector<std::string> columns_;
  std::size_t n_out_, base_;
  std::vector<Slot> value_, diff_;  ///< per variant
  std::vector<std::vector<double>> drawn_;  ///< per variant, this run's value of each column (NaN: not its input)
  std::vector<double> merged_;              ///< scratch: a variant's draws with the baseline's it lacks
  std::vector<double> x_;                   ///< scratch: one slot's inputs
  std::vector<double> d_;                   ///< scratch: a run's differences to the baseline
  static void feed(Slot& s, const std::vector<double>& drawn, std::vector<double>& x, const std::vector<double>& y);
  void rows(Table& t, const Slot& s, const std::string& variant, const std::string& outcome, std::size_t k,
            const char* of) const;
};

}  // namespace statecraft
