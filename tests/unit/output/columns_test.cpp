// The column table of the trend CSVs: docs/outputs.md lists exactly its columns with their units (and
// docs/experiments.md each metric's better end), and every header the program writes (tidy, wide, a batch's
// runs/) is the table's, with one value per column in every row.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "../test_util.hpp"
#include "statecraft/output/columns.hpp"
#include "statecraft/scenario/metric.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(' ') - b + 1);
}

struct DocColumn {
  std::string name, unit;
  bool operator==(const DocColumn&) const = default;
};
std::ostream& operator<<(std::ostream& os, const DocColumn& c) { return os << c.name << " [" << c.unit << "]"; }

/// The columns of the first table after the heading `## FILE` of docs/outputs.md: the `quoted` names of each
/// row's first cell, each with the row's unit when the table has a unit column.
std::vector<DocColumn> documented(const std::string& file) {
  std::istringstream doc(test::read(test::root() + "/docs/outputs.md"));
  std::string line;
  while (std::getline(doc, line) && line != "## " + file) {
  }
  std::vector<DocColumn> out;
  bool in_table = false, has_unit = false;
  int row = 0;
  while (std::getline(doc, line)) {
    if (line.rfind("|", 0) != 0) {
      if (in_table) break;
      continue;
    }
    in_table = true;
    std::vector<std::string> cells;
    std::istringstream cs(line.substr(1));
    for (std::string c; std::getline(cs, c, '|');) cells.push_back(trim(c));
    if (row++ == 0) {
      has_unit = cells.size() > 1 && cells[1] == "unit";
      continue;
    }
    if (row == 2) continue;  // |---|---|
    for (std::size_t at = cells[0].find('`'); at != std::string::npos; at = cells[0].find('`', at + 1)) {
      const std::size_t end = cells[0].find('`', at + 1);
      out.push_back({cells[0].substr(at + 1, end - at - 1), has_unit ? cells[1] : ""});
      at = end;
    }
  }
  return out;
}

std::vector<DocColumn> table_columns(TrendFile f) {
  std::vector<DocColumn> out;
  const TrendTable& t = trend_table(f);
  for (auto part : {std::span<const Column>(kTimeColumns), t.keys, t.values})
    for (const auto& c : part) out.push_back({std::string(c.name), std::string(c.unit)});
  return out;
}

TEST(TrendColumns, DocsListExactlyTheTablesColumns) {
  for (TrendFile f : {TrendFile::Actors, TrendFile::Pairs, TrendFile::Region, TrendFile::Events, TrendFile::Drivers}) {
    const std::string file(trend_table(f).file);
    SCOPED_TRACE(file);
    EXPECT_EQ(documented(file), table_columns(f));
  }
  for (auto part : {std::span<const Column>(kTimeColumns), std::span<const Column>(kActorColumns),
                    std::span<const Column>(kPairColumns), std::span<const Column>(kRegionColumns),
                    std::span<const Column>(kEventColumns), std::span<const Column>(kDriverColumns)})
    for (const auto& c : part) EXPECT_FALSE(c.meaning.empty()) << c.name << ": every column says what it holds";
}

/// docs/experiments.md's table "Which end is better": each metric (`region.NAME`, `actors.ID.NAME`,
/// `relations.A-B.NAME`) with the end its row names.
std::map<std::string, std::string> documented_ends() {
  std::ifstream in(test::root() + "/docs/experiments.md");
  std::string line;
  while (std::getline(in, line) && line != "### Which end is better") {
  }
  std::map<std::string, std::string> ends;
  while (std::getline(in, line) && line.rfind("## ", 0) != 0 && line.rfind("```", 0) != 0) {
    if (line.rfind("| lower |", 0) != 0 && line.rfind("| higher |", 0) != 0 && line.rfind("| neither |", 0) != 0)
      continue;
    const std::string end = line.substr(2, line.find(' ', 2) - 2);
    for (std::size_t at = line.find('`'); at != std::string::npos; at = line.find('`', line.find('`', at + 1) + 1))
      ends[line.substr(at + 1, line.find('`', at + 1) - at - 1)] = end;
  }
  return ends;
}

