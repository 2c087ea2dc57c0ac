#pragma once
// The decoder: turns a scenario document (tree.hpp) into a validated Scenario, collecting every problem with
// its position and key path. Its core (reporting, reading scalars and references) is decoder.cpp; each section
// of a file has its own decode_SECTION.cpp; compose.cpp and load.cpp build the documents it decodes.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "statecraft/scenario/load.hpp"
#include "statecraft/scenario/range.hpp"
#include "tree.hpp"

namespace statecraft::detail {

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ");

/// Why `name` cannot name a scenario or variant, or empty if it can. The names become the default output
/// directory (out/NAME, out/NAME_VARIANT), so they must be plain: no '/', no '..', no hidden file.
std::string plain_name_problem(const std::string& name, const char* what);
/// Why `id` cannot name an institution or a dispute (`what`), or "": paths name an institution
/// (institutions.ID.strength), events and codes of conduct a dispute, so it holds letters, digits, '_' and '-'
/// only (a '.' would split the path, a '*' read as a wildcard). `named_by` says what names it; an id that reads
/// as a display name (a space, a letter beyond ASCII) is pointed to the `name:` key.
std::string id_problem(const std::string& id, const char* what, const char* named_by);

inline const Range kUnit = Range::unit_interval();

/// Whether an optional key was absent, present but invalid (already reported), or read.
enum class Got { Absent, Bad, Ok };

/// How the reading of one event goes: whether all is well so far, and a set event's path once read.
struct EventRead {
  bool ok = true;
  std::optional<SetTarget> target;
  Range range;  ///< the range of the path's values
};

/// What was read of each of an actor's numbers, by ActorField.
using ActorGot = std::array<Got, kActorFields>;

/// An override of a preset policy's coefficient, which no file can write, and where it was given.
struct PresetOverride {
  ValuePath path;
  double value = 0;
  Mark at;
};

class Decoder {
 public:
  Decoder(Diagnostics& d, const LoadOptions& opts) : diags_(d), opts_(opts) {}

  /// Overrides of the presets' coefficients, which no file can write: applied before anything is built on them.
  void set_preset_overrides(std::vector<PresetOverride> overrides) {
    preset_overrides_ = std::move(overrides);
  }

  Scenario decode(const Node& root);

  Mark baseline_mark_;  ///< where outcomes.baseline was written, checked against the variants later
  Mark rank_by_mark_;   ///< where an outcomes.rank_by naming a variant's target_tension was written, likewise

 private:
  Diagnostics& diags_;
  const LoadOptions& opts_;
  Scenario sc_;
  std::map<std::string, int> policy_index_;
  std::set<std::string> failed_policies_;      ///< custom policies already reported as invalid
  std::set<std::string> failed_institutions_;  ///< institutions already reported as invalid
  std::set<std::string> failed_disputes_;      ///< disputes already reported as invalid: naming them is no new error
  bool over_limit_ = false;  ///< a limit was exceeded: decoding the rest would only add noise
  /// (map, key) pairs that an unknown key in that map was suggested for: a "missing" report would repeat it.
  std::set<std::pair<const Node*, std::string>> suggested_;
  /// The run length the file gives: events are checked against it, so that a shorter --steps only
  /// leaves out the later events instead of making the file invalid.
  int file_steps_ = 40;
  /// False when the file's start_year, steps or dt was refused: event times are then not checked against the
  /// run's years, which would be the defaults and not what the file meant.
  bool calendar_known_ = true;
  std::vector<PresetOverride> preset_overrides_;
  /// The ids a set event's path may name, once the policies and institutions are decoded.
  PathNames path_names_;

  // ---- reporting (decoder.cpp) -------------------------------------------------------------------
  static std::string prefixed(const Node& n, const std::string& path);
  void err(const Node& n, const std::string& path, const std::string& msg);
  void err_key(const Entry& e, const std::string& path, const std::string& msg);
  /// Reports at `m`, a position within `ctx` (a key, say): `ctx` says which variant it came from.
  void err_at(const Mark& m, const Node& ctx, const std::string& path, const std::string& msg);
  static std::string sub(const std::string& path, const std::string& key);

  // ---- shapes and scalars (decoder.cpp) ----------------------------------------------------------
  bool expect_map(const Node& n, const std::string& path, const std::string& what = "a mapping");
  static std::string kind_str(const Node& n);
  /// Reports keys of `n` outside `allowed`, with a did-you-mean suggestion.
  void check_keys(const Node& n, const std::string& path, const std::vector<std::string>& allowed);
  void missing(const Node& parent, const std::string& path, const std::string& key, const std::string& expected);
  std::optional<double> parse_double(const Node& n, const std::string& path, const Range& r);
  /// Reads `key` of map `m` into `out` if present and valid.
  Got real(const Node& m, const std::string& path, const std::string& key, const Range& r, double& out);
  Got required_real(const Node& m, const std::string& path, const std::string& key, const Range& r, double& out);
  /// A whole number in [lo, hi]; `raise_flag` names the flag that raises `hi` when it is a limit.
  std::optional<long long> parse_int(const Node& n, const std::string& path, long long lo, long long hi,
                                     const std::string& raise_flag = {});
  std::optional<std::uint64_t> parse_seed(const Node& n, const std::string& path);
  std::optional<bool> parse_bool(const Node& n, const std::string& path);
  std::optional<std::string> parse_string(const Node& n, const std::string& path);

