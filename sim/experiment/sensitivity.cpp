// Screening the inputs of runs already made: first-order indices by binning and standardized regression
// coefficients (statecraft/experiment/sensitivity.hpp).
#include "statecraft/experiment/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Dense>

namespace statecraft {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

SensitivityTally::SensitivityTally(std::vector<std::vector<double>> edges)
    : k_(edges.size()), edges_(std::move(edges)), mean_(k_ + 1), co_((k_ + 1) * (k_ + 1)), delta_(k_ + 1) {
  for (const auto& e : edges_) bins_.emplace_back(e.size() + 1);
}

void SensitivityTally::add(const double* x, double y) {
  for (std::size_t i = 0; i < k_; ++i) {
    const auto& e = edges_[i];
    bins_[i][static_cast<std::size_t>(std::upper_bound(e.begin(), e.end(), x[i]) - e.begin())].add(y);
  }
  ++n_;
  const std::size_t d = k_ + 1;
  const double n = static_cast<double>(n_);
  for (std::size_t a = 0; a < d; ++a) {
    const double z = a < k_ ? x[a] : y;
    delta_[a] = z - mean_[a];
    mean_[a] += delta_[a] / n;
  }
  // C += delta_old (z - mean_new)^T, which is (n - 1) / n delta_old delta_old^T.
  const double w = (n - 1) / n;
  for (std::size_t a = 0; a < d; ++a)
    for (std::size_t b = 0; b < d; ++b) co_[a * d + b] += w * delta_[a] * delta_[b];
}

bool SensitivityTally::varies() const { return n_ > 1 && co_[(k_ + 1) * (k_ + 1) - 1] > 0; }

bool SensitivityTally::enough_for_fit() const {
  return n_ >= std::max<std::uint64_t>(kRunsPerInput * k_, k_ + 2);
}

double SensitivityTally::first_order(std::size_t i) const {
  if (!varies() || n_ < kRunsPerBin * bins_[i].size()) return kNaN;
  const double total = co_[(k_ + 1) * (k_ + 1) - 1];  // the sum of squares of y about its mean
  const double mean = mean_[k_];
  double between = 0, within = 0;
  std::size_t filled = 0;
  for (const Moments& b : bins_[i]) {
    if (b.count() == 0) continue;
    ++filled;
    const double nb = static_cast<double>(b.count());
    between += nb * (b.mean() - mean) * (b.mean() - mean);
    within += b.variance() * (nb - 1);
  }
  if (n_ <= filled) return kNaN;
  const double ms_within = within / static_cast<double>(n_ - filled);
  return (between - static_cast<double>(filled - 1) * ms_within) / total;
}

std::vector<double> SensitivityTally::coefficients() const {
  const std::size_t d = k_ + 1;
  Eigen::MatrixXd sxx(k_, k_);
  Eigen::VectorXd sxy(k_);
  for (std::size_t a = 0; a < k_; ++a) {
    for (std::size_t b = 0; b < k_; ++b) sxx(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = co_[a * d + b];
    sxy(static_cast<Eigen::Index>(a)) = co_[a * d + k_];
  }
  const Eigen::VectorXd beta = sxx.colPivHouseholderQr().solve(sxy);
  return std::vector<double>(beta.data(), beta.data() + beta.size());
}

double SensitivityTally::src(std::size_t i) const {
  if (!varies() || !enough_for_fit()) return kNaN;
  const std::size_t d = k_ + 1;
  const double sxx = co_[i * d + i], syy = co_[d * d - 1];
  if (sxx <= 0) return 0;  // an input that never varied explains nothing
  return coefficients()[i] * std::sqrt(sxx / syy);
}

double SensitivityTally::r_squared() const {
  if (!varies() || !enough_for_fit()) return kNaN;
  const std::size_t d = k_ + 1;
  const std::vector<double> beta = coefficients();
  double explained = 0;
  for (std::size_t a = 0; a < k_; ++a) explained += beta[a] * co_[a * d + k_];
  return std::clamp(explained / co_[d * d - 1], 0.0, 1.0);
}

}  // namespace statecraft
