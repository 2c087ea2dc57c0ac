#include "statecraft/dynamics/incidents.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "kernels.hpp"

namespace statecraft {

using dynamics::idx;

Incidents::Incidents(const Scenario& sc, std::uint64_t seed, std::uint64_t run)
    : rng_(stream_seed(seed, run, Purpose::Incidents)) {
  restart(sc, seed, run);
}

void Incidents::restart(const Scenario& sc, std::uint64_t seed, std::uint64_t run) {
  rng_ = RandomEngine(stream_seed(seed, run, Purpose::Incidents));
  std::size_t forced = 0;
  for (const auto& e : sc.events) forced += e.type == EventType::Incident;
  pairs_.clear();
  // Allocates only for a scenario with more forced incidents than any before.
  pairs_.reserve(static_cast<std::size_t>(sc.n()) * static_cast<std::size_t>(sc.n()) / 2 + forced);
}

void Incidents::clear_last_step(Flows& flows) {
  auto& jumps = flows.tension_terms[idx(TensionTerm::Incidents)];
  auto& losses = flows.trust_terms[idx(TrustTerm::Incident)];
  for (const auto& [a, b] : pairs_) {
    flows.incidents(a, b) = flows.incidents(b, a) = 0;
    flows.incident_level(a, b) = flows.incident_level(b, a) = -1;
    jumps(a, b) = jumps(b, a) = 0;
    losses(a, b) = losses(b, a) = 0;
  }
  pairs_.clear();
}

void Incidents::record(World& w, int init, int other, double severity, bool init_escalates, bool other_escalates,
                       int event, Recorder* rec) {
  Flows& f = w.flows;
  const auto& I = w.params.incidents;
  const int level = static_cast<int>(init_escalates) + static_cast<int>(other_escalates);
  const double tau = w.state.tension(init, other);
  const double jump = severity * (I.jump_base + I.jump_per_level * level) * (1 - tau);
  auto& jt = f.tension_terms[idx(TensionTerm::Incidents)];
  jt(init, other) += jump;
  jt(other, init) += jump;
  f.incidents(init, other) += 1;
  f.incidents(other, init) += 1;
  pairs_.emplace_back(init, other);
  f.incident_level(init, other) = f.incident_level(other, init) =
      std::max(f.incident_level(init, other), static_cast<double>(level));
  if (w.params.trust.learning > 0) {
    const double loss = w.params.trust.incident * severity * (1 + level);
    auto& tt = f.trust_terms[idx(TrustTerm::Incident)];
    tt(other, init) -= loss;                        // the side that caused it
    if (other_escalates) tt(init, other) -= loss;  // and every side that escalated
  }
  if (rec) rec->on_log(w, LogEntry{w.step, LogKind::Incident, init, other, event, severity, level});
}

IncidentOutlook incident_outlook(const World& w, int i, int j, double dt) {
  IncidentOutlook out;
  const auto& I = w.params.incidents;
  const Decisions& d = w.decisions;
  const double oi = d.operations(i, j), oj = d.operations(j, i), m = w.institutions.mitigation(i, j);
  const double lambda = I.rate * w.state.proximity(i, j) * (oi + oj) * (1 - I.mitigation * m);
  if (lambda <= 0) return out;
  out.occurs = -std::expm1(-lambda * dt);
  const double tau = w.state.tension(i, j), severity = I.severity_alpha / (I.severity_alpha + I.severity_beta);
  const double learning = w.params.trust.learning > 0 ? w.params.trust.incident * severity : 0.0;
  // Either side may cause it, in proportion to its operations; then each escalates or not.
  for (const auto& [x, y, weight] : {std::tuple{i, j, oi / (oi + oj)}, std::tuple{j, i, oj / (oi + oj)}}) {
    const double px = dynamics::clamp01(d.escalation(x, y) * (I.escalation_base + tau)) * (1 - m);
    const double py = dynamics::clamp01(d.escalation(y, x) * (I.escalation_base + tau)) * (1 - m);
    const double p = out.occurs * weight;
    out.crisis += p * (1 - (1 - px) * (1 - py));
    out.dispute += p * px * py;
    out.tension_jump += p * severity * (I.jump_base + I.jump_per_level * (px + py)) * (1 - tau);
    // The side hit (y) loses trust in the cause (x) by s (1 + L); the cause loses trust in y if y escalated.
    const double y_in_x = p * learning * (1 + px + py), x_in_y = p * learning * py * (2 + px);
    (x == i ? out.trust_loss_ji : out.trust_loss_ij) += y_in_x;
    (x == i ? out.trust_loss_ij : out.trust_loss_ji) += x_in_y;
  }
  return out;
}

double dispute_probability(const World& w, int i, int j, double dt) {
  const auto& I = w.params.incidents;
  const Decisions& d = w.decisions;
  const double oi = d.operations(i, j), oj = d.operations(j, i), m = w.institutions.mitigation(i, j);
  const double lambda = I.rate * w.state.proximity(i, j) * (oi + oj) * (1 - I.mitigation * m);
  if (lambda <= 0) return 0.0;
  const double tau = w.state.tension(i, j);
  const double pi = dynamics::clamp01(d.escalation(i, j) * (I.escalation_base + tau)) * (1 - m);
  const double pj = dynamics::clamp01(d.escalation(j, i) * (I.escalation_base + tau)) * (1 - m);
  // Each term is a product with pi and pj, and occurs is finite (lambda > 0 makes oi + oj positive): a zero
  // escalation makes both terms zeros, whose sum from +0 is +0, without the exponential.
  if (pi == 0 || pj == 0) return 0.0;
  const double occurs = -std::expm1(-lambda * dt);
  double dispute = 0;
  dispute += occurs * (oi / (oi + oj)) * pi * pj;  // i causes it
  dispute += occurs * (oj / (oi + oj)) * pj * pi;  // j causes it
  return dispute;
}

void Incidents::resolve(World& w, double dt, Recorder* rec) {
  const auto& I = w.params.incidents;
  if (I.rate <= 0) {
    w.flows.incident_rate.setZero();
    return;
  }
  const int n = w.n;
  const double rate = I.rate, mitigation = I.mitigation;
  const Decisions& d = w.decisions;
  RandomEngine rng = rng_;  // a local copy stays in a register across the stores below
  for (int i = 0; i < n; ++i) {
    const double* const ops = row(d.operations, i);
    const double* const rho = row(w.state.proximity, i);
    const double* const mit = row(w.institutions.mitigation, i);
    double* const lambdas = row(w.flows.incident_rate, i);
    for (int j = i + 1; j < n; ++j) {
      const double oi = ops[j], oj = d.operations(j, i);
      const double m = mit[j];
      const double lambda = rate * rho[j] * (oi + oj) * (1 - mitigation * m);
      lambdas[j] = w.flows.incident_rate(j, i) = lambda;
      // Five draws per pair and step whatever happens, so streams stay aligned across variants: occurrence,
      // severity, side, two escalations. Without an incident the last four are skipped, not drawn.
      // P(incident) = 1 - exp(-lambda dt) < lambda dt: a draw above lambda dt needs no exponential.
      const double y = lambda * dt, u_occurs = unit_value(rng());
      if (lambda <= 0 || u_occurs >= y || u_occurs >= -std::expm1(-y)) {
        rng.discard(4);
        continue;
      }
      const double u_severity = unit_value(rng()), u_side = unit_value(rng()), u_esc_i = unit_value(rng()),
                   u_esc_j = unit_value(rng());
      const double severity = beta_quantile(I.severity_alpha, I.severity_beta, u_severity);
      const int init = u_side * (oi + oj) < oi ? i : j;
      const int other = init == i ? j : i;
      const double tau = w.state.tension(i, j);
      const double p_init = dynamics::clamp01(d.escalation(init, other) * (I.escalation_base + tau)) * (1 - m);
      const double p_other = dynamics::clamp01(d.escalation(other, init) * (I.escalation_base + tau)) * (1 - m);
      const bool esc_init = (init == i ? u_esc_i : u_esc_j) < p_init;
      const bool esc_other = (init == i ? u_esc_j : u_esc_i) < p_other;
      record(w, init, other, severity, esc_init, esc_other, -1, rec);
    }
  }
  rng_ = rng;
}

}  // namespace statecraft
