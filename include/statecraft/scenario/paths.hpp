#pragma once
// The one grammar of paths to a scenario's values (docs/paths.md): parameters.GROUP.KEY, actors.ID.FIELD
// (actors.*.FIELD for every actor, in --fit), relations.A-B.FIELD and relations.A-B.FIELD.OBSERVER,
// policies.NAME.COEFFICIENT and institutions.ID.FIELD. `set` events, `sweep --param`, `calibrate --fit` and
// LoadOptions::overrides all parse with parse_value_path; the fields are those of fields.hpp.
#include <string>

#include "statecraft/scenario/fields.hpp"

namespace statecraft {

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

}  // namespace statecraft
