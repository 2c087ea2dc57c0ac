// Deep uncertainty (docs/experiments.md, "Uncertain values"): each distribution draws what it says (mean and
// variance within sampling error over many runs), a path's value in run r is the same in every variant that has
// it (common random numbers), the robust ranking's regret and probabilities on a case computed by hand, and
// compare --uncertain byte-identical at any --jobs.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "../test_util.hpp"
#include "statecraft/experiment/uncertain.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/scenario/load.hpp"
#include "statecraft/engine/engine.hpp"
#include "statecraft/experiment/experiment.hpp"
#include "statecraft/experiment/metrics.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

UncertainInput input(UncertainInput::Dist d, std::vector<double> args, std::string path = "actors.A.growth") {
  UncertainInput in;
  in.dist = d;
  in.args = std::move(args);
  in.path = std::move(path);
  return in;
}

struct Drawn {
  double mean = 0, var = 0, lo = 1e300, hi = -1e300;
};

Drawn draw_many(const UncertainInput& in, int n, std::uint64_t seed = 7) {
  Drawn d;
  std::vector<double> xs;
  for (int r = 0; r < n; ++r) xs.push_back(draw_uncertain(in, seed, static_cast<std::uint64_t>(r)));
  for (double x : xs) d.mean += x / n, d.lo = std::min(d.lo, x), d.hi = std::max(d.hi, x);
  for (double x : xs) d.var += (x - d.mean) * (x - d.mean) / (n - 1);
  return d;
}

/// Mean and variance within five standard errors of the analytic ones (the variance's standard error from the
/// fourth moment, taken generously as sqrt(2 / n) var * 2).
void expect_moments(const Drawn& d, double mean, double var, int n) {
  EXPECT_NEAR(d.mean, mean, 5 * std::sqrt(var / n));
  EXPECT_NEAR(d.var, var, 5 * 2 * var * std::sqrt(2.0 / n));
}

constexpr int kN = 20000;

TEST(UncertainDraws, UniformHasItsMeanAndVariance) {
  const Drawn d = draw_many(input(UncertainInput::Dist::Uniform, {0.2, 0.8}), kN);
  expect_moments(d, 0.5, 0.36 / 12, kN);
  EXPECT_GE(d.lo, 0.2);
  EXPECT_LE(d.hi, 0.8);
}

TEST(UncertainDraws, TriangularHasItsMeanAndVariance) {
  const double a = 0.1, c = 0.3, b = 0.9;  // lo, mode, hi
  const Drawn d = draw_many(input(UncertainInput::Dist::Triangular, {a, c, b}), kN);
  expect_moments(d, (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18, kN);
  EXPECT_GE(d.lo, a);
  EXPECT_LE(d.hi, b);
}

TEST(UncertainDraws, NormalTruncatedToTheRangeHasTheTruncatedMoments) {
  // N(0.8, 0.2) truncated to [0, 1]: alpha = -4, beta = 1.
  const double mu = 0.8, s = 0.2, al = (0 - mu) / s, be = (1 - mu) / s;
  auto phi = [](double x) { return std::exp(-x * x / 2) / std::sqrt(2 * M_PI); };
  auto Phi = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2)); };
  const double Z = Phi(be) - Phi(al);
  const double mean = mu + s * (phi(al) - phi(be)) / Z;
  const double var = s * s * (1 + (al * phi(al) - be * phi(be)) / Z - std::pow((phi(al) - phi(be)) / Z, 2));
  const Drawn d = draw_many(input(UncertainInput::Dist::Normal, {mu, s, 0, 1}), kN);
  expect_moments(d, mean, var, kN);
  EXPECT_GE(d.lo, 0.0);
  EXPECT_LE(d.hi, 1.0);
  // Untruncated in effect: a range far wider than the spread gives N(mu, s) itself.
  const Drawn wide = draw_many(input(UncertainInput::Dist::Normal, {0.5, 0.01, -1e9, 1e9}), kN);
  expect_moments(wide, 0.5, 1e-4, kN);
}

