#pragma once
// The discrete-time engine. One step, synchronous (MODEL.md section 2):
//   1. ApplyEvents: the events scheduled for this step change the state.
//   2. Perceive:    threat and rivalry weights, power and operations from the state at t.
//   3. Decide:      every actor's policy sets its reaction, dialogue offers and escalation
//                   from the same snapshot; no actor sees another's move of this step.
//   4. Resolve:     (incidents; reserved for the incident mechanism).
//   5. Update:      dialogue, arms and capability, economy, transparency, then trust from what
//                   was observed this step, then tension, then domestic politics.
//   6. Record:      perception is redone on the new state and recorders see it.
// Every value computed in Update reads the snapshot taken at the start of the step or values updated
// earlier in the same list, never another actor's update of a later item.
#include <cstdint>
#include <functional>

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

  const World& world() const { return world_; }
  const Scenario& scenario() const { return sc_; }

  /// Advances one step; throws RunError if the state would become non-finite.
  void step(Recorder* rec = nullptr);
  /// Records step 0 and runs every step of the scenario.
  void run(Recorder* rec = nullptr);

 private:
  const Scenario& sc_;
  World world_;
  RandomEngine rng_economy_, rng_trust_;
  std::size_t next_event_ = 0;

  bool apply_events(Recorder* rec);
  void perceive();
  void decide();
  void update();
  void assess_risk();
  void check_finite() const;
};

}  // namespace statecraft
