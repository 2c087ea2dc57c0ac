#pragma once
// Streaming statistics: each value is seen once, memory does not grow with the number of values.
// Fed in a fixed order (run order), they give the same bytes whatever produced the values.
#include <array>
#include <cstdint>

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

/// Mean, sd and the 5, 25, 50, 75 and 95th percentiles of a stream, each percentile by the P-square
/// algorithm (Jain and Chlamtac 1985: five markers, exact for up to five values, an estimate beyond). The
/// five estimators run as one, with what each would hold for itself kept once: the first five values, the
/// count, the extreme markers (the running minimum and maximum) and the extreme positions (1 and the
/// count); a test checks the percentiles bit for bit against five separate textbook estimators. A batch
/// keeps one Summary per step and metric and feeds it once per run, so its size is what the consumer of a
/// batch streams through its cache.
class Summary {
 public:
  static constexpr std::array<double, 5> kLevels = {0.05, 0.25, 0.50, 0.75, 0.95};
  void add(double x);
  const Moments& moments() const { return m_; }
  double quantile(std::size_t k) const;

 private:
  /// The middle markers 1 to 3 of one level: heights, positions and desired positions.
  struct Markers {
    std::array<double, 3> q{}, pos{}, want{};
  };
  Moments m_;
  std::uint64_t n_ = 0;
  std::array<double, 5> first_{};  ///< the first five values, sorted once there are five
  double lo_ = 0, hi_ = 0;         ///< markers 0 and 4 of every level
  std::array<Markers, 5> levels_;
};

}  // namespace statecraft
