#pragma once
// The discrete-time engine. One step, synchronous (MODEL.md section 2):
//   1. ApplyEvents: the events scheduled for this step change the state (exercises that ended are
//                   withdrawn first); institutions whose calendar or events changed are re-applied.
//   2. Perceive:    threat and rivalry weights, power shares, from the state at t.
//   3. Decide:      every actor's policy sets, per partner, its reaction, dialogue offer, operations,
//                   escalation propensity and alliance seeking from the same snapshot; conditional
//                   actors update their stance. No actor sees another's move of this step.
//   4. Resolve:     incidents are drawn per pair and their escalation settled.
//   5. Update:      dialogue, alliances, arms and capability, economy, then trust from what was
//                   observed this step, then transparency, tension, and domestic politics.
//   6. Record:      perception and decisions are redone on the new state (they are what the next
//                   step acts on, unless an event intervenes), risk is assessed, recorders see it.
// Phases 2-3 after an event-free step reuse the previous step's phase 6.
// Every value computed in Update reads the snapshot taken at the start of the step or values updated
// earlier in the same list, never another actor's update of a later item.
#include <atomic>
#include <cstdint>
#include <utility>
#include <vector>

#include "statecraft/engine/rng.hpp"
#include "statecraft/world/world.hpp"

namespace statecraft {

enum class Phase { ApplyEvents, Perceive, Decide, Resolve, Update, Record };

/// Watches a run; only reads the world.
class Recorder {
 public:
  virtual ~Recorder() = default;
  virtual void on_step(const World& w) = 0;             ///< after step 0 (initial) and each step
  virtual void on_log(const World& w, const LogEntry& e) { (void)w; (void)e; }
};

class Engine {
 public:
  /// Builds the initial world of `sc` for run index `run`. The scenario must outlive the engine.
  Engine(const Scenario& sc, std::uint64_t run = 0);

  /// Starts run `run` again from `initial`'s initial state (an engine of the same scenario that has not
  /// stepped), reusing this engine's memory: what a batch worker does between runs. The same state and
  /// streams as Engine(sc, run); whether drivers are recorded stays as this engine had it.
  void restart(const Engine& initial, std::uint64_t run);

  const World& world() const { return world_; }
  const Scenario& scenario() const { return sc_; }

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
  /// An exercise under way: its event, and the step at which it ends.
  struct ActiveExercise {
    int event;
    int end_step;
  };

  const Scenario& sc_;
  World world_;
  RandomEngine rng_economy_, rng_trust_, rng_incidents_;
  std::size_t next_event_ = 0;
  bool record_drivers_ = true;
  std::vector<ActiveExercise> exercises_;  ///< capacity reserved for every exercise event
  /// Per policy, its transparency effort summed over the n - 1 partners one by one (as decide sums a
  /// conditional actor's), so that an unconditional actor's sum is looked up, not redone every step.
  std::vector<double> uniform_effort_;
  /// What a step leaves in the per-step accumulators, so that the next step clears only that: the pairs
  /// with incidents (capacity reserved for one per pair plus every incident event), whether an event
  /// shifted trust or tension, and whether the balancing signal is non-zero.
  std::vector<std::pair<int, int>> incident_pairs_;
  bool events_shifted_ = false;
  bool balancing_set_ = false;

  bool apply_events(Recorder* rec);
  void apply_set(const Event& e, LogEntry& log);
  void shift_trust(int i, int j, double delta);
  void shift_tension(int i, int j, double delta);
  void suspend_dialogue(int i, int j, double until);
  bool refresh_institutions(bool force);
  void perceive();
  void decide(Recorder* rec);
  void resolve(Recorder* rec);
  void incident(int init, int other, double severity, bool init_escalates, bool other_escalates, int event,
                Recorder* rec);
  void update();
  void assess_risk();
  /// The guard, after every step: the cheap test of the common path, and the search behind it.
  bool state_is_sound() const;
  void check_state() const;
};

}  // namespace statecraft