TEST(UncertainDraws, ChoiceDrawsEachValueEquallyOften) {
  const UncertainInput in = input(UncertainInput::Dist::Choice, {0.1, 0.2, 0.7});
  std::map<double, int> seen;
  for (int r = 0; r < kN; ++r) ++seen[draw_uncertain(in, 3, static_cast<std::uint64_t>(r))];
  ASSERT_EQ(seen.size(), 3u);
  for (const auto& [x, k] : seen) EXPECT_NEAR(k, kN / 3.0, 5 * std::sqrt(kN * (1 / 3.0) * (2 / 3.0))) << x;
  const Drawn d = draw_many(in, kN, 3);
  expect_moments(d, 1.0 / 3, (0.01 + 0.04 + 0.49) / 3 - 1.0 / 9, kN);
}

// A path's stream is its own: the same path gives the same value for the same (seed, run) whatever else is
// drawn; two paths' values are uncorrelated; another seed gives other values.
TEST(UncertainDraws, StreamsArePerPathAndRun) {
  const UncertainInput a = input(UncertainInput::Dist::Uniform, {0, 1}, "actors.A.growth");
  const UncertainInput b = input(UncertainInput::Dist::Uniform, {0, 1}, "actors.B.growth");
  double sab = 0;
  int same_seed_diff = 0;
  for (int r = 0; r < kN; ++r) {
    const double x = draw_uncertain(a, 1, static_cast<std::uint64_t>(r));
    EXPECT_EQ(x, draw_uncertain(a, 1, static_cast<std::uint64_t>(r)));
    sab += (x - 0.5) * (draw_uncertain(b, 1, static_cast<std::uint64_t>(r)) - 0.5);
    same_seed_diff += x != draw_uncertain(a, 2, static_cast<std::uint64_t>(r));
  }
  const double corr = sab / kN * 12;
  EXPECT_NEAR(corr, 0, 5 / std::sqrt(kN));
  EXPECT_EQ(same_seed_diff, kN);
}

// Three variants over four runs, lower is better, baseline 0:
//   run 0: 1, 2, 3   best 0
//   run 1: 5, 4, 4   best 1 and 2 (a tie: half each)
//   run 2: 2, 2, 9   best 0 and 1
//   run 3: 3, 1, 2   best 1
TEST(RegretTally, HandComputedCase) {
  RegretTally t(3, 0, true);
  t.add({1, 2, 3});
  t.add({5, 4, 4});
  t.add({2, 2, 9});
  t.add({3, 1, 2});
  EXPECT_EQ(t.runs(), 4u);
  EXPECT_DOUBLE_EQ(t.p_best(0), (1 + 0.5) / 4);
  EXPECT_DOUBLE_EQ(t.p_best(1), (0 + 0.5 + 0.5 + 1) / 4);
  EXPECT_DOUBLE_EQ(t.p_best(2), 0.5 / 4);
  EXPECT_DOUBLE_EQ(t.p_best(0) + t.p_best(1) + t.p_best(2), 1.0);
  // Regrets: variant 0: 0, 1, 0, 2; variant 1: 1, 0, 0, 0; variant 2: 2, 0, 7, 1.
  EXPECT_DOUBLE_EQ(t.mean_regret(0), 3.0 / 4);
  EXPECT_DOUBLE_EQ(t.mean_regret(1), 1.0 / 4);
  EXPECT_DOUBLE_EQ(t.mean_regret(2), 10.0 / 4);
  EXPECT_DOUBLE_EQ(t.max_regret(0), 2);
  EXPECT_DOUBLE_EQ(t.max_regret(1), 1);
  EXPECT_DOUBLE_EQ(t.max_regret(2), 7);
  // Beats the baseline strictly: variant 1 in runs 1 and 3; variant 2 in runs 1 and 3; the baseline never.
  EXPECT_DOUBLE_EQ(t.p_beats_baseline(0), 0);
  EXPECT_DOUBLE_EQ(t.p_beats_baseline(1), 0.5);
  EXPECT_DOUBLE_EQ(t.p_beats_baseline(2), 0.5);
  // Higher is better: the same numbers, regrets against the largest.
  RegretTally h(2, 1, false);
  h.add({1, 3});
  h.add({4, 2});
  EXPECT_DOUBLE_EQ(h.mean_regret(0), 1);
  EXPECT_DOUBLE_EQ(h.max_regret(1), 2);
  EXPECT_DOUBLE_EQ(h.p_beats_baseline(0), 0.5);
}

const char* kScenario = R"(scenario: {name: uncertain, steps: 12, seed: 5}
actors:
  A: {gdp: 1000, milex: 20, policy: balance_of_power}
  B: {gdp: 800, milex: 15, policy: hedging}
  C: {gdp: 300, milex: 5, policy: security_community}
