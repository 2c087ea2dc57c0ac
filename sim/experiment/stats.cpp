#include "statecraft/experiment/stats.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace statecraft {

void Moments::add(double x) {
  ++n_;
  const double d = x - mean_;
  mean_ += d / static_cast<double>(n_);
  const double e = x - mean_, square = d * e;
  if (scale_ == 0 && std::isfinite(m2_ + square)) {  // the textbook sum, while it fits
    m2_ += square;
    return;
  }
  add_scaled(d, e);
}

// The sum of squares would pass the largest double: it is kept as m2_ * 4^scale_ instead. Scaling by a power
// of two is exact, so the sum is the textbook one but for the rounding of terms that become subnormal.
void Moments::add_scaled(double d, double e) {
  if (!std::isfinite(d) || !std::isfinite(e)) {  // a value that is itself infinite: nothing to save
    m2_ += d * e;
    return;
  }
  double square = std::ldexp(d, -scale_) * std::ldexp(e, -scale_);
  while (!std::isfinite(m2_ + square)) {
    scale_ += 128;
    m2_ = std::ldexp(m2_, -256);
    square = std::ldexp(d, -scale_) * std::ldexp(e, -scale_);
  }
  m2_ += square;
}

double Moments::variance() const {
  return n_ > 1 ? std::ldexp(m2_ / static_cast<double>(n_ - 1), 2 * scale_) : 0.0;
}
double Moments::sd() const {
  return n_ > 1 ? std::ldexp(std::sqrt(m2_ / static_cast<double>(n_ - 1)), scale_) : 0.0;
}

double Moments::ci_halfwidth(double level) const {
  if (n_ < 2) return 0.0;
  const boost::math::students_t t(static_cast<double>(n_ - 1));
  return boost::math::quantile(boost::math::complement(t, (1 - level) / 2)) * sd() /
         std::sqrt(static_cast<double>(n_));
}

OutcomeScale scale_of_unit(std::string_view unit, bool never_negative) {
  if (unit == "0 or 1") return OutcomeScale::Binary;
  if (unit == "[0, 1]" || unit == "[0, 1)" || unit == "fraction") return OutcomeScale::Unit;
  return never_negative ? OutcomeScale::NonNegative : OutcomeScale::Other;
}

namespace {
double normal_quantile(double level) {
  return boost::math::quantile(boost::math::complement(boost::math::normal(), (1 - level) / 2));
}
}  // namespace

Interval wilson_interval(std::uint64_t successes, std::uint64_t n, double level) {
  if (n == 0) return {0, 1};
  const double z = normal_quantile(level), nn = static_cast<double>(n), p = static_cast<double>(successes) / nn;
  const double z2 = z * z, denom = 1 + z2 / nn;
  const double centre = (p + z2 / (2 * nn)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denom;
  // At 0 and n successes a limit is exactly 0 or 1; rounding must not take it past.
  return {successes == 0 ? 0.0 : std::max(0.0, centre - half), successes == n ? 1.0 : std::min(1.0, centre + half)};
}

void PairedCounts::add(bool first, bool second) {
  if (first && second) ++both;
  else if (first) ++first_only;
  else if (second) ++second_only;
  else ++neither;
}

Interval newcombe_paired_interval(const PairedCounts& c, double level) {
  const std::uint64_t n = c.n();
  if (n == 0) return {-1, 1};
  const double nn = static_cast<double>(n);
  const std::uint64_t x1 = c.both + c.first_only, x2 = c.both + c.second_only;
  const double p1 = static_cast<double>(x1) / nn, p2 = static_cast<double>(x2) / nn, d = p1 - p2;
  const Interval w1 = wilson_interval(x1, n, level), w2 = wilson_interval(x2, n, level);
  // phi, the correlation of the pairs, with Newcombe's correction: ad - bc less n/2 when above n/2, 0 up to it.
  double phi = 0;
  if (x1 > 0 && x1 < n && x2 > 0 && x2 < n) {
    const double a = static_cast<double>(c.both), b = static_cast<double>(c.first_only),
                 cc = static_cast<double>(c.second_only), dd = static_cast<double>(c.neither);
    const double cross = a * dd - b * cc;
    const double num = cross > nn / 2 ? cross - nn / 2 : cross >= 0 ? 0.0 : cross;
    phi = num / std::sqrt(static_cast<double>(x1) * static_cast<double>(n - x1) * static_cast<double>(x2) *
                          static_cast<double>(n - x2));
  }
  const double l1 = p1 - w1.low, u1 = w1.high - p1, l2 = p2 - w2.low, u2 = w2.high - p2;
  const double low = d - std::sqrt(std::max(0.0, l1 * l1 - 2 * phi * l1 * u2 + u2 * u2));
  const double high = d + std::sqrt(std::max(0.0, l2 * l2 - 2 * phi * l2 * u1 + u1 * u1));
  return {std::max(-1.0, low), std::min(1.0, high)};
}

Interval no_interval() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return {nan, nan};
}

