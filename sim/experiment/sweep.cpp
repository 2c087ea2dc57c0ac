#include "statecraft/experiment/sweep.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/sobol.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "statecraft/experiment/stats.hpp"
#include "statecraft/util/number.hpp"

namespace statecraft {

std::optional<SweepParam> parse_sweep_param(const std::string& text, std::string& error) {
  SweepParam p;
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    error = "'" + text + "' has no range (expected PATH=LO:HI or PATH=LO:HI:N, e.g. actors.CHN.growth=0.02:0.08)";
    return std::nullopt;
  }
  p.path = text.substr(0, eq);
  std::vector<std::string> parts;
  std::string cur;
  for (char c : text.substr(eq + 1)) {
    if (c == ':') { parts.push_back(cur); cur.clear(); } else { cur += c; }
  }
  parts.push_back(cur);
  auto num = [](const std::string& s, double& out) { return parse_finite(s, out); };
  if (parts.size() == 2 || parts.size() == 3)
    for (std::size_t k = 0; k < 2; ++k)  // a bound that is a number but none a double holds: said as such
      if (unrepresentable_number(parts[k])) {
        error = p.path + ": '" + parts[k] + "' " + number_problem(parts[k]) + " (expected a finite number)";
        return std::nullopt;
      }
  if (parts.size() < 2 || parts.size() > 3 || !num(parts[0], p.lo) || !num(parts[1], p.hi)) {
    error = "'" + text.substr(eq + 1) + "' is not a range (expected LO:HI or LO:HI:N with finite numbers)";
    return std::nullopt;
  }
  if (p.lo > p.hi) {
    error = "the range " + parts[0] + ":" + parts[1] + " runs backwards (expected LO < HI)";
    return std::nullopt;
  }
  if (p.lo == p.hi) {  // every point the same value: runs spent on nothing, and "no variance" for Sobol
    error = "the range " + parts[0] + ":" + parts[1] + " holds one value (expected LO < HI; a value that holds for "
            "every point is --set PATH=VALUE)";
    return std::nullopt;
  }
  if (parts.size() == 3) {
    int n = 0;
    auto r = std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), n);
    if (r.ec != std::errc() || r.ptr != parts[2].data() + parts[2].size() || n < 2 || n > 10000) {
      error = "'" + parts[2] + "' is not a number of grid points (expected a whole number from 2 to 10000)";
      return std::nullopt;
    }
    p.n = n;
    p.n_given = true;
  }
  return p;
}

std::vector<std::vector<double>> design_points(const std::vector<SweepParam>& params, Design design,
                                               std::size_t samples, std::uint64_t seed) {
  const std::size_t k = params.size();
  std::vector<std::vector<double>> pts;
  auto scale = [&](std::size_t i, double u) { return params[i].lo + u * (params[i].hi - params[i].lo); };
  if (design == Design::Grid) {
    std::size_t total = 1;
    for (const auto& p : params) total *= static_cast<std::size_t>(p.n);
    for (std::size_t idx = 0; idx < total; ++idx) {
      std::vector<double> row(k);
      std::size_t rest = idx;
      for (std::size_t i = k; i-- > 0;) {  // the last parameter varies fastest
        const auto n = static_cast<std::size_t>(params[i].n);
        row[i] = scale(i, static_cast<double>(rest % n) / static_cast<double>(n - 1));
        rest /= n;
      }
      pts.push_back(row);
    }
    return pts;
  }
  if (design == Design::Lhs) {
    boost::random::mt19937_64 rng(seed);
    boost::random::uniform_01<double> u;
    pts.assign(samples, std::vector<double>(k));
    for (std::size_t i = 0; i < k; ++i) {
      std::vector<std::size_t> strata(samples);
      for (std::size_t s = 0; s < samples; ++s) strata[s] = s;
      for (std::size_t s = samples; s-- > 1;) {  // Fisher-Yates with Boost's distribution: portable
        boost::random::uniform_int_distribution<std::size_t> pick(0, s);
        std::swap(strata[s], strata[pick(rng)]);
      }
      for (std::size_t s = 0; s < samples; ++s)
        pts[s][i] = scale(i, (static_cast<double>(strata[s]) + u(rng)) / static_cast<double>(samples));
    }
    return pts;
  }
  // Saltelli: A and B from one Sobol sequence of dimension 2k, its points N to 2N - 1. For N a power of two
  // these are a block of the sequence whose every coordinate has one value in each interval [j/N, (j+1)/N),
  // the even spread that makes Sobol's design converge faster than random draws, and none of them is the
  // all-zero point, at the corner of the ranges (SALib's default skips as many). Boost's engine starts after
  // that point (its first output is 0.5): points 1 to N - 1 are skipped. This used to skip point 1 alone, which
  // left the rows without the even spread (at N = 8 the A column held 0.125 and 0.1875 and no value in
  // [0.0, 0.125)).
  boost::random::sobol gen(static_cast<unsigned>(2 * k));
  gen.discard(static_cast<std::uintmax_t>(samples - 1) * 2 * k);
  std::vector<std::vector<double>> a(samples, std::vector<double>(k)), b(samples, std::vector<double>(k));
  const double norm = std::ldexp(1.0, -64);
  for (std::size_t s = 0; s < samples; ++s) {
    for (std::size_t i = 0; i < k; ++i) a[s][i] = static_cast<double>(gen()) * norm;
    for (std::size_t i = 0; i < k; ++i) b[s][i] = static_cast<double>(gen()) * norm;
  }
  auto scaled = [&](std::vector<double> row) {
    for (std::size_t i = 0; i < k; ++i) row[i] = scale(i, row[i]);
    return row;
  };
  for (const auto& r : a) pts.push_back(scaled(r));
  for (const auto& r : b) pts.push_back(scaled(r));
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t s = 0; s < samples; ++s) {
      std::vector<double> row = a[s];
      row[i] = b[s][i];
      pts.push_back(scaled(row));
    }
  return pts;
}