  // ---- references (decoder.cpp) ------------------------------------------------------------------
  /// An actor id that must exist; reports unknown ids at `m` (within `ctx`) with a suggestion.
  int actor_ref(const Mark& m, const Node& ctx, const std::string& path, const std::string& id);
  int actor_ref(const Node& n, const std::string& path, const std::string& id);
  int actor_ref_node(const Node& n, const std::string& path);
  /// Parses "A-B" into two distinct actor indices; reports at `m` (within `ctx`).
  std::optional<std::pair<int, int>> pair_ref(const Mark& m, const Node& ctx, const std::string& path,
                                              const std::string& text);
  std::optional<std::pair<int, int>> pair_ref(const Node& at, const std::string& path, const std::string& text);
  std::optional<std::vector<int>> actor_list(const Node& n, const std::string& path);
  std::optional<int> duration_steps(const Node& n, const std::string& path);

  // ---- sections (decode_SECTION.cpp) -------------------------------------------------------------
  void decode_scenario_header(const Node& root);
  void check_dt_separates_years(const Node& header);
  void decode_parameters(const Node& root);
  void decode_policies(const Node& root);
  std::optional<int> decode_policy_spec(const Node& n, const std::string& path);
  /// The index of a preset or named policy; reports an unknown name (unless it failed to decode itself).
  std::optional<int> policy_named(const Node& at, const std::string& path, const std::string& name);
  /// A spec's starting point: its base policy, or its mix of the two pure ones.
  bool decode_policy_base(const Node& n, const std::string& path, Policy& pol);
  void decode_policy_coefficients(const Node& n, const std::string& path, Policy& pol, bool& ok, bool& customised);
  /// A conditional policy's cooperate and defect policies and thresholds.
  void decode_reciprocity(const Node& n, const std::string& path, Policy& pol, bool& ok, bool& customised);
  void decode_actors(const Node& root);
  void decode_actor(const Node& m, const std::string& path, Actor& a);
  void decode_transparency(const Node& m, const std::string& path, Actor& a);
  void decode_trust_building(const Node& m, const std::string& path, Actor& a);
  /// Defaults derived from other values (capability, baseline_share), and the cross-checks between them.
  void derive_actor_defaults(const Node& m, const std::string& path, Actor& a, const ActorGot& read);
  /// milex above max_share * gdp, reported at whichever of the three a variant wrote.
  void report_share_above_max(const Node& m, const std::string& path, const Actor& a, double share);
  void decode_relations(const Node& root);
  void decode_pair_values(const Node& m, const std::string& path, int a, int b, bool is_default);
  void decode_directed_value(const Node& node, const std::string& path, const PairFieldDesc& f, int a, int b,
                             bool is_default);
  /// Sets `from`'s value toward `to`, or every ordered pair's.
  void fill_pair_value(const PairFieldDesc& f, double v, int from, int to, bool every_pair);
  void check_dialogue_cap(const Node& m, const std::string& path, double dialogue, double cap);
  void decode_disputes(const Node& root);
  bool decode_dispute(const Node& m, const std::string& path, Dispute& d);
  /// A party's entry and the id of the side it names (its own id when it names none).
  struct PartySide {
    const Entry* entry;
    std::string side;
  };
  std::vector<PartySide> decode_dispute_parties(const Node& parties, const std::string& path, Dispute& d);
  /// Sets each party's side; returns the distinct sides.
  std::set<int> place_dispute_sides(const Node& parties, const std::string& path, Dispute& d,
                                    const std::vector<PartySide>& sides);
  void decode_institutions(const Node& root);
  bool decode_institution(const Node& m, const std::string& path, Institution& inst);
  std::optional<InstitutionKind> decode_institution_kind(const Node& m, const std::string& path);
  bool decode_institution_calendar(const Node& m, const std::string& path, Institution& inst);
  bool decode_code_of_conduct(const Node& m, const std::string& path, Institution& inst);
  void decode_outcomes(const Node& root);
  void decode_rank_better(const Node& outcomes);
  void decode_uncertain(const Node& root);
  /// One entry of `uncertain:`; false if it was reported.
  bool decode_uncertain_entry(const Entry& e, const std::string& path, UncertainInput& u);
  void decode_events(const Node& root);
  void decode_event(const Node& ev, const std::string& path);
  /// Whether `k` is read in place of another key (an exercise's dispute, instead of near).
  static bool stands_in(const EventTypeDesc& desc, const EventKey& k);
  /// Reports the required keys an event lacks; false if it lacks any.
  bool has_required_event_keys(const Node& ev, const std::string& path, const EventTypeDesc& desc);
  static const EventKey& event_key(const EventTypeDesc& desc, const std::string& name);
  /// Reads one key of an event into `e`, after the keys before it in the table.
  void read_event_key(const Node& ev, const std::string& path, const EventTypeDesc& desc, const EventKey& k, Event& e,
                      EventRead& r);
  void read_actor_key(const Node* node, const std::string& path, const EventKey& k, Event& e, EventRead& r);
  void read_actors_key(const Node* node, const std::string& path, const EventKey& k, Event& e, EventRead& r);
  void read_dispute_key(const Node* node, const std::string& path, Event& e, EventRead& r);
  /// The index of the dispute `node` names (an event's or a code of conduct's `dispute:`), or nullopt after
  /// reporting an unknown one; a dispute already reported as invalid is not reported again.
  std::optional<int> find_dispute(const Node& node, const std::string& path);
  void read_institution_key(const Node* node, const std::string& path, Event& e, EventRead& r);
  void read_set_value(const Node* node, const std::string& path, Event& e, EventRead& r);
  std::optional<SetTarget> decode_set_path(const Node& n, const std::string& path, Range& range);
  std::optional<int> decode_when(const Node& ev, const std::string& path);
};

}  // namespace statecraft::detail
