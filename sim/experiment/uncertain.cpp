// Drawing the uncertain values of a run, and the robust ranking's tally (statecraft/experiment/uncertain.hpp).
#include "statecraft/experiment/uncertain.hpp"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/normal.hpp>

#include "statecraft/engine/rng.hpp"
#include "statecraft/engine/start.hpp"
#include "statecraft/scenario/paths.hpp"
#include "calibrate/same_values.hpp"

namespace statecraft {

std::uint64_t uncertain_stream_seed(std::uint64_t seed, std::uint64_t run, const std::string& path) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, 64 bits: the same on every platform and build
  for (unsigned char c : path) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return mix64(stream_seed(seed, run, Purpose::Uncertain) ^ h);
}

double uncertain_quantile(const UncertainInput& in, double u) {
  const auto& a = in.args;
  switch (in.dist) {
    case UncertainInput::Dist::Uniform: return a[0] + u * (a[1] - a[0]);
    case UncertainInput::Dist::Triangular: {
      const double lo = a[0], mode = a[1], hi = a[2];
      const double f = (mode - lo) / (hi - lo);
      if (u < f) return lo + std::sqrt(u * (hi - lo) * (mode - lo));
      return hi - std::sqrt((1 - u) * (hi - lo) * (hi - mode));
    }
    case UncertainInput::Dist::Normal: {
      const boost::math::normal_distribution<double> z(a[0], a[1]);
      const double lo = boost::math::cdf(z, std::max(a[2], a[0] - 40 * a[1]));
      const double hi = boost::math::cdf(z, std::min(a[3], a[0] + 40 * a[1]));
      const double p = lo + u * (hi - lo);
      if (!(p > 0 && p < 1)) return std::clamp(a[0], a[2], a[3]);  // the range holds no mass a double can say
      return std::clamp(boost::math::quantile(z, p), a[2], a[3]);
    }
    case UncertainInput::Dist::Choice: {
      const auto k = std::min(a.size() - 1, static_cast<std::size_t>(u * static_cast<double>(a.size())));
      return a[k];
    }
  }
  return a[0];
}

double draw_uncertain(const UncertainInput& in, std::uint64_t seed, std::uint64_t run) {
  SplitMix64 g(uncertain_stream_seed(seed, run, in.path));
  const double u = (static_cast<double>(g() >> 11) + 0.5) * 0x1p-53;  // in (0, 1), never an end
  return uncertain_quantile(in, u);
}

std::vector<std::string> uncertain_columns(const std::vector<const Scenario*>& variants) {
  std::vector<std::string> cols;
  for (const Scenario* sc : variants)
    for (const auto& in : sc->uncertain)
      if (std::find(cols.begin(), cols.end(), in.path) == cols.end()) cols.push_back(in.path);
  return cols;
}

VariantDraws::VariantDraws(const Scenario& variant) : seed_(variant.seed), has_base_(variant.base != nullptr) {
  const PathNames base_names = has_base_ ? path_names(*variant.base) : PathNames{};
  for (const auto& in : variant.uncertain) {
    Input x{in, std::nullopt};
    if (has_base_) {
      std::vector<std::string> errors;
      x.in_base = parse_value_path(in.path, base_names, PathUse::Override, errors);
    }
    if (!has_base_ || x.in_base) observed_paths_.push_back(in.path);
    inputs_.push_back(std::move(x));
  }
}

void VariantDraws::write(std::uint64_t run, Scenario& sc, Scenario* base, std::vector<double>& observed) const {
  for (const auto& x : inputs_) {
    const double value = draw_uncertain(x.in, seed_, run);
    set_value(sc, x.in.target, value);
    if (!has_base_) {
      observed.push_back(value);
    } else if (x.in_base) {
      if (base) set_value(*base, *x.in_base, value);
      observed.push_back(value);
    }
  }
}

Scenario with_draws(const Scenario& sc, std::uint64_t run) {
  Scenario out = sc;
  std::optional<Scenario> base;
  if (sc.base) base = *sc.base;
  std::vector<double> observed;
  VariantDraws(sc).write(run, out, base ? &*base : nullptr, observed);
  if (base) out.base = std::make_shared<const Scenario>(std::move(*base));
  return out;
}

namespace {

bool same_start(const StartValues& a, const StartValues& b) {
  return a.baseline_share == b.baseline_share && a.reaction_scale == b.reaction_scale &&
         a.base_prior == b.base_prior && a.friction_scale == b.friction_scale &&
         a.background_friction == b.background_friction;
}

bool same_sources(const Scenario& a, const Scenario& b) {
  if (a.sources.size() != b.sources.size()) return false;
  for (std::size_t k = 0; k < a.sources.size(); ++k)
    if (a.sources[k].path != b.sources[k].path || a.sources[k].sha256 != b.sources[k].sha256) return false;
  return true;
}

}  // namespace

std::vector<std::size_t> start_classes(const std::vector<const Scenario*>& variants) {
  std::vector<std::size_t> cls(variants.size());
  std::vector<std::optional<StartValues>> start(variants.size());
  for (std::size_t v = 0; v < variants.size(); ++v) {
    cls[v] = v;
    const Scenario& a = *variants[v];
    if (!a.base) continue;
    const std::vector<std::string> paths = VariantDraws(a).observed_paths();
    for (std::size_t w = 0; w < v; ++w) {
      const Scenario& b = *variants[w];
      if (cls[w] != w || !b.base || !same_sources(a, b) || VariantDraws(b).observed_paths() != paths ||
          !calib::same_values(*a.base, *b.base))
        continue;
      if (!start[v]) start[v] = derive_start(*a.base);
      if (!start[w]) start[w] = derive_start(*b.base);
      if (!same_start(*start[v], *start[w])) continue;
      cls[v] = w;
      break;
    }
  }
  return cls;
}

bool draws_match_load(const Scenario& direct, const Scenario& loaded) {
  if (!calib::same_values(direct, loaded)) return false;
  if (!direct.base || !loaded.base) return !direct.base && !loaded.base;
  return calib::same_values(*direct.base, *loaded.base);
}

void RegretTally::add(const std::vector<double>& x) {
  ++n_;
  double best = x[0];
  for (double v : x) best = lower_ ? std::min(best, v) : std::max(best, v);
  std::size_t ties = 0;
  for (double v : x) ties += v == best;
  for (std::size_t v = 0; v < V_; ++v) {
    const double regret = lower_ ? x[v] - best : best - x[v];
    regret_sum_[v] += regret;
    regret_max_[v] = std::max(regret_max_[v], regret);
    if (x[v] == best) best_[v] += 1.0 / static_cast<double>(ties);
    if (lower_ ? x[v] < x[base_] : x[v] > x[base_]) ++beats_[v];
  }
}

}  // namespace statecraft
