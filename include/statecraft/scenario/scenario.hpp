#pragma once
// The frozen, validated description of a run. Built once by the loader (load.hpp); the engine builds a
// World from it and never changes it. Variants and sweep points are new Scenarios, not patches.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "statecraft/output/columns.hpp"
#include "statecraft/scenario/error.hpp"
#include "statecraft/scenario/events.hpp"
#include "statecraft/scenario/fields.hpp"
#include "statecraft/scenario/matrix.hpp"
#include "statecraft/scenario/parameters.hpp"
#include "statecraft/scenario/paths.hpp"

namespace statecraft {

/// How an actor prefers to build trust (the paper: China top-down, the US bottom-up).
enum class TrustStyle : int { TopDown = 0, BottomUp = 1 };

/// Behavioural coefficients of a policy (MODEL.md section 3).
struct PolicyParams {
  double k = 0;                    ///< Richardson reaction to rivals' spending
  double omega = 0;                ///< assertiveness of operations near threats and in disputes
  double delta = 0;                ///< dialogue offered to each partner
  double esc = 0;                  ///< propensity to escalate an incident
  double eta = 0;                  ///< external balancing (alliance seeking)
  double transparency_effort = 0;  ///< yearly rise of its own transparency toward 1
  double receptivity = 0;          ///< weight it gives to others' reassuring signals (deterrence vs spiral model)
};

/// A policy: a preset, a named custom policy, or one written inline on an actor.
/// A conditional policy (reciprocity) acts per partner: as `params` while its trust in the partner holds,
/// as `defect` once trust falls below `defect_below`, returning when it rises above `engage_above`.
struct Policy {
  std::string name;  ///< preset or custom name; inline ones are named after their base
  PolicyParams params;
  bool conditional = false;
  PolicyParams defect;        ///< conditional: how it acts toward a partner it no longer trusts
  std::string cooperate_name, defect_name;  ///< conditional: the policies it switches between
  double defect_below = 0.40;
  double engage_above = 0.55;
};

/// The presets balance_of_power, security_community, hedging and conditional (MODEL.md section 3).
const std::vector<Policy>& policy_presets();

struct Actor {
  std::string id;
  std::string name;
  double gdp = 0;            ///< billions of constant US$
  double growth = 0;         ///< trend growth per year
  double milex = 0;          ///< billions per year
  double capability = 0;     ///< military capital stock (default milex / depreciation)
  double fatigue = 0.1;      ///< Richardson fatigue coefficient a
  double baseline_share = 0; ///< no-threat burden share b (default milex / gdp)
  bool baseline_given = false;  ///< the file gives baseline_share (a consistent start then keeps it)
  double max_share = 0.10;   ///< ceiling on milex / gdp
  bool has_grievance = false;
  double grievance = 0;      ///< direct Richardson grievance, billions per year
  double transparency_strategic = 0.5;
  double transparency_operational = 0.5;
  double values_transparency = 0.5;
  TrustStyle trust_building = TrustStyle::BottomUp;
  double satisfaction = 0;
  double hawkishness = 0;
  int policy = 0;            ///< index into Scenario::policies
  Mark mark;
};

struct DisputeParty {
  int actor = 0;
  double salience = 0;
  int side = 0;  ///< actor index whose side it is on (default: itself)
};

struct Dispute {
  std::string id;
  std::string name;
  std::vector<DisputeParty> parties;
};

/// An institution (MODEL.md section 7): active from `start` (inclusive) to `end` (exclusive), in years,
/// unless institution_start / institution_end events say otherwise.
struct Institution {
  std::string id;
  std::string name;
  InstitutionKind kind = InstitutionKind::Dialogue;
  std::vector<int> members;
  double strength = 0.5;
  double start = -1e18;
  double end = 1e18;
  bool binding = false;   ///< code_of_conduct
  int dispute = -1;       ///< code_of_conduct: the dispute it covers
  bool consensus = false; ///< community: decision_rule consensus divides its effect by sqrt(members)
  Mark mark;
};

/// A named overlay on the base scenario, as listed in the file.
/// A value of the scenario that is not known, only judged (`uncertain:`, docs/scenario-format.md#uncertain):
/// the path it names, how it is distributed, and where the judgement comes from. `compare --uncertain` and
/// `run --runs N --uncertain` draw it anew in every run (statecraft/experiment/uncertain.hpp).
struct UncertainInput {
  enum class Dist { Uniform, Triangular, Normal, Choice };
  std::string path;   ///< canonical (relations.A-B.FIELD with A, B in byte order): also its column name
  ValuePath target;   ///< parsed against the scenario
  Dist dist = Dist::Uniform;
  /// Uniform: lo, hi. Triangular: lo, mode, hi. Normal: mean, sd, then the path's range (lo, hi) it is
  /// truncated to. Choice: the values, each equally likely.
  std::vector<double> args;
  std::string source;  ///< provenance, as written
  Mark mark;           ///< where the entry's key is written
};

struct VariantInfo {
  std::string name;
  std::string description;
  std::vector<std::pair<int, int>> targets;  ///< the pairs it targets (`targets:`), as actor indices
};

/// A source file that went into the scenario, for the manifest.
struct SourceFile {
  std::string path;
  std::string sha256;
};

struct Scenario {
  std::string name;
  std::string description;
  double start_year = 2012;
  int steps = 40;
  double dt = 1.0;
  std::uint64_t seed = 1;

