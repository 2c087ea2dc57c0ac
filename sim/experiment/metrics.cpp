#include "statecraft/experiment/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <string_view>

#include "statecraft/output/columns.hpp"
#include "statecraft/scenario/error.hpp"
#include "statecraft/output/region_stats.hpp"

namespace statecraft {

namespace {
/// The index of column `name` in `columns`, at compile time, so that the switches below follow the column table
/// (a name missing from it does not compile).
consteval int column(std::span<const Column> columns, std::string_view name) {
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (columns[k].name == name) return static_cast<int>(k);
  throw "no such column";
}

/// The value of region.csv's column `c` (an index into kRegionColumns) in the indicators.
double region_column(const RegionStats& r, int c) {
  switch (c) {
    case column(kRegionColumns, "mean_tension"): return r.mean_tension;
    case column(kRegionColumns, "max_tension"): return r.max_tension;
    case column(kRegionColumns, "total_milex"): return r.total_milex;
    case column(kRegionColumns, "arms_growth"): return r.arms_growth;
    case column(kRegionColumns, "sc_index"): return r.sc_index;
    case column(kRegionColumns, "mean_trust"): return r.mean_trust;
    case column(kRegionColumns, "cumulative_risk"): return r.cumulative_risk;
    case column(kRegionColumns, "incidents"): return r.incidents;
    case column(kRegionColumns, "crises"): return r.crises;
    case column(kRegionColumns, "militarized_disputes"): return r.militarized_disputes;
    case column(kRegionColumns, "blocs"): return r.blocs;
    case column(kRegionColumns, "largest_bloc"): return r.largest_bloc;
    case column(kRegionColumns, "bipolarity"): return r.bipolarity;
  }
  return std::nan("");  // not a metric column: a metric never names one (parse_metric)
}

/// The value of actors.csv's column `c` (an index into kActorColumns) for actor i.
double actor_column(const World& w, int i, int c) {
  switch (c) {
    case column(kActorColumns, "gdp"): return w.state.gdp(i);
    case column(kActorColumns, "milex"): return w.state.milex(i);
    case column(kActorColumns, "share"): return w.state.milex(i) / w.state.gdp(i);
    case column(kActorColumns, "capability"): return w.state.capability(i);
    case column(kActorColumns, "power"): return w.perceived.power(i);
    case column(kActorColumns, "milex_growth"): return w.flows.milex_growth(i);
    case column(kActorColumns, "hawkishness"): return w.state.hawkishness(i);
    case column(kActorColumns, "transparency_strategic"): return w.state.transparency_strategic(i);
    case column(kActorColumns, "transparency_operational"): return w.state.transparency_operational(i);
  }
  return std::nan("");
}

/// The value of pairs.csv's column `c` (an index into kPairColumns) for the pair a-b.
double pair_column(const World& w, int a, int b, int c) {
  switch (c) {
    case column(kPairColumns, "tension"): return w.state.tension(a, b);
    case column(kPairColumns, "trust_ab"): return w.state.trust(a, b);
    case column(kPairColumns, "trust_ba"): return w.state.trust(b, a);
    case column(kPairColumns, "threat_ab"): return w.perceived.threat(a, b);
    case column(kPairColumns, "threat_ba"): return w.perceived.threat(b, a);
    case column(kPairColumns, "operations_ab"): return w.decisions.operations(a, b);
    case column(kPairColumns, "operations_ba"): return w.decisions.operations(b, a);
    case column(kPairColumns, "dialogue"): return w.state.dialogue(a, b);
    case column(kPairColumns, "alliance"): return w.state.alliance(a, b);
    case column(kPairColumns, "interdependence"): return w.state.interdependence(a, b);
    case column(kPairColumns, "risk"): return w.flows.risk(a, b);
    case column(kPairColumns, "incident_rate"): return w.flows.incident_rate(a, b);
    case column(kPairColumns, "incidents"): return w.flows.incidents(a, b);
  }
  return std::nan("");
}

/// Whether the metric needs the alliance blocs, the one part of region_stats that allocates.
bool needs_blocs(const MetricRef& m) {
  if (m.scope != MetricRef::Scope::Region) return false;
  const int c = metric_column(m.scope, m.field);
  return c == column(kRegionColumns, "blocs") || c == column(kRegionColumns, "largest_bloc") ||
         c == column(kRegionColumns, "bipolarity");
}
}  // namespace

double metric_value(const World& w, const MetricRef& m) {
  const int c = metric_column(m.scope, m.field);
  switch (m.scope) {
    case MetricRef::Scope::Region: return region_column(region_stats(w, needs_blocs(m)), c);
    case MetricRef::Scope::Actor: return actor_column(w, m.a, c);
    case MetricRef::Scope::Pair: return pair_column(w, m.a, m.b, c);
  }
  return 0.0;
}

std::vector<MetricRef> trend_metrics(const Scenario& sc, const std::vector<std::string>& extra) {
  std::vector<MetricRef> out;
  std::string error;
  for (const char* name : {"region.mean_tension", "region.max_tension", "region.total_milex", "region.sc_index",
                           "region.incidents", "region.cumulative_risk"})
    out.push_back(*parse_metric(sc, name, error));
  for (const auto& e : extra) {
    auto m = parse_metric(sc, e, error);
    if (m && std::none_of(out.begin(), out.end(), [&](const MetricRef& x) { return x.name == m->name; }))
      out.push_back(*m);
  }
  return out;
}

std::vector<std::size_t> final_metrics(const Scenario& sc, const std::vector<MetricRef>& metrics,
                                       const std::vector<std::string>& extra) {
  std::vector<std::size_t> finals;
  std::string error;
  for (const auto& e : extra) {
    const auto m = parse_metric(sc, e, error);
    if (!m) continue;
    const auto at = std::find_if(metrics.begin(), metrics.end(), [&](const MetricRef& x) { return x.name == m->name; });
    const auto k = static_cast<std::size_t>(at - metrics.begin());
    if (at != metrics.end() && std::find(finals.begin(), finals.end(), k) == finals.end()) finals.push_back(k);
  }
  return finals;
}

std::vector<std::string> outcome_names(const Scenario& sc, const std::vector<MetricRef>& metrics,
                                       const std::vector<std::size_t>& finals) {
  std::vector<std::string> names;
  for (const auto& o : builtin_outcomes()) names.emplace_back(o.name);
  for (const auto& v : sc.variants)
    if (!v.targets.empty()) names.push_back("target_tension." + v.name);
  for (const std::size_t k : finals) names.push_back("final." + metrics[k].name);
  return names;
}

namespace {
const Column& metric_column_info(const MetricRef& m) {
  const TrendFile file = m.scope == MetricRef::Scope::Region  ? TrendFile::Region
                         : m.scope == MetricRef::Scope::Actor ? TrendFile::Actors
                                                              : TrendFile::Pairs;
  return trend_table(file).values[static_cast<std::size_t>(metric_column(m.scope, m.field))];
}
}  // namespace

std::string_view metric_unit(const MetricRef& m) { return metric_column_info(m).unit; }

bool metric_never_negative(const MetricRef& m) { return metric_column_info(m).never_negative; }

std::vector<std::string> comparable_outcomes(const Scenario& sc, const std::vector<std::string>& metrics) {
  std::vector<std::string> outcomes;
  for (const auto& b : builtin_outcomes()) outcomes.emplace_back(b.name);
  for (const auto& v : sc.variants)
    if (!v.targets.empty()) outcomes.push_back("target_tension." + v.name);
  for (const auto& m : metrics) outcomes.push_back("final." + m);
  return outcomes;
}

std::string unknown_outcome(const std::string& name, const std::vector<std::string>& outcomes, const Scenario& sc,
                            const std::string& metrics_given_by) {
  const std::string prefix = "target_tension.";
  if (name.rfind(prefix, 0) == 0) {
    const std::string variant = name.substr(prefix.size());
    if (std::any_of(sc.variants.begin(), sc.variants.end(), [&](const VariantInfo& v) { return v.name == variant; })) {
      std::string targeted;
      for (const auto& v : sc.variants)
        if (!v.targets.empty()) targeted += (targeted.empty() ? "" : ", ") + v.name;
      return "unknown outcome '" + name + "' (variant '" + variant + "' declares no targets: expected one that does" +
             (targeted.empty() ? std::string(", and none of the file's does)") : ": " + targeted + ")");
    }
  }
  // The final value of a metric the batch does not summarise: the metric is what is missing, not the name.
  std::string unused;
  if (name.rfind("final.", 0) == 0 && parse_metric(sc, name.substr(6), unused))
    return "unknown outcome '" + name + "' (expected " +
           (metrics_given_by == "--metric" ? "--metric " + name.substr(6)
                                           : metrics_given_by + "=['" + name.substr(6) + "']") +
           " as well: a final. outcome is the last value of a metric the batch summarises)";
  const std::string near = closest_match(name, outcomes);
  std::string listed;
  for (const auto& o : outcomes) listed += (listed.empty() ? "" : ", ") + o;
  return "unknown outcome '" + name + "'" +
         (near.empty() ? " (expected one of: " + listed + ")" : " (did you mean '" + near + "'?)");
}

std::vector<std::string> outcome_units(const Scenario& sc, const std::vector<MetricRef>& metrics,
                                       const std::vector<std::size_t>& finals) {
  std::vector<std::string> units;
  for (const auto& o : builtin_outcomes()) units.emplace_back(o.unit ? o.unit : "");
  for (const auto& v : sc.variants)
    if (!v.targets.empty()) units.emplace_back("[0, 1]");  // target_tension.VARIANT: a mean tension
  for (const std::size_t k : finals) units.emplace_back(metric_unit(metrics[k]));
  return units;
}

std::vector<OutcomeScale> outcome_scales(const Scenario& sc, const std::vector<MetricRef>& metrics,
                                         const std::vector<std::size_t>& finals) {
  const std::vector<std::string> units = outcome_units(sc, metrics, finals);
  std::vector<OutcomeScale> scales;
  for (const auto& o : builtin_outcomes()) scales.push_back(scale_of_unit(units[scales.size()], o.never_negative));
  for (const auto& v : sc.variants)
    if (!v.targets.empty()) scales.push_back(scale_of_unit(units[scales.size()], true));
  for (const std::size_t k : finals)
    scales.push_back(scale_of_unit(units[scales.size()], metric_never_negative(metrics[k])));
  return scales;
}

OutcomeRecorder::OutcomeRecorder(const Scenario& sc, const std::vector<MetricRef>& metrics,
                                 const std::vector<std::size_t>& finals)
    : sc_(sc), metrics_(metrics), finals_(finals),
      with_blocs_(std::any_of(metrics.begin(), metrics.end(), needs_blocs)) {
  trends_.assign(static_cast<std::size_t>(sc.steps + 1) * metrics.size(), 0.0);
  for (const auto& v : sc.variants)
    if (!v.targets.empty()) targets_.push_back(&v.targets);
  outcomes_.assign(builtin_outcomes().size() + targets_.size() + finals.size(), 0.0);
  target_final_.assign(targets_.size(), 0.0);
}

void OutcomeRecorder::reset() {
  tension_sum_ = milex_spent_ = 0;
  incidents_ = crises_ = disputes_ = 0;
}

void OutcomeRecorder::on_step(const World& w) {
  const std::size_t m = metrics_.size();
  double* row = trends_.data() + static_cast<std::size_t>(w.step) * m;
  // The region's metrics come from one pass over the pairs, shared by every region metric of the row.
  // The blocs are searched only when a metric needs them: the search allocates.
  const RegionStats region = region_stats(w, with_blocs_);
  for (std::size_t k = 0; k < m; ++k)
    row[k] = metrics_[k].scope == MetricRef::Scope::Region
                 ? region_column(region, metric_column(MetricRef::Scope::Region, metrics_[k].field))
                 : metric_value(w, metrics_[k]);
  tension_final_ = row[0];
  sc_final_ = row[3];
  risk_final_ = row[5];
  if (w.step > 0) {
    tension_sum_ += row[0];
    milex_spent_ += row[2] * sc_.dt;
  }
  if (w.step == sc_.steps)
    for (std::size_t t = 0; t < targets_.size(); ++t) {
      double sum = 0;
      for (const auto& [a, b] : *targets_[t]) sum += w.state.tension(a, b);
      target_final_[t] = sum / static_cast<double>(targets_[t]->size());
    }
}

void OutcomeRecorder::on_log(const World&, const LogEntry& e) {
  if (e.kind != LogKind::Incident) return;
  incidents_ += 1;
  crises_ += e.level >= 1;
  disputes_ += e.level >= 2;
}

const std::vector<double>& OutcomeRecorder::outcomes() {
  std::size_t k = 0;
  outcomes_[k++] = tension_final_;
  outcomes_[k++] = sc_.steps > 0 ? tension_sum_ / sc_.steps : tension_final_;
  const double years = sc_.steps * sc_.dt;
  outcomes_[k++] = crises_ / years;
  outcomes_[k++] = disputes_ / years;
  outcomes_[k++] = risk_final_;
  outcomes_[k++] = milex_spent_;
  outcomes_[k++] = sc_final_;
  outcomes_[k++] = incidents_ / years;
  for (double t : target_final_) outcomes_[k++] = t;
  const std::size_t m = metrics_.size();
  const double* last = trends_.data() + static_cast<std::size_t>(sc_.steps) * m;
  for (const std::size_t j : finals_) outcomes_[k++] = last[j];
  return outcomes_;
}

}  // namespace statecraft