Interval mean_interval(const Moments& m, OutcomeScale scale) {
  if (scale == OutcomeScale::Binary) {
    const double n = static_cast<double>(m.count());
    return wilson_interval(static_cast<std::uint64_t>(std::llround(m.mean() * n)), m.count());
  }
  if (m.count() < 2) return no_interval();  // one value has no spread to measure
  const double h = m.ci_halfwidth();
  Interval ci{m.mean() - h, m.mean() + h};
  if (scale == OutcomeScale::Unit) ci = {std::max(0.0, ci.low), std::min(1.0, ci.high)};
  if (scale == OutcomeScale::NonNegative) ci.low = std::max(0.0, ci.low);
  return ci;
}

Interval difference_interval(const Moments& diff, const PairedCounts& counts, OutcomeScale scale, double level) {
  if (scale == OutcomeScale::Binary) return newcombe_paired_interval(counts, level);
  const double h = diff.ci_halfwidth(level);
  Interval ci{diff.mean() - h, diff.mean() + h};
  if (scale == OutcomeScale::Unit) ci = {std::max(-1.0, ci.low), std::min(1.0, ci.high)};
  return ci;
}

double default_threshold(OutcomeScale scale, double baseline_mean) {
  const bool relative = scale == OutcomeScale::Other || scale == OutcomeScale::NonNegative;
  return relative ? 1e-3 * std::fabs(baseline_mean) : 1e-3;
}

bool differs(double diff, const Interval& ci, double threshold) {
  return (ci.low > 0 || ci.high < 0) && std::fabs(diff) > threshold;
}

namespace {

/// A stream set to show a difference of size `size` to three significant digits (at least four decimals).
void difference_format(std::ostringstream& s, double size) {
  const int decimals = std::max(4, 2 - static_cast<int>(std::floor(std::log10(size))));
  if (decimals > 8) s << std::scientific << std::setprecision(2);
  else s << std::fixed << std::setprecision(decimals);
}

}  // namespace

std::string difference_text(double d, const Interval& ci) {
  if (d == 0 && ci.low == 0 && ci.high == 0) return "0 [0, 0]";
  // Three significant digits of the difference (of the interval's larger end when the difference is 0).
  std::ostringstream s;
  difference_format(s, d != 0 ? std::fabs(d) : std::max(std::fabs(ci.low), std::fabs(ci.high)));
  // A difference of exactly 0 (the neighbours' note sets one that is the rounding of the runs' sum to 0) is
  // no gain for either side: "0", not "+0.0000" (nor "+-0.0000" of a -0).
  if (d == 0) s << "0";
  else s << (d > 0 ? "+" : "") << d;
  s << " [" << ci.low << ", " << ci.high << "]";
  return s.str();
}

std::string difference_number(double d) {
  if (d == 0) return "0";
  std::ostringstream s;
  difference_format(s, std::fabs(d));
  s << (d > 0 ? "+" : "") << d;
  return s.str();
}