// Every metric's better end is documented, as the column table holds it, and the metrics of each file are
// named as the docs' grammar names them.
TEST(TrendColumns, DocsGiveEveryMetricsBetterEnd) {
  std::map<std::string, std::string> table;
  const std::pair<const char*, std::span<const Column>> files[] = {
      {"region.", kRegionColumns}, {"actors.ID.", kActorColumns}, {"relations.A-B.", kPairColumns}};
  const std::vector<std::string>* fields[] = {&region_metric_fields(), &actor_metric_fields(), &pair_metric_fields()};
  for (std::size_t f = 0; f < 3; ++f)
    for (const Column& c : files[f].second)
      if (std::find(fields[f]->begin(), fields[f]->end(), c.name) != fields[f]->end())
        table[files[f].first + std::string(c.name)] = std::string(better_word(c.better));
  EXPECT_EQ(documented_ends(), table);
  EXPECT_EQ(table.size(), region_metric_fields().size() + actor_metric_fields().size() + pair_metric_fields().size());
}

/// The fields of one CSV line (quoted fields may hold commas).
std::size_t field_count(const std::string& line) {
  std::size_t n = 1;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) ++n;
  }
  return n;
}

/// Checks that `csv` starts with `header` and that every row has one field per column.
void expect_rows_fit_header(const std::string& csv, const std::string& header, const std::string& what) {
  SCOPED_TRACE(what);
  std::istringstream in(csv);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line, header);
  const std::size_t columns = field_count(header);
  int rows = 0;
  while (std::getline(in, line)) {
    ++rows;
    ASSERT_EQ(field_count(line), columns) << line;
  }
  EXPECT_GT(rows, 0);
}

TEST(TrendColumns, TheRecorderWritesTheTablesHeadersAndOneValuePerColumn) {
  // Events with quoted labels, drawn incidents and every column of the model.
  const Scenario sc = load_scenario(test::root() + "/scenarios/asia_pacific_2012.yaml");
  const test::Trends tidy = test::run_to_strings(sc);
  expect_rows_fit_header(tidy.actors, tidy_header(TrendFile::Actors), "actors.csv");
  expect_rows_fit_header(tidy.pairs, tidy_header(TrendFile::Pairs), "pairs.csv");
  expect_rows_fit_header(tidy.region, tidy_header(TrendFile::Region), "region.csv");
  expect_rows_fit_header(tidy.events, tidy_header(TrendFile::Events), "events.csv");
  expect_rows_fit_header(tidy.drivers, tidy_header(TrendFile::Drivers), "drivers.csv");
  EXPECT_EQ(tidy_header(TrendFile::Pairs).rfind("step,year,a,b,tension,trust_ab,", 0), 0u);

  const test::Trends wide = test::run_to_strings(sc, Format::Wide);
  std::vector<std::string> ids, pairs;
  for (const auto& a : sc.actors) ids.push_back(a.id);
  for (int a = 0; a < sc.n(); ++a)
    for (int b = a + 1; b < sc.n(); ++b)
      pairs.push_back(sc.actors[static_cast<std::size_t>(a)].id + "-" + sc.actors[static_cast<std::size_t>(b)].id);
  expect_rows_fit_header(wide.actors, wide_header(TrendFile::Actors, ids), "wide actors.csv");
  expect_rows_fit_header(wide.pairs, wide_header(TrendFile::Pairs, pairs), "wide pairs.csv");
  EXPECT_EQ(wide_header(TrendFile::Actors, {"A", "B"}).substr(0, 28), "step,year,A.policy,A.gdp,A.m");
  EXPECT_EQ(wide.region, tidy.region);
  EXPECT_EQ(wide.events, tidy.events);
}

TEST(TrendColumns, ABatchKeepsEachRunsRowsUnderTheTablesHeaderAfterVariantAndRun) {
  const std::string out = test::scratch_path("columns_runs");
  const auto r = test::statecraft("run scenarios/asia_pacific_2012.yaml --steps 4 --runs 2 --keep-runs --jobs 1 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  for (TrendFile f : kRunsFiles) {
    const std::string file(trend_table(f).file);
    expect_rows_fit_header(test::read(out + "/runs/" + file), "variant,run," + tidy_header(f), "runs/" + file);
  }
  fs::remove_all(out);
}

}  // namespace
}  // namespace statecraft
