#include "statecraft/engine/engine.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "statecraft/engine/packet_math.hpp"
#include "statecraft/scenario/error.hpp"

namespace statecraft {
namespace {

inline double clamp01(double x) { return std::min(1.0, std::max(0.0, x)); }
inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }
inline double logit(double p) { return std::log(p) - std::log1p(-p); }
constexpr double kForever = std::numeric_limits<double>::infinity();

/// x^e, exact and fast for the small whole exponents scenarios use.
inline double power(double x, double e) {
  if (e == 4) {
    const double x2 = x * x;
    return x2 * x2;
  }
  return std::pow(x, e);
}

// A loop's arrays do not overlap: GCC may vectorise it without run-time checks. (Other compilers check, or
// warn where a forced vectorisation fails; they get nothing.)
#if defined(__GNUC__) && !defined(__clang__)
#define STATECRAFT_IVDEP _Pragma("GCC ivdep")
#else
#define STATECRAFT_IVDEP
#endif


/// Copies the upper triangle of a square matrix onto the lower one.
inline void mirror_upper(Matrix& m) {
  const int n = static_cast<int>(m.rows());
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) m(j, i) = m(i, j);
}

constexpr int idx(TensionTerm t) { return static_cast<int>(t); }
constexpr int idx(TrustTerm t) { return static_cast<int>(t); }

double& actor_field(World& w, ActorField field, int i) {
  switch (field) {
    case ActorField::Gdp: return w.gdp(i);
    case ActorField::Growth: return w.growth(i);
    case ActorField::Milex: return w.milex(i);
    case ActorField::Capability: return w.capability(i);
    case ActorField::Fatigue: return w.fatigue(i);
    case ActorField::BaselineShare: return w.baseline_share(i);
    case ActorField::MaxShare: return w.max_share(i);
    case ActorField::Grievance: return w.grievance(i);
    case ActorField::Satisfaction: return w.satisfaction(i);
    case ActorField::Hawkishness: return w.hawkishness(i);
    case ActorField::ValuesTransparency: return w.values_transparency(i);
    case ActorField::TransparencyStrategic: return w.transparency_strategic(i);
    case ActorField::TransparencyOperational: return w.transparency_operational(i);
  }
  throw std::logic_error("actor_field: a field the switch does not cover");
}

}  // namespace

Engine::Engine(const Scenario& sc, std::uint64_t run)
    : sc_(sc),
      world_(sc),
      rng_economy_(stream_seed(sc.seed, run, Purpose::Economy)),
      rng_trust_(stream_seed(sc.seed, run, Purpose::TrustNoise)),
      rng_incidents_(stream_seed(sc.seed, run, Purpose::Incidents)) {
  std::size_t exercises = 0;
  for (const auto& e : sc.events) exercises += e.type == EventType::Exercise;
  exercises_.reserve(exercises);
  for (const Policy& pol : sc.policies) {
    double effort = 0;
    for (int k = 1; k < world_.n; ++k) effort += pol.params.transparency_effort;
    uniform_effort_.push_back(effort);
  }
  std::size_t incident_events = 0;
  for (const auto& e : sc.events) incident_events += e.type == EventType::Incident;
  incident_pairs_.reserve(static_cast<std::size_t>(world_.n) * static_cast<std::size_t>(world_.n) / 2 + incident_events);
  refresh_institutions(true);
  perceive();
  decide(nullptr);
  assess_risk();
}

void Engine::restart(const Engine& initial, std::uint64_t run) {
  world_ = initial.world_;  // same sizes: Eigen and std::vector assign without allocating
  rng_economy_ = RandomEngine(stream_seed(sc_.seed, run, Purpose::Economy));
  rng_trust_ = RandomEngine(stream_seed(sc_.seed, run, Purpose::TrustNoise));
  rng_incidents_ = RandomEngine(stream_seed(sc_.seed, run, Purpose::Incidents));
  next_event_ = initial.next_event_;
  exercises_.assign(initial.exercises_.begin(), initial.exercises_.end());
  incident_pairs_.clear();
  events_shifted_ = initial.events_shifted_;
  balancing_set_ = initial.balancing_set_;
}

// ---- events ------------------------------------------------------------------------------------

void Engine::shift_trust(int i, int j, double delta) {
  World& w = world_;
  const double bound = w.params.trust.bound;
  const double l = std::clamp(w.logodds(i, j) + delta, -bound, bound);
  w.trust_terms[idx(TrustTerm::Events)](i, j) += l - w.logodds(i, j);
  events_shifted_ = true;
  w.logodds(i, j) = l;
  w.trust(i, j) = logistic(l);
}

void Engine::shift_tension(int i, int j, double delta) {
  World& w = world_;
  const double t = clamp01(w.tension(i, j) + delta);
  const double d = t - w.tension(i, j);
  w.tension_terms[idx(TensionTerm::Events)](i, j) += d;
  w.tension_terms[idx(TensionTerm::Events)](j, i) += d;
  events_shifted_ = true;
  w.tension(i, j) = w.tension(j, i) = t;
}

void Engine::suspend_dialogue(int i, int j, double until) {
  World& w = world_;
  w.suspended_until(i, j) = w.suspended_until(j, i) = std::max(w.suspended_until(i, j), until);
}

