#pragma once
// Values that hold for the whole run. A value a sweep sets (--param) or a calibration fits (--fit) is the
// value the run is about; a scheduled `set` event that writes the same value later would quietly replace it
// (sweeping actors.CHN.growth would act only until the first event setting it). Such events are skipped, and
// the command warns about each, naming its file and line (docs/experiments.md, "Values that hold").
#include <string>
#include <vector>

#include "statecraft/scenario/error.hpp"
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

/// The run's last year, as text, when `path` is an institution's start and `value` comes after it (the
/// institution never starts: worth a warning, not an error, since a sweep may reach past the run on purpose);
/// else empty, also when `sc` lacks the path.
std::string start_after_run(const Scenario& sc, const std::string& path, double value);

/// Where the values set on every variant of a comparison (compare --set, Python's compare(set=)) apply: a path
/// only some variants have (an institution a variant adds) applies to those, as --uncertain draws a value where
/// it exists.
struct SetAcrossVariants {
  std::vector<std::vector<bool>> applies;  ///< [variant][k]: whether variant v has the k-th path
  /// Per path that only some variants have: "PATH is set only in the variants that have it (not in A, B)".
  std::vector<std::string> notes;
};

/// Which of `paths` each of `variants` (decoded without them) has. A path none of them has is the caller's
/// mistake: a ScenarioError at `flag` ("--set") with what the first variant would take, every such path at once.
SetAcrossVariants set_across_variants(const std::vector<Scenario>& variants, const std::vector<std::string>& paths,
                                      const std::string& flag);

}  // namespace statecraft
