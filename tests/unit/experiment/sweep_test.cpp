// Sweeps: designs, Sobol indices against the Ishigami function's analytic values, and the command.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <set>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "../test_util.hpp"
#include "statecraft/experiment/sweep.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

TEST(SweepDesign, GridIsTheFullFactorialWithTheLastParameterFastest) {
  const std::vector<SweepParam> p = {{"a", 0, 1, 3}, {"b", 10, 20, 2}};
  const auto pts = design_points(p, Design::Grid, 0, 1);
  ASSERT_EQ(pts.size(), 6u);
  EXPECT_EQ(pts[0], (std::vector<double>{0, 10}));
  EXPECT_EQ(pts[1], (std::vector<double>{0, 20}));
  EXPECT_EQ(pts[5], (std::vector<double>{1, 20}));
}

TEST(SweepDesign, LatinHypercubeHasOnePointPerStratum) {
  const std::vector<SweepParam> p = {{"a", 0, 1, 2}, {"b", -5, 5, 2}};
  const auto pts = design_points(p, Design::Lhs, 20, 9);
  ASSERT_EQ(pts.size(), 20u);
  for (std::size_t i = 0; i < 2; ++i) {
    std::vector<int> hits(20, 0);
    for (const auto& r : pts) hits[static_cast<std::size_t>((r[i] - p[i].lo) / (p[i].hi - p[i].lo) * 20)] += 1;
    for (int h : hits) EXPECT_EQ(h, 1);
  }
}

// The base rows A and B of a Sobol design of N = 2^m samples are a block of the sequence: every one of their 2k
// coordinates has one value in each interval [j/N, (j+1)/N) of its range, and no row is the corner of the ranges.
TEST(SweepDesign, SobolBaseRowsSpreadEvenly) {
  for (std::size_t k = 1; k <= 3; ++k)
    for (std::size_t n : {8u, 16u, 64u}) {
      SCOPED_TRACE("k " + std::to_string(k) + ", N " + std::to_string(n));
      std::vector<SweepParam> p;
      for (std::size_t i = 0; i < k; ++i) p.push_back({"x" + std::to_string(i), -2, 6, 2});
      const auto pts = design_points(p, Design::Sobol, n, 1);
      ASSERT_EQ(pts.size(), n * (k + 2));
      for (std::size_t block = 0; block < 2; ++block)  // A, then B
        for (std::size_t i = 0; i < k; ++i) {
          std::vector<int> hits(n, 0);
          for (std::size_t j = 0; j < n; ++j) {
            const double u = (pts[block * n + j][i] + 2) / 8;
            ASSERT_GE(u, 0.0);
            ASSERT_LT(u, 1.0);
            hits[static_cast<std::size_t>(u * static_cast<double>(n))] += 1;
          }
          for (int h : hits) EXPECT_EQ(h, 1) << (block ? "B" : "A") << " column " << i;
        }
      for (std::size_t j = 0; j < 2 * n; ++j) EXPECT_NE(pts[j], std::vector<double>(k, -2.0)) << "row " << j;
    }
}

TEST(SweepSobol, IshigamiIndicesMatchTheirAnalyticValues) {
  const double pi = std::acos(-1.0);
  const std::vector<SweepParam> p = {{"x1", -pi, pi, 2}, {"x2", -pi, pi, 2}, {"x3", -pi, pi, 2}};
  const std::size_t n = 8192;
  const auto pts = design_points(p, Design::Sobol, n, 1);
  ASSERT_EQ(pts.size(), n * 5);
  std::vector<double> f;
  for (const auto& x : pts)
    f.push_back(std::sin(x[0]) + 7 * std::pow(std::sin(x[1]), 2) + 0.1 * std::pow(x[2], 4) * std::sin(x[0]));
  const auto idx = sobol_indices(f, n, 3, 100, 2);
  // a = 7, b = 0.1: V = 13.8446; S1 = 0.3139, S2 = 0.4424, S3 = 0; ST1 = 0.5576, ST2 = 0.4424, ST3 = 0.2437.
  const double s1[] = {0.3139, 0.4424, 0.0}, st[] = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(idx[i].first, s1[i], 0.03) << "S" << i + 1;
    EXPECT_NEAR(idx[i].total, st[i], 0.03) << "ST" << i + 1;
    EXPECT_LE(idx[i].first_low, idx[i].first);
    EXPECT_GE(idx[i].first_high, idx[i].first);
    EXPECT_LE(idx[i].total_low, st[i] + 0.03);
    EXPECT_GE(idx[i].total_high, st[i] - 0.03);
  }
}

