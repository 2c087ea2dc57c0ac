#include "statecraft/output/size_estimate.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "statecraft/experiment/metrics.hpp"
#include "statecraft/output/csv.hpp"

namespace statecraft {
namespace {

// Average characters of a written number: fmt() writes up to 10 significant digits ("0.4552529143"), a zero
// as "0". Measured over the bundled scenarios and synthetic worlds of up to 150 actors, 9 to 11.
constexpr double kNumber = 10;
// Columns of the trend files as TrendRecorder writes them (docs/outputs.md), besides step, year and ids.
constexpr double kActorNumbers = 9, kPairNumbers = 14, kRegionNumbers = 13;
constexpr double kEventRow = 60;          ///< type, actors, value, level and detail of an events.csv row
constexpr double kManifestBase = 2500;    ///< manifest.json of a run: program, provenance, the parameter table
constexpr double kManifestPerActor = 350, kManifestPerPolicy = 150;
constexpr double kBatchManifest = 1000, kBatchManifestPerName = 30;  ///< a batch's lists variants, metrics, outcomes
constexpr double kCheckpointItem = 8;     ///< bytes of an item number and of each double in the checkpoint

/// A field with its separator.
double field(double chars) { return chars + 1; }

double digits(std::uint64_t x) { return static_cast<double>(std::to_string(x).size()); }

double mean_length(const std::vector<std::string>& v) {
  double total = 0;
  for (const auto& s : v) total += static_cast<double>(s.size());
  return v.empty() ? 0 : total / static_cast<double>(v.size());
}

/// Average widths of the fields a scenario's rows repeat.
struct Widths {
  double lead = 0;  ///< "step,year"
  double id = 0, policy = 0, tension_term = 0, trust_term = 0;
  double actors = 0, pairs = 0, steps = 0;
};

Widths widths(const Scenario& sc) {
  Widths w;
  // Steps and years widen along the run: sample them evenly.
  const int samples = std::min(sc.steps + 1, 64);
  for (int i = 0; i < samples; ++i) {
    const int step = static_cast<int>(static_cast<long long>(sc.steps) * i / std::max(samples - 1, 1));
    w.lead += field(digits(static_cast<std::uint64_t>(step))) + static_cast<double>(fmt(sc.year_of(step)).size());
  }
  w.lead /= samples;
  std::vector<std::string> ids, policies, tension_terms, trust_terms;
  for (const auto& a : sc.actors) {
    ids.push_back(a.id);
    policies.push_back(sc.policies[static_cast<std::size_t>(a.policy)].name);
  }
  for (int k = 0; k < kTensionTerms; ++k) tension_terms.emplace_back(term_name(static_cast<TensionTerm>(k)));
  for (int k = 0; k < kTrustTerms; ++k) trust_terms.emplace_back(term_name(static_cast<TrustTerm>(k)));
  w.id = mean_length(ids);
  w.policy = mean_length(policies);
  w.tension_term = mean_length(tension_terms);
  w.trust_term = mean_length(trust_terms);
  w.actors = sc.n();
  w.pairs = w.actors * (w.actors - 1) / 2;
  w.steps = sc.steps;
  return w;
}

/// One tidy row of each trend file, without the newline's siblings: the row bodies after "step,year".
double actor_row(const Widths& w) { return field(w.id) + field(w.policy) + kActorNumbers * field(kNumber) + field(w.id); }
double pair_row(const Widths& w) { return 2 * field(w.id) + kPairNumbers * field(kNumber) + 2 * field(w.policy); }
double region_row() { return kRegionNumbers * field(kNumber); }

/// The trend files of one run in tidy form, each row led by `prefix` characters (runs/ adds variant,run).
double tidy_trends(const Widths& w, double prefix, std::size_t scheduled_events) {
  const double rows = w.steps + 1, lead = prefix + w.lead + 1;
  return rows * w.actors * (lead + actor_row(w)) + rows * w.pairs * (lead + pair_row(w)) +
         rows * (lead + region_row()) + static_cast<double>(scheduled_events) * (lead + kEventRow);
}

double tidy_drivers(const Widths& w) {
  const double lead = w.lead + 1;
  const double tension = kTensionTerms * w.pairs * (lead + field(7) + 2 * field(w.id) + field(w.tension_term) + field(kNumber));
  const double trust = kTrustTerms * 2 * w.pairs * (lead + field(5) + 2 * field(w.id) + field(w.trust_term) + field(kNumber));
  return w.steps * (tension + trust);
}

double wide_trends(const Widths& w, std::size_t scheduled_events) {
  const double rows = w.steps + 1, lead = w.lead + 1;
  const double column = 2 * w.id + 12;  // "A-B.operations_ab" and the like, in the header
  const double actors = w.actors * 11 * column + rows * (lead + w.actors * actor_row(w));
  const double pairs = w.pairs * 16 * column + rows * (lead + w.pairs * (kPairNumbers * field(kNumber) + 2 * field(w.policy)));
  const double drivers_columns = w.pairs * kTensionTerms + 2 * w.pairs * kTrustTerms;
  const double drivers = drivers_columns * (column + 8) + w.steps * (lead + drivers_columns * field(kNumber));
  return actors + pairs + drivers + rows * (lead + region_row()) + static_cast<double>(scheduled_events) * (lead + kEventRow);
}

double manifest(const Scenario& sc) {
  return kManifestBase + kManifestPerActor * sc.n() + kManifestPerPolicy * static_cast<double>(sc.policies.size());
}

double batch_manifest(double names) { return kBatchManifest + kBatchManifestPerName * names; }

/// Names of the batch's trend metrics and outcomes.
struct BatchColumns {
  std::vector<std::string> metrics, outcomes;
};

BatchColumns batch_columns(const Scenario& sc, const std::vector<std::string>& extra) {
  BatchColumns c;
  const auto refs = trend_metrics(sc, extra);
  for (const auto& m : refs) c.metrics.push_back(m.name);
  c.outcomes = outcome_names(sc, refs, final_metrics(sc, refs, extra));
  return c;
}

}  // namespace

double estimate_run_bytes(const Scenario& sc, Format format) {
  const Widths w = widths(sc);
  const double trends = format == Format::Tidy ? tidy_trends(w, 0, sc.events.size()) + tidy_drivers(w)
                                               : wide_trends(w, sc.events.size());
  return trends + manifest(sc);
}

double estimate_batch_bytes(const std::vector<const Scenario*>& variants, std::uint64_t runs,
                            const std::vector<std::string>& metrics, bool keep_runs) {
  if (variants.empty()) return 0;
  const Scenario& sc = *variants.front();
  const Widths w = widths(sc);
  const BatchColumns c = batch_columns(sc, metrics);
  const double V = static_cast<double>(variants.size()), R = static_cast<double>(runs);
  const double M = static_cast<double>(c.metrics.size()), O = static_cast<double>(c.outcomes.size());
  std::vector<std::string> names;
  for (const Scenario* v : variants) names.push_back(v->variant.empty() ? "base" : v->variant);
  const double variant = field(mean_length(names)), run = field(digits(runs));
  // Per run: its outcomes twice (experiments.csv, and compare_runs.csv or outcomes.csv) and its record in the
  // checkpoint, with a length and CRC per growing file.
  const double per_run = 2 * (variant + run + O * field(kNumber)) + field(0) +
                         kCheckpointItem * (1 + O + (w.steps + 1) * M + (keep_runs ? 6 : 2));
  // Per variant, step and metric: a row of percentiles (compare_trends.csv, ensemble.csv).
  const double trends = V * (w.steps + 1) * M * (variant + w.lead + 1 + field(mean_length(c.metrics)) + run + 7 * field(kNumber));
  const double summary = V * O * (variant + field(mean_length(c.outcomes)) + 10 * field(kNumber));
  double total = V * R * per_run + trends + summary + batch_manifest(V + M + O);
  if (keep_runs) {
    std::size_t events = 0;
    for (const Scenario* v : variants) events += v->events.size();
    total += R * (V * tidy_trends(w, variant + run, 0) + static_cast<double>(events) * (variant + run + w.lead + 1 + kEventRow));
  }
  return total;
}

double estimate_sweep_bytes(const Scenario& base, std::size_t points, const std::vector<std::string>& params,
                            std::uint64_t runs, const std::vector<std::string>& metrics, bool sobol, bool keep_runs) {
  const BatchColumns c = batch_columns(base, metrics);
  const Widths w = widths(base);
  const double P = static_cast<double>(points), K = static_cast<double>(params.size());
  const double O = static_cast<double>(c.outcomes.size()), R = static_cast<double>(runs);
  const double point = field(digits(points)), run = field(digits(runs));
  const double row = point + K * field(kNumber) + run + 3 * O * field(kNumber);
  const double indices = sobol ? O * K * (field(mean_length(c.outcomes)) + field(mean_length(params)) + 6 * field(kNumber)) : 0;
  // Per run: its row of experiments.csv (variant, point, run, the point's values, the outcomes) and its record.
  const double variant = field(base.variant.empty() ? 4.0 : static_cast<double>(base.variant.size()));
  const double experiment = variant + point + run + (K + O) * field(kNumber);
  const double checkpoint = kCheckpointItem * (1 + O + (keep_runs ? 5 : 1));
  double total = P * row + indices + P * R * (experiment + checkpoint) +
                 batch_manifest(K + static_cast<double>(c.metrics.size()) + O);
  if (keep_runs)
    total += P * R * (tidy_trends(w, point + run, 0) + static_cast<double>(base.events.size()) * (point + run + w.lead + 1 + kEventRow));
  return total;
}

std::string size_over_limit(const std::string& what, double bytes, std::uint64_t limit, const std::string& raise_with) {
  return what + " would take about " + human_bytes(bytes) + ", above the limit of " +
         human_bytes(static_cast<double>(limit)) + " (expected at most that; raise it with " + raise_with + ")";
}

std::string human_bytes(double bytes) {
  if (bytes < 1000) return std::to_string(static_cast<long long>(bytes)) + " bytes";
  const char* units[] = {"kB", "MB", "GB", "TB", "PB", "EB"};
  std::size_t u = 0;
  bytes /= 1000;
  while (bytes >= 999.5 && u + 1 < std::size(units)) {
    bytes /= 1000;
    ++u;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3g %s", bytes, units[u]);
  return buf;
}

}  // namespace statecraft