void Engine::apply_set(const Event& e, LogEntry& log) {
  World& w = world_;
  const SetTarget& t = e.target;
  if (t.kind == SetTarget::Kind::Parameter) {
    parameter_table()[static_cast<std::size_t>(t.param)].ref(w.params) = e.value;
    return;
  }
  log.actor = t.a;
  if (t.kind == SetTarget::Kind::Actor) {
    actor_field(w, t.actor_field, t.a) = e.value;
    if (t.actor_field == ActorField::Grievance) w.has_grievance(t.a) = 1.0;
    return;
  }
  // The loader refuses set events on policies and institutions until the engine applies them.
  if (t.kind != SetTarget::Kind::Pair) throw std::logic_error("apply_set: a set event the engine cannot apply");
  log.partner = t.b;
  const int a = t.a, b = t.b;
  auto sym = [&](Matrix& m) { m(a, b) = m(b, a) = e.value; };
  switch (t.pair_field) {
    case PairField::Proximity: sym(w.proximity); break;
    case PairField::Alliance: sym(w.alliance); break;
    case PairField::Interdependence: sym(w.interdependence); break;
    case PairField::Tension: shift_tension(a, b, e.value - w.tension(a, b)); break;
    case PairField::Dialogue: sym(w.dialogue); break;
    case PairField::DialogueCap:
      sym(w.dialogue_cap);
      w.dialogue(a, b) = w.dialogue(b, a) = std::min(w.dialogue(a, b), e.value);
      break;
    case PairField::Trust: {
      const double bound = w.params.trust.bound;
      shift_trust(a, b, std::clamp(logit(e.value), -bound, bound) - w.logodds(a, b));
      w.trust(a, b) = e.value;  // exact, as at the start of a run
      break;
    }
    case PairField::Operations: w.base_operations(a, b) = e.value; break;
  }
}

bool Engine::apply_events(Recorder* rec) {
  World& w = world_;
  const auto& E = w.params.events;
  bool any = false;
  // Exercises that have run their course end first.
  for (std::size_t k = 0; k < exercises_.size();) {
    const ActiveExercise& x = exercises_[k];
    if (x.end_step > w.step) {
      ++k;
      continue;
    }
    const Event& e = sc_.events[static_cast<std::size_t>(x.event)];
    for (int t : e.others) w.exercise_operations(e.actor, t) -= e.value;
    exercises_[k] = exercises_.back();
    exercises_.pop_back();
    any = true;
  }
  while (next_event_ < sc_.events.size() && sc_.events[next_event_].step == w.step) {
    const Event& e = sc_.events[next_event_];
    LogEntry log;
    log.step = w.step;
    log.kind = log_kind(e.type);
    log.event = static_cast<int>(next_event_);
    log.actor = e.actor;
    log.partner = e.partner;
    log.value = e.value;
    switch (e.type) {
      case EventType::Set: apply_set(e, log); break;
      case EventType::PolicyChange:
        log.value = e.policy;
        w.policy[static_cast<std::size_t>(e.actor)] = e.policy;
        break;
      case EventType::TrustShock: shift_trust(e.actor, e.partner, e.value); break;
      case EventType::TensionShock: shift_tension(e.actor, e.partner, e.value); break;
      case EventType::ArmsSale:
        w.capability(e.partner) += e.amount;
        for (int o : e.others) {
          shift_trust(o, e.actor, -E.arms_sale_trust * e.value);
          if (e.duration > 0) suspend_dialogue(o, e.actor, w.step + e.duration);
        }
        break;
      case EventType::Provocation:
        for (int t : e.others) {
          shift_tension(t, e.actor, E.provocation_tension * e.value * (1 - w.tension(t, e.actor)));
          shift_trust(t, e.actor, -E.provocation_trust * e.value);
        }
        break;
      case EventType::UnannouncedTest:
        for (int o : e.others) shift_trust(o, e.actor, -E.test_trust * e.value);
        w.transparency_strategic(e.actor) =
            std::max(0.0, w.transparency_strategic(e.actor) - E.test_transparency * e.value);
        break;
      case EventType::Exercise:
        for (int t : e.others) w.exercise_operations(e.actor, t) += e.value;
        exercises_.push_back(ActiveExercise{static_cast<int>(next_event_), w.step + e.duration});
        break;
      case EventType::Incident:
        incident(e.actor, e.partner, e.value, e.level >= 1, e.level >= 2, static_cast<int>(next_event_), rec);
        break;
      case EventType::SuspendDialogue:
        suspend_dialogue(e.actor, e.partner, e.duration > 0 ? w.step + e.duration : kForever);
        break;
      case EventType::ResumeDialogue:
        w.suspended_until(e.actor, e.partner) = w.suspended_until(e.partner, e.actor) = 0;
        break;
      case EventType::InstitutionStart:
        w.institution_override[static_cast<std::size_t>(e.institution)] = 1;
        break;
      case EventType::InstitutionEnd:
        w.institution_override[static_cast<std::size_t>(e.institution)] = 0;
        break;
    }
    if (rec && e.type != EventType::Incident) rec->on_log(w, log);
    ++next_event_;
    any = true;
  }
  return any;
}

// ---- institutions ------------------------------------------------------------------------------

