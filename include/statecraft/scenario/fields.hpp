#pragma once
// One table per kind of value a scenario gives: every key of an actor, of a pair's relations and of an
// institution, and the coefficients of a policy, each with its type, unit, range, default and a line of
// documentation, and how to reach its value in a Scenario. The decoder reads and checks keys from these
// tables, the path grammar (paths.hpp) names values through them, the engine maps the enums to its state with
// switches the compiler checks, and a test holds docs/scenario-format.md to them. parameter_table()
// (parameters.hpp) is the same for the model's coefficients; describe_fields() shows every kind alike.
#include <optional>
#include <string>
#include <vector>

#include "statecraft/scenario/matrix.hpp"
#include "statecraft/scenario/range.hpp"

namespace statecraft {

struct Actor;
struct Institution;
struct PolicyParams;
struct Scenario;

/// What a path names (docs/paths.md).
enum class PathKind { Parameter, Actor, Pair, Policy, Institution };

/// How a key's value is written in a file.
enum class ValueType {
  Number,      ///< a number in the key's range
  Whole,       ///< a whole number (digits only) in the key's range
  Switch,      ///< true or false
  Text,        ///< any string
  Choice,      ///< one of a few words (FieldDesc::choices)
  ActorId,     ///< the id of an actor
  ActorIds,    ///< a list of actor ids
  PolicySpec,  ///< a policy name, or a mapping with base or mix (docs/scenario-format.md, policies)
  DisputeId,   ///< the id of a dispute
  Parties,     ///< a dispute's parties: actor ids to a salience, or to {salience, side}
};

/// What the docs, `statecraft params` and a JSON Schema need to know of one key, whatever its kind.
struct FieldDesc {
  std::string name;           ///< as in the file; KEY.PART for a part of a mapping (transparency.strategic)
  ValueType type = ValueType::Number;
  std::string unit;           ///< for the docs; empty when it has none
  Range range;                ///< Number: what the decoder accepts, and the expectation its messages give
  std::string default_value;  ///< the default, how it is derived, or "required"
  std::string doc;            ///< one line
  bool settable = false;      ///< a path may name it (docs/paths.md)
  std::vector<std::string> choices;  ///< Choice: the words it takes
};

/// Whether a file must give the key.
inline bool is_required(const FieldDesc& d) { return d.default_value == "required"; }

// ---- actors ------------------------------------------------------------------------------------

/// The numbers of an actor that a path may set, in the order messages list them.
enum class ActorField {
  Gdp, Growth, Milex, Capability, Fatigue, BaselineShare, MaxShare, Grievance, Satisfaction, Hawkishness,
  ValuesTransparency, TransparencyStrategic, TransparencyOperational
};
inline constexpr int kActorFields = 13;

struct ActorFieldDesc {
  FieldDesc desc;
  std::optional<ActorField> field;   ///< the number a path may set, if the key is one
  double& (*ref)(Actor&) = nullptr;  ///< settable numbers: the value in a Scenario's actor
};
/// Every key of an actor, in file order (transparency as its two parts).
const std::vector<ActorFieldDesc>& actor_fields();
const ActorFieldDesc& describe(ActorField f);

// ---- pairs -------------------------------------------------------------------------------------

/// A pair's relations: symmetric ones, then directed ones (each side its own), in file order.
enum class PairField {
  Proximity, Alliance, Interdependence, Tension, Dialogue, DialogueCap, Affinity, Trust, Operations
};
inline constexpr int kPairFields = 9;

struct PairFieldDesc {
  FieldDesc desc;
  PairField field = PairField::Proximity;
  bool directed = false;        ///< [i][j] is i's; a path names the observer: relations.A-B.trust.A
  double builtin_default = 0;   ///< where neither relations.default nor the pair gives it
  Matrix Scenario::*matrix = nullptr;  ///< the initial values, N x N (symmetric ones in both triangles)
};
/// Every key of a pair's relations, in file order (= PairField order).
const std::vector<PairFieldDesc>& pair_fields();
const PairFieldDesc& describe(PairField f);

// ---- institutions ------------------------------------------------------------------------------

enum class InstitutionKind { Dialogue, Cbm, CodeOfConduct, Community, Alliance };
inline constexpr int kInstitutionKinds = 5;
const char* institution_kind_name(InstitutionKind k);

/// The values of an institution that a path may name; members is a list, the others numbers.
enum class InstitutionField { Members, Strength, Start, End };
inline constexpr int kInstitutionFields = 4;

struct InstitutionFieldDesc {
  FieldDesc desc;
  std::optional<InstitutionField> field;    ///< the value a path may name, if the key is one
  std::optional<InstitutionKind> only_for;  ///< a key only institutions of this kind take
  double& (*ref)(Institution&) = nullptr;   ///< settable numbers: the value in a Scenario's institution
};
/// Every key of an institution, in file order.
const std::vector<InstitutionFieldDesc>& institution_fields();
const InstitutionFieldDesc& describe(InstitutionField f);

// ---- policies ----------------------------------------------------------------------------------

/// A policy coefficient: its name, where it lives, what it means. Each is a number in [0, 1].
struct PolicyField {
  const char* key;
  double PolicyParams::*member;
  const char* meaning;
};
/// The coefficients of a policy, in PolicyParams order.
const std::vector<PolicyField>& policy_fields();

// ---- every kind alike --------------------------------------------------------------------------

/// Every key of a kind, in file order, described alike: parameters as GROUP.KEY from parameter_table(),
/// policy coefficients from policy_fields().
std::vector<FieldDesc> describe_fields(PathKind kind);

/// The names a path may give a value of this kind, in the order messages list them.
std::vector<std::string> settable_names(PathKind kind);

}  // namespace statecraft
