// Calibration: Richardson's 1909-1913 line (MODEL.md section 9, property 2), recovery of known coefficients
// within the reported standard errors, the exact errors for bad observed data, and the command.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "../test_util.hpp"
#include "statecraft/engine/engine.hpp"
#include "statecraft/experiment/calibrate.hpp"
#include "statecraft/output/csv.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

/// Rounds to three significant figures.
double sig3(double x) {
  if (x == 0) return 0;
  const int e = static_cast<int>(std::floor(std::log10(std::abs(x)))) - 2;
  return e < 0 ? std::round(x * std::pow(10, -e)) / std::pow(10, -e) : std::round(x / std::pow(10, e)) * std::pow(10, e);
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// ---- Richardson 1909-1913 ---------------------------------------------------------------------------

TEST(Richardson1909, MidyearRegressionOfTheTableGivesSlope0731AndRoot1949) {
  CalibrationSpec spec;
  spec.file = test::root() + "/scenarios/richardson_1909.yaml";
  spec.observed = test::root() + "/data/richardson_1909_1913.csv";
  const RichardsonCheck c = richardson_check(spec);
  ASSERT_EQ(c.years, (std::vector<double>{1909, 1910, 1911, 1912, 1913}));
  EXPECT_EQ(c.actor_ids, (std::vector<std::string>{"FRA", "RUS", "GER", "AUH"}));
  // U + V as in Richardson's table: 199.2, 204.8, 214.9, 238.7, 289.0 (pounds sterling m).
  const double table[] = {199.2, 204.8, 214.9, 238.7, 289.0};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_NEAR(c.observed[i], table[i], 1e-9);
  EXPECT_EQ(c.fit.n, 4u);
  EXPECT_EQ(sig3(c.fit.slope), 0.731);
  EXPECT_EQ(sig3(c.fit.root), 195.0);                        // 194.9 to four figures:
  EXPECT_EQ(std::round(c.fit.root * 10) / 10, 194.9);
  EXPECT_EQ(sig3(c.fit.intercept), -142.0);                   // -142.5
  EXPECT_EQ(sig3(c.fit.one_year), 1.08);                      // e^0.731 - 1 = 1.077
  EXPECT_EQ(std::round(c.fit.one_year * 1000) / 1000, 1.077);
}

TEST(Richardson1909, MidyearRegressionIsOrdinaryLeastSquaresOfIncreaseOnMidYearValue) {
  // Values on an exact line dx/dt-like increase: x[t+1] - x[t] = 0.5 ((x[t] + x[t+1]) / 2 - 100).
  std::vector<double> x = {120};
  for (int t = 0; t < 5; ++t) x.push_back((x.back() * (1 + 0.25) - 50) / (1 - 0.25));
  const MidyearFit f = midyear_regression(x);
  EXPECT_NEAR(f.slope, 0.5, 1e-12);
  EXPECT_NEAR(f.root, 100, 1e-9);
  EXPECT_NEAR(f.r2, 1, 1e-12);
  EXPECT_THROW(midyear_regression({1, 2}), std::invalid_argument);
}

TEST(Richardson1909, TheEngineFollowsTheOneYearFormFrom1909) {
  const Scenario sc = load_scenario(test::root() + "/scenarios/richardson_1909.yaml");
  Engine engine(sc, 0);
  const double c = std::expm1(0.731), root = 194.9;
  double x = engine.world().state.milex.sum();
  EXPECT_NEAR(x, 199.2, 1e-9);
  std::vector<double> engine_sum = {x}, recurrence = {x};
  for (int t = 0; t < sc.steps; ++t) {
    engine.step();
    EXPECT_GT(engine.world().state.milex.minCoeff(), 0.0);  // no clamp acts
    recurrence.push_back(recurrence.back() + c * (recurrence.back() - root));
    engine_sum.push_back(engine.world().state.milex.sum());
  }
  for (std::size_t i = 0; i < engine_sum.size(); ++i) {
    SCOPED_TRACE(1909 + i);
    EXPECT_NEAR(engine_sum[i], recurrence[i], 1e-9 * recurrence[i]);
    EXPECT_EQ(sig3(engine_sum[i]), sig3(recurrence[i]));
  }
  // The run against the table (docs/validation.md): 203.8, 213.5, 233.4, 274.9 against 204.8, 214.9, 238.7, 289.0.
  EXPECT_EQ(sig3(engine_sum[1]), 204.0);
  EXPECT_EQ(sig3(engine_sum[2]), 213.0);
  EXPECT_EQ(sig3(engine_sum[3]), 233.0);
  EXPECT_EQ(sig3(engine_sum[4]), 275.0);
}

TEST(Richardson1909, TheMidyearCommandPrintsTheLine) {
  const std::string out = test::scratch_path("midyear");
  auto r = test::statecraft("calibrate scenarios/richardson_1909.yaml --observed data/richardson_1909_1913.csv "
                            "--midyear --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("d(x)/dt = 0.731 (x - 194.9)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("x' = x + 1.0772 (x - 194.9)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  1913      289.00      274.95      -14.05 (-4.9%)"), std::string::npos) << r.out;
  EXPECT_EQ(test::read(out + "/series.csv").substr(0, 28), "year,observed,simulated\n1909");
  fs::remove_all(out);
}

// ---- recovery of known coefficients -------------------------------------------------------------

// Two powers in a pure Richardson race (trust frozen, proximity 1, incidents off); the calibration starts
// from these values, the data come from others.
constexpr const char* kRace = R"(scenario: {name: race, start_year: 2000, steps: 25, dt: 1, seed: 3}
parameters:
  arms: {in_money: true}
  trust: {learning: false}
  domestic: {adjustment: 0}
  economy: {burden_drag: 0, tension_drag: 0}
  incidents: {rate: 0}
policies:
  x_reacts: {base: balance_of_power, k: 0.15}
  y_reacts: {base: balance_of_power, k: 0.2}
actors:
  X: {gdp: 1000, milex: 5, fatigue: 0.25, grievance: 6, max_share: 0.5, policy: x_reacts}
  Y: {gdp: 1000, milex: 150, fatigue: 0.35, grievance: 8, max_share: 0.5, policy: y_reacts}
relations:
  pairs:
    X-Y: {proximity: 1, trust: 0, tension: 0.3}
)";

