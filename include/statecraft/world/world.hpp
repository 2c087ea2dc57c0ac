#pragma once
// The mutable state of one run: actor vectors and N x N pair matrices (Eigen, row-major), plus the
// per-step scratch and driver matrices, all allocated once when the World is built.
#include <array>
#include <vector>

#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

/// Terms of the change in tension of a pair in one step (MODEL.md section 6); they add up to it.
enum class TensionTerm : int {
  Threat, Disputes, ArmsRace, Incidents, Dialogue, Institutions, Trust, BaseRelief, Events, Bounds, Count
};
/// Terms of the change in i's log-odds of trust in j in one step (MODEL.md section 5).
enum class TrustTerm : int {
  Forgetting, ArmsChange, ArmsLevel, Dialogue, Cooperation, Interdependence, Alliance, Incident, Balancing,
  Events, Bounds, Count
};

constexpr int kTensionTerms = static_cast<int>(TensionTerm::Count);
constexpr int kTrustTerms = static_cast<int>(TrustTerm::Count);
const char* term_name(TensionTerm t);
const char* term_name(TrustTerm t);

/// Kinds of entries in the event log: every event type under its own value (events.hpp), then what the
/// engine logs by itself.
enum class LogKind : int { STATECRAFT_EVENT_TYPES(STATECRAFT_EVENT_ENUMERATOR) StanceChange };
/// The log kind of an event of type `t`.
constexpr LogKind log_kind(EventType t) { return static_cast<LogKind>(t); }
/// The event type's name (stance_change for StanceChange).
const char* log_kind_name(LogKind k);

/// One entry of the event log: plain numbers, so logging never allocates in the step loop.
struct LogEntry {
  int step = 0;
  LogKind kind = LogKind::Set;
  int actor = -1;
  int partner = -1;
  int event = -1;   ///< index into Scenario::events, or -1
  double value = 0; ///< the event's value; an incident's severity; a stance change's new policy index
  int level = 0;    ///< an incident's level: 0 contained, 1 crisis, 2 militarized dispute
};

struct World {
  int n = 0;
  int step = 0;
  Parameters params;

  // Actors.
  Vector gdp, growth, milex, capability, fatigue, baseline_share, max_share, grievance, has_grievance;
  Vector transparency_strategic, transparency_operational, values_transparency, satisfaction,
      hawkishness, trust_building;
  std::vector<int> policy;  ///< index into Scenario::policies

  // Pairs: symmetric ones hold both triangles.
  Matrix proximity, alliance, interdependence, tension, dialogue, dialogue_cap;
  Matrix logodds, prior, trust;  ///< directed: [i][j] is i's view of j
  Matrix base_prior;             ///< the prior before communities raise it
  Matrix base_operations;        ///< directed O0
  Matrix exercise_operations;    ///< directed: operations added by exercises under way
  Matrix suspended_until;        ///< step until which the pair's dialogue is suspended (exclusive)
  Matrix stance;                 ///< directed: 1 where a conditional actor has defected against the partner

  // Institutions: which are active, and the pair matrices they imply (rebuilt when the set changes).
  std::vector<char> institution_active;
  std::vector<signed char> institution_override;  ///< -1 by the calendar, 0 ended, 1 started by an event
  Matrix dialogue_floor, alliance_floor, mitigation, cooperation, crisis_relief;
  Matrix dispute_friction;       ///< F: symmetric
  Matrix uncovered_friction;     ///< F (1 - C): the friction a code of conduct leaves
  Matrix coverage;               ///< C: the share of the pair's dispute friction a code of conduct covers

  // Derived by perception from the state (phase Perceive).
  Vector allied_capability, power, share;
  Matrix threat, rivalry;

  // Decisions (phase Decide), per actor and partner: a conditional policy acts per partner.
  Matrix reaction, offer, escalation, seeking, operations;
  Vector effort;  ///< transparency effort per year

  // Flows of the last step, for the record.
  Vector milex_growth;   ///< relative change of milex per year
  Vector gdp_growth;     ///< relative change of GDP per year
  Matrix risk;           ///< power-transition risk per year, symmetric
  Matrix incident_rate;  ///< lambda per pair in the step (symmetric)
  Matrix incidents;      ///< incidents in the step, symmetric (0 or 1 drawn, more when forced)
  Matrix incident_level; ///< highest level of the step's incidents, -1 if none, symmetric
  double log_survival = 0;  ///< log of the probability of no transition war so far (sum over steps)
  std::array<Matrix, kTensionTerms> tension_terms;
  std::array<Matrix, kTrustTerms> trust_terms;

  // Scratch of the update phase.
  Vector next_milex, next_gdp, next_share;
  Vector share_change;   ///< relative change of the burden share in the step
  Vector excess_share;   ///< arms-level signal of each actor's new share above its baseline
  Matrix next_alliance, alliance_gain;
  Matrix reading, misreading, style;  ///< trust: what i reads of j, its misreading, the style factor q
  Matrix raw_logodds;                 ///< trust: log-odds before the bound

  /// Builds the initial state of `sc`, allocating everything the run will use.
  explicit World(const Scenario& sc);
};

}  // namespace statecraft
