#pragma once
// The discrete-time engine: a World and the mechanisms that step it (sim/dynamics/, one file each). One step,
// synchronous (MODEL.md section 2), is the list in Engine::step:
//   1. events:      the events scheduled for this step change the state (exercises that ended are withdrawn
//                   first); institutions whose calendar or events changed are re-applied, and perception and
//                   decisions redone if anything happened;
//   2. incidents:   drawn per pair, their escalation settled;
//   3. update:      dialogue; alliances, arms and the economy propose new values from the same snapshot;
//                   trust reads what was observed (old and new spending); the proposals are committed; then
//                   transparency, tension and domestic politics;
//   4. record:      the step advances; institutions, perception and decisions are redone on the new state
//                   (what the next step acts on, unless an event intervenes); the transition risk is assessed;
//                   the guard checks every value; recorders see the world.
// Every value computed in the update reads the snapshot taken at the start of the step or values updated
// earlier in the same list, never another actor's update of a later item. No actor sees another's move of
// the same step.
#include <atomic>
#include <cstdint>

#include "statecraft/dynamics/decisions.hpp"
#include "statecraft/dynamics/economy.hpp"
#include "statecraft/dynamics/events.hpp"
#include "statecraft/dynamics/incidents.hpp"
#include "statecraft/dynamics/trust.hpp"
#include "statecraft/world/world.hpp"

namespace statecraft {

/// The version of the model's dynamics, recorded in every manifest: 1 for the reference model as first built
/// (MODEL.md sections 1-9), 2 for the departures of docs/model.md ("Model 2"), which change the answers, 3 for
/// the dissatisfied challenger of the conflict risk ("Model 3"). A batch resumes only under the model it began
/// with (batch_spec).
inline constexpr int kModelVersion = 3;

class Engine {
 public:
  /// Builds the initial world of `sc` for run index `run`, with the start values a consistent start derives
  /// when the scenario asks for one (engine/start.hpp). The scenario must outlive the engine.
  Engine(const Scenario& sc, std::uint64_t run = 0);
  /// The same with the start values given (`start` may be null: the scenario's own).
  Engine(const Scenario& sc, std::uint64_t run, const StartValues* start);

  /// Starts run `run` from `initial`'s initial state (an engine that has not stepped, of this engine's
  /// scenario or of another with the same actors, such as another variant), reusing this engine's memory:
  /// what a batch worker does between runs. The same state and streams as Engine(initial's scenario, run);
  /// whether drivers are recorded stays as this engine had it.
  void restart(const Engine& initial, std::uint64_t run);

  const World& world() const { return world_; }
  const Scenario& scenario() const { return *sc_; }

  /// Advances one step; throws RunError, naming the step, the mechanism and the actor or pair, if a value
  /// it leaves is not finite or an economy collapsed (sim/engine/guard.cpp).
  void step(Recorder* rec = nullptr);
  /// Records step 0 and runs every step of the scenario. Returns false if `stop` became true first
  /// (it is read between steps).
  bool run(Recorder* rec = nullptr, const std::atomic<bool>* stop = nullptr);

  /// Whether each term's contribution is kept in World::tension_terms / trust_terms (on by default; batch
  /// runs that do not write drivers.csv turn it off). The state evolves identically either way.
  void set_record_drivers(bool on) { record_drivers_ = on; }

 private:
  Engine(const Scenario& sc, std::uint64_t run, World&& initial);

  const Scenario* sc_;  ///< a pointer: a restart may take another variant's
  World world_;
  bool record_drivers_ = true;
  // The mechanisms that keep something from step to step: their random streams, what they must undo.
  EventSchedule events_;
  Incidents incidents_;
  Decide decide_;
  Economy economy_;
  TrustUpdate trust_;

  void clear_last_step();
  /// Institutions, perception and decisions from the current state.
  void take_stock(Recorder* rec);
  void update();
  /// The guard, after every step: the cheap test of the common path, and the search behind it.
  bool state_is_sound() const;
  void check_state() const;
};

}  // namespace statecraft
