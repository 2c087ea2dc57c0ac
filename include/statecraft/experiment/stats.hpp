#pragma once
// Streaming statistics: each value is seen once; memory does not grow with the number of values but for the
// exact percentiles of a Summary, which keep the values up to a cap. Fed in a fixed order (run order), they give
// the same bytes whatever produced the values.
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <memory>
#include <vector>
#include <cstdint>
#include <string>
#include <string_view>

namespace statecraft {

/// Mean and variance by Welford's method. Values whose squares would pass the largest double (above about
/// 1e154) keep a finite sd: the sum of squares is then held scaled by a power of two.
class Moments {
 public:
  void add(double x);
  std::uint64_t count() const { return n_; }
  double mean() const { return mean_; }
  double variance() const;  ///< sample variance (n - 1); 0 below two values
  double sd() const;
  /// Half-width of the two-sided confidence interval for the mean (Student's t, n - 1 degrees of freedom).
  double ci_halfwidth(double level = 0.95) const;

 private:
  std::uint64_t n_ = 0;
  double mean_ = 0, m2_ = 0;  ///< the sum of squared deviations is m2_ * 4^scale_
  int scale_ = 0;
  void add_scaled(double d, double e);
};

/// A two-sided confidence interval.
struct Interval {
  double low = 0, high = 0;
  bool holds(double x) const { return low <= x && x <= high; }
};

/// What values one run gives of an outcome, which decides its intervals (docs/experiments.md, "Intervals"):
/// Binary (0 or 1: the mean is a proportion), Unit (within [0, 1]), NonNegative (a count, a rate, spending:
/// never below 0) or Other.
enum class OutcomeScale { Binary, Unit, NonNegative, Other };

/// The scale of an outcome from its unit as the column table and OutcomeInfo write them, and whether its values
/// are never negative as they mark it: `0 or 1` is Binary; `[0, 1]`, `[0, 1)` and `fraction` are Unit; any other
/// unit is NonNegative when never negative (`count`, `bn`, a `per year` rate of incidents; not a `per year`
/// growth, which can be negative), else Other.
OutcomeScale scale_of_unit(std::string_view unit, bool never_negative = false);

/// Wilson's score interval for a proportion (Wilson 1927): `successes` of `n`, always within [0, 1], and
/// [0, 1] for n = 0.
Interval wilson_interval(std::uint64_t successes, std::uint64_t n, double level = 0.95);

/// A binary outcome of two variants observed in the same runs: the 2 x 2 table of the pairs.
struct PairedCounts {
  std::uint64_t both = 0, first_only = 0, second_only = 0, neither = 0;
  void add(bool first, bool second);
  std::uint64_t n() const { return both + first_only + second_only + neither; }
};

/// Newcombe's hybrid score interval for the difference of paired proportions p1 - p2 (Newcombe 1998, Statistics in
/// Medicine 17:2635, method 10): each proportion's Wilson interval, combined with the correlation of the pairs
/// (with Newcombe's correction of phi). Always within [-1, 1]; [-1, 1] for no pairs.
Interval newcombe_paired_interval(const PairedCounts& c, double level = 0.95);

/// An interval that does not exist: both ends NaN (written as empty cells by a CSV).
Interval no_interval();

/// The 95% interval of a mean: Wilson's for Binary (the successes are the mean times the count, rounded; defined
/// from one value on), else Student's t, which needs two values (no_interval below two); for Unit, the t interval
/// cut to [0, 1], where the mean lies whatever the sample; for NonNegative, cut at 0 (a mean of few runs of rare
/// events would otherwise reach below it).
Interval mean_interval(const Moments& m, OutcomeScale scale);

/// The interval of a paired difference at `level` (95% unless a correction for many comparisons asks for more,
/// multiplicity.hpp): Newcombe's for Binary (from `counts`), else Student's t on the differences; for Unit, cut
/// to [-1, 1].
Interval difference_interval(const Moments& diff, const PairedCounts& counts, OutcomeScale scale,
                             double level = 0.95);

/// The default practical threshold of a difference: 0.001 on Binary and Unit outcomes; 0.1% of the magnitude of the
/// baseline's mean on others, NonNegative ones included (0 when that mean is 0).
double default_threshold(OutcomeScale scale, double baseline_mean);

/// Whether a difference counts: its interval excludes 0 and its size is above the threshold.
bool differs(double diff, const Interval& ci, double threshold);

/// A difference and its interval for the terminal, `+D [LOW, HIGH]`, with three significant digits of D itself:
/// four decimals down to 0.001, more below (up to eight), then scientific notation (`+4.00e-09 [3.20e-09,
/// 4.80e-09]`); LOW and HIGH with the same decimals as D. A difference that is exactly 0 with a [0, 0] interval
/// is `0 [0, 0]`.
std::string difference_text(double d, const Interval& ci);
/// The difference alone, as difference_text writes it: "-0.0120", not "-0.012".
std::string difference_number(double d);

/// The P-square estimator (Jain and Chlamtac 1985) of the 5, 25, 50, 75 and 95th percentiles of a stream:
/// five markers per level, exact for up to five values, an estimate beyond, in constant memory. The five
/// estimators run as one, with what each would hold for itself kept once: the first five values, the count, the
/// extreme markers (the running minimum and maximum) and the extreme positions (1 and the count); a test checks
/// the percentiles bit for bit against five separate textbook estimators. A Summary falls back on it when its
/// values no longer fit its memory, warm-started from the exact quantiles of what it has seen.
class PSquareQuantiles {
 public:
  static constexpr std::array<double, 5> kLevels = {0.05, 0.25, 0.50, 0.75, 0.95};
  void add(double x);
  double quantile(std::size_t k) const;
  /// Starts from `n` values already seen, `rank_value(r)` the r-th smallest (1-based): each level's markers at
  /// the ranks nearest their desired positions (strictly between 1 and n, so n must be at least 5), their heights
  /// the values at those ranks, as the textbook estimator would hold them had it been exact so far.
  void warm_start(std::uint64_t n, const std::function<double(std::uint64_t)>& rank_value);