// The Ishigami function (a = 7, b = 0.1) on [-pi, pi]^3, plus an offset; analytic indices S1 and ST.
double ishigami(const double* x, double offset) {
  return offset + std::sin(x[0]) + 7 * std::pow(std::sin(x[1]), 2) + 0.1 * std::pow(x[2], 4) * std::sin(x[0]);
}
constexpr double kIshigamiS1[] = {0.3139, 0.4424, 0.0}, kIshigamiST[] = {0.5576, 0.4424, 0.2437};

/// Model values in the Saltelli order of design_points (A, B, then AB_i) from independent uniform A and B rows:
/// a Monte Carlo design, so that each seed is a fresh sample and coverage over seeds can be counted.
std::vector<double> ishigami_values(std::size_t n, std::uint64_t seed, double offset) {
  boost::random::mt19937_64 rng(seed);
  boost::random::uniform_real_distribution<double> u(-std::acos(-1.0), std::acos(-1.0));
  std::vector<std::array<double, 3>> a(n), b(n);
  for (auto& r : a) for (double& x : r) x = u(rng);
  for (auto& r : b) for (double& x : r) x = u(rng);
  std::vector<double> f;
  for (const auto& r : a) f.push_back(ishigami(r.data(), offset));
  for (const auto& r : b) f.push_back(ishigami(r.data(), offset));
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      auto r = a[j];
      r[i] = b[j][i];
      f.push_back(ishigami(r.data(), offset));
    }
  return f;
}

struct Coverage {
  int covered = 0, intervals = 0;
  std::array<int, 6> per_index{};  ///< S1, S2, S3, ST1, ST2, ST3
  double width = 0;                ///< mean width of the first-order intervals
};

Coverage coverage(std::size_t n, double offset, int seeds) {
  Coverage c;
  for (int s = 0; s < seeds; ++s) {
    const auto idx = sobol_indices(ishigami_values(n, 1000 + static_cast<std::uint64_t>(s), offset), n, 3, 200,
                                   static_cast<std::uint64_t>(s));
    for (std::size_t i = 0; i < 3; ++i) {
      EXPECT_FALSE(idx[i].no_variance);
      const bool f = idx[i].first_low <= kIshigamiS1[i] && kIshigamiS1[i] <= idx[i].first_high;
      const bool t = idx[i].total_low <= kIshigamiST[i] && kIshigamiST[i] <= idx[i].total_high;
      c.per_index[i] += f;
      c.per_index[3 + i] += t;
      c.covered += f + t;
      c.intervals += 2;
      c.width += (idx[i].first_high - idx[i].first_low) / (3.0 * seeds);
    }
  }
  return c;
}

// Over 100 Monte Carlo samples, the 95% bootstrap intervals hold the analytic indices at least 90% of the time
// (all six indices pooled; each one at least 85%, the noise of 100 draws), and as tightly with an offset of 1e5
// as without: the uncentred estimator gave intervals about 1e4 wide with the offset at these sizes.
TEST(SweepSobol, IntervalsCoverTheAnalyticIndicesAtSmallSamplesWithAndWithoutAnOffset) {
  for (double offset : {0.0, 1e5})
    for (std::size_t n : {64u, 256u}) {
      const Coverage c = coverage(n, offset, 100);
      EXPECT_GE(c.covered, 0.9 * c.intervals) << "N " << n << ", offset " << offset;
      for (int k = 0; k < 6; ++k) EXPECT_GE(c.per_index[static_cast<std::size_t>(k)], 85) << "index " << k << ", N " << n;
      EXPECT_LT(c.width, n == 64 ? 0.6 : 0.3) << "N " << n << ", offset " << offset;
    }
}