relations: {default: {proximity: 0.7, tension: 0.3, operations: 0.3}}
events:
  - {at: 2016, type: set, path: parameters.trust.forgetting, value: 0.3}
uncertain:
  parameters.trust.forgetting: {uniform: [0.05, 0.4], source: "judgement: a test"}
  actors.A.hawkishness: {triangular: [0.2, 0.5, 0.9], source: judgement}
variants:
  same_a: {description: the base}
  same_b: {description: the base again}
  talks:
    institutions: {talks: {kind: dialogue, members: [A, B], strength: 0.6}}
    uncertain:
      institutions.talks.strength: {uniform: [0.2, 0.9], source: judgement}
  talks_b:
    institutions: {talks: {kind: dialogue, members: [A, B], strength: 0.6}, cbm: {kind: cbm, members: [B, C], strength: 0.3}}
    uncertain:
      institutions.talks.strength: {uniform: [0.2, 0.9], source: judgement}
      relations.C-B.proximity: {normal: {mean: 0.6, sd: 0.2}, source: judgement}
)";

using test::csv_records;

class UncertainCompare : public ::testing::Test {
 protected:
  std::string dir = test::scratch_path("uncertain_compare");
  void SetUp() override {
    fs::create_directories(dir);
    std::ofstream(dir + "/u.yaml") << kScenario;
  }
  void TearDown() override { fs::remove_all(dir); }
  test::CommandResult compare(const std::string& out, const std::string& flags) {
    return test::statecraft("compare " + dir + "/u.yaml --baseline same_a --runs 30 --uncertain --out " + dir + "/" +
                            out + " " + flags);
  }
};

// Every variant that has a path gets the same value in run r; a path only some variants have is empty in the
// others; the held set event is skipped with a warning; the drawn values are those of draw_uncertain.
TEST_F(UncertainCompare, CommonRandomNumbersAcrossVariants) {
  auto r = compare("a", "--jobs 2");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: the set event of parameters.trust.forgetting in 2016 is skipped: --uncertain sets "
                       "parameters.trust.forgetting for the whole run"),
            std::string::npos)
      << r.err;
  const auto rows = csv_records(test::read(dir + "/a/compare_runs.csv"));
  ASSERT_EQ(rows.size(), 4u * 30);
  const Scenario sc = load_scenario(dir + "/u.yaml", LoadOptions("talks_b"));
  std::map<std::string, std::map<std::string, std::string>> by_run;  // run -> path -> value (checked equal)
  for (const auto& row : rows) {
    const std::string& v = row.at("variant");
    for (const char* path : {"parameters.trust.forgetting", "actors.A.hawkishness", "institutions.talks.strength",
                             "relations.B-C.proximity"}) {
      const std::string& x = row.at(path);
      const bool has = std::string(path).rfind("institutions", 0) == 0 ? (v == "talks" || v == "talks_b")
                       : std::string(path).rfind("relations", 0) == 0  ? v == "talks_b"
                                                                      : true;
      EXPECT_EQ(!x.empty(), has) << v << " " << path;
      if (x.empty()) continue;
      auto [it, fresh] = by_run[row.at("run")].emplace(path, x);
      if (!fresh) {
        EXPECT_EQ(it->second, x) << "run " << row.at("run") << " " << path << " of " << v;
      }
    }
  }
  // The values are draw_uncertain's, and vary from run to run.
  std::set<std::string> values;
  for (const auto& in : sc.uncertain)
    for (std::uint64_t run = 0; run < 30; ++run) {
      EXPECT_EQ(by_run[std::to_string(run)][in.path], fmt(draw_uncertain(in, sc.seed, run))) << in.path;
      values.insert(by_run[std::to_string(run)][in.path]);
    }
  EXPECT_GT(values.size(), 100u);
  // same_a and same_b differ in nothing: identical outcomes in every run, so each is best half the time it is.
  const auto robust = csv_records(test::read(dir + "/a/compare_robust.csv"));
  ASSERT_EQ(robust.size(), 4u);
  std::map<std::string, std::map<std::string, std::string>> rb;
  for (const auto& row : robust) rb[row.at("variant")] = row;
  EXPECT_EQ(rb["same_b"].at("diff"), "0");
  EXPECT_EQ(rb["same_a"].at("p_best"), rb["same_b"].at("p_best"));
  EXPECT_EQ(rb["same_a"].at("mean_regret"), rb["same_b"].at("mean_regret"));
  EXPECT_EQ(rb["same_b"].at("p_beats_baseline"), "0");
  // The baseline beats itself in no run, by construction: its interval is [0, 0], not Wilson's [0, 0.11].
  EXPECT_EQ(rb["same_a"].at("p_beats_low"), "0");
  EXPECT_EQ(rb["same_a"].at("p_beats_high"), "0");
  EXPECT_NE(rb["same_b"].at("p_beats_high"), "0");  // same_b's share is 0 too, but estimated
  double p = 0;
  for (const auto& [v, row] : rb) p += std::stod(row.at("p_best"));
  EXPECT_NEAR(p, 1, 1e-12);
  EXPECT_NE(r.out.find("ranked by mean regret on tension_final"), std::string::npos) << r.out;
  const std::string manifest = test::read(dir + "/a/manifest.json");
  EXPECT_NE(manifest.find("\"compare_robust.csv\""), std::string::npos);
  EXPECT_NE(manifest.find("\"source\": \"judgement: a test\""), std::string::npos) << manifest;
  // What shaped the tables beyond the runs: the criterion (regret by default under --uncertain), no --explain,
  // no correction for many comparisons.
  EXPECT_NE(manifest.find("\"rank_criterion\": \"regret\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"explain\": false"), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"adjust\": \"none\""), std::string::npos) << manifest;
}

