#pragma once
// The grammar of what experiments measure: trend metrics (`region.NAME`, `actors.ID.NAME`, `relations.A-B.NAME`,
// the grammar of docs/paths.md; the spellings `actor.ID.NAME` and `pair.A-B.NAME` of output format 1 are read
// for one more release, with a warning) and
// the names of the outcomes every experiment reports. Below both the loader (which checks a file's `outcomes:`)
// and the experiments (which read the metrics from the world: statecraft/experiment/metrics.hpp).
#include <optional>
#include <string>
#include <vector>

#include "statecraft/output/columns.hpp"

namespace statecraft {

struct Scenario;

/// A trend metric: `region.NAME`, `actors.ID.NAME` or `relations.A-B.NAME`.
struct MetricRef {
  enum class Scope { Region, Actor, Pair } scope = Scope::Region;
  int field = 0;
  int a = -1, b = -1;
  std::string name;          ///< in the grammar of docs/paths.md, e.g. relations.USA-CHN.tension
  std::string old_spelling;  ///< as written when it used a spelling of output format 1 (pair.USA-CHN.tension)
};

/// The spelling in the grammar of docs/paths.md of a metric or a `final.` outcome written as output format 1 did
/// (`actor.ID.NAME` -> `actors.ID.NAME`, `pair.A-B.NAME` -> `relations.A-B.NAME`, `final.pair...` ->
/// `final.relations...`); nullopt for anything else. Text only: whether the ids exist is parse_metric's to say.
std::optional<std::string> new_metric_spelling(const std::string& text);

/// The warning (without `statecraft: warning: ` or a file position) for a metric or outcome written the old way:
/// "'pair.USA-CHN.tension' is the old spelling of 'relations.USA-CHN.tension', accepted until the next release".
std::string old_spelling_warning(const std::string& old_text, const std::string& new_text);
/// Whether a warning (a scenario's, with its file:line:col:) is old_spelling_warning's: a deprecation.
bool is_old_spelling_warning(const std::string& warning);

/// Fields a metric may name, per scope: every value column of region.csv, actors.csv or pairs.csv
/// (statecraft/output/columns.hpp) that holds a number in every row, in the table's order.
const std::vector<std::string>& region_metric_fields();
const std::vector<std::string>& actor_metric_fields();
const std::vector<std::string>& pair_metric_fields();

/// The index among its file's value columns (kRegionColumns, kActorColumns, kPairColumns) of metric field
/// `field` of `scope`.
int metric_column(MetricRef::Scope scope, int field);

/// Parses a metric; on failure returns nullopt and sets `error` to "what is wrong (what was expected)".
std::optional<MetricRef> parse_metric(const Scenario& sc, const std::string& text, std::string& error);

/// Parses a metric that may hold wildcards (`*` any run of characters, `?` one), e.g. `relations.*.tension` or
/// `actors.?H?.milex`: every metric it matches, entity by entity in the scenario's order (pairs as pairs.csv
/// lists them), each entity's fields in the column table's order. Without a wildcard, parse_metric's one metric.
/// On failure (including a wildcard that matches nothing) returns nullopt and sets `error` as parse_metric does.
std::optional<std::vector<MetricRef>> expand_metric(const Scenario& sc, const std::string& text, std::string& error);

/// Whether x and y read the same number: the same metric, or a relation written both ways (CHN-USA.tension is
/// USA-CHN.tension; CHN-USA.trust_ab is USA-CHN.trust_ba).
bool same_metric(const MetricRef& x, const MetricRef& y);

/// Metrics gathered one text at a time, each once: what --metric, Python's metrics= and outcomes.metrics share.
struct MetricList {
  std::vector<std::string> names;  ///< each metric once, in the order first named
  std::vector<MetricRef> held;     ///< `names`, parsed
  std::vector<std::pair<MetricRef, std::string>> named;  ///< named by a text without wildcards, and that text
  /// Adds the metrics `ms` that `text` names (a wildcard's matches, or one), those already held skipped; returns
  /// the mistakes: a metric that an earlier text without wildcards named too (twice, or a relation both ways).
  std::vector<std::string> add(const std::string& text, const std::vector<MetricRef>& ms);
};

/// The metrics a batch summarises: `metrics` (the scenario's own, by name), then those `texts` name (a wildcard
/// every metric it matches), each once: a metric already there is not added again, whichever way it is written.
/// A metric that two texts without wildcards name (twice, or a relation written both ways) is a mistake, as a
/// value given twice is everywhere: its message is added to `errors`, as is any text that names no metric.
std::vector<std::string> metrics_named(const Scenario& sc, std::vector<std::string> metrics,
                                       const std::vector<std::string>& texts, std::vector<std::string>& errors);

/// Outcomes every experiment reports, in this order, then the final value of each named metric.
struct OutcomeInfo {
  const char* name;
  bool lower_is_better;
  const char* meaning;
  /// What values one run gives, as the column table writes units: `0 or 1` (an event happened or not: the mean
  /// is a probability, with Wilson intervals), `[0, 1]` (a share or level within the unit interval), or a unit
  /// such as `bn` or `count`. Experiments choose intervals and the default threshold of a difference from it.
  const char* unit;
  /// Whether a run's value is never below 0 (a rate, a probability, a sum of spending): its mean's interval is
  /// then cut at 0.
  bool never_negative;
};
const std::vector<OutcomeInfo>& builtin_outcomes();

/// `name` as `outcomes` spells it: itself when listed; a final.relations outcome written the other way round
/// (`final.relations.USA-CHN.tension` where the metric was named `relations.CHN-USA.tension`; a directed
/// column mirrored, `CHN-USA.trust_ab` for `USA-CHN.trust_ba`) as listed; else itself, for the caller to refuse.
std::string outcome_as_listed(const Scenario& sc, const std::string& name, const std::vector<std::string>& outcomes);

/// Which end of a metric is better: its column's in the column table (statecraft/output/columns.hpp).
Better metric_better(const MetricRef& m);

/// The fields of `scope` whose better end is `end`, in the table's order (the schema's pattern of a rank_by that
/// needs outcomes.better beside it).
std::vector<std::string> metric_fields_better(MetricRef::Scope scope, Better end);

/// Which end of an outcome is better: a built-in outcome's, lower for target_tension.VARIANT (a tension), a
/// final.METRIC's metric's; Neither for a metric of neither kind and for a name that is none of these.
Better outcome_better(const Scenario& sc, const std::string& outcome);

/// The end a ranking by `outcome` takes: `asked` (--better, outcomes.better, better=) unless Neither, else the
/// outcome's own (Neither when it has none: the callers refuse that before anything runs).
Better ranking_end(const Scenario& sc, const std::string& outcome, Better asked);

/// "lower", "higher" or "neither", as docs/experiments.md and the manifest write them.
std::string_view better_word(Better b);

/// The end "lower" or "higher" names; nullopt for any other text ("neither" included: it ranks nothing).
std::optional<Better> parse_better(std::string_view word);

/// The warning (without a prefix) when a ranking takes the end of `outcome` opposite its own, as `said`
/// (`--better higher`, `outcomes.better: higher`, `better='higher'`): "--better higher ranks tension_final
/// highest first, though its own better end is lower"; empty when the outcome has no end of its own or the same.
std::string better_against_own(const Scenario& sc, const std::string& outcome, Better taken,
                               const std::string& said);

/// Why variants cannot be ranked by `outcome` (an outcome of neither kind) as asked, for a message after "FLAG: ":
/// "final.actors.CHN.power is better neither lower nor higher of itself (expected HOW)".
std::string better_unstated(const std::string& outcome, const std::string& how);

}  // namespace statecraft