// Four times the base rows halve the intervals, as 1/sqrt(N) says, with and without the offset.
TEST(SweepSobol, IntervalsShrinkLikeOneOverTheSquareRootOfTheSamples) {
  for (double offset : {0.0, 1e5}) {
    const double w64 = coverage(64, offset, 100).width, w256 = coverage(256, offset, 100).width,
                 w1024 = coverage(1024, offset, 100).width;
    EXPECT_NEAR(w64 / w256, 2.0, 0.3) << "offset " << offset;
    EXPECT_NEAR(w256 / w1024, 2.0, 0.3) << "offset " << offset;
  }
}

// Centred outputs: an offset changes neither the indices nor their intervals beyond rounding.
TEST(SweepSobol, AnOffsetOfTheOutputChangesNothing) {
  const auto plain = sobol_indices(ishigami_values(128, 7, 0), 128, 3, 200, 3);
  const auto shifted = sobol_indices(ishigami_values(128, 7, 1e5), 128, 3, 200, 3);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(plain[i].first, shifted[i].first, 1e-6);
    EXPECT_NEAR(plain[i].first_low, shifted[i].first_low, 1e-6);
    EXPECT_NEAR(plain[i].first_high, shifted[i].first_high, 1e-6);
    EXPECT_NEAR(plain[i].total, shifted[i].total, 1e-6);
    EXPECT_NEAR(plain[i].total_high, shifted[i].total_high, 1e-6);
  }
}

// An output that never varies has no index, not an index of 0; nor does one that varies only by rounding.
TEST(SweepSobol, AnOutputThatNeverVariesHasNoVariance) {
  for (double level : {0.0, 0.25, 1e5}) {
    std::vector<double> f(16 * 4, level);
    if (level == 1e5) f[3] = std::nextafter(level, 2e5);  // one ulp: rounding, not an effect
    for (const auto& x : sobol_indices(f, 16, 2, 50, 1)) EXPECT_TRUE(x.no_variance) << level;
  }
  std::vector<double> f(16 * 4, 0.25);
  f[3] = 0.5;  // one value differs: there is variance to apportion
  for (const auto& x : sobol_indices(f, 16, 2, 50, 1)) EXPECT_FALSE(x.no_variance);
}