bool Engine::refresh_institutions(bool force) {
  World& w = world_;
  const double year = sc_.year_of(w.step);
  bool changed = force;
  for (std::size_t k = 0; k < sc_.institutions.size(); ++k) {
    const Institution& inst = sc_.institutions[k];
    const signed char o = w.institution_override[k];
    const char active = o >= 0 ? o : (year >= inst.start - 1e-9 && year < inst.end - 1e-9);
    if (active != w.institution_active[k]) {
      w.institution_active[k] = active;
      changed = true;
    }
  }
  if (!changed) return false;
  const Parameters& P = w.params;
  w.dialogue_floor.setZero();
  w.alliance_floor.setZero();
  w.mitigation.setZero();
  w.cooperation.setZero();
  w.crisis_relief.setZero();
  w.prior = w.base_prior;
  for (std::size_t k = 0; k < sc_.institutions.size(); ++k) {
    if (!w.institution_active[k]) continue;
    const Institution& inst = sc_.institutions[k];
    const double s = inst.strength;
    const double community = inst.consensus ? s / std::sqrt(static_cast<double>(inst.members.size())) : s;
    for (int i : inst.members)
      for (int j : inst.members) {
        if (i == j) continue;
        switch (inst.kind) {
          case InstitutionKind::Dialogue: w.dialogue_floor(i, j) = std::max(w.dialogue_floor(i, j), s); break;
          case InstitutionKind::Alliance: w.alliance_floor(i, j) = std::max(w.alliance_floor(i, j), s); break;
          case InstitutionKind::Cbm:
            w.mitigation(i, j) = std::max(w.mitigation(i, j), s);
            w.cooperation(i, j) += s;
            break;
          case InstitutionKind::Community:
            w.crisis_relief(i, j) += community;
            w.prior(i, j) = std::clamp(w.prior(i, j) + P.institutions.community_prior * community,
                                       -P.trust.bound, P.trust.bound);
            break;
          case InstitutionKind::CodeOfConduct: break;
        }
      }
  }
  // Codes of conduct: each dispute's friction between two of its parties on different sides is covered by
  // the strongest active code on it that both belong to.
  w.uncovered_friction.setZero();
  for (std::size_t d = 0; d < sc_.disputes.size(); ++d) {
    const Dispute& dis = sc_.disputes[d];
    for (const auto& p : dis.parties)
      for (const auto& q : dis.parties) {
        if (p.actor == q.actor || p.side == q.side) continue;
        double cover = 0;
        for (std::size_t k = 0; k < sc_.institutions.size(); ++k) {
          const Institution& inst = sc_.institutions[k];
          if (!w.institution_active[k] || inst.kind != InstitutionKind::CodeOfConduct ||
              inst.dispute != static_cast<int>(d))
            continue;
          const auto& m = inst.members;
          if (std::find(m.begin(), m.end(), p.actor) == m.end() || std::find(m.begin(), m.end(), q.actor) == m.end())
            continue;
          cover = std::max(cover, inst.strength * (inst.binding ? P.operations.binding_coverage
                                                                 : P.operations.nonbinding_coverage));
        }
        w.uncovered_friction(p.actor, q.actor) += std::min(p.salience, q.salience) * (1 - cover);
      }
  }
  for (int i = 0; i < w.n; ++i)
    for (int j = 0; j < w.n; ++j)
      w.coverage(i, j) = w.dispute_friction(i, j) > 0 ? 1 - w.uncovered_friction(i, j) / w.dispute_friction(i, j) : 0.0;
  return true;
}

// ---- perceive, decide ----------------------------------------------------------------------------

void Engine::perceive() {
  World& w = world_;
  const int n = w.n;
  // Allied capability Kt_i = K_i + sum_k A_ik K_k.
  w.allied_capability.noalias() = w.alliance * w.capability;
  w.allied_capability += w.capability;
  const double sy = w.gdp.sum(), sk = w.capability.sum();
  const double we = w.params.power.econ_weight;
  for (int i = 0; i < n; ++i) {
    w.power(i) = we * (sy > 0 ? w.gdp(i) / sy : 0.0) + (1 - we) * (sk > 0 ? w.capability(i) / sk : 0.0);
    w.share(i) = w.milex(i) / w.gdp(i);
  }
  // Balance of threat and rivalry weights: w_ij = rho (1 - A)(1 - T), theta_ij = w_ij K_j / (Kt_i + K_j).
  // Capabilities are positive, so the denominator is.
  const double* const K = w.capability.data();
  for (int i = 0; i < n; ++i) {
    const double* const rho = row(w.proximity, i);
    const double* const A = row(w.alliance, i);
    const double* const T = row(w.trust, i);
    double* const rivalry = row(w.rivalry, i);
    double* const threat = row(w.threat, i);
    const double Kt = w.allied_capability(i);
STATECRAFT_IVDEP
    for (int j = 0; j < n; ++j) {
      rivalry[j] = rho[j] * (1 - A[j]) * (1 - T[j]);
      threat[j] = (rivalry[j] * K[j]) / (Kt + K[j]);
    }
    rivalry[i] = threat[i] = 0;
  }
}