struct Truth {
  std::string path;
  double value;
};

/// Simulates `file` with the true values and writes the milex of both actors plus N(0, sd) noise.
void simulate_observed(const std::string& file, const std::vector<Truth>& truth, double sd, std::uint64_t seed,
                       const std::string& csv) {
  LoadOptions lo;
  for (const auto& t : truth) lo.overrides.emplace_back(t.path, t.value);
  const Scenario sc = load_scenario(file, lo);
  Engine engine(sc, 0);
  boost::random::mt19937_64 rng(seed);
  boost::random::normal_distribution<double> noise(0.0, sd);
  std::ostringstream os;
  os << "year,actor,metric,value\n";
  for (int s = 0; s <= sc.steps; ++s) {
    if (s > 0) engine.step();
    for (int i = 0; i < sc.n(); ++i) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", engine.world().state.milex(i) + noise(rng));
      os << sc.year_of(s) << "," << sc.actors[static_cast<std::size_t>(i)].id << ",milex," << buf << "\n";
    }
  }
  write(csv, os.str());
}

TEST(CalibrationRecovery, KnownCoefficientsAreRecoveredWithinTheirStandardErrors) {
  const std::string dir = test::scratch_path("recovery");
  fs::create_directories(dir);
  write(dir + "/race.yaml", kRace);
  const std::vector<Truth> truth = {{"actors.X.fatigue", 0.4}, {"actors.X.grievance", 10},
                                    {"policies.x_reacts.k", 0.3}, {"actors.Y.fatigue", 0.3}};
  // Over 40 noise draws, each estimate should lie within 2 standard errors of the truth about 95% of the time,
  // and the root mean square of (estimate - truth) / SE should be about 1 (as built: 39, 39, 39 and 40 of 40
  // within 2 SE; 0.93, 0.94, 0.94, 0.96).
  const int reps = 40;
  std::map<std::string, int> within;
  std::map<std::string, double> sum_sq_z;
  for (int rep = 0; rep < reps; ++rep) {
    simulate_observed(dir + "/race.yaml", truth, 0.2, 100 + static_cast<std::uint64_t>(rep), dir + "/obs.csv");
    CalibrationSpec spec;
    spec.file = dir + "/race.yaml";
    spec.observed = dir + "/obs.csv";
    for (const auto& t : truth) spec.params.push_back(FitParam{t.path, std::nullopt, std::nullopt});
    const CalibrationResult r = calibrate(spec);
    ASSERT_TRUE(r.identified);
    ASSERT_EQ(r.params.size(), truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) {
      const ParamEstimate& e = r.params[i];
      ASSERT_TRUE(std::isfinite(e.se) && e.se > 0) << e.path;
      const double z = (e.estimate - truth[i].value) / e.se;
      within[e.path] += std::abs(z) <= 2;
      sum_sq_z[e.path] += z * z;
      if (rep == 0) {
        EXPECT_LE(std::abs(z), 3) << e.path << " = " << e.estimate << " (SE " << e.se << ")";
        EXPECT_LT(e.se, 0.5 * truth[i].value) << e.path;  // the data are informative
      }
    }
    if (rep == 0) {
      EXPECT_NEAR(r.sigma, 0.2, 0.05);
      EXPECT_LT(r.ssr, r.ssr_start);
    }
  }
  for (const auto& t : truth) {
    EXPECT_GE(within[t.path], 33) << t.path << ": " << within[t.path] << " of " << reps << " within 2 SE";
    const double rms_z = std::sqrt(sum_sq_z[t.path] / reps);
    // The figures docs/validation.md quotes ("Tests"), printed so that they can be checked.
    std::cout << t.path << ": " << within[t.path] << " of " << reps << " within 2 SE, RMS of z " << rms_z << "\n";
    EXPECT_GT(rms_z, 0.7) << t.path;
    EXPECT_LT(rms_z, 1.4) << t.path;
  }
  fs::remove_all(dir);
}