// sobol.csv says `no variance`, with empty cells, exactly for the outcomes whose mean is the same at every point of
// sweep.csv, and the command prints the same; every other outcome gets numbers and `ok`.
TEST(SweepCommand, AnOutcomeThatNeverVariesHasNoVarianceInTheCsvAndThePrintout) {
  const std::string out = test::scratch_path("sweep_no_variance");
  auto r = test::statecraft("sweep scenarios/security_dilemma.yaml --param parameters.trust.forgetting=0.05:0.4 "
                            "--design sobol --samples 8 --runs 1 --steps 3 --jobs 1 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto sweep = test::csv_rows(test::read(out + "/sweep.csv"));
  const auto sobol = test::csv_rows(test::read(out + "/sobol.csv"));
  ASSERT_EQ(sobol[0], (std::vector<std::string>{"outcome", "param", "first_order", "first_low", "first_high", "total",
                                                "total_low", "total_high", "status"}));
  std::size_t width = 7;  // the outcome column: the longest name
  for (std::size_t k = 1; k < sobol.size(); ++k) width = std::max(width, sobol[k][0].size());
  int constant = 0, varying = 0;
  for (std::size_t k = 1; k < sobol.size(); ++k) {
    const auto& row = sobol[k];
    ASSERT_EQ(row.size(), 9u);
    const auto col = std::find(sweep[0].begin(), sweep[0].end(), row[0] + "_mean") - sweep[0].begin();
    ASSERT_LT(static_cast<std::size_t>(col), sweep[0].size()) << row[0];
    std::set<std::string> values;
    for (std::size_t p = 1; p < sweep.size(); ++p) values.insert(sweep[p][static_cast<std::size_t>(col)]);
    const std::string printed = row[0] + std::string(width + 2 - row[0].size(), ' ') + "parameters.trust.forgetting  ";
    ASSERT_NE(r.out.find("  " + printed), std::string::npos) << r.out;
    const std::string after = r.out.substr(r.out.find("  " + printed) + 2 + printed.size());
    if (values.size() == 1) {
      ++constant;
      EXPECT_EQ(row, (std::vector<std::string>{row[0], row[1], "", "", "", "", "", "", "no variance"}));
      EXPECT_EQ(after.substr(0, after.find('\n')), "no variance");
    } else {
      ++varying;
      EXPECT_EQ(row[8], "ok");
      for (std::size_t c = 2; c < 8; ++c) EXPECT_NO_THROW((void)std::stod(row[c])) << row[0] << " column " << c;
      EXPECT_EQ(after.substr(0, after.find('\n')).find("no variance"), std::string::npos);
    }
  }
  EXPECT_GT(constant, 0);  // both kinds occur, so both branches were checked
  EXPECT_GT(varying, 0);
  fs::remove_all(out);
}

TEST(SweepParams, ParsesAndRejectsRanges) {
  std::string error;
  auto p = parse_sweep_param("actors.CHN.growth=0.02:0.08:4", error);
  ASSERT_TRUE(p) << error;
  EXPECT_EQ(p->path, "actors.CHN.growth");
  EXPECT_EQ(p->n, 4);
  EXPECT_FALSE(parse_sweep_param("actors.CHN.growth", error));
  EXPECT_EQ(error, "'actors.CHN.growth' has no range (expected PATH=LO:HI or PATH=LO:HI:N, e.g. actors.CHN.growth=0.02:0.08)");
  EXPECT_FALSE(parse_sweep_param("x=0.5:0.1", error));
  EXPECT_EQ(error, "the range 0.5:0.1 runs backwards (expected LO < HI)");
  EXPECT_FALSE(parse_sweep_param("x=0:1e999", error));
  EXPECT_EQ(error, "x: '1e999' is too large to represent (expected a finite number)");
  EXPECT_FALSE(parse_sweep_param("x=abc:1", error));
  EXPECT_EQ(error, "'abc:1' is not a range (expected LO:HI or LO:HI:N with finite numbers)");
  EXPECT_FALSE(parse_sweep_param("x=0.02:2e-2", error));
  EXPECT_EQ(error, "the range 0.02:2e-2 holds one value (expected LO < HI; a value that holds for every point is "
                   "--set PATH=VALUE)");
  EXPECT_FALSE(parse_sweep_param("x=0:1:1", error));
  EXPECT_EQ(error, "'1' is not a number of grid points (expected a whole number from 2 to 10000)");
}

TEST(SweepCommand, BadPathsGetPreciseErrors) {
  auto r = test::statecraft("sweep scenarios/security_dilemma.yaml --param actors.C.growth=0:0.1 "
                            "--param parameters.trust.forgeting=0.1:0.2 --param policies.hedgin.k=0:1 --out /tmp/never");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "statecraft: error: --param: actors.C.growth: unknown actor 'C' (expected one of: A, B)\n"
            "statecraft: error: --param: parameters.trust.forgeting: unknown parameter (did you mean "
            "'parameters.trust.forgetting'?)\n"
            "statecraft: error: --param: policies.hedgin.k: unknown policy 'hedgin' (did you mean 'hedging'?)\n");
  r = test::statecraft("sweep scenarios/security_dilemma.yaml --param actors.A.growth=0:0.9 --out /tmp/never");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--param: actors.A.growth: 0.9 is out of range (expected a number in [-0.5, 0.5], per year)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists("/tmp/never"));
}

