#pragma once
// The mutable world of one run: actor vectors and N x N pair matrices (Eigen, row-major), grouped by role:
// the persistent state, what the institutions imply, what is perceived, what is decided, and the step's
// flows. Scratch that only one mechanism uses belongs to that mechanism, not here.
#include <array>
#include <vector>

#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

/// Terms of the change in tension of a pair in one step (MODEL.md section 6); they add up to it.
enum class TensionTerm : int {
  Threat, Disputes, ArmsRace, Background, Incidents, Dialogue, Institutions, Trust, BaseRelief, Events, Bounds, Count
};
/// Terms of the change in i's log-odds of trust in j in one step (MODEL.md section 5).
enum class TrustTerm : int {
  Forgetting, ArmsChange, ArmsLevel, Restraint, Operations, Dialogue, Cooperation, Interdependence, Alliance,
  Incident, Balancing, Events, Bounds, Count
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

struct World;

/// Watches a run; only reads the world.
class Recorder {
 public:
  virtual ~Recorder() = default;
  virtual void on_step(const World& w) = 0;  ///< after step 0 (initial) and each step
  virtual void on_log(const World& w, const LogEntry& e) { (void)w; (void)e; }
};

/// What persists from one step to the next: the values a scenario starts from, which the mechanisms carry
/// forward and events change.
struct State {
  // Actors.
  Vector gdp, growth, milex, capability, fatigue, baseline_share, max_share, grievance, has_grievance;
  Vector transparency_strategic, transparency_operational, values_transparency, satisfaction,
      hawkishness, trust_building;
  std::vector<int> policy;  ///< index into Scenario::policies

  // Pairs: symmetric ones hold both triangles.
  Matrix proximity, alliance, interdependence, tension, dialogue, dialogue_cap;
  Matrix affinity;               ///< political compatibility: alliances form only in proportion to it
  Matrix logodds, trust;         ///< directed: [i][j] is i's view of j; trust = logistic(logodds)
  Matrix base_prior;             ///< the trust prior before communities raise it
  Matrix base_operations;        ///< directed O0
  Matrix exercise_operations;    ///< directed: operations added by exercises under way
  Matrix suspended_until;        ///< step until which the pair's dialogue is suspended (exclusive)
  Matrix stance;                 ///< directed: 1 where a conditional actor has defected against the partner
  Vector reaction_scale;         ///< multiplies each actor's arms reaction (a consistent start derives it)
  Matrix friction_scale;         ///< multiplies the pair's threat and dispute friction (consistent start)
  Matrix background_friction;    ///< friction per year the modelled sources leave out (consistent start)
  std::vector<signed char> institution_override;  ///< -1 by the calendar, 0 ended, 1 started by an event
  /// Per institution: its strength and calendar, the scenario's until a set event changes them.
  Vector institution_strength, institution_start, institution_end;
  double log_survival = 0;       ///< log of the probability of no transition war so far (sum over steps)
};

/// What the disputes and the active institutions imply for each pair: rebuilt when the set of active
/// institutions changes (sim/dynamics/institutions.cpp).
struct InstitutionEffects {
  std::vector<char> active;      ///< per institution of the scenario
  bool stale = false;            ///< a set event changed an institution's value: rebuild at the next refresh
  Matrix dialogue_floor, alliance_floor, mitigation, cooperation, crisis_relief;
  Matrix prior;                  ///< trust priors: State::base_prior raised by communities
  Matrix dispute_friction;       ///< F: symmetric, from the disputes (fixed for the run)
  Matrix uncovered_friction;     ///< F (1 - C): the friction a code of conduct leaves
  Matrix coverage;               ///< C: the share of the pair's dispute friction a code of conduct covers
};

/// What each actor perceives of the state (sim/dynamics/perception.cpp).
struct Perception {
  Vector allied_capability, power, share;
  Matrix threat, rivalry;
};

/// What each actor's policy decides, per partner: a conditional policy acts per partner
/// (sim/dynamics/decisions.cpp).
struct Decisions {
  Matrix reaction, offer, escalation, seeking, operations;
  Matrix receptivity;  ///< weight each gives to the partner's reassuring signals
  Vector effort;  ///< transparency effort per year
};

/// What happened in the last step: the growth and risk the outputs report, the incidents drawn, the driver
/// terms, and the new values the update proposes before it commits them.
struct Flows {
  Vector milex_growth;   ///< relative change of milex per year
  Vector gdp_growth;     ///< relative change of GDP per year
  Matrix risk;           ///< power-transition risk per year, symmetric
  Matrix incident_rate;  ///< lambda per pair in the step (symmetric)
  Matrix incidents;      ///< incidents in the step, symmetric (0 or 1 drawn, more when forced)
  Matrix incident_level; ///< highest level of the step's incidents, -1 if none, symmetric
  std::array<Matrix, kTensionTerms> tension_terms;
  std::array<Matrix, kTrustTerms> trust_terms;
  Vector next_share;             ///< arms, in burden shares: the step's new share of the new output
  Vector next_milex, next_gdp;   ///< arms and economy: the step's new spending and output
  Matrix next_alliance;          ///< alliances: the step's new strengths
  Matrix alliance_gain;          ///< alliances: each pair's rise in the step (the balancing signal reads it)
  Matrix raw_logodds;            ///< trust: log-odds before the bound (the guard reads them)
  Matrix raw_tension;            ///< tension before the bounds, upper triangle (the guard reads it)
};

/// The unobserved start values a consistent start derives (sim/engine/start.cpp), which replace the
/// scenario's own: per actor its baseline share and reaction scale, per pair the trust prior (log-odds,
/// directed, before communities raise it), the friction scale and the background friction.
struct StartValues {
  Vector baseline_share, reaction_scale;
  Matrix base_prior, friction_scale, background_friction;
};

/// The mutable world of one run, split by role. Mechanisms read and write the parts their signatures name;
/// recorders and policies get it read-only. Everything is allocated once, when the World is built.
struct World {
  int n = 0;
  int step = 0;
  Parameters params;             ///< the coefficients in force (`set` events change them)
  State state;
  InstitutionEffects institutions;
  Perception perceived;
  Decisions decisions;
  Flows flows;

  /// Builds the initial state of `sc`, allocating everything the run will use; `start` replaces the values it
  /// derives.
  explicit World(const Scenario& sc, const StartValues* start = nullptr);
};

/// Military spending summed over the actors in their order, and the same sum of each actor's growth of
/// spending weighted by its spending: region.csv's total_milex and arms_growth are these sums, and the
/// engine's guard checks these very sums, so that what it passes is what is written.
struct ArmsTotals {
  double milex = 0, weighted_growth = 0;
};
ArmsTotals arms_totals(const World& w);

}  // namespace statecraft
