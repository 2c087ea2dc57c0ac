#include "statecraft/engine/engine.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <boost/random/normal_distribution.hpp>

#include "statecraft/scenario/error.hpp"

namespace statecraft {
namespace {

inline double clamp01(double x) { return std::min(1.0, std::max(0.0, x)); }
inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

/// The policy coefficients actor i acts on.
inline const PolicyParams& policy_of(const Scenario& sc, const World& w, int i) {
  return sc.policies[static_cast<std::size_t>(w.policy[static_cast<std::size_t>(i)])].params;
}

double& actor_field(World& w, int field, int i) {
  switch (field) {
    case 0: return w.gdp(i);
    case 1: return w.growth(i);
    case 2: return w.milex(i);
    case 3: return w.capability(i);
    case 4: return w.fatigue(i);
    case 5: return w.baseline_share(i);
    case 6: return w.max_share(i);
    case 7: return w.grievance(i);
    case 8: return w.satisfaction(i);
    case 9: return w.hawkishness(i);
    case 10: return w.values_transparency(i);
    case 11: return w.transparency_strategic(i);
    default: return w.transparency_operational(i);
  }
}

}  // namespace

Engine::Engine(const Scenario& sc, std::uint64_t run)
    : sc_(sc),
      world_(sc),
      rng_economy_(stream_seed(sc.seed, run, Purpose::Economy)),
      rng_trust_(stream_seed(sc.seed, run, Purpose::TrustNoise)) {
  perceive();
  assess_risk();
}

bool Engine::apply_events(Recorder* rec) {
  World& w = world_;
  bool any = false;
  while (next_event_ < sc_.events.size() && sc_.events[next_event_].step == w.step) {
    const Event& e = sc_.events[next_event_];
    LogEntry log;
    log.step = w.step;
    log.event = static_cast<int>(next_event_);
    log.actor = e.actor;
    log.partner = e.partner;
    log.value = e.value;
    switch (e.type) {
      case EventType::Set: {
        log.kind = LogKind::Set;
        const SetTarget& t = e.target;
        if (t.kind == SetTarget::Kind::Parameter) {
          parameter_table()[static_cast<std::size_t>(t.param)].ref(w.params) = e.value;
        } else if (t.kind == SetTarget::Kind::Actor) {
          log.actor = t.a;
          actor_field(w, t.field, t.a) = e.value;
          if (t.field == 7) w.has_grievance(t.a) = 1.0;
        } else {
          log.actor = t.a;
          log.partner = t.b;
          const int a = t.a, b = t.b;
          auto sym = [&](Matrix& m) { m(a, b) = m(b, a) = e.value; };
          switch (t.field) {
            case 0: sym(w.proximity); break;
            case 1: sym(w.alliance); break;
            case 2: sym(w.interdependence); break;
            case 3: {
              double d = e.value - w.tension(a, b);
              w.tension_terms[static_cast<int>(TensionTerm::Events)](a, b) += d;
              w.tension_terms[static_cast<int>(TensionTerm::Events)](b, a) += d;
              sym(w.tension);
              break;
            }
            case 4: sym(w.dialogue); break;
            case 5:
              sym(w.dialogue_cap);
              w.dialogue(a, b) = w.dialogue(b, a) = std::min(w.dialogue(a, b), e.value);
              break;
            case 6: {
              double bound = w.params.trust.bound;
              double l = std::clamp(std::log(e.value) - std::log1p(-e.value), -bound, bound);
              w.trust_terms[static_cast<int>(TrustTerm::Events)](a, b) += l - w.logodds(a, b);
              w.logodds(a, b) = l;
              w.trust(a, b) = e.value;
              break;
            }
            default: w.base_operations(a, b) = e.value; break;
          }
        }
        break;
      }
      case EventType::PolicyChange:
        log.kind = LogKind::PolicyChange;
        log.value = e.policy;
        w.policy[static_cast<std::size_t>(e.actor)] = e.policy;
        break;
      case EventType::TrustShock: {
        log.kind = LogKind::TrustShock;
        const int i = e.actor, j = e.partner;
        double bound = w.params.trust.bound;
        double l = std::clamp(w.logodds(i, j) + e.value, -bound, bound);
        w.trust_terms[static_cast<int>(TrustTerm::Events)](i, j) += l - w.logodds(i, j);
        w.logodds(i, j) = l;
        w.trust(i, j) = logistic(l);
        break;
      }
      case EventType::TensionShock: {
        log.kind = LogKind::TensionShock;
        const int i = e.actor, j = e.partner;
        double t = clamp01(w.tension(i, j) + e.value);
        double d = t - w.tension(i, j);
        w.tension_terms[static_cast<int>(TensionTerm::Events)](i, j) += d;
        w.tension_terms[static_cast<int>(TensionTerm::Events)](j, i) += d;
        w.tension(i, j) = w.tension(j, i) = t;
        break;
      }
    }
    if (rec) rec->on_log(w, log);
    ++next_event_;
    any = true;
  }
  return any;
}

void Engine::perceive() {
  World& w = world_;
  const int n = w.n;
  // Allied capability Kt_i = K_i + sum_k A_ik K_k.
  w.allied_capability.noalias() = w.alliance * w.capability;
  w.allied_capability += w.capability;
  // Power shares.
  const double sy = w.gdp.sum(), sk = w.capability.sum();
  const double we = w.params.power.econ_weight;
  for (int i = 0; i < n; ++i) {
    w.power(i) = we * (sy > 0 ? w.gdp(i) / sy : 0.0) + (1 - we) * (sk > 0 ? w.capability(i) / sk : 0.0);
    w.share(i) = w.milex(i) / w.gdp(i);
  }
  // Balance of threat and rivalry weights; operations follow the threat and the disputes.
  for (int i = 0; i < n; ++i) {
    const PolicyParams& pol = policy_of(sc_, w, i);
    for (int j = 0; j < n; ++j) {
      if (i == j) {
        w.threat(i, j) = w.rivalry(i, j) = w.operations(i, j) = 0;
        continue;
      }
      const double r = w.proximity(i, j) * (1 - w.alliance(i, j)) * (1 - w.trust(i, j));
      const double denom = w.allied_capability(i) + w.capability(j);
      w.rivalry(i, j) = r;
      w.threat(i, j) = denom > 0 ? r * w.capability(j) / denom : 0.0;
      w.operations(i, j) =
          clamp01(w.base_operations(i, j) + pol.omega * (w.threat(i, j) + w.dispute_friction(i, j)));
    }
  }
}

void Engine::decide() {
  World& w = world_;
  const auto& dom = w.params.domestic;
  for (int i = 0; i < w.n; ++i) {
    const PolicyParams& pol = policy_of(sc_, w, i);
    const double h = w.hawkishness(i);
    w.reaction(i) = pol.k * (1 + dom.reaction_gain * h);
    w.escalation(i) = pol.esc * (1 + dom.escalation_gain * h);
    w.offer(i) = pol.delta;
  }
}

void Engine::update() {
  World& w = world_;
  const int n = w.n;
  const double dt = sc_.dt;
  const Parameters& P = w.params;

  // Dialogue: needs both sides' offers; capped by law or politics.
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      double D = w.dialogue(i, j);
      double mutual = std::min(w.offer(i), w.offer(j));
      double next = D + dt * (P.dialogue.build * mutual * (1 - D) - P.dialogue.decay * D);
      next = std::min(std::max(next, 0.0), w.dialogue_cap(i, j));
      w.dialogue(i, j) = w.dialogue(j, i) = next;
    }

