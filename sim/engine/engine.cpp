#include "statecraft/engine/engine.hpp"

#include "statecraft/engine/start.hpp"
#include "statecraft/dynamics/alliances.hpp"
#include "statecraft/dynamics/arms.hpp"
#include "statecraft/dynamics/dialogue.hpp"
#include "statecraft/dynamics/domestic.hpp"
#include "statecraft/dynamics/institutions.hpp"
#include "statecraft/dynamics/perception.hpp"
#include "statecraft/dynamics/tension.hpp"
#include "statecraft/dynamics/transition.hpp"
#include "statecraft/dynamics/transparency.hpp"

namespace statecraft {

namespace {

/// The initial world, with the start values a consistent start derives from the scenario without its
/// variant, if it asks for them.
World initial_world(const Scenario& sc) {
  if (sc.params.start.consistent <= 0) return World(sc);
  const StartValues start = derive_start(sc.base ? *sc.base : sc);
  return World(sc, &start);
}

}  // namespace

Engine::Engine(const Scenario& sc, std::uint64_t run) : Engine(sc, run, initial_world(sc)) {}

Engine::Engine(const Scenario& sc, std::uint64_t run, const StartValues* start)
    : Engine(sc, run, World(sc, start)) {}

Engine::Engine(const Scenario& sc, std::uint64_t run, World&& initial)
    : sc_(&sc),
      world_(std::move(initial)),
      events_(sc),
      incidents_(sc, sc.seed, run),
      decide_(sc),
      economy_(sc.seed, run),
      trust_(sc.n(), sc.seed, run) {
  World& w = world_;
  refresh_institutions(*sc_, w.params, w.step, w.state, w.institutions, true);
  perceive(w.state, w.params.power, w.perceived);
  decide_(w, nullptr);
  assess_conflict_risk(w, sc_->dt);
}

void Engine::restart(const Engine& initial, std::uint64_t run) {
  // Of the same scenario, the same sizes: Eigen and std::vector assign without allocating. Of another variant,
  // only where it has more (institutions, policies, events) than this engine held before.
  world_ = initial.world_;
  sc_ = initial.sc_;
  decide_ = initial.decide_;  // (a sweep's next point may be a new scenario at the same address)
  events_.restart(*sc_);
  incidents_.restart(*sc_, sc_->seed, run);
  economy_ = Economy(sc_->seed, run);
  trust_.restart(sc_->seed, run);
}

void Engine::step(Recorder* rec) {
  World& w = world_;
  clear_last_step();
  // 1. Events, and what they change now.
  const bool happened = events_.apply(w, incidents_, rec);
  if (refresh_institutions(*sc_, w.params, w.step, w.state, w.institutions, false) || happened) {
    perceive(w.state, w.params.power, w.perceived);
    decide_(w, rec);
  }
  // 2. Incidents.
  incidents_.resolve(w, sc_->dt, rec);
  // 3. Update.
  update();
  // 4. Record.
  ++w.step;
  take_stock(rec);
  assess_conflict_risk(w, sc_->dt);
  accumulate_survival(w.flows, sc_->dt, w.state);
  check_state();
  if (rec) rec->on_step(w);
}

void Engine::update() {
  World& w = world_;
  const double dt = sc_->dt;
  update_dialogue(w.decisions, w.institutions, w.params.dialogue, w.step, dt, w.state);
  // Alliances, arms and the economy propose from the same snapshot; trust reads old and new; then commit.
  const bool alliances_moved =
      propose_alliances(w.state, w.perceived, w.decisions, w.institutions, w.params.alliances, dt, w.flows);
  propose_arms(w.state, w.perceived, w.decisions, w.params.arms, dt, w.flows);
  economy_.propose(w.state, w.perceived, w.params.economy, dt, w.flows);
  settle_spending(w.params.arms, w.flows);
  measure_growth(w.state, dt, w.flows);
  trust_.update(w, alliances_moved, dt, record_drivers_);
  commit_alliances(w.flows, w.state);
  commit_arms(w.flows, w.params.arms, dt, w.state);
  commit_economy(w.flows, w.state);
  raise_transparency(w.decisions, dt, w.state);
  update_tension(w, dt, record_drivers_);
  update_hawkishness(w.params.domestic, dt, w.state);
}

void Engine::take_stock(Recorder* rec) {
  World& w = world_;
  refresh_institutions(*sc_, w.params, w.step, w.state, w.institutions, false);
  perceive(w.state, w.params.power, w.perceived);
  decide_(w, rec);
}

void Engine::clear_last_step() {
  // Every term when drivers are recorded, else only the entries the update reads that the last step wrote
  // (incident pairs, event shifts; the balancing signal clears itself).
  Flows& f = world_.flows;
  incidents_.clear_last_step(f);
  if (record_drivers_) {
    for (auto& m : f.tension_terms) m.setZero();
    for (auto& m : f.trust_terms) m.setZero();
    trust_.forget_balancing();
  } else if (events_.shifted()) {
    f.tension_terms[static_cast<int>(TensionTerm::Events)].setZero();
    f.trust_terms[static_cast<int>(TrustTerm::Events)].setZero();
  }
  events_.clear_shifted();
}

bool Engine::run(Recorder* rec, const std::atomic<bool>* stop) {
  check_state();  // the scenario's own values: the loader's ranges should make this pass
  if (rec) rec->on_step(world_);
  for (int t = 0; t < sc_->steps; ++t) {
    if (stop && stop->load(std::memory_order_relaxed)) return false;
    step(rec);
  }
  return true;
}

}  // namespace statecraft
