#pragma once
// The one grammar of paths to a scenario's values (docs/paths.md): parameters.GROUP.KEY, actors.ID.FIELD
// (actors.*.FIELD for every actor, in --fit), relations.A-B.FIELD and relations.A-B.FIELD.OBSERVER,
// policies.NAME.COEFFICIENT and institutions.ID.FIELD. `set` events, `sweep --param`, `calibrate --fit` and
// LoadOptions::overrides all parse with parse_value_path; the fields are those of fields.hpp.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "statecraft/scenario/fields.hpp"

namespace statecraft {

struct Policy;
struct Scenario;

/// A path parsed into what it names. Indices count in the PathNames it was parsed against (for a decoded
/// scenario: its actors, its presets and named policies, its institutions).
struct ValuePath {
  using Kind = PathKind;
  /// `a` of actors.*.FIELD: every actor.
  static constexpr int kEveryActor = -2;

  Kind kind = Kind::Parameter;
  int param = -1;                         ///< Parameter: index into parameter_table()
  ActorField actor_field{};               ///< Actor
  PairField pair_field{};                 ///< Pair
  int policy_field = -1;                  ///< Policy: index into policy_fields()
  InstitutionField institution_field{};   ///< Institution
  /// Actor: the actor (or kEveryActor). Pair: the observer of a directed field, else the first as written.
  int a = -1;
  int b = -1;            ///< Pair: the other actor
  int policy = -1;       ///< Policy: the policy
  int institution = -1;  ///< Institution: the institution
  std::string path;      ///< as written
};

/// Where a `set` event writes: its path, parsed against its scenario.
using SetTarget = ValuePath;

/// Where a path is written: which forms it may take, and how a problem with it reads.
enum class PathUse {
  Event,     ///< `path:` of a set event: what the engine changes during a run (parameters, actors, relations)
  Override,  ///< sweep --param, LoadOptions::overrides: any number a scenario file gives
  Fit,       ///< calibrate --fit: as Override, and actors.*.FIELD for that field of every actor
};

/// The ids a path may name, in the order ValuePath's indices count.
struct PathNames {
  std::vector<std::string> actors;
  std::vector<std::string> policies;  ///< the presets, then those named under policies:
  std::vector<std::string> institutions;
};

/// The names of a decoded scenario.
PathNames path_names(const Scenario& sc);

/// Parses `text`. On failure returns nullopt and appends each problem to `errors` as "what is wrong (what was
/// expected)": a set event's messages quote the path (they are reported at its `path:` key), the others do
/// not (their diagnostics are addressed to the path itself).
std::optional<ValuePath> parse_value_path(const std::string& text, const PathNames& names, PathUse use,
                                          std::vector<std::string>& errors);

/// Whether every path of `paths` names a value set from outside (PathUse::Override) has in a scenario with
/// `names`: a command that will refuse one checks this before warning about the others.
bool names_every_path(const std::vector<std::string>& paths, const PathNames& names);

/// The name of the field a path ends in, as in the file: growth, transparency.strategic, trust, forgetting.
std::string field_name(const ValuePath& p);

/// The range a value at `p` must lie in, with the expectation the decoder's messages give.
Range value_range(const ValuePath& p);

/// Whether `p` is a switch (parameters.trust.learning): true or false in a file, 1 or 0 in a set event.
bool is_switch(const ValuePath& p);

/// A switch's value written as a word, as a scenario file (true), pandas (True) and R (TRUE) write it: 1 or 0;
/// nothing for any other text.
std::optional<double> switch_word(const std::string& text);

/// Whether `p` names a calendar year (an institution's start or end), which the run compares with its steps'
/// years: a year between two steps acts as the next step's, so a value set from outside must be one of them.
bool is_calendar_year(const ValuePath& p);

/// Whether `year` lies inside the run (after its first year, before its last) but on none of its steps' years.
bool between_run_years(const Scenario& sc, double year);

/// The run's years for messages: "2012, 2013, ..., 2032".
std::string run_years_text(const Scenario& sc);

/// actors.*.FIELD as one path per actor, in the scenario's order; any other path as itself.
std::vector<ValuePath> expand_every_actor(const ValuePath& p, const PathNames& names);

/// Why the coefficient `coefficient` of the conditional policy `pol` cannot be set from outside the file, naming
/// the same coefficient of the policies it switches between, which can.
std::string conditional_coefficient_problem(const Policy& pol, const std::string& coefficient);
/// The same for the path `p` of `sc`, or "" unless it names a conditional policy's coefficient (which has no
/// number of its own to set, sweep, draw or fit).
std::string conditional_coefficient_problem(const Scenario& sc, const ValuePath& p);

/// Writes `value` at `p` in a decoded scenario, and there only: no default is derived again from it and nothing
/// is checked (overrides are written into the document instead, so that the loader does both: load.hpp).
/// False where there is no number to write: a conditional policy's coefficients, an institution's members.
bool set_value(Scenario& sc, const ValuePath& p, double value);

/// The number at `p` in `sc`, or nullopt where set_value could not write one. A grievance the file leaves to
/// its default reads as that default at the start: fatigue * baseline_share * gdp.
std::optional<double> value_of(const Scenario& sc, const ValuePath& p);

/// The values the loader accepts at `p` given the scenario's other values, as a closed interval: besides the
/// field's own range, milex <= max_share * gdp, baseline_share <= max_share and start < end. An open lower bound
/// (0, as for gdp) is taken as 1e-9.
std::pair<double, double> feasible_range(const Scenario& sc, const ValuePath& p);

/// A path written one way: relations.B-A.FIELD[.OBSERVER] becomes relations.A-B.FIELD[.OBSERVER] (ids in byte
/// order), since both name the same value; every other path is returned as it is.
std::string canonical_value_path(const std::string& path);

/// The first of `paths` that names a value an earlier one already names, as "PATH is given twice (expected each
/// path once)" or "PATH is the same value as EARLIER (expected each value once)"; empty if there is none.
std::string repeated_value_path(const std::vector<std::string>& paths);

}  // namespace statecraft