  // Arms (Richardson) and capability, from the snapshot of spending.
  for (int i = 0; i < n; ++i) {
    double pressure = 0;
    for (int j = 0; j < n; ++j) pressure += w.rivalry(i, j) * w.milex(j);
    const double G = w.has_grievance(i) > 0 ? w.grievance(i)
                                             : w.fatigue(i) * w.baseline_share(i) * w.gdp(i);
    double m = w.milex(i) + dt * (w.reaction(i) * pressure - w.fatigue(i) * w.milex(i) + G);
    w.next_milex(i) = std::clamp(m, 0.0, w.max_share(i) * w.gdp(i));
  }

  // Economy: trend growth less the burden above baseline and the tension it is exposed to.
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  for (int i = 0; i < n; ++i) {
    double exposure = 0, weights = 0;
    for (int j = 0; j < n; ++j) {
      exposure += w.interdependence(i, j) * w.tension(i, j);
      weights += w.interdependence(i, j);
    }
    const double tbar = weights > 0 ? exposure / weights : 0.0;
    const double burden = std::max(0.0, w.share(i) - w.baseline_share(i));
    double rate = w.growth(i) - P.economy.burden_drag * burden - P.economy.tension_drag * tbar;
    double noise = P.economy.growth_noise > 0 ? P.economy.growth_noise * std::sqrt(dt) * normal(rng_economy_) : 0.0;
    double factor = 1 + dt * rate + noise;
    // An economy cannot vanish in one step: a collapse is floored at 1% of its output.
    w.next_gdp(i) = w.gdp(i) * std::max(factor, 0.01);
  }
  for (int i = 0; i < n; ++i) {
    w.milex_growth(i) = w.milex(i) > 0 ? (w.next_milex(i) - w.milex(i)) / (w.milex(i) * dt) : 0.0;
    w.next_share(i) = w.next_milex(i) / w.next_gdp(i);
  }