void Engine::decide(Recorder* rec) {
  World& w = world_;
  const int n = w.n;
  const auto& dom = w.params.domestic;
  const double reduction = w.params.operations.code_of_conduct;
  const double now = w.step;
  for (int i = 0; i < n; ++i) {
    const Policy& pol = sc_.policies[static_cast<std::size_t>(w.policy[static_cast<std::size_t>(i)])];
    const double h = w.hawkishness(i);
    double effort = 0;
    if (!pol.conditional) {
      // One policy toward everyone: one pass over the row.
      const PolicyParams& p = pol.params;
      const double react = p.k * (1 + dom.reaction_gain * h), esc = p.esc * (1 + dom.escalation_gain * h);
      double* const st = row(w.stance, i);
      double* const re = row(w.reaction, i);
      double* const es = row(w.escalation, i);
      double* const se = row(w.seeking, i);
      double* const of = row(w.offer, i);
      double* const op = row(w.operations, i);
      const double* const su = row(w.suspended_until, i);
      const double* const bo = row(w.base_operations, i);
      const double* const eo = row(w.exercise_operations, i);
      const double* const th = row(w.threat, i);
      const double* const df = row(w.dispute_friction, i);
      const double* const cov = row(w.coverage, i);
      const double eta = p.eta, delta = p.delta, omega = p.omega;  // not reread after every store
      // Two partners at a time (the clamps as SSE2 max and min), then the odd one out.
      const Double2 zero = splat(0), one = splat(1);
      int j = 0;
      for (; j + 2 <= n; j += 2) {
        store2(st + j, zero);
        store2(re + j, splat(react));
        store2(es + j, splat(esc));
        store2(se + j, splat(eta));
        store2(of + j, load2(su + j) > splat(now) ? zero : splat(delta));
        const Double2 o = load2(bo + j) + load2(eo + j) + splat(omega) * (load2(th + j) + load2(df + j));
        store2(op + j, min2(max2(o, zero), one) * (one - splat(reduction) * load2(cov + j)));
      }
      for (; j < n; ++j) {
        st[j] = 0;
        re[j] = react;
        es[j] = esc;
        se[j] = eta;
        of[j] = su[j] > now ? 0.0 : delta;
        const double o = bo[j] + eo[j] + omega * (th[j] + df[j]);
        op[j] = std::min(std::max(o, 0.0), 1.0) * (1 - reduction * cov[j]);
      }
      effort = uniform_effort_[static_cast<std::size_t>(w.policy[static_cast<std::size_t>(i)])];
    } else {
      for (int j = 0; j < n; ++j) {
        if (i == j) continue;
        // Reciprocity with hysteresis, per partner.
        double defect = w.stance(i, j);
        const double t = w.trust(i, j);
        if (defect == 0 && t < pol.defect_below) defect = 1;
        else if (defect == 1 && t > pol.engage_above) defect = 0;
        if (defect != w.stance(i, j) && rec) {
          w.stance(i, j) = defect;
          rec->on_log(w, LogEntry{w.step, LogKind::StanceChange, i, j, -1, defect, 0});
        }
        w.stance(i, j) = defect;
        const PolicyParams& p = defect > 0 ? pol.defect : pol.params;
        w.reaction(i, j) = p.k * (1 + dom.reaction_gain * h);
        w.escalation(i, j) = p.esc * (1 + dom.escalation_gain * h);
        w.offer(i, j) = w.suspended_until(i, j) > w.step ? 0.0 : p.delta;
        w.seeking(i, j) = p.eta;
        w.operations(i, j) =
            clamp01(w.base_operations(i, j) + w.exercise_operations(i, j) +
                    p.omega * (w.threat(i, j) + w.dispute_friction(i, j))) *
            (1 - reduction * w.coverage(i, j));
        effort += p.transparency_effort;
      }
    }
    w.reaction(i, i) = w.escalation(i, i) = w.seeking(i, i) = w.offer(i, i) = w.operations(i, i) = 0;
    w.effort(i) = n > 1 ? effort / (n - 1) : 0.0;
  }
}

// ---- resolve: incidents --------------------------------------------------------------------------

void Engine::incident(int init, int other, double severity, bool init_escalates, bool other_escalates,
                      int event, Recorder* rec) {
  World& w = world_;
  const auto& I = w.params.incidents;
  const int level = static_cast<int>(init_escalates) + static_cast<int>(other_escalates);
  const double tau = w.tension(init, other);
  const double jump = severity * (I.jump_base + I.jump_per_level * level) * (1 - tau);
  auto& jt = w.tension_terms[idx(TensionTerm::Incidents)];
  jt(init, other) += jump;
  jt(other, init) += jump;
  w.incidents(init, other) += 1;
  w.incidents(other, init) += 1;
  incident_pairs_.emplace_back(init, other);
  w.incident_level(init, other) = w.incident_level(other, init) =
      std::max(w.incident_level(init, other), static_cast<double>(level));
  if (w.params.trust.learning > 0) {
    const double loss = w.params.trust.incident * severity * (1 + level);
    auto& tt = w.trust_terms[idx(TrustTerm::Incident)];
    tt(other, init) -= loss;               // the side that caused it
    if (other_escalates) tt(init, other) -= loss;  // and every side that escalated
  }
  if (rec) rec->on_log(w, LogEntry{w.step, LogKind::Incident, init, other, event, severity, level});
}