TEST(CalibrationRecovery, ALinearModelGivesOrdinaryLeastSquaresAndItsStandardErrors) {
  // With no reaction and no fatigue, X's spending is M0 + g t: the fit is the OLS line through the data.
  const std::string dir = test::scratch_path("linear");
  fs::create_directories(dir);
  std::string race = kRace;
  race.replace(race.find("k: 0.15"), 7, "k: 0");
  race.replace(race.find("fatigue: 0.25"), 13, "fatigue: 0");
  write(dir + "/line.yaml", race);
  const std::vector<double> y = {21.3, 24.1, 27.9, 30.2, 35.6, 36.0, 41.7, 44.2, 45.9, 51.3, 53.0};
  std::ostringstream os;
  os << "year,actor,metric,value\n";
  for (std::size_t t = 0; t < y.size(); ++t) os << 2000 + t << ",X,milex," << y[t] << "\n";
  write(dir + "/obs.csv", os.str());
  CalibrationSpec spec;
  spec.file = dir + "/line.yaml";
  spec.observed = dir + "/obs.csv";
  spec.params = {{"actors.X.milex", std::nullopt, std::nullopt}, {"actors.X.grievance", std::nullopt, std::nullopt}};
  const CalibrationResult r = calibrate(spec);
  // OLS of y on t = 0..10.
  const double n = 11, mt = 5, sxx = 110;
  double my = 0, sxy = 0;
  for (std::size_t t = 0; t < y.size(); ++t) my += y[t] / n;
  for (std::size_t t = 0; t < y.size(); ++t) sxy += (static_cast<double>(t) - mt) * (y[t] - my);
  const double b = sxy / sxx, a = my - b * mt;
  double sse = 0;
  for (std::size_t t = 0; t < y.size(); ++t) sse += std::pow(y[t] - a - b * static_cast<double>(t), 2);
  const double s2 = sse / (n - 2);
  EXPECT_NEAR(r.params[0].estimate, a, 1e-6);
  EXPECT_NEAR(r.params[1].estimate, b, 1e-6);
  EXPECT_NEAR(r.params[0].se, std::sqrt(s2 * (1 / n + mt * mt / sxx)), 1e-6);
  EXPECT_NEAR(r.params[1].se, std::sqrt(s2 / sxx), 1e-6);
  EXPECT_NEAR(r.ssr, sse, 1e-8);
  fs::remove_all(dir);
}