namespace {
/// First-order and total indices of every parameter from the base rows `rows` (with repetition); false when the
/// outputs of those rows do not vary (no_variance). The outputs are centred on their mean over the A and B rows
/// first (as SALib does): Saltelli's first-order estimator multiplies f_B by f_ABi - f_A, and an uncentred f_B
/// carries the output's mean into the estimate as noise of size mean * sd(f_ABi - f_A) / sqrt(N), which swamps
/// the index when the mean is large against the spread. Jansen's total index does not depend on the mean.
bool indices(const std::vector<double>& f, std::size_t n, std::size_t k, const std::vector<std::size_t>& rows,
             std::vector<double>& first, std::vector<double>& total) {
  Moments all;
  for (std::size_t j : rows) {
    all.add(f[j]);
    all.add(f[n + j]);
  }
  // The variance of the A and B outputs divides by their count, 2N, as SALib's does (np.var): with 2N - 1 the
  // indices were 15/16 of SALib's at N = 8.
  const double count = static_cast<double>(all.count());
  const double var = all.variance() * (count - 1) / count, mean = all.mean();
  first.assign(k, 0.0);
  total.assign(k, 0.0);
  if (no_variance(all)) return false;
  for (std::size_t i = 0; i < k; ++i) {
    double s1 = 0, st = 0;
    for (std::size_t j : rows) {
      const double fa = f[j], fb = f[n + j], fab = f[(2 + i) * n + j];
      s1 += (fb - mean) * (fab - fa);
      st += (fa - fab) * (fa - fab);
    }
    const double m = static_cast<double>(rows.size());
    first[i] = s1 / m / var;
    total[i] = st / (2 * m) / var;
  }
  return true;
}
}  // namespace

bool no_variance(const Moments& m) {
  // Exactly constant, or varying only at the level of the rounding of doubles (a relative 1e-12 of the mean).
  return !(m.sd() > 1e-12 * std::fabs(m.mean()));
}

std::vector<SobolIndex> sobol_indices(const std::vector<double>& f, std::size_t samples, std::size_t k,
                                      int bootstrap, std::uint64_t seed) {
  std::vector<std::size_t> rows(samples);
  for (std::size_t j = 0; j < samples; ++j) rows[j] = j;
  std::vector<double> first, total;
  std::vector<SobolIndex> out(k);
  if (!indices(f, samples, k, rows, first, total)) {
    for (auto& o : out) o.no_variance = true;
    return out;
  }
  std::vector<std::vector<double>> bf(k), bt(k);
  boost::random::mt19937_64 rng(seed);
  boost::random::uniform_int_distribution<std::size_t> pick(0, samples - 1);
  for (int b = 0; b < bootstrap; ++b) {
    for (auto& r : rows) r = pick(rng);
    std::vector<double> f1, t1;
    if (!indices(f, samples, k, rows, f1, t1)) continue;  // a resample of equal values has no index: left out
    for (std::size_t i = 0; i < k; ++i) {
      bf[i].push_back(f1[i]);
      bt[i].push_back(t1[i]);
    }
  }
  auto pct = [](std::vector<double> v, double p) {
    if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(v.begin(), v.end());
    const double h = (static_cast<double>(v.size()) - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
  };
  for (std::size_t i = 0; i < k; ++i) {
    out[i] = SobolIndex{first[i], pct(bf[i], 0.025), pct(bf[i], 0.975),
                        total[i], pct(bt[i], 0.025), pct(bt[i], 0.975), false};
  }
  return out;
}

}  // namespace statecraft
