// Tables in memory (output/table.hpp): a run's TableRecorder holds the same cells as the CSVs TrendRecorder
// writes, at full precision; a Table refuses a row that does not fit; write_csv writes what the batch CSVs
// always held.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "../test_util.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/output/table.hpp"

namespace statecraft {
namespace {

/// A table as a trend CSV prints it: numbers with fmt (NaN as an empty cell), text quoted when it must be.
std::string as_trend_csv(const Table& t) {
  std::ostringstream os;
  const auto& cols = t.columns();
  for (std::size_t k = 0; k < cols.size(); ++k) os << (k ? "," : "") << cols[k].name;
  os << '\n';
  for (std::size_t r = 0; r < t.rows(); ++r) {
    for (std::size_t k = 0; k < cols.size(); ++k) {
      if (k) os << ',';
      const auto& c = cols[k];
      if (c.kind == Cell::Kind::Number) os << (std::isnan(c.numbers[r]) ? "" : fmt(c.numbers[r]));
      if (c.kind == Cell::Kind::Integer) os << c.integers[r];
      if (c.kind == Cell::Kind::Text) os << csv_field(c.text(r));
    }
    os << '\n';
  }
  return os.str();
}

struct Both : Recorder {
  Recorder &a, &b;
  Both(Recorder& x, Recorder& y) : a(x), b(y) {}
  void on_step(const World& w) override { a.on_step(w), b.on_step(w); }
  void on_log(const World& w, const LogEntry& e) override { a.on_log(w, e), b.on_log(w, e); }
};

TEST(TableRecorder, HoldsTheCellsOfTheTidyCsvs) {
  for (const auto& [file, variant] : {std::pair<std::string, std::string>{"asia_pacific_2012", ""},
                                      {"south_china_sea", ""}, {"korean_peninsula", "sanctions"}}) {
    const Scenario sc = load_scenario(test::root() + "/scenarios/" + file + ".yaml", LoadOptions(variant));
    std::ostringstream a, p, r, e, d;
    TrendRecorder csv(sc, TrendStreams{&a, &p, &r, &e, &d}, Format::Tidy);
    TableRecorder tables(sc);
    Both both(csv, tables);
    Engine engine(sc, 0);
    engine.run(&both);
    const TrendTables& t = tables.tables();
    EXPECT_EQ(as_trend_csv(t.actors), a.str()) << file;
    EXPECT_EQ(as_trend_csv(t.pairs), p.str()) << file;
    EXPECT_EQ(as_trend_csv(t.region), r.str()) << file;
    EXPECT_EQ(as_trend_csv(t.events), e.str()) << file;
    EXPECT_EQ(as_trend_csv(t.drivers), d.str()) << file;
    EXPECT_GT(t.events.rows(), 0u) << file;
    // Full precision: the tension column holds the engine's values, not the printed ones.
    const auto& tension = t.pairs.columns()[4];
    ASSERT_EQ(tension.name, "tension");
    EXPECT_EQ(tension.numbers.back(), engine.world().state.tension(sc.n() - 2, sc.n() - 1)) << file;
  }
}

TEST(TableRecorder, AnEmptyEventsTableKeepsItsColumnsKinds) {
  const Scenario sc = load_scenario(test::root() + "/scenarios/security_dilemma.yaml", LoadOptions("both_sc"));
  TableRecorder tables(sc);
  Engine engine(sc, 0);
  engine.run(&tables);
  const Table& ev = tables.tables().events;
  ASSERT_EQ(ev.rows(), 0u);
  EXPECT_EQ(ev.columns()[2].name, "type");
  EXPECT_EQ(ev.columns()[2].kind, Cell::Kind::Text);
  EXPECT_EQ(ev.columns()[5].kind, Cell::Kind::Number);
}

TEST(Table, RefusesARowThatDoesNotFit) {
  Table t(std::vector<std::string>{"a", "b"});
  t.add_row(std::vector<Cell>{Cell::str("x"), Cell::num(1.5)});
  EXPECT_THROW(t.add_row(std::vector<Cell>{Cell::str("x")}), std::logic_error);
  EXPECT_THROW(t.add_row(std::vector<Cell>{Cell::num(1), Cell::num(2)}), std::logic_error);
  EXPECT_EQ(t.rows(), 1u);
}

TEST(Table, WritesCsvAsTheBatchFilesHaveIt) {
  Table t({"variant", "n", "mean"});
  t.add_row(std::vector<Cell>{Cell::str("status_quo"), Cell::whole(3), Cell::num(0.1234567890123)});
  t.add_row(std::vector<Cell>{Cell::str("a,b"), Cell::whole(12), Cell::num(-0.0)});
  std::ostringstream os;
  write_csv(os, t);
  EXPECT_EQ(os.str(), "variant,n,mean\nstatus_quo,3,0.123456789\n\"a,b\",12,0\n");
}

}  // namespace
}  // namespace statecraft
