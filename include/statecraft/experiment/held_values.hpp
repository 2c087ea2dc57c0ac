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

/// A value is either held for the whole run (--set, Python's set=) or swept, not both: each of `held` that one
/// of `swept` names too, as "PATH is also swept by SWEPT_BY (expected a path in one of them, not both)", with
/// ", as SWEPT" before the parenthesis when the sweep writes the relation the other way, in the order of `held`;
/// empty if there is none. Paths are compared as repeated_value_path does (statecraft/scenario/paths.hpp).
std::vector<std::string> held_and_swept(const std::vector<std::string>& held, const std::vector<std::string>& swept,
                                        const std::string& swept_by);

/// A value is either held (--set, Python's set=) or drawn (--uncertain): each of `held` that one of `variants`
/// declares uncertain, in the order of `held`, as "PATH is drawn by DRAWN_BY (UNCERTAIN is declared uncertain;
/// expected a value that is either set or drawn)", with " in variant 'V'" after "uncertain" when only some of
/// `variants` declare it; empty if there is none.
std::vector<std::string> held_and_drawn(const std::vector<std::string>& held, const std::vector<const Scenario*>& variants,
                                        const std::string& drawn_by);

/// `e`'s problems followed by `more` (held_and_drawn's lines, each said at kSetMark), as one error.
ScenarioError with_drawn_problems(const ScenarioError& e, const std::vector<std::string>& more);

/// `refused`, a load with the values `held` set (--set, Python's set=), thrown again with each of them that one of
/// `count` variants declares uncertain said after its problems (held_and_drawn, naming `drawn_by`): a value out of
/// range and another that is drawn are both said, although the variants' uncertain values are known only from
/// loads without the held values, `load_plain(v)`. A file with problems of its own is thrown as `refused` is.
template <class LoadPlain>
[[noreturn]] void refuse_also_drawn(const ScenarioError& refused, const std::vector<std::string>& held,
                                    std::size_t count, LoadPlain load_plain, const std::string& drawn_by) {
  std::vector<Scenario> plain;
  try {
    for (std::size_t v = 0; v < count; ++v) plain.push_back(load_plain(v));
  } catch (const ScenarioError&) {
    throw refused;
  }
  std::vector<const Scenario*> variants;
  for (const auto& v : plain) variants.push_back(&v);
  throw with_drawn_problems(refused, held_and_drawn(held, variants, drawn_by));
}

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
  /// Each path none of the variants has, at `flag`: the caller's mistake, said with the values' other problems
  /// by load_each_variant.
  std::vector<Diagnostic> problems;
};

/// Which of `paths` each of `variants` (decoded without them) has, and the problem of each path none of them
/// has, at `flag` ("--set"), with what the first variant would take.
SetAcrossVariants set_across_variants(const std::vector<Scenario>& variants, const std::vector<std::string>& paths,
                                      const std::string& flag);

/// The problems of a comparison's set values, each said once: `across.problems` (a path none has), then what
/// the variants' loads refused (`refused[v]`, empty for a variant that loaded). A problem every variant has (a
/// value out of range) is said once without the loader's "with variant 'NAME': "; one only some have is said
/// for each of them.
std::vector<Diagnostic> set_value_problems(const SetAcrossVariants& across,
                                           const std::vector<std::vector<Diagnostic>>& refused);

/// The `count` variants of a comparison, each loaded by `load(v)` with the set values that apply to it. Every
/// problem of those values is said at once (set_value_problems), as one ScenarioError.
template <class Load>
std::vector<Scenario> load_each_variant(const SetAcrossVariants& across, std::size_t count, Load load) {
  std::vector<Scenario> variants;
  std::vector<std::vector<Diagnostic>> refused(count);
  for (std::size_t v = 0; v < count; ++v) {
    try {
      variants.push_back(load(v));
    } catch (const ScenarioError& e) {
      refused[v] = e.diagnostics();
    }
  }
  if (const auto problems = set_value_problems(across, refused); !problems.empty()) throw ScenarioError(problems);
  return variants;
}

}  // namespace statecraft