// A conditional policy's coefficient is refused whatever its range, naming what can be swept instead, with the
// other paths' problems, and not also as "the scenario is invalid at the low end of the ranges". Its thresholds
// are the file's.
TEST(SweepCommand, AConditionalPolicysCoefficientIsRefusedWithTheOtherProblems) {
  const auto refused = [](const std::string& params, const std::string& err) {
    const auto r = test::statecraft("sweep scenarios/taiwan_strait.yaml " + params + " --out /tmp/never");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, err);
  };
  const auto conditional = [](const std::string& path, const std::string& cooperate, const std::string& defect) {
    const std::string k = path.substr(path.rfind('.') + 1);
    return "statecraft: error: --param: " + path + ": a conditional policy takes its coefficients from its "
           "cooperate and defect policies (expected policies." + cooperate + "." + k + " or policies." + defect + "." +
           k + ", which change every policy built on them)\n";
  };
  const std::string strait_k = conditional("policies.strait_reciprocity.k", "security_community", "hedging");
  refused("--param actors.USA.growth=0:0.05 --param policies.strait_reciprocity.k=0:1 "
          "--param policies.conditional.omega=0:1",
          strait_k + conditional("policies.conditional.omega", "security_community", "balance_of_power"));
  refused("--param actors.USA.growth=0:0.05 --param policies.strait_reciprocity.k=0:1 "
          "--param policies.strait_reciprocity.defect_below=0.1:0.3",
          strait_k + "statecraft: error: --param: policies.strait_reciprocity.defect_below: 'defect_below' is set only "
                     "where the policy is defined (expected a coefficient of a policy that does not switch: one of "
                     "k, omega, delta, esc, eta, transparency_effort, receptivity)\n");
  refused("--param policies.strait_reciprocity.k=0:1 --param actors.USA.growth=0:0.9",
          strait_k + "statecraft: error: --param: actors.USA.growth: 0.9 is out of range (expected a number in "
                     "[-0.5, 0.5], per year)\n"
                     "statecraft: error: --param: the scenario is invalid at the high end of the ranges "
                     "(actors.USA.growth=0.9), as above (expected ranges that keep it valid)\n");
  EXPECT_FALSE(fs::exists("/tmp/never"));
}

TEST(SweepCommand, EachPointRunsWithItsValues) {
  const std::string out = test::scratch_path("sweep");
  auto r = test::statecraft("sweep scenarios/security_dilemma.yaml --variant both_bop "
                            "--param parameters.tension.base_relief=0.05:0.45:3 --runs 2 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string csv = test::read(out + "/sweep.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')).rfind("point,parameters.tension.base_relief,runs,tension_final_mean,", 0), 0u);
  // Tension falls as the relief that is always there grows.
  std::vector<double> tension;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string cell;
    for (int c = 0; c < 4; ++c) std::getline(f, cell, ',');
    tension.push_back(std::stod(cell));
  }
  ASSERT_EQ(tension.size(), 3u);
  EXPECT_GT(tension[0], tension[1]);
  EXPECT_GT(tension[1], tension[2]);
  fs::remove_all(out);
}

TEST(SweepCommand, AnInstitutionsStrengthChangesTheRuns) {
  // east_asia_community exists only in the variant of that name: the override applies to the variant asked for.
  const std::string out = test::scratch_path("sweep_institution");
  auto r = test::statecraft("sweep scenarios/asia_pacific_2012.yaml --variant east_asia_community "
                            "--param institutions.east_asia_community.strength=0:1:3 --runs 1 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string csv = test::read(out + "/sweep.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')).rfind("point,institutions.east_asia_community.strength,runs,tension_final_mean,", 0),
            0u);
  // A stronger community relieves more tension.
  std::vector<double> tension;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string cell;
    for (int c = 0; c < 4; ++c) std::getline(f, cell, ',');
    tension.push_back(std::stod(cell));
  }
  ASSERT_EQ(tension.size(), 3u);
  EXPECT_GT(tension[0], tension[1]);
  EXPECT_GT(tension[1], tension[2]);
  fs::remove_all(out);
  // Its range is the file's.
  r = test::statecraft("sweep scenarios/asia_pacific_2012.yaml --variant east_asia_community "
                       "--param institutions.east_asia_community.strength=0:1.5 --out /tmp/never");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "statecraft: error: --param: institutions.east_asia_community.strength: 1.5 is out of range (expected a "
            "number in [0, 1])\n"
            "statecraft: error: --param: the scenario is invalid at the high end of the ranges "
            "(institutions.east_asia_community.strength=1.5), as above (expected ranges that keep it valid)\n");
  // Without the variant the base has no such institution: the message names the variants that have it.
  r = test::statecraft("sweep scenarios/asia_pacific_2012.yaml --param institutions.east_asia_community.end=2020:2030 "
                       "--out /tmp/never");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "statecraft: error: --param: institutions.east_asia_community.end: only the variants east_asia_community, "
            "east_asia_community_consensus, patchwork have it (expected --variant east_asia_community, or another of "
            "them, to set it there)\n");
  EXPECT_FALSE(fs::exists("/tmp/never"));
}

}  // namespace
}  // namespace statecraft