  Parameters params;
  std::vector<Policy> policies;  ///< presets first, then named custom, then inline ones
  int named_policies = 0;        ///< policies[0, named_policies): the presets and those named under policies:
  std::vector<Actor> actors;
  std::vector<Dispute> disputes;
  std::vector<Institution> institutions;
  std::vector<Event> events;     ///< sorted by step, stable in file order

  // Initial pair state, N x N. Symmetric ones are stored in both triangles; diagonals are zero.
  Matrix proximity, alliance, interdependence, trust, tension, dialogue, dialogue_cap, operations, affinity;

  // What experiments measure (`outcomes:`): extra trend metrics, the outcome that ranks variants, and the
  // variant comparisons are paired with.
  std::vector<std::string> outcome_metrics;
  std::string rank_by;
  /// `outcomes.better`: which end of rank_by is better, where the file says so; Neither: the outcome's own.
  Better rank_better = Better::Neither;
  std::string baseline;
  /// `outcomes.thresholds`: the practical threshold of each named outcome's differences in a comparison (a
  /// difference counts only above it), in file order.
  std::vector<std::pair<std::string, double>> outcome_thresholds;
  /// What the file says that is read but will stop being read (a metric or outcome in the spelling of output
  /// format 1), each `FILE:LINE:COL: warning: ...`: the caller shows them (the CLI on stderr, Python as a
  /// FutureWarning).
  std::vector<std::string> warnings;
  /// `uncertain:`: the values drawn anew in every run of an uncertain batch, in file order (the base's, then
  /// those a variant adds).
  std::vector<UncertainInput> uncertain;

  std::vector<VariantInfo> variants;  ///< every variant the file defines
  std::string variant;                ///< the one applied, empty for the base
  std::vector<SourceFile> sources;    ///< the file, then each file it extends
  /// With a variant applied: the scenario without it (the same overrides), the observed world a consistent
  /// start is derived from, so that every variant starts from the same derived values. Null for the base.
  std::shared_ptr<const Scenario> base;

  /// The paths of `sources`: the files a command on this scenario reads, which it may never write over.
  std::vector<std::string> source_paths() const {
    std::vector<std::string> paths;
    for (const auto& s : sources) paths.push_back(s.path);
    return paths;
  }
  int n() const { return static_cast<int>(actors.size()); }
  int actor_index(const std::string& id) const;  ///< -1 if unknown
  double year_of(int step) const { return start_year + step * dt; }
};

/// Significant digits of the years in every output (fmt() in sim/output/csv.cpp).
constexpr int kYearDigits = 10;

/// The year resolution at magnitude |year|: one unit in the last of kYearDigits significant digits.
double year_resolution(double year);

/// The smallest dt the loader accepts for a run of `steps` steps from `start_year`: dt must be at least the
/// resolution of the largest |year| of the run, so that consecutive years never print the same. (A simple,
/// slightly cautious bound: a dt just under it can still print every year apart in a short run.)
double min_dt(double start_year, int steps);

/// Whether dt meets that bound for this run.
bool dt_separates_years(double start_year, int steps, double dt);

}  // namespace statecraft