void Engine::resolve(Recorder* rec) {
  World& w = world_;
  const auto& I = w.params.incidents;
  const double dt = sc_.dt;
  if (I.rate <= 0) {
    w.incident_rate.setZero();
    return;
  }
  const int n = w.n;
  const double rate = I.rate, mitigation = I.mitigation;
  RandomEngine rng = rng_incidents_;  // a local copy stays in a register across the stores below
  for (int i = 0; i < n; ++i) {
    const double* const ops = row(w.operations, i);
    const double* const rho = row(w.proximity, i);
    const double* const mit = row(w.mitigation, i);
    double* const lambdas = row(w.incident_rate, i);
    for (int j = i + 1; j < n; ++j) {
      const double oi = ops[j], oj = w.operations(j, i);
      const double m = mit[j];
      const double lambda = rate * rho[j] * (oi + oj) * (1 - mitigation * m);
      lambdas[j] = w.incident_rate(j, i) = lambda;
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
      const double tau = w.tension(i, j);
      const double p_init = clamp01(w.escalation(init, other) * (I.escalation_base + tau)) * (1 - m);
      const double p_other = clamp01(w.escalation(other, init) * (I.escalation_base + tau)) * (1 - m);
      const bool esc_init = (init == i ? u_esc_i : u_esc_j) < p_init;
      const bool esc_other = (init == i ? u_esc_j : u_esc_i) < p_other;
      incident(init, other, severity, esc_init, esc_other, -1, rec);
    }
  }
  rng_incidents_ = rng;
}

// ---- update --------------------------------------------------------------------------------------

