#include "statecraft/dynamics/trust.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "kernels.hpp"
#include "statecraft/engine/packet_math.hpp"

namespace statecraft {

using dynamics::idx;

TrustUpdate::TrustUpdate(int n, std::uint64_t seed, std::uint64_t run)
    : rng_(stream_seed(seed, run, Purpose::TrustNoise)),
      next_share_(Vector::Zero(n)),
      share_change_(Vector::Zero(n)),
      excess_share_(Vector::Zero(n)),
      restraint_(Vector::Zero(n)),
      reading_(Matrix::Zero(n, n)),
      misreading_(Matrix::Zero(n, n)) {}

void TrustUpdate::restart(std::uint64_t seed, std::uint64_t run) {
  rng_ = RandomEngine(stream_seed(seed, run, Purpose::TrustNoise));
  balancing_set_ = false;
}

/// Balancing against i: j draws closer to states that i fears, sum_k max(0, dA_jk) theta_ik.
void TrustUpdate::balancing(World& w, bool alliances_moved) {
  auto& bal = w.flows.trust_terms[idx(TrustTerm::Balancing)];
  if (alliances_moved) {
    balancing_product(w.perceived.threat, w.flows.alliance_gain, -w.params.trust.balancing, bal);  // gains are symmetric
  } else if (balancing_set_) {
    bal.setZero();
  }
  balancing_set_ = alliances_moved;
}

namespace {

/// The burden share j would have after this step had it reacted to the threats it faces as a defensive
/// balancer does (reaction trust.restraint_reference, the balance_of_power preset's k), from the same share,
/// in the arms equation of burden shares: s* + (s - s*) e^(-alpha dt), s* = (R + a b) / alpha,
/// alpha = R / cap + a. Spending below it is restraint others can read. (Spending below the baseline alone,
/// the first form tried, never happens in that equation: it settles above the baseline whenever anyone
/// threatens.)
double defensive_share(const World& w, int j, double dt) {
  const State& s = w.state;
  double pressure = 0;
  const double* const threat = row(w.perceived.threat, j);
  for (int k = 0; k < w.n; ++k) pressure += threat[k] * w.perceived.share(k);
  const double R = 2 * w.params.arms.share_reaction * s.reaction_scale(j) * w.params.trust.restraint_reference * pressure;
  const double a = s.fatigue(j), cap = s.max_share(j), share = w.perceived.share(j);
  const double alpha = R / cap + a;
  if (alpha <= 0) return share;
  const double settles_at = (R + a * s.baseline_share(j)) / alpha;
  return settles_at + (share - settles_at) * std::exp(-alpha * dt);
}

}  // namespace

/// What i reads of j's spending depends on j only, but for the transparency it reads through.
void TrustUpdate::spending_signals(const World& w, double dt) {
  const State& s = w.state;
  const Flows& f = w.flows;
  const auto& P = w.params.trust;
  for (int j = 0; j < w.n; ++j) next_share_(j) = f.next_milex(j) / f.next_gdp(j);
  for (int j = 0; j < w.n; ++j) {
    const double sh = w.perceived.share(j);
    share_change_(j) = sh > 0 ? (next_share_(j) - sh) / sh : 0.0;
    excess_share_(j) = -P.arms_level * dt * std::max(0.0, next_share_(j) - s.baseline_share(j)) / s.baseline_share(j);
    const double defensive = defensive_share(w, j, dt);
    restraint_(j) = defensive > 0 ? P.restraint * dt * std::max(0.0, defensive - next_share_(j)) / defensive : 0.0;
  }
}


/// In a fixed order (the noise draws): what i reads of j through its transparency, and its misreading of
/// j's spending.
void TrustUpdate::read_spending(const World& w, int i, RandomEngine& rng) {
  const State& s = w.state;
  const double noise = w.params.trust.arms_noise;
  const double psi = s.values_transparency(i);
  const double* const ts = s.transparency_strategic.data();
  const double* const to = s.transparency_operational.data();
  double* const reading = row(reading_, i);
  double* const misreading = row(misreading_, i);
  for (int j = 0; j < w.n; ++j) {
    if (i == j) {
      reading[j] = misreading[j] = 0;
      continue;
    }
    const double v = psi * ts[j] + (1 - psi) * to[j];
    const double sd = noise * (1 - v);
    reading[j] = v;
    misreading[j] = sd > 0 ? sd * standard_normal(rng) : 0.0;
  }
}

/// Row i as contiguous arrays the compiler vectorises: every signal added up in the order of the drivers'
/// terms, and the bound.
template <class Record>
void TrustUpdate::sum_row(World& w, int i, double dt, Record) {
  const int n = w.n;
  State& s = w.state;
  auto& tt = w.flows.trust_terms;
  const auto& P = w.params.trust;
  const double bound = P.bound;
  const double c_forget = dt * P.forgetting, c_change = -P.arms_change;
  const double c_talk = P.dialogue, c_coop = P.cooperation, c_inter = P.interdependence, c_ally = P.alliance,
               c_watch = -P.surveillance * dt;
  const double mismatch = w.params.dialogue.style_mismatch;
  const double* const style_of = s.trust_building.data();
  const double* const share_change = share_change_.data();
  const double* const excess_share = excess_share_.data();
  const double* const restraint_of = restraint_.data();
  const double* const ops_all = w.decisions.operations.data();
  const double* const base_ops_all = s.base_operations.data();
  const double* const receptivity = row(w.decisions.receptivity, i);
  const double style_i = style_of[i];
  double* const L = row(s.logodds, i);
  double* const raw = row(w.flows.raw_logodds, i);
  const double* const reading = row(reading_, i);
  const double* const misreading = row(misreading_, i);
  const double* const prior = row(w.institutions.prior, i);
  const double* const dialogue = row(s.dialogue, i);
  const double* const cooperation = row(w.institutions.cooperation, i);
  const double* const interdependence = row(s.interdependence, i);
  const double* const alliance = row(s.alliance, i);
  const double* const incident = row(tt[idx(TrustTerm::Incident)], i);
  const double* const balancing = row(tt[idx(TrustTerm::Balancing)], i);
STATECRAFT_IVDEP
  for (int j = 0; j < n; ++j) {  // j = i too, without a test: its entries are overwritten below
    const double style = style_i == style_of[j] ? 1.0 : mismatch;
    const double forget = c_forget * (prior[j] - L[j]);
    const double change = c_change * reading[j] * (misreading[j] + share_change[j]);
    const double level = excess_share[j];
    const double rec = receptivity[j];
    const double restraint = rec * restraint_of[j];
    // j's operations near i above j's routine baseline there (exercises, close-in surveillance).
    const double watched = c_watch * std::max(0.0, ops_all[j * n + i] - base_ops_all[j * n + i]);
    const double talk = rec * c_talk * dialogue[j] * style * dt;
    const double coop = rec * c_coop * cooperation[j] * dt;
    const double inter = rec * c_inter * interdependence[j] * dt;
    const double ally = rec * c_ally * alliance[j] * dt;
    const double r = L[j] + forget + change + level + restraint + watched + talk + coop + inter + ally + incident[j] +
                     balancing[j];
    raw[j] = r;
    L[j] = std::min(std::max(r, -bound), bound);
    if constexpr (Record::value) {
      tt[idx(TrustTerm::Forgetting)](i, j) = forget;
      tt[idx(TrustTerm::ArmsChange)](i, j) = change;
      tt[idx(TrustTerm::ArmsLevel)](i, j) = level;
      tt[idx(TrustTerm::Restraint)](i, j) = restraint;
      tt[idx(TrustTerm::Operations)](i, j) = watched;
      tt[idx(TrustTerm::Dialogue)](i, j) = talk;
      tt[idx(TrustTerm::Cooperation)](i, j) = coop;
      tt[idx(TrustTerm::Interdependence)](i, j) = inter;
      tt[idx(TrustTerm::Alliance)](i, j) = ally;
      tt[idx(TrustTerm::Bounds)](i, j) = L[j] - r;
    }
  }
  raw[i] = L[i] = 0;
}

void TrustUpdate::update(World& w, bool alliances_moved, double dt, bool record_drivers) {
  if (w.params.trust.learning <= 0) return;
  balancing(w, alliances_moved);
  spending_signals(w, dt);
  RandomEngine rng = rng_;  // a local copy stays in a register
  for (int i = 0; i < w.n; ++i) {
    read_spending(w, i, rng);
    if (record_drivers) sum_row(w, i, dt, std::true_type{});
    else sum_row(w, i, dt, std::false_type{});
  }
  rng_ = rng;
  if (record_drivers)
    for (auto& m : w.flows.trust_terms) m.diagonal().setZero();
  logistic_matrix(w.state.logodds, w.state.trust);
  w.state.trust.diagonal().setZero();
}

}  // namespace statecraft
