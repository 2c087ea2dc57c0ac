// Simultaneous intervals for many comparisons, and the runs that would separate two variants
// (statecraft/experiment/multiplicity.hpp).
#include "statecraft/experiment/multiplicity.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace statecraft {

namespace {
constexpr double kSmallestAlpha = 1e-15;  ///< intervals take a level, 1 - alpha: a double holds no smaller alpha
}

std::optional<Adjust> parse_adjust(const std::string& name) {
  if (name == "none") return Adjust::None;
  if (name == "bonferroni") return Adjust::Bonferroni;
  if (name == "holm") return Adjust::Holm;
  return std::nullopt;
}

const char* adjust_name(Adjust a) {
  switch (a) {
    case Adjust::None: return "none";
    case Adjust::Bonferroni: return "bonferroni";
    case Adjust::Holm: return "holm";
  }
  return "none";
}

double implied_p_value(const std::function<Interval(double level)>& at_level) {
  auto excludes = [&](double alpha) {
    try {
      const Interval ci = at_level(1 - alpha);
      return ci.low > 0 || ci.high < 0;
    } catch (const std::overflow_error&) {
      return false;  // a quantile beyond the largest double: an interval without bounds holds 0
    }
  };
  // Intervals widen as alpha falls, so the alphas at which they exclude 0 are those above p: bisect on log alpha.
  double lo = std::log(kSmallestAlpha), hi = 0;
  if (excludes(std::exp(lo))) return 0;
  if (!excludes(1 - 1e-12)) return 1;
  while (hi - lo > 1e-6) {  // invariant: holds 0 at exp(lo), excludes it at exp(hi)
    const double mid = (lo + hi) / 2;
    (excludes(std::exp(mid)) ? hi : lo) = mid;
  }
  return std::exp(hi);
}

std::vector<double> comparison_levels(const std::vector<double>& p, Adjust a, double alpha,
                                      const std::vector<double>& tiebreak) {
  const std::size_t m = p.size();
  if (a == Adjust::None) return std::vector<double>(m, 1 - alpha);
  if (a == Adjust::Bonferroni) return std::vector<double>(m, 1 - alpha / static_cast<double>(m));
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    if (p[x] != p[y] || tiebreak.empty()) return p[x] < p[y];
    return tiebreak[x] > tiebreak[y];
  });
  std::vector<double> levels(m);
  bool stopped = false;
  double step_alpha = alpha;
  for (std::size_t i = 0; i < m; ++i) {
    if (!stopped) {
      step_alpha = alpha / static_cast<double>(m - i);
      stopped = p[order[i]] > step_alpha;
    }
    levels[order[i]] = 1 - step_alpha;
  }
  return levels;
}

namespace {
/// The runs a paired t test needs at n runs: ((t_{1-(1-level)/2, n-1} + t_{power, n-1}) sd / |diff|)^2.
double runs_needed_at(std::uint64_t n, double sd, double diff, double level, double power) {
  const boost::math::students_t t(static_cast<double>(n - 1));
  const double ta = boost::math::quantile(boost::math::complement(t, (1 - level) / 2));
  const double tb = boost::math::quantile(t, power);
  return std::pow((ta + tb) * sd / std::fabs(diff), 2);
}
}  // namespace

// The runs needed at n fall as n grows (t's quantiles shrink towards the normal's), so whether n suffices
// (n >= needed(n)) turns from false to true once: the smallest n that suffices is found by bisection between a
// count that does not and one that does.
std::optional<std::uint64_t> runs_to_separate(double sd, double diff, double level, std::uint64_t runs_done,
                                              double power) {
  if (diff == 0) return std::nullopt;
  auto suffices = [&](std::uint64_t n) {
    return static_cast<double>(n) >= runs_needed_at(n, sd, diff, level, power);
  };
  const std::uint64_t first = std::max<std::uint64_t>(2, runs_done + 1);
  if (suffices(first)) return first;
  if (!(runs_needed_at(first, sd, diff, level, power) < 1e18)) return std::nullopt;  // beyond any count of runs
  // needed(first) suffices: needed(m) <= needed(first) <= m for m = ceil(needed(first)).
  std::uint64_t fails = first;
  auto works = static_cast<std::uint64_t>(std::ceil(runs_needed_at(first, sd, diff, level, power)));
  while (works - fails > 1) {
    const std::uint64_t mid = fails + (works - fails) / 2;
    (suffices(mid) ? works : fails) = mid;
  }
  return works;
}

}  // namespace statecraft