void Engine::update() {
  World& w = world_;
  const int n = w.n;
  const double dt = sc_.dt;
  const Parameters& P = w.params;

  // Dialogue: needs both sides' offers; institutions set a floor, law or politics a cap (the cap wins).
  {
    const double build = P.dialogue.build, decay = P.dialogue.decay, now = w.step;
    const double* const offer_all = w.offer.data();
    for (int i = 0; i < n; ++i) {
      double* const dialogue = row(w.dialogue, i);
      const double* const offer = row(w.offer, i);
      const double* const suspended = row(w.suspended_until, i);
      const double* const floors = row(w.dialogue_floor, i);
      const double* const cap = row(w.dialogue_cap, i);
STATECRAFT_IVDEP
      for (int j = i + 1; j < n; ++j) {
        const double D = dialogue[j];
        const double mutual = std::min(offer[j], offer_all[j * n + i]);
        double next = D + dt * (build * mutual * (1 - D) - decay * D);
        // A suspension stops the talks themselves: institutions' floors do not hold while it lasts.
        const double institution_floor = floors[j];  // loaded whatever the test, so the loop vectorises
        const double floor = suspended[j] > now ? 0.0 : institution_floor;
        next = std::min(std::max(next, floor), cap[j]);
        dialogue[j] = std::max(next, 0.0);
      }
    }
    mirror_upper(w.dialogue);
  }

  // Alliances (external balancing): states that are not rivals draw closer in proportion to the threat
  // they share, sum_j min(theta_ij, theta_kj) over third states j; treaties set a floor. Only pairs that
  // both seek alliances pay the O(N) sum. The terms j = i and j = k are min(0, theta) = +0, so the sum
  // runs over every j without a test.
  bool alliances_moved = false;
  for (int i = 0; i < n; ++i)
    for (int k = i + 1; k < n; ++k) {
      double gain = 0;
      const double seek = w.seeking(i, k) * w.seeking(k, i);
      if (seek > 0 && std::max(w.rivalry(i, k), w.rivalry(k, i)) < P.alliances.rival_threshold) {
        const double* ti = &w.threat(i, 0);
        const double* tk = &w.threat(k, 0);
        double common = 0;
        for (int j = 0; j < n; ++j) common += std::min(ti[j], tk[j]);
        gain = std::sqrt(seek) * common;
      }
      const double A = w.alliance(i, k), floor = w.alliance_floor(i, k);
      const double next = std::clamp(A + dt * (gain - P.alliances.decay * (A - floor)), floor, 1.0);
      w.next_alliance(i, k) = w.next_alliance(k, i) = next;
      const double up = std::max(0.0, next - A);
      w.alliance_gain(i, k) = w.alliance_gain(k, i) = up;
      alliances_moved = alliances_moved || up > 0;
    }

  // Arms (Richardson) and capability, from the snapshot of spending.
  for (int i = 0; i < n; ++i) {
    double pressure = 0;
    for (int j = 0; j < n; ++j) pressure += w.reaction(i, j) * w.rivalry(i, j) * w.milex(j);
    const double G = w.has_grievance(i) > 0 ? w.grievance(i) : w.fatigue(i) * w.baseline_share(i) * w.gdp(i);
    const double m = w.milex(i) + dt * (pressure - w.fatigue(i) * w.milex(i) + G);
    w.next_milex(i) = std::clamp(m, 0.0, w.max_share(i) * w.gdp(i));
  }

  // Economy: trend growth less the burden above baseline and the tension it is exposed to.
  for (int i = 0; i < n; ++i) {
    double exposure = 0, weights = 0;
    for (int j = 0; j < n; ++j) {
      exposure += w.interdependence(i, j) * w.tension(i, j);
      weights += w.interdependence(i, j);
    }
    const double tbar = weights > 0 ? exposure / weights : 0.0;
    const double burden = std::max(0.0, w.share(i) - w.baseline_share(i));
    const double rate = w.growth(i) - P.economy.burden_drag * burden - P.economy.tension_drag * tbar;
    const double noise =
        P.economy.growth_noise > 0 ? P.economy.growth_noise * std::sqrt(dt) * standard_normal(rng_economy_) : 0.0;
    // An economy cannot vanish in one step: a collapse is floored at 1% of its output.
    w.next_gdp(i) = w.gdp(i) * std::max(1 + dt * rate + noise, 0.01);
  }
  for (int i = 0; i < n; ++i) {
    w.milex_growth(i) = w.milex(i) > 0 ? (w.next_milex(i) - w.milex(i)) / (w.milex(i) * dt) : 0.0;
    w.gdp_growth(i) = (w.next_gdp(i) - w.gdp(i)) / (w.gdp(i) * dt);
    w.next_share(i) = w.next_milex(i) / w.next_gdp(i);
  }

  // Trust: each signal i reads from j this step adds its log-likelihood ratio (Kydd).
  auto& tt = w.trust_terms;
  if (P.trust.learning > 0) {
    // Balancing against i: j draws closer to states that i fears, sum_k max(0, dA_jk) theta_ik.
    auto& bal = tt[idx(TrustTerm::Balancing)];
    if (alliances_moved) {
      balancing_product(w.threat, w.alliance_gain, -P.trust.balancing, bal);  // gains are symmetric
    } else if (balancing_set_) {
      bal.setZero();
    }
    balancing_set_ = alliances_moved;
    const double bound = P.trust.bound;
    // What i reads of j's spending depends on j only, but for the transparency it reads through.
    for (int j = 0; j < n; ++j) {
      const double sh = w.share(j);
      w.share_change(j) = sh > 0 ? (w.next_share(j) - sh) / sh : 0.0;
      w.excess_share(j) =
          -P.trust.arms_level * dt * std::max(0.0, w.next_share(j) - w.baseline_share(j)) / w.baseline_share(j);
    }
    // Per row i, two passes. First, in a fixed order (the noise draws), what i reads of j through its
    // transparency and its misreading of j's spending. Then, as contiguous arrays the compiler vectorises,
    // every signal added up in the order of the drivers' terms, and the bound.
    const double c_forget = dt * P.trust.forgetting, c_change = -P.trust.arms_change;
    const double c_talk = P.trust.dialogue, c_coop = P.trust.cooperation, c_inter = P.trust.interdependence,
                 c_ally = P.trust.alliance;
    const double noise = P.trust.arms_noise, mismatch = P.dialogue.style_mismatch;
    const double* const ts = w.transparency_strategic.data();
    const double* const to = w.transparency_operational.data();
    const double* const style_of = w.trust_building.data();
    const double* const share_change = w.share_change.data();
    const double* const excess_share = w.excess_share.data();
    RandomEngine rng = rng_trust_;  // a local copy stays in a register
    auto sum_row = [&](int i, auto record) {
      const double style_i = style_of[i];
      double* const L = row(w.logodds, i);
      double* const raw = row(w.raw_logodds, i);
      const double* const reading = row(w.reading, i);
      const double* const misreading = row(w.misreading, i);
      const double* const prior = row(w.prior, i);
      const double* const dialogue = row(w.dialogue, i);
      const double* const cooperation = row(w.cooperation, i);
      const double* const interdependence = row(w.interdependence, i);
      const double* const alliance = row(w.alliance, i);
      const double* const incident = row(tt[idx(TrustTerm::Incident)], i);
      const double* const balancing = row(bal, i);
STATECRAFT_IVDEP
      for (int j = 0; j < n; ++j) {  // j = i too, without a test: its entries are overwritten below
        const double style = style_i == style_of[j] ? 1.0 : mismatch;
        const double forget = c_forget * (prior[j] - L[j]);
        const double change = c_change * reading[j] * (misreading[j] + share_change[j]);
        const double level = excess_share[j];
        const double talk = c_talk * dialogue[j] * style * dt;
        const double coop = c_coop * cooperation[j] * dt;
        const double inter = c_inter * interdependence[j] * dt;
        const double ally = c_ally * alliance[j] * dt;
        const double r = L[j] + forget + change + level + talk + coop + inter + ally + incident[j] + balancing[j];
        raw[j] = r;
        L[j] = std::min(std::max(r, -bound), bound);
        if constexpr (decltype(record)::value) {
          tt[idx(TrustTerm::Forgetting)](i, j) = forget;
          tt[idx(TrustTerm::ArmsChange)](i, j) = change;
          tt[idx(TrustTerm::ArmsLevel)](i, j) = level;
          tt[idx(TrustTerm::Dialogue)](i, j) = talk;
          tt[idx(TrustTerm::Cooperation)](i, j) = coop;
          tt[idx(TrustTerm::Interdependence)](i, j) = inter;
          tt[idx(TrustTerm::Alliance)](i, j) = ally;
          tt[idx(TrustTerm::Bounds)](i, j) = L[j] - r;
        }
      }
      raw[i] = L[i] = 0;
    };
    for (int i = 0; i < n; ++i) {
      const double psi = w.values_transparency(i);
      double* const reading = row(w.reading, i);
      double* const misreading = row(w.misreading, i);
      for (int j = 0; j < n; ++j) {
        if (i == j) {
          reading[j] = misreading[j] = 0;
          continue;
        }
        const double v = psi * ts[j] + (1 - psi) * to[j];
        const double sd = noise * (1 - v);
        reading[j] = v;
        misreading[j] = sd > 0 ? sd * standard_normal(rng) : 0.0;
      }
      if (record_drivers_) sum_row(i, std::true_type{});
      else sum_row(i, std::false_type{});
    }
    rng_trust_ = rng;
    if (record_drivers_)
      for (auto& m : tt) m.diagonal().setZero();
    logistic_matrix(w.logodds, w.trust);
    w.trust.diagonal().setZero();
  }

  // Commit alliances, arms, capability and economy (trust has read the old and new shares).
  w.alliance = w.next_alliance;
  w.capability = (1 - P.arms.depreciation * dt) * w.capability + dt * w.next_milex;
  w.milex = w.next_milex;
  w.gdp = w.next_gdp;

  // Transparency rises with the effort the policy makes.
  for (int i = 0; i < n; ++i) {
    w.transparency_strategic(i) = std::min(1.0, w.transparency_strategic(i) + dt * w.effort(i));
    w.transparency_operational(i) = std::min(1.0, w.transparency_operational(i) + dt * w.effort(i));
  }

  // Tension: friction against relief, from this step's threat, dialogue and updated trust, plus the
  // jumps of this step's incidents.
  // Per row i, the pairs (i, j > i) as contiguous arrays the compiler vectorises; (j, i) is mirrored after.
  auto& ct = w.tension_terms;
  const auto& C = P.tension;
  const double c_threat = dt * C.threat * 0.5, c_disputes = dt * C.disputes, c_arms = dt * C.arms_race,
               c_talk = -dt * C.dialogue, c_institutions = -dt * C.institutions, c_trust = -dt * C.trust * 0.5,
               c_base = -dt * C.base_relief, mismatch = P.dialogue.style_mismatch;
  const double* const style_of = w.trust_building.data();
  const double* const milex_growth = w.milex_growth.data();
  const double* const gdp_growth = w.gdp_growth.data();
  const double* const threat_all = w.threat.data();
  const double* const trust_all = w.trust.data();
  auto tension_row = [&](int i, auto record) {
    double* const T = row(w.tension, i);
    const double* const threat_ij = row(w.threat, i);
    const double* const trust_ij = row(w.trust, i);
    const double* const friction = row(w.uncovered_friction, i);
    const double* const jumps = row(ct[idx(TensionTerm::Incidents)], i);
    const double* const dialogue = row(w.dialogue, i);
    const double* const relief = row(w.crisis_relief, i);
    const double style_i = style_of[i], race_i = milex_growth[i] - gdp_growth[i];
STATECRAFT_IVDEP
    for (int j = i + 1; j < n; ++j) {
      const double tau = T[j];
      const double q = style_i == style_of[j] ? 1.0 : mismatch;
      // An arms race is spending outgrowing the economy: growth in step with GDP is no signal.
      const double race = 0.5 * (race_i + milex_growth[j] - gdp_growth[j]);
      const double threat = c_threat * (threat_ij[j] + threat_all[j * n + i]) * (1 - tau);
      const double disputes = c_disputes * friction[j] * (1 - tau);
      const double arms = c_arms * std::max(0.0, race) * (1 - tau);
      const double incidents = jumps[j];
      const double talk = c_talk * dialogue[j] * q * tau;
      const double institutions = c_institutions * relief[j] * tau;
      const double trust = c_trust * (trust_ij[j] + trust_all[j * n + i]) * tau;
      const double base = c_base * tau;
      const double raw = tau + threat + disputes + arms + incidents + talk + institutions + trust + base;
      const double next = std::min(1.0, std::max(0.0, raw));
      if constexpr (decltype(record)::value) {
        ct[idx(TensionTerm::Threat)](i, j) = threat;
        ct[idx(TensionTerm::Disputes)](i, j) = disputes;
        ct[idx(TensionTerm::ArmsRace)](i, j) = arms;
        ct[idx(TensionTerm::Dialogue)](i, j) = talk;
        ct[idx(TensionTerm::Institutions)](i, j) = institutions;
        ct[idx(TensionTerm::Trust)](i, j) = trust;
        ct[idx(TensionTerm::BaseRelief)](i, j) = base;
        ct[idx(TensionTerm::Bounds)](i, j) = next - raw;
      }
      T[j] = next;
    }
  };
  for (int i = 0; i < n; ++i) {
    if (record_drivers_) tension_row(i, std::true_type{});
    else tension_row(i, std::false_type{});
  }
  mirror_upper(w.tension);
  if (record_drivers_)
    for (TensionTerm t : {TensionTerm::Threat, TensionTerm::Disputes, TensionTerm::ArmsRace, TensionTerm::Dialogue,
                          TensionTerm::Institutions, TensionTerm::Trust, TensionTerm::BaseRelief, TensionTerm::Bounds})
      mirror_upper(ct[idx(t)]);

  // Domestic politics: hawkishness follows the mean tension the state faces.
  if (n > 1)
    for (int i = 0; i < n; ++i) {
      const double mean = w.tension.row(i).sum() / (n - 1);
      w.hawkishness(i) = clamp01(w.hawkishness(i) + dt * P.domestic.adjustment * (mean - w.hawkishness(i)));
    }
}

