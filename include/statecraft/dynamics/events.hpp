#pragma once
// Scheduled events (MODEL.md section 7, docs/scenario-format.md "events"): at the start of a step the events
// of that step change the state: `set` a value, a policy change, trust and tension shocks, arms sales,
// provocations, unannounced tests, exercises (withdrawn when they end), forced incidents, suspended and
// resumed dialogue, institutions started and ended.
#include <vector>

#include "statecraft/dynamics/incidents.hpp"
#include "statecraft/world/world.hpp"

namespace statecraft {

class EventSchedule {
 public:
  explicit EventSchedule(const Scenario& sc);
  /// Back to the start of a run of `sc` (this schedule's scenario or another with the same actors, such as
  /// another variant), keeping the memory. `sc` must outlive the schedule.
  void restart(const Scenario& sc);

  /// Applies the events of step w.step after withdrawing the exercises that ended. Reads the scenario's
  /// events and the parameters of events; writes the state (and the parameters, through `set`), the driver
  /// terms of events, and forced incidents through `incidents`. Returns whether anything happened.
  bool apply(World& w, Incidents& incidents, Recorder* rec);

  /// Whether an event shifted trust or tension in the last step, so that its driver terms need clearing.
  bool shifted() const { return shifted_; }
  void clear_shifted() { shifted_ = false; }

 private:
  /// An exercise under way: its event, and the step at which it ends.
  struct ActiveExercise {
    int event;
    int end_step;
  };

  const Scenario* sc_ = nullptr;
  std::size_t next_ = 0;
  std::vector<ActiveExercise> exercises_;  ///< capacity reserved for every exercise event
  bool shifted_ = false;

  bool withdraw_ended_exercises(World& w);
  void apply_one(World& w, const Event& e, Incidents& incidents, LogEntry& log, Recorder* rec);
  void apply_set(World& w, const Event& e, LogEntry& log);
  void shift_trust(World& w, int i, int j, double delta);
  void shift_tension(World& w, int i, int j, double delta);
};

}  // namespace statecraft
