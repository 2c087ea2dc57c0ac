#pragma once
// Streaming statistics: each value is seen once, memory does not grow with the number of values.
// Fed in a fixed order (run order), they give the same bytes whatever produced the values.
#include <array>
#include <cstdint>

namespace statecraft {

/// Mean and variance by Welford's method.
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
  double mean_ = 0, m2_ = 0;
};

/// One quantile by the P-square algorithm (Jain and Chlamtac 1985): five markers, exact for up to five
/// values, an estimate beyond.
class P2Quantile {
 public:
  explicit P2Quantile(double p = 0.5) : p_(p), step_{0, p / 2, p, (1 + p) / 2, 1} {}
  void add(double x);
  double value() const;

 private:
  double p_;
  std::uint64_t n_ = 0;
  std::array<double, 5> q_{};   ///< marker heights
  std::array<double, 5> pos_{}; ///< marker positions
  std::array<double, 5> want_{};///< desired positions
  std::array<double, 5> step_;  ///< what each desired position gains per value
};

/// Mean, sd and the 5, 25, 50, 75 and 95th percentiles of a stream. The percentiles are exactly those of
/// five P2Quantile estimators fed the same stream (tested bit for bit), with what they would hold five times
/// kept once: the first five values, the count, the extreme markers (the running minimum and maximum) and
/// the extreme positions (1 and the count). A batch keeps one Summary per step and metric and feeds it once
/// per run, so its size is what the consumer of a batch streams through its cache.
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