// ---- record --------------------------------------------------------------------------------------

void Engine::assess_risk() {
  // Power transition: parity, the weaker side's dissatisfaction, and tension (an indicator, no war drawn).
  World& w = world_;
  const auto& tr = w.params.transition;
  const int n = w.n;
  const double scale = tr.scale, base = tr.base, exponent = tr.exponent;
  const double* const power_of = w.power.data();
  const double* const satisfaction = w.satisfaction.data();
  // Row i's pairs (i, j > i) as contiguous arrays; the common exponent 4 without pow, so they vectorise.
  auto risk_row = [&](int i, auto quartic) {
    const double* const T = row(w.tension, i);
    double* const risk = row(w.risk, i);
    const double pi = power_of[i], si = satisfaction[i];
STATECRAFT_IVDEP
    for (int j = i + 1; j < n; ++j) {
      const double pj = power_of[j];
      const double hi = std::max(pi, pj);
      // Divided whatever the test (by 1 where there is no power at all), so the loop vectorises.
      const double ratio = std::min(pi, pj) / (hi > 0 ? hi : 1.0);
      const double parity = hi > 0 ? ratio : 0.0;
      const double sj = satisfaction[j];
      const double u = std::max(0.0, -(pi < pj ? si : sj));  // the challenger's dissatisfaction
      double pw;
      if constexpr (decltype(quartic)::value) pw = power(parity, 4);
      else pw = power(parity, exponent);
      const double r = scale * pw * (base + (1 - base) * u) * T[j];
      risk[j] = std::min(1.0, r);
    }
  };
  for (int i = 0; i < n; ++i) {
    if (exponent == 4) risk_row(i, std::true_type{});
    else risk_row(i, std::false_type{});
  }
  mirror_upper(w.risk);
}

