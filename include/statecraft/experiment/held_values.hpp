#pragma once
// Values that hold for the whole run. A value a sweep sets (--param) or a calibration fits (--fit) is the
// value the run is about; a scheduled `set` event that writes the same value later would quietly replace it
// (sweeping actors.CHN.growth would act only until the first event setting it). Such events are skipped, and
// the command warns about each, naming its file and line (docs/experiments.md, "Values that hold").
#include <string>
#include <vector>

#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

/// A set event left out because the value it writes is held.
struct SkippedEvent {
  Mark mark;         ///< where the event is written
  std::string path;  ///< the event's path, as written
  double year = 0;   ///< when it would have applied
  std::string held;  ///< the held path it writes, as the command gave it
};

/// Removes from `sc.events` the set events that write a value one of `paths` names (paths of docs/paths.md as
/// --param and --fit take them: relations.B-A.FIELD is relations.A-B.FIELD, actors.*.FIELD every actor's FIELD),
/// and returns them in schedule order. Paths that do not parse, or name what no event can set, hold nothing.
std::vector<SkippedEvent> hold_values(Scenario& sc, const std::vector<std::string>& paths);

/// A value is either held for the whole run (--set, Python's set=) or swept, not both: the first of `held` that
/// one of `swept` names too, as "PATH is also swept by SWEPT_BY (expected a path in one of them, not both)", with
/// ", as SWEPT" before the parenthesis when the sweep writes the relation the other way; empty if there is none.
/// Paths are compared as repeated_value_path does (statecraft/scenario/paths.hpp).
std::string held_and_swept(const std::vector<std::string>& held, const std::vector<std::string>& swept,
                           const std::string& swept_by);

/// The warning for a skipped event: "FILE:LINE:COL: warning: the set event of PATH at YEAR is skipped: FLAG
/// sets HELD for the whole run".
std::string skipped_event_warning(const SkippedEvent& e, const std::string& flag);

}  // namespace statecraft