void PSquareQuantiles::add(double x) {
  if (n_ < 5) {
    first_[n_++] = x;
    if (n_ == 5) {
      std::sort(first_.begin(), first_.end());
      lo_ = first_[0];
      hi_ = first_[4];
      for (std::size_t l = 0; l < 5; ++l) {
        const double p = kLevels[l];
        levels_[l].q = {first_[1], first_[2], first_[3]};
        levels_[l].pos = {2, 3, 4};
        levels_[l].want = {1 + 2 * p, 1 + 4 * p, 3 + 2 * p};
      }
    }
    return;
  }
  ++n_;
  // The P-square step for five levels at once; marker 0 is (lo_, position 1), marker 4 (hi_, position n_).
  int edge = -1;  // the cell when x is a new extreme, the same for every level
  if (x < lo_) {
    lo_ = x;
    edge = 0;
  } else if (x >= hi_) {
    hi_ = x;
    edge = 3;
  }
  const double top = static_cast<double>(n_);
  for (std::size_t l = 0; l < 5; ++l) {
    Markers& m = levels_[l];
    const int k = edge >= 0 ? edge
                            : static_cast<int>(x >= m.q[0]) + static_cast<int>(x >= m.q[1]) +
                                  static_cast<int>(x >= m.q[2]);
    for (int i = 0; i < 3; ++i) m.pos[static_cast<std::size_t>(i)] += static_cast<double>(i + 1 > k);
    const double p = kLevels[l];  // the desired positions of markers 1-3 gain p/2, p and (1+p)/2 per value
    m.want[0] += p / 2;
    m.want[1] += p;
    m.want[2] += (1 + p) / 2;
    for (std::size_t i = 0; i < 3; ++i) {
      // Neighbours of marker i + 1: markers i and i + 2, the extremes at the ends.
      const double pos_lo = i == 0 ? 1.0 : m.pos[i - 1], pos_hi = i == 2 ? top : m.pos[i + 1];
      const double q_lo = i == 0 ? lo_ : m.q[i - 1], q_hi = i == 2 ? hi_ : m.q[i + 1];
      const double d = m.want[i] - m.pos[i];
      if ((d >= 1 && pos_hi - m.pos[i] > 1) || (d <= -1 && pos_lo - m.pos[i] < -1)) {
        const double s = d >= 0 ? 1.0 : -1.0;
        const double qp = m.q[i] + s / (pos_hi - pos_lo) *
                                       ((m.pos[i] - pos_lo + s) * (q_hi - m.q[i]) / (pos_hi - m.pos[i]) +
                                        (pos_hi - m.pos[i] - s) * (m.q[i] - q_lo) / (m.pos[i] - pos_lo));
        if (q_lo < qp && qp < q_hi) {
          m.q[i] = qp;
        } else if (s > 0) {
          m.q[i] += s * (q_hi - m.q[i]) / (pos_hi - m.pos[i]);
        } else {
          m.q[i] += s * (q_lo - m.q[i]) / (pos_lo - m.pos[i]);
        }
        m.pos[i] += s;
      }
    }
  }
}