TEST_F(UncertainCompare, ByteIdenticalAtAnyJobs) {
  ASSERT_EQ(compare("j1", "--jobs 1").code, 0);
  ASSERT_EQ(compare("j2", "--jobs 2").code, 0);
  for (const char* f : {"compare_summary.csv", "compare_robust.csv", "compare_trends.csv", "compare_runs.csv",
                        "manifest.json"})
    EXPECT_EQ(test::read(dir + "/j1/" + f), test::read(dir + "/j2/" + f)) << f;
}

// Every criterion orders the printed table by its column of compare_robust.csv, ties broken by mean regret and
// then by the mean: with P(best) 0 for several variants, none with a larger regret is ranked above one with a
// smaller.
// Also the case found in review: the status quo (P(beats) 0) was ranked above the US-China dialogue (P(beats) 1)
// by P(best), both 0, in the order of the variants.
TEST_F(UncertainCompare, RankingsFollowTheCriterionThenRegretThenMean) {
  const std::string asia = std::string(STATECRAFT_TEST_DIR) + "/../scenarios/asia_pacific_2012.yaml";
  std::vector<std::pair<std::string, test::CommandResult>> cases;
  for (const char* criterion : {"p-best", "regret", "max-regret", "mean"})
    cases.emplace_back(criterion, compare(std::string("rank-") + criterion,
                                          std::string("--jobs 1 --rank-criterion ") + criterion));
  cases.emplace_back("p-best", test::statecraft("compare " + asia + " --variants status_quo,patchwork,us_china_dialogue "
                                                "--runs 20 --jobs 1 --rank-criterion p-best --out " + dir + "/rank-asia"));
  for (std::size_t n = 0; n < cases.size(); ++n) {
    const std::string criterion = cases[n].first;
    const std::string out = n + 1 == cases.size() ? "rank-asia" : "rank-" + criterion;
    SCOPED_TRACE(out);
    const auto& r = cases[n].second;
    ASSERT_EQ(r.code, 0) << r.err;
    std::map<std::string, std::map<std::string, std::string>> rb;
    for (const auto& row : csv_records(test::read(dir + "/" + out + "/compare_robust.csv"))) rb[row.at("variant")] = row;
    auto key = [&](const std::string& v) {
      const auto& row = rb.at(v);
      const std::string& c = criterion;
      const double primary = c == "p-best"       ? -std::stod(row.at("p_best"))
                             : c == "regret"     ? std::stod(row.at("mean_regret"))
                             : c == "max-regret" ? std::stod(row.at("max_regret"))
                                                 : std::stod(row.at("mean"));
      return std::make_tuple(primary, std::stod(row.at("mean_regret")), std::stod(row.at("mean")));
    };
    std::vector<std::string> printed;  // the variants in the order of the table's rows
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      std::istringstream words(line);
      std::string rank, variant;
      if (words >> rank >> variant && !rank.empty() && std::isdigit(static_cast<unsigned char>(rank[0])) &&
          rb.count(variant))
        printed.push_back(variant);
    }
    ASSERT_EQ(printed.size(), rb.size()) << r.out;
    for (std::size_t i = 0; i + 1 < printed.size(); ++i)
      EXPECT_LE(key(printed[i]), key(printed[i + 1])) << printed[i] << " above " << printed[i + 1] << "\n" << r.out;
  }
}

