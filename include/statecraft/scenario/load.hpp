#pragma once
// Reading scenario files: parse YAML, follow `extends`, apply a variant, decode and validate everything,
// collecting every problem before throwing one ScenarioError.
#include <optional>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "statecraft/scenario/error.hpp"
#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

/// Who can raise the limits, for the advice a refusal gives: the command line's flags, or Python's
/// `statecraft.limits`.
enum class LimitsRaisedBy { CommandLine, Python };

/// What the loader accepts before it spends memory or time: generous for real scenarios, and each can be
/// raised (from the command line by the flag named in the refusal, from Python by `statecraft.limits`).
struct Limits {
  std::size_t file_bytes = 16u << 20;  ///< --max-file-size: bytes of one scenario file
  int nesting = 64;                    ///< --max-nesting: depth of nested mappings and sequences
  std::size_t nodes = 1u << 20;        ///< --max-nodes: nodes of a document, aliases expanded
  int actors = 1000;                   ///< --max-actors
  int steps = 100000;                  ///< --max-steps
  int extends = 16;                    ///< --max-extends: files in an `extends` chain
  LimitsRaisedBy raised_by = LimitsRaisedBy::CommandLine;

  /// How to raise the limit the command line calls `--max-NAME` (`name` "steps", "file-size"...): that flag, or
  /// Python's `statecraft.limits['steps']` (dashes become underscores).
  std::string how_to_raise(const std::string& name) const;
};

struct LoadOptions {
  LoadOptions() = default;
  LoadOptions(std::string v, std::optional<int> n = {}, std::optional<std::uint64_t> s = {})
      : variant(std::move(v)), steps(n), seed(s) {}

  std::string variant;        ///< overlay to apply; empty for the base scenario
  /// Where `variant` was asked for (`--variant`, Python's `variant`): a name the file lacks is reported there,
  /// as that flag's mistake. Empty: at the file's `variants:` (a variant named inside the file).
  std::string variant_given_by;
  std::optional<int> steps;   ///< override scenario.steps
  /// Where `steps` was given (`--steps`, Python's `steps`), to name it in its problems.
  std::string steps_given_by = "--steps";
  std::optional<std::uint64_t> seed;  ///< override scenario.seed
  /// Values set on top of the file, by path (paths.hpp, docs/paths.md: any path that takes a number), in the
  /// scenario being loaded: the variant asked for, else the base. Written where the file would give them, so
  /// they are checked, and derive defaults, like the file's own values; problems are reported as
  /// `--param: PATH: ...` (or where override_marks says).
  std::vector<std::pair<std::string, double>> overrides;
  /// Where each override was given, for its problems: `--set`, `points.csv:LINE:COL`; `--param` for those
  /// beyond the list.
  std::vector<Mark> override_marks;
  /// The overrides from this index on are numbers a method chose, not values an analyst wrote (the values
  /// --uncertain draws: add_drawn_values): a calendar year among them is not held to the years the run steps
  /// on. A fit's trial values, which have no mark, are not held to them either.
  std::size_t chosen_from = static_cast<std::size_t>(-1);
  /// Decode every variant to report all of their problems (validate, run); sweeps turn it off for speed.
  bool check_all_variants = true;
  Limits limits;
};

/// The mark of the values a command holds for the whole run (`--set`, Python's `set=`): their problems are
/// said at `--set`, and a problem they bring about at the file's own values is blamed on them (load.cpp).
inline const Mark kSetMark{"--set", 0, 0};
inline bool is_set_mark(const Mark& m) { return m.file == kSetMark.file && m.line == 0; }

/// Adds the values --uncertain drew for a run to `lo`'s overrides, after those given (each of which keeps its
/// mark, `--param` where it had none), marked `--uncertain` so that a draw breaking a check between values
/// (milex above max_share * gdp) says so, and as chosen by a method (chosen_from).
void add_drawn_values(LoadOptions& lo, const std::vector<std::pair<std::string, double>>& drawn);

/// Loads and validates `path`. Throws ScenarioError listing every problem found.
Scenario load_scenario(const std::string& path, const LoadOptions& opts = {});

/// Same, from text in memory; `display_path` names it in messages and resolves `extends`.
Scenario load_scenario_text(const std::string& text, const std::string& display_path,
                            const LoadOptions& opts = {});

/// Names of the variants a file defines (after `extends`), validating the file.
std::vector<VariantInfo> list_variants(const std::string& path);

}  // namespace statecraft