  // Trust: each signal i reads from j adds its log-likelihood ratio (Kydd).
  auto& tt = w.trust_terms;
  if (P.trust.learning > 0) {
    const double bound = P.trust.bound;
    for (int i = 0; i < n; ++i) {
      const double psi = w.values_transparency(i);
      for (int j = 0; j < n; ++j) {
        if (i == j) continue;
        const double v = psi * w.transparency_strategic(j) + (1 - psi) * w.transparency_operational(j);
        const double sh = w.share(j);
        const double dsh = sh > 0 ? (w.next_share(j) - sh) / sh : 0.0;
        const double sd = P.trust.arms_noise * (1 - v);
        const double noise = sd > 0 ? sd * normal(rng_trust_) : 0.0;
        const double q = w.trust_building(i) == w.trust_building(j) ? 1.0 : P.dialogue.style_mismatch;
        const double L = w.logodds(i, j);
        const double t_forget = dt * P.trust.forgetting * (w.prior(i, j) - L);
        const double t_change = -P.trust.arms_change * v * (dsh + noise);
        const double t_level =
            -P.trust.arms_level * dt * std::max(0.0, w.next_share(j) - w.baseline_share(j)) / w.baseline_share(j);
        const double t_dialogue = P.trust.dialogue * w.dialogue(i, j) * q * dt;
        const double t_inter = P.trust.interdependence * w.interdependence(i, j) * dt;
        const double t_ally = P.trust.alliance * w.alliance(i, j) * dt;
        const double raw = L + t_forget + t_change + t_level + t_dialogue + t_inter + t_ally;
        const double next = std::clamp(raw, -bound, bound);
        tt[static_cast<int>(TrustTerm::Forgetting)](i, j) = t_forget;
        tt[static_cast<int>(TrustTerm::ArmsChange)](i, j) = t_change;
        tt[static_cast<int>(TrustTerm::ArmsLevel)](i, j) = t_level;
        tt[static_cast<int>(TrustTerm::Dialogue)](i, j) = t_dialogue;
        tt[static_cast<int>(TrustTerm::Interdependence)](i, j) = t_inter;
        tt[static_cast<int>(TrustTerm::Alliance)](i, j) = t_ally;
        tt[static_cast<int>(TrustTerm::Bounds)](i, j) = next - raw;
        w.logodds(i, j) = next;
      }
    }
    w.trust = ((-w.logodds.array()).exp() + 1.0).inverse().matrix();
    w.trust.diagonal().setZero();
  }

  // Commit arms, capability and economy (trust has read the old and new shares).
  w.capability = (1 - P.arms.depreciation * dt) * w.capability + dt * w.next_milex;
  w.milex = w.next_milex;
  w.gdp = w.next_gdp;

  // Transparency rises with the effort the policy makes.
  for (int i = 0; i < n; ++i) {
    const double effort = policy_of(sc_, w, i).transparency_effort * dt;
    w.transparency_strategic(i) = std::min(1.0, w.transparency_strategic(i) + effort);
    w.transparency_operational(i) = std::min(1.0, w.transparency_operational(i) + effort);
  }