// Without --uncertain nothing is drawn: no columns of uncertain values, the table ranked by the mean; a file
// without uncertain values refuses --uncertain; a criterion that does not exist is refused.
TEST_F(UncertainCompare, PlainCompareAndRefusals) {
  auto r = test::statecraft("compare " + dir + "/u.yaml --runs 5 --jobs 1 --out " + dir + "/plain");
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string runs = test::read(dir + "/plain/compare_runs.csv");
  EXPECT_EQ(runs.find("parameters.trust.forgetting"), std::string::npos);
  EXPECT_NE(r.out.find("Variants ranked by tension_final (lower"), std::string::npos) << r.out;
  r = compare("bad", "--rank-criterion best");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --rank-criterion: unknown criterion 'best' (expected one of: mean, regret, "
                   "max-regret, p-best)\n");
  r = test::statecraft("compare " + std::string(STATECRAFT_TEST_DIR) +
                       "/../scenarios/security_dilemma.yaml --runs 2 --uncertain --out " + dir + "/none");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("statecraft: error: --uncertain: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("declares no uncertain values (expected a file or variant with uncertain: entries)"),
            std::string::npos)
      << r.err;
}

// A draw keeps its path's own range but may break a check between values (milex <= max_share * gdp): the batch
// ends with exit 2, nothing written, naming the run and --uncertain (it named --param, which was never given),
// whether the draw is of the two runs checked before the batch or of a later one.
TEST_F(UncertainCompare, ADrawThatBreaksACrossCheckNamesTheRunAndUncertain) {
  const std::string file = dir + "/draws.yaml";
  std::ofstream(file) << "scenario: {name: t, steps: 3, start_year: 2000}\n"
                         "actors:\n  A: {gdp: 1000, milex: 20, policy: hedging}\n"
                         "  B: {gdp: 1000, milex: 20, policy: hedging}\n"
                         "uncertain:\n  actors.A.milex: {uniform: [0, 1000], source: judgement}\n"
                         "variants:\n  v1: {}\n  v2: {}\n";
  auto r = test::statecraft("compare " + file + " --uncertain --runs 3 --out " + dir + "/draws");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind("statecraft: error: run 0 of variant v1 failed (nothing was written): --uncertain: "
                        "actors.A.milex: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("above max_share 0.1 (expected milex <= max_share * gdp = 100)"), std::string::npos) << r.err;
  // Upper end 104: run 0 and 1 draw below 100, a later run above it.
  std::ofstream(file) << "scenario: {name: t, steps: 3, start_year: 2000}\n"
                         "actors:\n  A: {gdp: 1000, milex: 20, policy: hedging}\n"
                         "  B: {gdp: 1000, milex: 20, policy: hedging}\n"
                         "uncertain:\n  actors.A.milex: {uniform: [0, 104], source: judgement}\n";
  r = test::statecraft("run " + file + " --uncertain --runs 100 --out " + dir + "/draws");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(" failed (nothing was written): --uncertain: actors.A.milex: "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("--param"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/draws"));
  // Two draws of one run that break their checks: one line each, naming the run, both for a run checked before
  // the batch (run 0) and for a later one (with seed 4 the first run to break either check is run 6, and it
  // breaks both).
  const auto two_draws = [&](const std::string& seed, const std::string& range) {
    std::ofstream(file) << "scenario: {name: t, steps: 3, start_year: 2000, seed: " << seed << "}\n"
                        << "actors:\n  A: {gdp: 1000, milex: 20, policy: hedging}\n"
                        << "  B: {gdp: 1000, milex: 20, policy: hedging}\n"
                        << "uncertain:\n  actors.A.milex: {uniform: " << range << ", source: judgement}\n"
                        << "  actors.B.milex: {uniform: " << range << ", source: judgement}\n";
    return test::statecraft("run " + file + " --uncertain --runs 100 --out " + dir + "/draws");
  };
  const std::regex each_line("statecraft: error: run (\\d+) failed \\(nothing was written\\): --uncertain: "
                             "actors\\.[AB]\\.milex: [0-9.]+ is [0-9.]+ of gdp 1000, above max_share 0\\.1 "
                             "\\(expected milex <= max_share \\* gdp = 100\\)");
  for (const auto& [seed, range, run] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"1", "[200, 500]", "0"}, {"4", "[0, 120]", "6"}}) {
    r = two_draws(seed, range);
    EXPECT_EQ(r.code, 2);
    std::istringstream lines(r.err);
    std::vector<std::string> runs;
    std::smatch m;
    for (std::string line; std::getline(lines, line);)
      if (std::regex_match(line, m, each_line)) runs.push_back(m[1]);
      else ADD_FAILURE() << line;
    EXPECT_EQ(runs, (std::vector<std::string>{run, run})) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir + "/draws"));
  }
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

