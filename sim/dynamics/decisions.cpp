#include "statecraft/dynamics/decisions.hpp"

#include "kernels.hpp"
#include "statecraft/engine/packet_math.hpp"

namespace statecraft {

Decide::Decide(const Scenario& sc) : sc_(&sc) {
  for (const Policy& pol : sc.policies) {
    double effort = 0;
    for (int k = 1; k < sc.n(); ++k) effort += pol.params.transparency_effort;
    uniform_effort_.push_back(effort);
  }
}

void Decide::operator()(World& w, Recorder* rec) const {
  const int n = w.n;
  Decisions& d = w.decisions;
  for (int i = 0; i < n; ++i) {
    const std::size_t which = static_cast<std::size_t>(w.state.policy[static_cast<std::size_t>(i)]);
    const Policy& pol = sc_->policies[which];
    double effort = 0;
    if (!pol.conditional) {
      uniform(w, i, pol);
      effort = uniform_effort_[which];
    } else {
      effort = conditional(w, i, pol, rec);
    }
    d.reaction(i, i) = d.escalation(i, i) = d.seeking(i, i) = d.offer(i, i) = d.operations(i, i) = 0;
    d.receptivity(i, i) = 0;
    d.effort(i) = n > 1 ? effort / (n - 1) : 0.0;
  }
}

/// One policy toward everyone: one pass over the row, two partners at a time (the clamps as SSE2 max and
/// min), then the odd one out.
void Decide::uniform(World& w, int i, const Policy& pol) const {
  const int n = w.n;
  const State& s = w.state;
  Decisions& d = w.decisions;
  const auto& dom = w.params.domestic;
  const double reduction = w.params.operations.code_of_conduct;
  const double now = w.step;
  const double h = s.hawkishness(i);
  const PolicyParams& p = pol.params;
  const double react = p.k * (1 + dom.reaction_gain * h), esc = p.esc * (1 + dom.escalation_gain * h);
  double* const st = row(w.state.stance, i);
  double* const re = row(d.reaction, i);
  double* const es = row(d.escalation, i);
  double* const se = row(d.seeking, i);
  double* const of = row(d.offer, i);
  double* const op = row(d.operations, i);
  double* const rc = row(d.receptivity, i);
  const double* const su = row(s.suspended_until, i);
  const double* const bo = row(s.base_operations, i);
  const double* const eo = row(s.exercise_operations, i);
  const double* const th = row(w.perceived.threat, i);
  const double* const df = row(w.institutions.dispute_friction, i);
  const double* const cov = row(w.institutions.coverage, i);
  const double eta = p.eta, delta = p.delta, omega = p.omega, receptive = p.receptivity;  // not reread
  const Double2 zero = splat(0), one = splat(1);
  int j = 0;
  for (; j + 2 <= n; j += 2) {
    store2(st + j, zero);
    store2(re + j, splat(react));
    store2(es + j, splat(esc));
    store2(se + j, splat(eta));
    store2(rc + j, splat(receptive));
    store2(of + j, load2(su + j) > splat(now) ? zero : splat(delta));
    const Double2 o = load2(bo + j) + load2(eo + j) + splat(omega) * (load2(th + j) + load2(df + j));
    store2(op + j, min2(max2(o, zero), one) * (one - splat(reduction) * load2(cov + j)));
  }
  for (; j < n; ++j) {
    st[j] = 0;
    re[j] = react;
    es[j] = esc;
    se[j] = eta;
    rc[j] = receptive;
    of[j] = su[j] > now ? 0.0 : delta;
    const double o = bo[j] + eo[j] + omega * (th[j] + df[j]);
    op[j] = std::min(std::max(o, 0.0), 1.0) * (1 - reduction * cov[j]);
  }
}

/// Reciprocity with hysteresis, per partner; returns the transparency effort summed over the partners.
double Decide::conditional(World& w, int i, const Policy& pol, Recorder* rec) const {
  const int n = w.n;
  State& s = w.state;
  Decisions& d = w.decisions;
  const auto& dom = w.params.domestic;
  const double reduction = w.params.operations.code_of_conduct;
  const double h = s.hawkishness(i);
  double effort = 0;
  for (int j = 0; j < n; ++j) {
    if (i == j) continue;
    double defect = s.stance(i, j);
    const double t = s.trust(i, j);
    if (defect == 0 && t < pol.defect_below) defect = 1;
    else if (defect == 1 && t > pol.engage_above) defect = 0;
    if (defect != s.stance(i, j) && rec) {
      s.stance(i, j) = defect;
      rec->on_log(w, LogEntry{w.step, LogKind::StanceChange, i, j, -1, defect, 0});
    }
    s.stance(i, j) = defect;
    const PolicyParams& p = defect > 0 ? pol.defect : pol.params;
    d.reaction(i, j) = p.k * (1 + dom.reaction_gain * h);
    d.escalation(i, j) = p.esc * (1 + dom.escalation_gain * h);
    d.offer(i, j) = s.suspended_until(i, j) > w.step ? 0.0 : p.delta;
    d.seeking(i, j) = p.eta;
    d.receptivity(i, j) = p.receptivity;
    d.operations(i, j) = dynamics::clamp01(s.base_operations(i, j) + s.exercise_operations(i, j) +
                                           p.omega * (w.perceived.threat(i, j) + w.institutions.dispute_friction(i, j))) *
                         (1 - reduction * w.institutions.coverage(i, j));
    effort += p.transparency_effort;
  }
  return effort;
}

}  // namespace statecraft