void Engine::check_finite() const {
  const World& w = world_;
  // A NaN or infinity anywhere makes the sum non-finite; only then look for where it is.
  if (std::isfinite(w.milex.sum() + w.capability.sum() + w.gdp.sum() + w.dialogue.sum() + w.alliance.sum() +
                    w.logodds.sum() + w.tension.sum()))
    return;
  auto id = [&](int i) { return sc_.actors[static_cast<std::size_t>(i)].id; };
  auto bad_vec = [&](const Vector& v, const char* what, const char* mech) {
    for (int i = 0; i < w.n; ++i)
      if (!std::isfinite(v(i)))
        throw RunError("step " + std::to_string(w.step) + ": " + mech + ": " + what + " of " + id(i) +
                       " is not finite (check the parameters of this mechanism)");
  };
  auto bad_mat = [&](const Matrix& m, const char* what, const char* mech) {
    for (int i = 0; i < w.n; ++i)
      for (int j = 0; j < w.n; ++j)
        if (!std::isfinite(m(i, j)))
          throw RunError("step " + std::to_string(w.step) + ": " + mech + ": " + what + " of " + id(i) + "-" +
                         id(j) + " is not finite (check the parameters of this mechanism)");
  };
  bad_vec(w.milex, "milex", "arms");
  bad_vec(w.capability, "capability", "arms");
  bad_vec(w.gdp, "gdp", "economy");
  bad_mat(w.dialogue, "dialogue", "dialogue");
  bad_mat(w.alliance, "alliance", "alliances");
  bad_mat(w.logodds, "trust", "trust");
  bad_mat(w.tension, "tension", "tension");
}

void Engine::step(Recorder* rec) {
  World& w = world_;
  // Clear what the last step accumulated: every term when drivers are recorded, else only the entries
  // the update reads that the last step wrote (incident pairs, event shifts; balancing clears itself).
  auto& incident_jumps = w.tension_terms[idx(TensionTerm::Incidents)];
  auto& incident_losses = w.trust_terms[idx(TrustTerm::Incident)];
  for (const auto& [a, b] : incident_pairs_) {
    w.incidents(a, b) = w.incidents(b, a) = 0;
    w.incident_level(a, b) = w.incident_level(b, a) = -1;
    incident_jumps(a, b) = incident_jumps(b, a) = 0;
    incident_losses(a, b) = incident_losses(b, a) = 0;
  }
  incident_pairs_.clear();
  if (record_drivers_) {
    for (auto& m : w.tension_terms) m.setZero();
    for (auto& m : w.trust_terms) m.setZero();
    balancing_set_ = false;
  } else if (events_shifted_) {
    w.tension_terms[idx(TensionTerm::Events)].setZero();
    w.trust_terms[idx(TrustTerm::Events)].setZero();
  }
  events_shifted_ = false;
  bool changed = apply_events(rec);
  changed = refresh_institutions(false) || changed;
  if (changed) {
    perceive();
    decide(rec);
  }
  resolve(rec);
  update();
  ++w.step;
  refresh_institutions(false);
  perceive();
  decide(rec);
  assess_risk();
  // Cumulative risk: this step's probability of at least one transition war over the pairs,
  // q = 1 - prod(1 - x), x = risk dt, accumulated as q + x (1 - q), all in small numbers so that nothing is
  // lost near 0, then one log1p per step. Two accumulators (a row's pairs alternately, an odd one out to
  // the first) halve the chain of dependent operations; each x is capped below 1, as is q, so the log
  // stays finite.
  double qa = 0, qb = 0;
  const double cap = 1.0 - 1e-12, dt = sc_.dt;
  for (int i = 0; i < w.n; ++i) {
    const double* const risk = row(w.risk, i);
    int j = i + 1;
    for (; j + 2 <= w.n; j += 2) {
      const double xa = std::min(risk[j] * dt, cap), xb = std::min(risk[j + 1] * dt, cap);
      qa += xa * (1 - qa);
      qb += xb * (1 - qb);
    }
    if (j < w.n) qa += std::min(risk[j] * dt, cap) * (1 - qa);
  }
  const double q = qa + qb * (1 - qa);
  w.log_survival += std::log1p(-std::min(q, 1.0 - 0x1p-53));
  check_finite();
  if (rec) rec->on_step(w);
}

bool Engine::run(Recorder* rec, const std::atomic<bool>* stop) {
  if (rec) rec->on_step(world_);
  for (int t = 0; t < sc_.steps; ++t) {
    if (stop && stop->load(std::memory_order_relaxed)) return false;
    step(rec);
  }
  return true;
}

}  // namespace statecraft