// A batch worker keeps its own copy of each variant, writes each run's values into it and derives the
// consistent start once per run for variants whose bases are alike: every run must still be the run of a
// scenario built afresh, and its start derived from the base holding the drawn values it has (what the
// loader gives with those values as overrides), not the file's values.
TEST(UncertainRuns, AWorkersReusedCopiesRunAsScenariosBuiltAfresh) {
  std::string text = kScenario;
  text.replace(text.find("events:"), text.find("uncertain:") - text.find("events:"),
               "parameters: {start: {consistent: true}}\n");
  const std::string dir = test::scratch_path("uncertain_fresh");
  fs::create_directories(dir);
  std::ofstream(dir + "/u.yaml") << text;
  std::vector<Scenario> variants;
  const std::vector<std::string> names = {"same_a", "talks", "same_b", "talks_b"};
  for (const auto& v : names) variants.push_back(load_scenario(dir + "/u.yaml", LoadOptions(v)));
  std::vector<const Scenario*> pointers;
  for (const auto& v : variants) pointers.push_back(&v);
  const std::vector<std::size_t> classes = start_classes(pointers);
  // talks_b draws a proximity the base has too: its start is derived from other values.
  EXPECT_EQ(classes, (std::vector<std::size_t>{0, 0, 0, 3}));
  const std::uint64_t runs = 5;
  for (int jobs : {1, 2}) {
    ExperimentOptions o;
    o.runs = runs;
    o.uncertain = true;
    o.par.jobs = jobs;
    o.out_dir = dir + "/out" + std::to_string(jobs);
    ASSERT_FALSE(run_compare(variants, dir + "/u.yaml", o).interrupted);
    const auto rows = csv_records(test::read(o.out_dir + "/compare_runs.csv"));
    ASSERT_EQ(rows.size(), runs * variants.size());
    const std::vector<std::string> outcomes = outcome_names(variants[0], trend_metrics(variants[0], {}), {});
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const std::size_t v = k % variants.size();
      const std::uint64_t run = k / variants.size();
      const Scenario fresh = with_draws(variants[v], run);
      // The base holds the drawn values it has paths for, as loading with them as overrides gives it.
      std::vector<std::pair<std::string, double>> in_base;
      for (const auto& in : variants[v].uncertain)
        if (in.path.rfind("institutions.", 0) != 0) in_base.emplace_back(in.path, draw_uncertain(in, 5, run));
      LoadOptions lo(names[v]);
      lo.overrides = in_base;
      const Scenario loaded = load_scenario(dir + "/u.yaml", lo);
      EXPECT_EQ(fresh.base->params.trust.forgetting, loaded.base->params.trust.forgetting);
      EXPECT_EQ(fresh.base->actors[0].hawkishness, loaded.base->actors[0].hawkishness);
      EXPECT_EQ(fresh.base->proximity(1, 2), loaded.base->proximity(1, 2));
      EXPECT_NE(fresh.base->params.trust.forgetting, variants[v].base->params.trust.forgetting);
      const std::vector<MetricRef> metrics = trend_metrics(fresh, {});  // the recorder keeps a reference
      const std::vector<std::size_t> finals;  // no metric named: no final. outcome
      OutcomeRecorder rec(fresh, metrics, finals);
      Engine engine(fresh, run);
      engine.set_record_drivers(false);
      engine.run(&rec);
      ASSERT_EQ(rows[k].at("variant"), names[v]);
      for (std::size_t j = 0; j < outcomes.size(); ++j)
        EXPECT_EQ(rows[k].at(outcomes[j]), fmt(rec.outcomes()[j])) << names[v] << " run " << run << " " << outcomes[j];
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace statecraft