TEST(CalibrationRecovery, AnInstitutionsStrengthIsFittedAndWritten) {
  // A community between two rivals raises their trust priors, which lowers their spending: its strength can
  // be fitted like any coefficient, and fitted.yaml sets it where the file gives it.
  const std::string dir = test::scratch_path("institution_fit");
  fs::create_directories(dir);
  write(dir + "/club.yaml", R"(scenario: {name: club, start_year: 2000, steps: 20, dt: 1, seed: 3}
parameters:
  domestic: {adjustment: 0}
  economy: {burden_drag: 0, tension_drag: 0}
  incidents: {rate: 0}
actors:
  X: {gdp: 1000, milex: 20, fatigue: 0.25, max_share: 0.5, policy: balance_of_power}
  Y: {gdp: 1000, milex: 60, fatigue: 0.35, max_share: 0.5, policy: balance_of_power}
relations:
  pairs:
    X-Y: {proximity: 1, trust: 0.3, tension: 0.3}
institutions:
  club: {kind: community, members: [X, Y], strength: 0.2}
)");
  simulate_observed(dir + "/club.yaml", {{"institutions.club.strength", 0.6}}, 1e-9, 11, dir + "/obs.csv");
  CalibrationSpec spec;
  spec.file = dir + "/club.yaml";
  spec.observed = dir + "/obs.csv";
  spec.params = {{"institutions.club.strength", std::nullopt, std::nullopt}};
  const CalibrationResult r = calibrate(spec);
  ASSERT_EQ(r.params.size(), 1u);
  EXPECT_EQ(r.params[0].start, 0.2);
  EXPECT_EQ(r.params[0].lo, 0);
  EXPECT_EQ(r.params[0].hi, 1);
  EXPECT_NEAR(r.params[0].estimate, 0.6, 1e-4);
  const std::string yaml = fitted_yaml(spec, r, dir + "/out");
  EXPECT_NE(yaml.find("institutions:\n  club:\n    strength: "), std::string::npos) << yaml;
  EXPECT_EQ(yaml.find("WARNING"), std::string::npos) << yaml;
  fs::remove_all(dir);
}

// ---- bad observed data ---------------------------------------------------------------------------

Scenario race_scenario() { return load_scenario_text(kRace, "race.yaml"); }

