#pragma once
// The mutable state of one run: actor vectors and N x N pair matrices (Eigen, row-major), plus the
// per-step scratch and driver matrices, all allocated once when the World is built.
#include <array>
#include <vector>

#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

/// Terms of the change in tension of a pair in one step (MODEL.md section 6); they add up to it.
enum class TensionTerm : int { Threat, Disputes, ArmsRace, Dialogue, Trust, BaseRelief, Events, Bounds, Count };
/// Terms of the change in i's log-odds of trust in j in one step (MODEL.md section 5).
enum class TrustTerm : int { Forgetting, ArmsChange, ArmsLevel, Dialogue, Interdependence, Alliance, Events, Bounds, Count };

constexpr int kTensionTerms = static_cast<int>(TensionTerm::Count);
constexpr int kTrustTerms = static_cast<int>(TrustTerm::Count);
const char* term_name(TensionTerm t);
const char* term_name(TrustTerm t);

/// Kinds of entries in the event log.
enum class LogKind : int { Set, PolicyChange, TrustShock, TensionShock };

/// One entry of the event log: plain numbers, so logging never allocates in the step loop.
struct LogEntry {
  int step = 0;
  LogKind kind = LogKind::Set;
  int actor = -1;
  int partner = -1;
  int event = -1;   ///< index into Scenario::events, or -1
  double value = 0;
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
  Matrix proximity, alliance, interdependence, tension, dialogue, dialogue_cap, dispute_friction;
  Matrix logodds, prior, trust;  ///< directed: [i][j] is i's view of j
  Matrix base_operations;        ///< directed O0

  // Derived by perception from the state (phase Perceive).
  Vector allied_capability, power, share;
  Matrix threat, rivalry, operations;

  // Decisions (phase Decide).
  Vector reaction, offer, escalation;

  // Flows of the last step, for the record.
  Vector milex_growth;   ///< relative change of milex per year
  Matrix risk;           ///< power-transition risk per year, symmetric
  double log_survival = 0;  ///< sum of log(1 - risk dt) over pairs and steps so far
  std::array<Matrix, kTensionTerms> tension_terms;
  std::array<Matrix, kTrustTerms> trust_terms;

  // Scratch of the update phase.
  Vector next_milex, next_gdp, next_share;

  /// Builds the initial state of `sc`, allocating everything the run will use.
  explicit World(const Scenario& sc);
};

}  // namespace statecraft