  // Tension: friction against relief, from this step's threat, dialogue and updated trust.
  auto& ct = w.tension_terms;
  const auto& C = P.tension;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      const double tau = w.tension(i, j);
      const double q = w.trust_building(i) == w.trust_building(j) ? 1.0 : P.dialogue.style_mismatch;
      const double f_threat = C.threat * 0.5 * (w.threat(i, j) + w.threat(j, i));
      const double f_disp = C.disputes * w.dispute_friction(i, j);
      const double f_arms = C.arms_race * std::max(0.0, 0.5 * (w.milex_growth(i) + w.milex_growth(j)));
      const double r_dial = C.dialogue * w.dialogue(i, j) * q;
      const double r_trust = C.trust * 0.5 * (w.trust(i, j) + w.trust(j, i));
      double terms[kTensionTerms] = {};
      terms[static_cast<int>(TensionTerm::Threat)] = dt * f_threat * (1 - tau);
      terms[static_cast<int>(TensionTerm::Disputes)] = dt * f_disp * (1 - tau);
      terms[static_cast<int>(TensionTerm::ArmsRace)] = dt * f_arms * (1 - tau);
      terms[static_cast<int>(TensionTerm::Dialogue)] = -dt * r_dial * tau;
      terms[static_cast<int>(TensionTerm::Trust)] = -dt * r_trust * tau;
      terms[static_cast<int>(TensionTerm::BaseRelief)] = -dt * C.base_relief * tau;
      double raw = tau;
      for (int k = 0; k < kTensionTerms; ++k)
        if (k != static_cast<int>(TensionTerm::Events) && k != static_cast<int>(TensionTerm::Bounds))
          raw += terms[k];
      const double next = clamp01(raw);
      terms[static_cast<int>(TensionTerm::Bounds)] = next - raw;
      for (int k = 0; k < kTensionTerms; ++k) {
        if (k == static_cast<int>(TensionTerm::Events)) continue;
        ct[k](i, j) = ct[k](j, i) = terms[k];
      }
      w.tension(i, j) = w.tension(j, i) = next;
    }

  // Domestic politics: hawkishness follows the mean tension the state faces.
  if (n > 1) {
    for (int i = 0; i < n; ++i) {
      const double mean = w.tension.row(i).sum() / (n - 1);
      w.hawkishness(i) = clamp01(w.hawkishness(i) + dt * P.domestic.adjustment * (mean - w.hawkishness(i)));
    }
  }
}

void Engine::assess_risk() {
  // Power transition: parity, the weaker side's dissatisfaction, and tension (an indicator, no war drawn).
  World& w = world_;
  const auto& tr = w.params.transition;
  for (int i = 0; i < w.n; ++i)
    for (int j = i + 1; j < w.n; ++j) {
      const double hi = std::max(w.power(i), w.power(j));
      const double parity = hi > 0 ? std::min(w.power(i), w.power(j)) / hi : 0.0;
      const int challenger = w.power(i) < w.power(j) ? i : j;
      const double u = std::max(0.0, -w.satisfaction(challenger));
      const double r = tr.scale * std::pow(parity, tr.exponent) * (tr.base + (1 - tr.base) * u) * w.tension(i, j);
      w.risk(i, j) = w.risk(j, i) = std::min(1.0, r);
    }
}

void Engine::check_finite() const {
  const World& w = world_;
  auto bad_vec = [&](const Vector& v, const char* what, const char* mech) {
    for (int i = 0; i < w.n; ++i)
      if (!std::isfinite(v(i)))
        throw RunError("step " + std::to_string(w.step) + ": " + mech + ": " + what + " of " +
                       sc_.actors[static_cast<std::size_t>(i)].id +
                       " is not finite (check the parameters of this mechanism)");
  };
  auto bad_mat = [&](const Matrix& m, const char* what, const char* mech) {
    for (int i = 0; i < w.n; ++i)
      for (int j = 0; j < w.n; ++j)
        if (!std::isfinite(m(i, j)))
          throw RunError("step " + std::to_string(w.step) + ": " + mech + ": " + what + " of " +
                         sc_.actors[static_cast<std::size_t>(i)].id + "-" +
                         sc_.actors[static_cast<std::size_t>(j)].id +
                         " is not finite (check the parameters of this mechanism)");
  };
  bad_vec(w.milex, "milex", "arms");
  bad_vec(w.capability, "capability", "arms");
  bad_vec(w.gdp, "gdp", "economy");
  bad_mat(w.dialogue, "dialogue", "dialogue");
  bad_mat(w.logodds, "trust", "trust");
  bad_mat(w.tension, "tension", "tension");
}

void Engine::step(Recorder* rec) {
  World& w = world_;
  for (auto& m : w.tension_terms) m.setZero();
  for (auto& m : w.trust_terms) m.setZero();
  if (apply_events(rec)) perceive();
  decide();
  update();
  ++w.step;
  perceive();
  assess_risk();
  for (int i = 0; i < w.n; ++i)
    for (int j = i + 1; j < w.n; ++j) w.log_survival += std::log1p(-std::min(w.risk(i, j) * sc_.dt, 1.0 - 1e-12));
  check_finite();
  if (rec) rec->on_step(w);
}

void Engine::run(Recorder* rec) {
  if (rec) rec->on_step(world_);
  for (int t = 0; t < sc_.steps; ++t) step(rec);
}

}  // namespace statecraft