std::string errors_of(const std::string& csv, bool log_space = false) {
  try {
    (void)parse_observations(csv, "data/obs.csv", race_scenario(), log_space);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(CalibrationObserved, EveryBadRowIsReportedWithLineColumnAndWhatWasExpected) {
  const std::string csv =
      "year,actor,metric,value,weight\n"
      "2000,X,milex,20,1\n"
      "2000,X,milex,21,1\n"
      "1990,X,milex,20,1\n"
      "2001,Z,milex,20,1\n"
      "2001,x,milex,20,1\n"
      "2001,X,milx,20,1\n"
      "2001,X,tension,20,1\n"
      "2002,X,milex,abc,1\n"
      "2003,X,milex,inf,1\n"
      "2004,X,milex,nan,1\n"
      "2005,X,milex,,1\n"
      "2006,X,milex,5,-1\n"
      "2007,Y,milex,5\n"
      "20x8,Y,milex,5,1\n"
      "2008.5,Y,milex,5,1\n"
      "2009,Y,\"milex\"x,5,1\n"
      "2009,Y,milex,\"5,1\n";
  EXPECT_EQ(errors_of(csv),
            "data/obs.csv:3:1: year: 2000, X, milex is given twice, first at line 2 (expected one row per year, actor and metric)\n"
            "data/obs.csv:4:1: year: 1990 is outside the scenario's years (expected 2000 to 2025)\n"
            "data/obs.csv:5:6: actor: unknown actor 'Z' (expected one of: X, Y)\n"
            "data/obs.csv:6:6: actor: unknown actor 'x' (did you mean 'X'?)\n"
            "data/obs.csv:7:8: metric: unknown metric 'milx' (did you mean 'milex'?)\n"
            "data/obs.csv:8:8: metric: unknown metric 'tension' (expected an actor metric: gdp, milex, share, "
            "capability, power, milex_growth, hawkishness, transparency_strategic, transparency_operational)\n"
            "data/obs.csv:9:14: value: 'abc' is not a number (expected a finite number)\n"
            "data/obs.csv:10:14: value: inf is not finite (expected a finite number)\n"
            "data/obs.csv:11:14: value: nan is not finite (expected a finite number)\n"
            "data/obs.csv:12:14: value: is empty (expected a number; leave out the row of a missing observation)\n"
            "data/obs.csv:13:16: weight: -1 is not a weight (expected a finite number >= 0)\n"
            "data/obs.csv:14:1: 4 fields (expected 5, one per column of the header)\n"
            "data/obs.csv:15:1: year: '20x8' is not a year (expected a year such as 2000)\n"
            "data/obs.csv:16:1: year: 2008.5 is not the year of a step (expected 2000 plus a multiple of dt = 1)\n"
            "data/obs.csv:17:15: a stray quote (expected fields quoted as a whole, \"\" for a quote inside)\n"
            "data/obs.csv:18:14: a stray quote (expected fields quoted as a whole, \"\" for a quote inside)\n");
}

TEST(CalibrationObserved, HeaderProblemsAndEmptyFiles) {
  EXPECT_EQ(errors_of("year,actor,metrc,value,wieght,value\n2000,X,milex,1,1,1\n"),
            "data/obs.csv:1:1: metric: the column is missing (expected a header year,actor,metric,value[,weight])\n"
            "data/obs.csv:1:12: metrc: unknown column 'metrc' (did you mean 'metric'?)\n"
            "data/obs.csv:1:24: wieght: unknown column 'wieght' (did you mean 'weight'?)\n"
            "data/obs.csv:1:31: value: the column is named twice (expected each of year, actor, metric, value, weight once)\n");
  EXPECT_EQ(errors_of("year,\"actor,metric,value\n2000,X,milex,1\n"),
            "data/obs.csv:1:6: the header has a stray quote (expected a header year,actor,metric,value[,weight])\n");
  EXPECT_EQ(errors_of(""), "data/obs.csv:1:1: the file is empty (expected a header year,actor,metric,value[,weight], "
                           "then one row per observation)\n");
  EXPECT_EQ(errors_of("year,actor,metric,value\n"),
            "data/obs.csv:1:1: has no observations (expected rows of year,actor,metric,value after the header)\n");
  EXPECT_EQ(errors_of("year,actor,metric,value\n2000,X,milex,0\n2001,X,milex,-2\n", true),
            "data/obs.csv:2:14: value: 0 has no logarithm (expected a positive number with --log)\n"
            "data/obs.csv:3:14: value: -2 has no logarithm (expected a positive number with --log)\n");
  // Quoted fields, a BOM, CRLF line ends, any column order and blank lines are read.
  const auto rows = parse_observations("\xEF\xBB\xBFvalue,\"actor\",year,metric\r\n\"1.5e1\",X,2003,milex\r\n\r\n",
                                       "ok.csv", race_scenario(), false);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].value, 15);
  EXPECT_EQ(rows[0].step, 3);
}

TEST(CalibrationCommand, BadObservedDataExitsWithCode2AndEveryError) {
  const std::string dir = test::scratch_path("calcmd_bad");
  fs::create_directories(dir);
  write(dir + "/race.yaml", kRace);
  write(dir + "/obs.csv", "year,actor,metric,value\n2000,X,milex,20\n2001,Q,milex,3\n2002,X,milex,x\n");
  // calibrate race.yaml --observed dir/OBSERVED --fit FIT is refused (exit 2) with `err`, and writes nothing.
  const auto refused = [&](const std::string& observed, const std::string& fit, const std::string& err) {
    const auto r = test::statecraft("calibrate " + dir + "/race.yaml --observed " + dir + "/" + observed + " --fit " +
                                    fit + " --out " + dir + "/out");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, err);
    EXPECT_FALSE(fs::exists(dir + "/out"));
  };
  refused("obs.csv", "actors.X.fatigue",
          dir + "/obs.csv:3:6: actor: unknown actor 'Q' (expected one of: X, Y)\n" + dir +
              "/obs.csv:4:14: value: 'x' is not a number (expected a finite number)\n");
  refused("obs.csv", "actors.Z.fatigue,parameters.trust.forgeting,actors.X.fatigue=1:0",
          "statecraft: error: --fit: actors.X.fatigue: the range 1:0 is empty (expected LO < HI)\n");
  refused("obs.csv", "actors.X.fatigue=0:1e999",
          "statecraft: error: --fit: actors.X.fatigue: '1e999' is too large to represent (expected a finite "
          "number)\n");
  refused("obs.csv", "actors.Z.fatigue,parameters.trust.forgeting",
          "statecraft: error: --fit: actors.Z.fatigue: unknown actor 'Z' (expected one of: X, Y)\n"
          "statecraft: error: --fit: parameters.trust.forgeting: unknown parameter (did you mean "
          "'parameters.trust.forgetting'?)\n");
  // A conditional policy's coefficient has no value of its own to fit: the message names those that do.
  write(dir + "/good.csv", "year,actor,metric,value\n2000,X,milex,5\n2001,X,milex,6\n");
  refused("good.csv", "policies.conditional.k",
          "statecraft: error: --fit: policies.conditional.k: a conditional policy takes its coefficients from its "
          "cooperate and defect policies (expected policies.security_community.k or policies.balance_of_power.k, "
          "which change every policy built on them)\n");
  refused("missing.csv", "actors.X.fatigue",
          "statecraft: error: " + dir + "/missing.csv: no such file (expected a CSV file of observations)\n");
  fs::remove_all(dir);
}