double PSquareQuantiles::quantile(std::size_t k) const {
  if (n_ == 0) return 0.0;
  if (n_ <= 5) {
    // Exact: linear interpolation between order statistics (type 7, as R and numpy default).
    std::array<double, 5> v = first_;
    std::sort(v.begin(), v.begin() + static_cast<long>(n_));
    const double h = (static_cast<double>(n_) - 1) * kLevels[k];
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min<std::size_t>(lo + 1, n_ - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
  }
  return levels_[k].q[1];
}

void PSquareQuantiles::warm_start(std::uint64_t n, const std::function<double(std::uint64_t)>& rank_value) {
  n_ = n;
  lo_ = rank_value(1);
  hi_ = rank_value(n);
  const double top = static_cast<double>(n);
  for (std::size_t l = 0; l < 5; ++l) {
    const double p = kLevels[l];
    Markers& m = levels_[l];
    m.want = {1 + (top - 1) * p / 2, 1 + (top - 1) * p, 1 + (top - 1) * (1 + p) / 2};
    double below = 1;  // the markers' positions rise strictly and stay strictly between 1 and n
    for (std::size_t i = 0; i < 3; ++i) {
      const double room_above = top - static_cast<double>(3 - i);
      m.pos[i] = std::clamp(std::round(m.want[i]), below + 1, room_above);
      below = m.pos[i];
      m.q[i] = rank_value(static_cast<std::uint64_t>(m.pos[i]));
    }
  }
}

std::size_t summary_cap(std::size_t cells) {
  return std::max(kMinSummaryCap, kSummaryBudgetDoubles / std::max<std::size_t>(cells, 1));
}

Summary::Summary(const Summary& o)
    : m_(o.m_), cap_(o.cap_), has_nan_(o.has_nan_), raw_(o.raw_), pairs_(o.pairs_),
      estimate_(o.estimate_ ? std::make_unique<PSquareQuantiles>(*o.estimate_) : nullptr) {}

Summary& Summary::operator=(const Summary& o) {
  if (this != &o) *this = Summary(o);
  return *this;
}

std::vector<Summary::Pair> Summary::merged() const {
  std::vector<double> sorted = raw_;
  std::sort(sorted.begin(), sorted.end());
  std::vector<Pair> out;
  out.reserve(pairs_.size() + sorted.size());
  auto push = [&out](double v, std::uint64_t c) {
    if (!out.empty() && out.back().value == v) out.back().count += c;
    else out.push_back({v, c});
  };
  std::size_t i = 0;
  for (const Pair& p : pairs_) {
    for (; i < sorted.size() && sorted[i] < p.value; ++i) push(sorted[i], 1);
    push(p.value, p.count);
  }
  for (; i < sorted.size(); ++i) push(sorted[i], 1);
  return out;
}

namespace {
/// The value of 0-based rank r among sorted (value, count) pairs.
template <class Pairs>
double value_at_rank(const Pairs& pairs, std::uint64_t r) {
  std::uint64_t seen = 0;
  for (const auto& p : pairs) {
    seen += p.count;
    if (r < seen) return p.value;
  }
  return pairs.back().value;
}

/// Puts into `at[r]` the value of 0-based sorted rank `ranks[r]` of `v` (ranks ascending and distinct, each in
/// [from, to)), reordering `v` by selection: the percentiles need ten ranks, not the order of every value, and
/// each selection splits the values so that the ranks on either side are looked for in that side only.
void select_ranks(std::vector<double>& v, const std::uint64_t* ranks, std::size_t count, std::uint64_t from,
                  std::uint64_t to, double* at) {
  if (count == 0) return;
  const std::size_t mid = count / 2;
  const auto base = v.begin();
  std::nth_element(base + static_cast<long>(from), base + static_cast<long>(ranks[mid]), base + static_cast<long>(to));
  at[mid] = v[ranks[mid]];
  select_ranks(v, ranks, mid, from, ranks[mid], at);
  select_ranks(v, ranks + mid + 1, count - mid - 1, ranks[mid] + 1, to, at + mid + 1);
}

/// numpy's linear interpolation from a to b (numpy.lib._function_base_impl._lerp): from b's side past the
/// middle, so that the numbers are numpy's to the last bit.
double numpy_lerp(double a, double b, double t) {
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
}  // namespace

// The buffer is full: its values join the pairs. When the distinct values take more than half the cap, the
// buffer would fill again after fewer than half the cap's values, each time a sort of all of them: the
// percentiles fall back on estimates, started from the exact ones, and the values are let go.
void Summary::compress() {
  pairs_ = merged();
  raw_.clear();
  if (2 * pairs_.size() <= cap_ / 2) return;
  estimate_ = std::make_unique<PSquareQuantiles>();
  estimate_->warm_start(m_.count(), [this](std::uint64_t rank) { return value_at_rank(pairs_, rank - 1); });
  std::vector<double>().swap(raw_);
  std::vector<Pair>().swap(pairs_);
}

std::array<double, 5> Summary::quantiles() const {
  std::array<double, 5> q{};
  if (m_.count() == 0) return q;
  if (has_nan_) {
    q.fill(std::numeric_limits<double>::quiet_NaN());
    return q;
  }
  if (estimate_) {
    for (std::size_t k = 0; k < 5; ++k) q[k] = estimate_->quantile(k);
    // Each level's estimate is its own: they may cross, the percentiles they estimate do not.
    for (std::size_t k = 1; k < 5; ++k) q[k] = std::max(q[k], q[k - 1]);
    return q;
  }
  const std::uint64_t n = m_.count();
  std::array<std::uint64_t, 10> ranks{};  // each level's rank below its position, then the one above
  for (std::size_t k = 0; k < 5; ++k) {
    const double h = static_cast<double>(n - 1) * kLevels[k];
    ranks[k] = static_cast<std::uint64_t>(std::floor(h));
    ranks[k + 5] = std::min(ranks[k] + 1, n - 1);
  }
  const std::array<double, 10> v = values_at(ranks);
  for (std::size_t k = 0; k < 5; ++k) {
    const double h = static_cast<double>(n - 1) * kLevels[k];
    q[k] = numpy_lerp(v[k], v[k + 5], h - static_cast<double>(ranks[k]));
    q[k] += 0.0;  // -0 (a rounded small negative, merged with 0) prints as 0
  }
  return q;
}

std::array<double, 10> Summary::values_at(const std::array<std::uint64_t, 10>& ranks) const {
  std::array<double, 10> out{};
  if (!pairs_.empty()) {  // some values are counted in pairs already: merge them with the rest
    const std::vector<Pair> sorted = merged();
    for (std::size_t r = 0; r < ranks.size(); ++r) out[r] = value_at_rank(sorted, ranks[r]);
    return out;
  }
  // Every value is in raw_ (the usual case): select the ranks rather than sort every value.
  std::vector<std::uint64_t> distinct(ranks.begin(), ranks.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<double> values = raw_;
  std::vector<double> at(distinct.size());
  select_ranks(values, distinct.data(), distinct.size(), 0, values.size(), at.data());
  for (std::size_t r = 0; r < ranks.size(); ++r)
    out[r] = at[static_cast<std::size_t>(std::lower_bound(distinct.begin(), distinct.end(), ranks[r]) - distinct.begin())];
  return out;
}

}  // namespace statecraft