 private:
  /// The middle markers 1 to 3 of one level: heights, positions and desired positions.
  struct Markers {
    std::array<double, 3> q{}, pos{}, want{};
  };
  std::uint64_t n_ = 0;
  std::array<double, 5> first_{};  ///< the first five values, sorted once there are five
  double lo_ = 0, hi_ = 0;         ///< markers 0 and 4 of every level
  std::array<Markers, 5> levels_;
};

/// The percentiles a Summary keeps exactly, in doubles per Summary, so that the summaries of a batch (one per
/// step and metric, per variant in a comparison) share a budget of about 256 MiB: the budget over the cells,
/// at least kMinSummaryCap. A continuous metric stays exact up to that many runs, a discrete one (at most a
/// quarter of that many distinct values) at any count.
constexpr std::size_t kSummaryBudgetDoubles = std::size_t{32} << 20;
constexpr std::size_t kMinSummaryCap = 64;
std::size_t summary_cap(std::size_t cells);

/// Mean, sd and the 5, 25, 50, 75 and 95th percentiles of a stream. The percentiles are exact, numpy's default
/// (linear interpolation, "type 7": h = (n - 1) p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]) on the
/// sorted values, with numpy's rounding), as long as the values fit `cap` doubles: they are appended as they
/// come, and when the buffer is full sorted and merged into (value, count) pairs (two doubles each), so a metric
/// with few distinct values (a count) stays exact at any run count. When the pairs take more than half the cap
/// (the distinct values pass a quarter of it), the percentiles fall back on P-square estimates, warm-started from
/// the exact ones of the values seen and made monotone (docs/experiments.md, "Percentiles"). A batch feeds its
/// summaries in run order, so the result is the same whatever produced the values.
class Summary {
 public:
  static constexpr std::array<double, 5> kLevels = PSquareQuantiles::kLevels;
  explicit Summary(std::size_t cap = kMinSummaryCap) : cap_(std::max(cap, kMinSummaryCap)) {}
  Summary(const Summary& o);  ///< copies the estimate, not the pointer
  Summary& operator=(const Summary& o);
  Summary(Summary&&) noexcept = default;
  Summary& operator=(Summary&&) noexcept = default;
  void add(double x) {
    m_.add(x);
    if (std::isnan(x)) {  // NaN: no order to sort it into; the percentiles are NaN, as numpy's
      has_nan_ = true;
      return;
    }
    if (estimate_) {
      estimate_->add(x);
      return;
    }
    raw_.push_back(x);
    if (raw_.size() + 2 * pairs_.size() > cap_) compress();
  }
  const Moments& moments() const { return m_; }
  /// The five percentiles, in kLevels' order (each a pass over the values: ask once for all five).
  std::array<double, 5> quantiles() const;
  double quantile(std::size_t k) const { return quantiles()[k]; }
  /// Whether the percentiles are exact (false once they fell back on estimates).
  bool exact() const { return !estimate_; }

 private:
  struct Pair {
    double value;
    std::uint64_t count;
  };
  void compress();
  std::vector<Pair> merged() const;  ///< raw_ and pairs_ as sorted (value, count) pairs
  std::array<double, 10> values_at(const std::array<std::uint64_t, 10>& ranks) const;  ///< the value of each 0-based sorted rank
  Moments m_;
  std::size_t cap_;
  bool has_nan_ = false;
  std::vector<double> raw_;   ///< values not yet merged into pairs_
  std::vector<Pair> pairs_;   ///< sorted by value, distinct values
  std::unique_ptr<PSquareQuantiles> estimate_;  ///< once the values no longer fit
};

}  // namespace statecraft