// A start the model cannot run from is a run failure (exit 1, nothing written) that says where the run broke
// (step, mechanism, actor) and from which values; a sum of squares that overflows at the start is one too, not
// a search that "converges" where it began with an rmse of inf.
TEST(CalibrationCommand, AStartThatCannotBeScoredSaysWhy) {
  const std::string dir = test::scratch_path("calcmd_start");
  fs::create_directories(dir);
  const std::string scenario = dir + "/boom.yaml", observed = dir + "/obs.csv";
  write(scenario, "scenario: {name: boom, steps: 1900, start_year: 2000}\nparameters: {incidents: {rate: 0}}\n"
                  "actors:\n  A: {gdp: 1000, milex: 20, policy: hedging, growth: 0.3}\n"
                  "  B: {gdp: 1000, milex: 20, policy: hedging}\n");
  write(observed, "year,actor,metric,value\n2001,A,gdp,1450\n3800,A,gdp,1e293\n");
  auto r = test::statecraft("calibrate " + scenario + " --observed " + observed +
                            " --fit actors.A.growth=0.49:0.5 --log --out " + dir + "/out");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "statecraft: error: the scenario cannot be run at the fit's starting values (actors.A.growth=0.49): "
                   "step 1771: economy: gdp of A is not finite (inf; check its growth and parameters.economy)\n");
  // The fit of A's growth from observations `csv`, whose start cannot be scored: its message.
  const auto start_refused = [&](const std::string& csv) {
    write(observed, csv);
    const auto refused = test::statecraft("calibrate " + scenario + " --observed " + observed +
                                          " --fit actors.A.growth --out " + dir + "/out");
    EXPECT_EQ(refused.code, 1) << csv;
    return refused.err;
  };
  EXPECT_EQ(start_refused("year,actor,metric,value\n2001,A,gdp,1450\n3800,A,gdp,1e300\n"),
            "statecraft: error: the sum of squares is not finite at the fit's starting values: the residual of "
            "line 3 of the observations (3800, observed 1e+300) squares past the largest number (expected --log "
            "for values this large)\n");
  // No square alone overflows, their sum does: the largest is named.
  EXPECT_EQ(start_refused("year,actor,metric,value\n2001,A,gdp,1.2e154\n2002,A,gdp,1.3e154\n"),
            "statecraft: error: the sum of squares is not finite at the fit's starting values: the residual of "
            "line 3 of the observations (2002, observed 1.3e+154) has the largest of the squares, whose sum "
            "passes the largest number (expected --log for values this large)\n");
  // A weight makes a modest residual overflow: the weight is blamed, not the values' size.
  EXPECT_EQ(start_refused("year,actor,metric,value,weight\n2001,A,gdp,1450,1\n2002,A,gdp,1e140,1e40\n"),
            "statecraft: error: the sum of squares is not finite at the fit's starting values: the residual of "
            "line 3 of the observations (2002, observed 1e+140, weight 1e+40) squares past the largest number "
            "(expected a smaller weight: without it the square is 1e+280)\n");
  // Even when the square without the weight is close to the largest number.
  EXPECT_EQ(start_refused("year,actor,metric,value,weight\n2001,A,gdp,1.3e154,1.1\n"),
            "statecraft: error: the sum of squares is not finite at the fit's starting values: the residual of "
            "line 2 of the observations (2001, observed 1.3e+154, weight 1.1) squares past the largest number "
            "(expected a smaller weight: without it the square is 1.69e+308)\n");
  EXPECT_FALSE(fs::exists(dir + "/out"));
  fs::remove_all(dir);
}

