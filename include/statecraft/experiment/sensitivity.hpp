#pragma once
// Which inputs move an output, screened over runs already made (docs/experiments.md, "Which uncertain values
// matter"): each run gives the inputs' values x and an output y; two measures are streamed, neither needing the
// runs kept.
// - The first-order index by binning (a correlation ratio): the share of y's variance explained by the mean of y
//   within bins of one input, Var(E[y | bin of x_i]) / Var(y), with Kelley's epsilon-squared correction for the
//   bins' own noise, (SS_between - (B - 1) MS_within) / SS_total, so that an input with no effect scores about 0
//   (slightly negative by chance) whatever the number of bins B. Model-free: it sees an effect whatever its shape.
// - The standardized regression coefficient (SRC) of each input in the least-squares fit of y on every input,
//   b_i sd(x_i) / sd(y), and the fit's R^2. For a linear y of independent inputs, SRC_i^2 is the first-order
//   index; an R^2 well below 1 says the SRCs miss part of y.
#include <cstdint>
#include <vector>

#include "statecraft/experiment/stats.hpp"

namespace statecraft {

class SensitivityTally {
 public:
  /// One input per entry of `edges`: its bins' inner edges, ascending (a value equal to an edge goes above it).
  explicit SensitivityTally(std::vector<std::vector<double>> edges);
  /// One run: x[i] is input i's value, y the output. Does not allocate.
  void add(const double* x, double y);
  std::uint64_t count() const { return n_; }
  /// Whether y took more than one value (else no measure is defined).
  bool varies() const;
  /// Fewer runs than these leave a measure undefined (NaN, an empty cell): below 5 runs a bin, the bins' means
  /// are noise the correction cannot take out (a no-effect input scored -1 at 3 runs); below 10 runs an input
  /// (and k + 2), the least-squares fit has next to no residual degrees of freedom (R^2 was 1 at 3 runs).
  static constexpr std::uint64_t kRunsPerBin = 5, kRunsPerInput = 10;
  /// Input i's first-order index by binning (NaN if y does not vary or there are fewer than kRunsPerBin runs a
  /// bin).
  double first_order(std::size_t i) const;
  /// Input i's standardized regression coefficient (NaN if y does not vary or the runs are too few for the fit).
  double src(std::size_t i) const;
  /// R^2 of the linear fit (NaN as src).
  double r_squared() const;

 private:
  std::size_t k_;
  std::vector<std::vector<double>> edges_;
  std::vector<std::vector<Moments>> bins_;  ///< per input, y in each bin
  std::uint64_t n_ = 0;
  std::vector<double> mean_;  ///< of (x_1 .. x_k, y)
  std::vector<double> co_;    ///< (k + 1)^2 co-moments of (x, y), row-major (Welford's update)
  std::vector<double> delta_;
  std::vector<double> coefficients() const;  ///< the least-squares slopes
  bool enough_for_fit() const;
};

}  // namespace statecraft
