#include "statecraft/dynamics/events.hpp"

#include <algorithm>
#include <stdexcept>

#include "kernels.hpp"

namespace statecraft {
namespace {

using dynamics::idx;

double& actor_field(State& s, ActorField field, int i) {
  switch (field) {
    case ActorField::Gdp: return s.gdp(i);
    case ActorField::Growth: return s.growth(i);
    case ActorField::Milex: return s.milex(i);
    case ActorField::Capability: return s.capability(i);
    case ActorField::Fatigue: return s.fatigue(i);
    case ActorField::BaselineShare: return s.baseline_share(i);
    case ActorField::MaxShare: return s.max_share(i);
    case ActorField::Grievance: return s.grievance(i);
    case ActorField::Satisfaction: return s.satisfaction(i);
    case ActorField::Hawkishness: return s.hawkishness(i);
    case ActorField::ValuesTransparency: return s.values_transparency(i);
    case ActorField::TransparencyStrategic: return s.transparency_strategic(i);
    case ActorField::TransparencyOperational: return s.transparency_operational(i);
  }
  throw std::logic_error("actor_field: a field the switch does not cover");
}

void suspend_dialogue(State& s, int i, int j, double until) {
  s.suspended_until(i, j) = s.suspended_until(j, i) = std::max(s.suspended_until(i, j), until);
}

}  // namespace

EventSchedule::EventSchedule(const Scenario& sc) { restart(sc); }

void EventSchedule::restart(const Scenario& sc) {
  sc_ = &sc;
  std::size_t exercises = 0;
  for (const auto& e : sc.events) exercises += e.type == EventType::Exercise;
  exercises_.clear();
  exercises_.reserve(exercises);  // allocates only for a scenario with more exercises than any before
  next_ = 0;
  shifted_ = false;
}

void EventSchedule::shift_trust(World& w, int i, int j, double delta) {
  State& s = w.state;
  const double bound = w.params.trust.bound;
  const double l = std::clamp(s.logodds(i, j) + delta, -bound, bound);
  w.flows.trust_terms[idx(TrustTerm::Events)](i, j) += l - s.logodds(i, j);
  shifted_ = true;
  s.logodds(i, j) = l;
  s.trust(i, j) = dynamics::logistic(l);
}

void EventSchedule::shift_tension(World& w, int i, int j, double delta) {
  State& s = w.state;
  const double t = dynamics::clamp01(s.tension(i, j) + delta);
  const double d = t - s.tension(i, j);
  w.flows.tension_terms[idx(TensionTerm::Events)](i, j) += d;
  w.flows.tension_terms[idx(TensionTerm::Events)](j, i) += d;
  shifted_ = true;
  s.tension(i, j) = s.tension(j, i) = t;
}

void EventSchedule::apply_set(World& w, const Event& e, LogEntry& log) {
  State& s = w.state;
  const SetTarget& t = e.target;
  if (t.kind == SetTarget::Kind::Parameter) {
    parameter_table()[static_cast<std::size_t>(t.param)].ref(w.params) = e.value;
    return;
  }
  log.actor = t.a;
  if (t.kind == SetTarget::Kind::Actor) {
    actor_field(s, t.actor_field, t.a) = e.value;
    if (t.actor_field == ActorField::Grievance) s.has_grievance(t.a) = 1.0;
    return;
  }
  if (t.kind == SetTarget::Kind::Institution) {
    // From this step on; the effects are rebuilt at the refresh that follows the events.
    const auto k = static_cast<Eigen::Index>(t.institution);
    switch (t.institution_field) {
      case InstitutionField::Strength: s.institution_strength(k) = e.value; break;
      case InstitutionField::Start: s.institution_start(k) = e.value; break;
      case InstitutionField::End: s.institution_end(k) = e.value; break;
      case InstitutionField::Members: throw std::logic_error("apply_set: members are not a number");
    }
    w.institutions.stale = true;
    return;
  }
  // The loader refuses set events on policies: a policy_change event gives an actor another policy.
  if (t.kind != SetTarget::Kind::Pair) throw std::logic_error("apply_set: a set event the engine cannot apply");
  log.partner = t.b;
  const int a = t.a, b = t.b;
  auto sym = [&](Matrix& m) { m(a, b) = m(b, a) = e.value; };
  switch (t.pair_field) {
    case PairField::Proximity: sym(s.proximity); break;
    case PairField::Alliance: sym(s.alliance); break;
    case PairField::Interdependence: sym(s.interdependence); break;
    case PairField::Tension: shift_tension(w, a, b, e.value - s.tension(a, b)); break;
    case PairField::Dialogue: sym(s.dialogue); break;
    case PairField::DialogueCap:
      sym(s.dialogue_cap);
      s.dialogue(a, b) = s.dialogue(b, a) = std::min(s.dialogue(a, b), e.value);
      break;
    case PairField::Trust: {
      const double bound = w.params.trust.bound;
      shift_trust(w, a, b, std::clamp(dynamics::logit(e.value), -bound, bound) - s.logodds(a, b));
      s.trust(a, b) = e.value;  // exact, as at the start of a run
      break;
    }
    case PairField::Operations: s.base_operations(a, b) = e.value; break;
    case PairField::Affinity: sym(s.affinity); break;
  }
}

bool EventSchedule::withdraw_ended_exercises(World& w) {
  bool any = false;
  for (std::size_t k = 0; k < exercises_.size();) {
    const ActiveExercise& x = exercises_[k];
    if (x.end_step > w.step) {
      ++k;
      continue;
    }
    const Event& e = sc_->events[static_cast<std::size_t>(x.event)];
    for (int t : e.others) w.state.exercise_operations(e.actor, t) -= e.value;
    exercises_[k] = exercises_.back();
    exercises_.pop_back();
    any = true;
  }
  return any;
}

void EventSchedule::apply_one(World& w, const Event& e, Incidents& incidents, LogEntry& log, Recorder* rec) {
  State& s = w.state;
  const auto& E = w.params.events;
  switch (e.type) {
    case EventType::Set: apply_set(w, e, log); break;
    case EventType::PolicyChange:
      log.value = e.policy;
      s.policy[static_cast<std::size_t>(e.actor)] = e.policy;
      break;
    case EventType::TrustShock: shift_trust(w, e.actor, e.partner, e.value); break;
    case EventType::TensionShock: shift_tension(w, e.actor, e.partner, e.value); break;
    case EventType::ArmsSale:
      s.capability(e.partner) += e.amount;
      for (int o : e.others) {
        shift_trust(w, o, e.actor, -E.arms_sale_trust * e.value);
        if (e.duration > 0) suspend_dialogue(s, o, e.actor, w.step + e.duration);
      }
      break;
    case EventType::Provocation:
      for (int t : e.others) {
        shift_tension(w, t, e.actor, E.provocation_tension * e.value * (1 - s.tension(t, e.actor)));
        shift_trust(w, t, e.actor, -E.provocation_trust * e.value);
      }
      break;
    case EventType::UnannouncedTest:
      for (int o : e.others) shift_trust(w, o, e.actor, -E.test_trust * e.value);
      s.transparency_strategic(e.actor) =
          std::max(0.0, s.transparency_strategic(e.actor) - E.test_transparency * e.value);
      break;
    case EventType::Exercise:
      for (int t : e.others) s.exercise_operations(e.actor, t) += e.value;
      exercises_.push_back(ActiveExercise{static_cast<int>(next_), w.step + e.duration});
      break;
    case EventType::Incident:
      incidents.record(w, e.actor, e.partner, e.value, e.level >= 1, e.level >= 2, static_cast<int>(next_), rec);
      break;
    case EventType::SuspendDialogue:
      suspend_dialogue(s, e.actor, e.partner, e.duration > 0 ? w.step + e.duration : dynamics::kForever);
      break;
    case EventType::ResumeDialogue:
      s.suspended_until(e.actor, e.partner) = s.suspended_until(e.partner, e.actor) = 0;
      break;
    case EventType::InstitutionStart:
      s.institution_override[static_cast<std::size_t>(e.institution)] = 1;
      break;
    case EventType::InstitutionEnd:
      s.institution_override[static_cast<std::size_t>(e.institution)] = 0;
      break;
  }
}

bool EventSchedule::apply(World& w, Incidents& incidents, Recorder* rec) {
  bool any = withdraw_ended_exercises(w);
  while (next_ < sc_->events.size() && sc_->events[next_].step == w.step) {
    const Event& e = sc_->events[next_];
    LogEntry log;
    log.step = w.step;
    log.kind = log_kind(e.type);
    log.event = static_cast<int>(next_);
    log.actor = e.actor;
    log.partner = e.partner;
    log.value = e.value;
    apply_one(w, e, incidents, log, rec);
    if (rec && e.type != EventType::Incident) rec->on_log(w, log);
    ++next_;
    any = true;
  }
  return any;
}

}  // namespace statecraft