// A --fit range reaching past the values its path can take is searched within them, and that is said (a
// --param range there is refused: a fit's bounds are a search's box, so they are narrowed, not refused).
TEST(CalibrationCommand, AFitRangePastThePathsValuesIsNarrowedAndSaid) {
  const std::string dir = test::scratch_path("calcmd_narrowed");
  fs::create_directories(dir);
  write(dir + "/race.yaml", kRace);
  simulate_observed(dir + "/race.yaml", {{"actors.X.fatigue", 0.4}}, 0.5, 7, dir + "/obs.csv");
  auto r = test::statecraft("calibrate " + dir + "/race.yaml --observed " + dir + "/obs.csv --fit "
                            "actors.X.fatigue=-1:20 --out " + dir + "/out");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("statecraft: warning: actors.X.fatigue: the range -1:20 reaches past the values it can take "
                       "(0 to 10); the search keeps to 0:10\n"),
            std::string::npos)
      << r.err;
  r = test::statecraft("calibrate " + dir + "/race.yaml --observed " + dir + "/obs.csv --fit actors.X.fatigue=0.1:2 "
                       "--out " + dir + "/inside");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("reaches past"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

TEST(CalibrationCommand, SameInputsGiveTheSameBytesAndTheFittedFileReproducesTheFit) {
  const std::string dir = test::scratch_path("calcmd");
  fs::create_directories(dir);
  std::string race = kRace;
  race.replace(race.find("policy: y_reacts"), 16, "policy: balance_of_power");  // the preset itself
  write(dir + "/race.yaml", race);
  simulate_observed(dir + "/race.yaml", {{"actors.X.fatigue", 0.4}, {"policies.balance_of_power.k", 0.25}}, 0.5, 7,
                    dir + "/obs.csv");
  // A preset's coefficient (balance_of_power.k, under both custom policies) and a relation, held out after 2015.
  const std::string args = "calibrate " + dir + "/race.yaml --observed " + dir + "/obs.csv --to 2015 --fit "
                           "actors.X.fatigue,policies.balance_of_power.k,relations.Y-X.proximity=0.5:1 --out ";
  auto a = test::statecraft(args + dir + "/a");
  ASSERT_EQ(a.code, 0) << a.err;
  auto b = test::statecraft(args + dir + "/b");
  ASSERT_EQ(b.code, 0) << b.err;
  EXPECT_EQ(a.out.substr(0, a.out.rfind("wrote")), b.out.substr(0, b.out.rfind("wrote")));
  for (const char* f : {"calibration.csv", "residuals.csv", "fit.csv", "forecast.csv", "fitted.yaml"})
    EXPECT_EQ(test::read(dir + "/a/" + f), test::read(dir + "/b/" + f)) << f;
  const std::string yaml = test::read(dir + "/a/fitted.yaml");
  EXPECT_EQ(yaml.find("WARNING"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("extends: ../race.yaml\n"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("    X-Y:\n      proximity: "), std::string::npos) << yaml;
  EXPECT_NE(a.out.find("Forecast errors on the held-out years"), std::string::npos) << a.out;
  // The fitted file runs, and its run is the fitted model's: its 2020 spending is residuals.csv's.
  auto run = test::statecraft("run " + dir + "/a/fitted.yaml --out " + dir + "/run");
  ASSERT_EQ(run.code, 0) << run.err;
  const std::string actors = test::read(dir + "/run/actors.csv");
  const std::string residuals = test::read(dir + "/a/residuals.csv");
  auto field = [](const std::string& csv, const std::string& prefix, int col) {
    const auto at = csv.find("\n" + prefix);
    std::istringstream line(csv.substr(at + 1, csv.find('\n', at + 1) - at - 1));
    std::string cell;
    for (int c = 0; c <= col; ++c) std::getline(line, cell, ',');
    return std::stod(cell);
  };
  EXPECT_NEAR(field(actors, "20,2020,X,", 5), field(residuals, "2020,X,milex,forecast,", 5), 1e-6);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace statecraft
