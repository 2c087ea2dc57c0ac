#include "statecraft/experiment/stats.hpp"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/students_t.hpp>

namespace statecraft {

void Moments::add(double x) {
  ++n_;
  const double d = x - mean_;
  mean_ += d / static_cast<double>(n_);
  m2_ += d * (x - mean_);
}

double Moments::variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0; }
double Moments::sd() const { return std::sqrt(variance()); }

double Moments::ci_halfwidth(double level) const {
  if (n_ < 2) return 0.0;
  const boost::math::students_t t(static_cast<double>(n_ - 1));
  return boost::math::quantile(boost::math::complement(t, (1 - level) / 2)) * sd() /
         std::sqrt(static_cast<double>(n_));
}

void P2Quantile::add(double x) {
  if (n_ < 5) {
    q_[n_++] = x;
    if (n_ == 5) {
      std::sort(q_.begin(), q_.end());
      for (int i = 0; i < 5; ++i) pos_[static_cast<std::size_t>(i)] = i + 1;
      want_ = {1, 1 + 2 * p_, 1 + 4 * p_, 3 + 2 * p_, 5};
    }
    return;
  }
  ++n_;
  int k;
  if (x < q_[0]) {
    q_[0] = x;
    k = 0;
  } else if (x >= q_[4]) {
    q_[4] = x;
    k = 3;
  } else {
    // The cell of x among the sorted markers, counted without branches (the data are random).
    k = static_cast<int>(x >= q_[1]) + static_cast<int>(x >= q_[2]) + static_cast<int>(x >= q_[3]);
  }
  for (int i = 1; i < 5; ++i) pos_[static_cast<std::size_t>(i)] += static_cast<double>(i > k);
  for (std::size_t i = 0; i < 5; ++i) want_[i] += step_[i];
  for (std::size_t i = 1; i < 4; ++i) {
    const double d = want_[i] - pos_[i];
    if ((d >= 1 && pos_[i + 1] - pos_[i] > 1) || (d <= -1 && pos_[i - 1] - pos_[i] < -1)) {
      const double s = d >= 0 ? 1.0 : -1.0;
      // Piecewise-parabolic prediction, linear if it would leave the neighbours' range.
      const double qp = q_[i] + s / (pos_[i + 1] - pos_[i - 1]) *
                                    ((pos_[i] - pos_[i - 1] + s) * (q_[i + 1] - q_[i]) / (pos_[i + 1] - pos_[i]) +
                                     (pos_[i + 1] - pos_[i] - s) * (q_[i] - q_[i - 1]) / (pos_[i] - pos_[i - 1]));
      if (q_[i - 1] < qp && qp < q_[i + 1]) {
        q_[i] = qp;
      } else {
        const std::size_t j = s > 0 ? i + 1 : i - 1;
        q_[i] += s * (q_[j] - q_[i]) / (pos_[j] - pos_[i]);
      }
      pos_[i] += s;
    }
  }
}

double P2Quantile::value() const {
  if (n_ == 0) return 0.0;
  if (n_ <= 5) {
    // Exact: linear interpolation between order statistics (type 7, as R and numpy default).
    std::array<double, 5> v = q_;
    std::sort(v.begin(), v.begin() + static_cast<long>(n_));
    const double h = (static_cast<double>(n_) - 1) * p_;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min<std::size_t>(lo + 1, n_ - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
  }
  return q_[2];
}

Summary::Summary() : q_{P2Quantile(kLevels[0]), P2Quantile(kLevels[1]), P2Quantile(kLevels[2]),
                        P2Quantile(kLevels[3]), P2Quantile(kLevels[4])} {}

void Summary::add(double x) {
  m_.add(x);
  for (auto& q : q_) q.add(x);
}

}  // namespace statecraft
