// Trend metrics read the same numbers that the CSVs of a single run report.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "../test_util.hpp"
#include "statecraft/experiment/metrics.hpp"
#include "statecraft/output/columns.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/output/recorder.hpp"

namespace statecraft {
namespace {

/// Every metric's index: each final value an outcome.
std::vector<std::size_t> every_index(const std::vector<MetricRef>& metrics) {
  std::vector<std::size_t> all(metrics.size());
  for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
  return all;
}

// A metric summarised anyway (the region's six defaults) is an outcome when named: its final value can be ranked
// by, and is the last row of its trend. Named twice, it is one outcome. (Two spellings of one relation are refused
// before: --metric's "is the same metric as".)
TEST(Metrics, ANamedDefaultMetricHasItsFinalValueAsAnOutcome) {
  const Scenario sc = load_scenario(test::root() + "/scenarios/asia_pacific_2012.yaml");
  const std::vector<std::string> named = {"region.max_tension", "relations.USA-CHN.tension", "region.max_tension",
                                          "region.mean_trust"};
  const std::vector<MetricRef> metrics = trend_metrics(sc, named);
  ASSERT_EQ(metrics.size(), 8u) << "the six defaults, then the two named that are not among them";
  const std::vector<std::size_t> finals = final_metrics(sc, metrics, named);
  EXPECT_EQ(finals, (std::vector<std::size_t>{1, 6, 7}));
  const std::vector<std::string> names = outcome_names(sc, metrics, finals);
  EXPECT_EQ(std::vector<std::string>(names.end() - 3, names.end()),
            (std::vector<std::string>{"final.region.max_tension", "final.relations.USA-CHN.tension",
                                      "final.region.mean_trust"}));
  OutcomeRecorder rec(sc, metrics, finals);
  Engine(sc, 2).run(&rec);
  const std::vector<double>& outcomes = rec.outcomes();
  const double* last = rec.trends().data() + static_cast<std::size_t>(sc.steps) * metrics.size();
  ASSERT_EQ(outcomes.size(), names.size());
  EXPECT_EQ(outcomes[names.size() - 3], last[1]);
  EXPECT_EQ(outcomes[names.size() - 2], last[6]);
  EXPECT_EQ(outcomes[names.size() - 1], last[7]);
  EXPECT_GT(last[1], outcomes[0]) << "the largest tension is not the mean (tension_final)";
}

// A count, a rate of incidents, spending or capital is never negative: the mean interval of its final value is
// cut at 0 (NonNegative); a growth rate, `per year` too, can be negative (Other); shares are Unit.
TEST(Metrics, OutcomeScalesMarkWhatCanNeverBeNegative) {
  const Scenario sc = load_scenario(test::root() + "/scenarios/asia_pacific_2012.yaml");
  const std::map<std::string, OutcomeScale> want = {
      {"region.incidents", OutcomeScale::NonNegative},      {"region.crises", OutcomeScale::NonNegative},
      {"region.militarized_disputes", OutcomeScale::NonNegative}, {"region.blocs", OutcomeScale::NonNegative},
      {"region.total_milex", OutcomeScale::NonNegative},    {"region.arms_growth", OutcomeScale::Other},
      {"region.mean_tension", OutcomeScale::Unit},          {"actors.USA.gdp", OutcomeScale::NonNegative},
      {"actors.USA.milex", OutcomeScale::NonNegative},      {"actors.USA.capability", OutcomeScale::NonNegative},
      {"actors.USA.milex_growth", OutcomeScale::Other},     {"actors.USA.share", OutcomeScale::Unit},
      {"relations.USA-CHN.incidents", OutcomeScale::NonNegative},
      {"relations.USA-CHN.incident_rate", OutcomeScale::NonNegative},
      {"relations.USA-CHN.risk", OutcomeScale::NonNegative},
      {"relations.USA-CHN.tension", OutcomeScale::Unit},
  };
  std::vector<MetricRef> metrics;
  std::string error;
  for (const auto& [name, scale] : want) {
    const auto m = parse_metric(sc, name, error);
    ASSERT_TRUE(m) << name << ": " << error;
    metrics.push_back(*m);
  }
  const std::vector<OutcomeScale> scales = outcome_scales(sc, metrics, every_index(metrics));
  const std::size_t first = scales.size() - metrics.size();
  std::size_t k = 0;
  for (const auto& [name, scale] : want) {
    EXPECT_EQ(scales[first + k++], scale) << name;
  }
  for (std::size_t k = 0; k < builtin_outcomes().size(); ++k) {
    EXPECT_NE(scales[k], OutcomeScale::Other) << builtin_outcomes()[k].name;  // rates, levels, spending
  }
  EXPECT_EQ(scales[2], OutcomeScale::NonNegative);  // crises_per_year
}

TEST(Metrics, RegionMetricsAreTheRegionCsvIndicators) {
  const Scenario sc = load_scenario(test::root() + "/scenarios/asia_pacific_2012.yaml");
  std::vector<MetricRef> metrics;
  std::string error;
  for (const auto& f : region_metric_fields()) metrics.push_back(*parse_metric(sc, "region." + f, error));
  metrics.push_back(*parse_metric(sc, "relations.USA-CHN.tension", error));
  const std::vector<std::size_t> finals = every_index(metrics);  // the recorder keeps a reference
  OutcomeRecorder rec(sc, metrics, finals);
  Engine engine(sc, 3);
  engine.run(&rec);
  // Replay the run and compare every step's recorded row with region_stats and metric_value.
  Engine replay(sc, 3);
  int incidents_seen = 0;
  for (int t = 0; t <= sc.steps; ++t) {
    if (t > 0) replay.step();
    const World& w = replay.world();
    const RegionStats r = region_stats(w);
    const double want[] = {r.mean_tension, r.max_tension,     r.total_milex, r.arms_growth, r.sc_index,
                           r.mean_trust,   r.cumulative_risk, r.incidents,   r.crises,      r.militarized_disputes,
                           r.blocs,        r.largest_bloc,    r.bipolarity,  w.state.tension(0, 1)};
    const double* row = rec.trends().data() + static_cast<std::size_t>(t) * metrics.size();
    for (std::size_t k = 0; k < metrics.size(); ++k) {
      EXPECT_EQ(row[k], want[k]) << metrics[k].name << " at step " << t;
      EXPECT_EQ(metric_value(w, metrics[k]), want[k]) << metrics[k].name << " at step " << t;
    }
    incidents_seen += r.incidents > 0;
  }
  EXPECT_GT(incidents_seen, 0);  // the comparison covered steps with incidents
}

/// The cells of one CSV line (fields quoted as a whole, "" for a quote inside).
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"' && quoted && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

/// Every cell of a tidy trend file, keyed by "STEP METRIC" with METRIC named as a metric would name it
/// (region.NAME, actors.ID.NAME, relations.A-B.NAME), text columns included.
void index_cells(const std::string& csv, TrendFile file, std::map<std::string, std::string>& out) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // the header: step, year, the keys, the values (checked by the columns tests)
  const TrendTable& t = trend_table(file);
  const std::size_t first = kTimeColumns.size() + t.keys.size();
  while (std::getline(in, line)) {
    const auto c = cells(line);
    EXPECT_EQ(c.size(), first + t.values.size()) << line;
    if (c.size() != first + t.values.size()) continue;
    const std::string entity = file == TrendFile::Region ? "region."
                               : file == TrendFile::Actors ? "actors." + c[2] + "."
                                                           : "relations." + c[2] + "-" + c[3] + ".";
    for (std::size_t k = 0; k < t.values.size(); ++k)
      out[c[0] + " " + entity + std::string(t.values[k].name)] = c[first + k];
  }
}

bool is_number(const std::string& cell) {
  if (cell.empty()) return false;
  char* end = nullptr;
  std::strtod(cell.c_str(), &end);
  return *end == '\0';
}

// Every value column of region.csv, actors.csv and pairs.csv, taken from the column table: either it is a metric
// whose trend in a run prints exactly as the column does in the same run, or it holds something other than a
// number in some row of that run (text, or an empty cell), which is why it is not one.
void expect_every_column_is_its_metric(const std::string& scenario, std::uint64_t seed) {
  const Scenario sc = load_scenario(test::root() + "/scenarios/" + scenario);
  std::ostringstream actors, pairs, region;
  TrendRecorder trends(sc, TrendStreams{&actors, &pairs, &region, nullptr, nullptr}, Format::Tidy);
  Engine(sc, seed).run(&trends);
  std::map<std::string, std::string> csv;
  index_cells(actors.str(), TrendFile::Actors, csv);
  index_cells(pairs.str(), TrendFile::Pairs, csv);
  index_cells(region.str(), TrendFile::Region, csv);

  std::vector<MetricRef> metrics;
  std::vector<std::string> refused;  // columns that are not metrics
  const std::pair<TrendFile, std::string> scopes[] = {
      {TrendFile::Region, "region."}, {TrendFile::Actors, "actors.*."}, {TrendFile::Pairs, "relations.*."}};
  for (const auto& [file, prefix] : scopes)
    for (const Column& c : trend_table(file).values) {
      std::string error;
      const auto expanded = expand_metric(sc, prefix + std::string(c.name), error);
      if (!expanded) {
        EXPECT_NE(error.find("' is a column of "), std::string::npos) << error;
        refused.push_back(prefix + std::string(c.name));
        continue;
      }
      const std::size_t entities = file == TrendFile::Region  ? 1
                                   : file == TrendFile::Actors ? sc.actors.size()
                                                               : sc.actors.size() * (sc.actors.size() - 1) / 2;
      EXPECT_EQ(expanded->size(), entities) << prefix << c.name;
      metrics.insert(metrics.end(), expanded->begin(), expanded->end());
    }
  const std::vector<std::size_t> finals = every_index(metrics);  // the recorder keeps a reference
  OutcomeRecorder rec(sc, metrics, finals);
  Engine(sc, seed).run(&rec);
  for (int t = 0; t <= sc.steps; ++t)
    for (std::size_t k = 0; k < metrics.size(); ++k) {
      const auto cell = csv.find(std::to_string(t) + " " + metrics[k].name);
      ASSERT_NE(cell, csv.end()) << metrics[k].name << " at step " << t;
      EXPECT_EQ(fmt(rec.trends()[static_cast<std::size_t>(t) * metrics.size() + k]), cell->second)
          << scenario << ": " << metrics[k].name << " at step " << t;
    }
  // A refused column holds something other than a number somewhere in this very run.
  for (const auto& pattern : refused) {
    const std::string name = pattern.substr(pattern.rfind('.') + 1);
    bool non_number = false;
    for (const auto& [key, value] : csv)
      if (key.size() > name.size() && key.compare(key.size() - name.size() - 1, std::string::npos, "." + name) == 0)
        non_number |= !is_number(value);
    EXPECT_TRUE(non_number) << pattern << " is refused as a metric but prints a number in every row";
  }
  EXPECT_GT(metrics.size(), 0u);
}

TEST(Metrics, EveryNumericColumnIsAMetricEqualToTheCsv) {
  expect_every_column_is_its_metric("asia_pacific_2012.yaml", 3);
  expect_every_column_is_its_metric("south_china_sea.yaml", 11);
  expect_every_column_is_its_metric("korean_peninsula.yaml", 5);
}

// A relation written the other way round reads the same number as its mirror (a directed field NAME_ab is
// NAME_ba of the reversed pair): same_metric says so for every ordered pair and field, and a run records the
// same value for both at every step; no two different metrics are the same.
TEST(Metrics, ARelationWrittenBothWaysIsOneMetric) {
  const Scenario sc = load_scenario(test::root() + "/scenarios/korean_peninsula.yaml");
  auto mirror = [](const std::string& f) {
    if (f.size() > 3 && f.ends_with("_ab")) return f.substr(0, f.size() - 3) + "_ba";
    if (f.size() > 3 && f.ends_with("_ba")) return f.substr(0, f.size() - 3) + "_ab";
    return f;
  };
  std::vector<MetricRef> written, reversed;
  for (std::size_t a = 0; a < sc.actors.size(); ++a)
    for (std::size_t b = a + 1; b < sc.actors.size(); ++b)
      for (const auto& f : pair_metric_fields()) {
        std::string error;
        const std::string ab = sc.actors[a].id + "-" + sc.actors[b].id, ba = sc.actors[b].id + "-" + sc.actors[a].id;
        written.push_back(*parse_metric(sc, "relations." + ab + "." + f, error));
        reversed.push_back(*parse_metric(sc, "relations." + ba + "." + mirror(f), error));
      }
  for (std::size_t k = 0; k < written.size(); ++k)
    for (std::size_t j = 0; j < written.size(); ++j) {
      EXPECT_EQ(same_metric(written[k], reversed[j]), k == j) << written[k].name << " " << reversed[j].name;
      EXPECT_EQ(same_metric(written[k], written[j]), k == j) << written[k].name << " " << written[j].name;
    }
  std::vector<MetricRef> both = written;
  both.insert(both.end(), reversed.begin(), reversed.end());
  const std::vector<std::size_t> finals = every_index(both);
  OutcomeRecorder rec(sc, both, finals);
  Engine(sc, 4).run(&rec);
  const std::size_t M = both.size();
  for (int t = 0; t <= sc.steps; ++t)
    for (std::size_t k = 0; k < written.size(); ++k)
      EXPECT_EQ(fmt(rec.trends()[static_cast<std::size_t>(t) * M + k]),
                fmt(rec.trends()[static_cast<std::size_t>(t) * M + written.size() + k]))
          << written[k].name << " and " << reversed[k].name << " at step " << t;
}

// Metrics named twice without a wildcard (or a relation both ways) are refused, each with its message; one a
// wildcard or the scenario names again is kept once; a pattern matches a pair written either way.
TEST(Metrics, EachMetricOnceAndPatternsMatchEitherOrder) {
  const Scenario sc = load_scenario(test::root() + "/scenarios/asia_pacific_2012.yaml");
  std::vector<std::string> errors;
  metrics_named(sc, {}, {"relations.USA-CHN.tension", "relations.USA-CHN.tension", "relations.CHN-USA.trust_ba",
                         "relations.USA-CHN.trust_ab", "actors.CHN.milex", "nope.x"},
                errors);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0], "relations.USA-CHN.tension is given twice (expected each metric once)");
  EXPECT_EQ(errors[1], "relations.USA-CHN.trust_ab is the same metric as relations.CHN-USA.trust_ba (expected each "
                       "metric once)");
  EXPECT_NE(errors[2].find("'nope.x' is not a metric"), std::string::npos) << errors[2];
  errors.clear();
  const auto kept = metrics_named(sc, {"region.mean_tension", "relations.USA-CHN.tension"},
                                  {"relations.*-USA.tension", "region.mean_tension", "relations.CHN-USA.tension"},
                                  errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  // USA is the scenario's first actor: every pair with it second is a reversed pair; USA-CHN was named already.
  std::vector<std::string> expected = {"region.mean_tension", "relations.USA-CHN.tension"};
  for (std::size_t a = 1; a < sc.actors.size(); ++a)
    if (sc.actors[a].id != "CHN") expected.push_back("relations." + sc.actors[a].id + "-USA.tension");
  EXPECT_EQ(kept, expected);
  for (const std::string& id : {std::string("CHN"), std::string("IDN")}) {  // first-listed and last-listed
    std::string error;
    const auto second = expand_metric(sc, "relations.*-" + id + ".tension", error);
    const auto first = expand_metric(sc, "relations." + id + "-*.tension", error);
    ASSERT_TRUE(second && first) << error;
    // Each names every partner once, in the order the pattern wrote the pair.
    EXPECT_EQ(second->size(), sc.actors.size() - 1) << id;
    EXPECT_EQ(first->size(), sc.actors.size() - 1) << id;
    for (const auto& m : *second) EXPECT_TRUE(m.name.ends_with("-" + id + ".tension")) << m.name;
    for (const auto& m : *first) EXPECT_TRUE(m.name.starts_with("relations." + id + "-")) << m.name;
  }
}

}  // namespace
}  // namespace statecraft
