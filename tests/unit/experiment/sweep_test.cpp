// Sweeps: designs, Sobol indices against the Ishigami function's analytic values, and the command.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

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

TEST(SweepParams, ParsesAndRejectsRanges) {
  std::string error;
  auto p = parse_sweep_param("actors.CHN.growth=0.02:0.08:4", error);
  ASSERT_TRUE(p) << error;
  EXPECT_EQ(p->path, "actors.CHN.growth");
  EXPECT_EQ(p->n, 4);
  EXPECT_FALSE(parse_sweep_param("actors.CHN.growth", error));
  EXPECT_EQ(error, "'actors.CHN.growth' has no range (expected PATH=LO:HI or PATH=LO:HI:N, e.g. actors.CHN.growth=0.02:0.08)");
  EXPECT_FALSE(parse_sweep_param("x=0.5:0.1", error));
  EXPECT_EQ(error, "the range 0.5:0.1 runs backwards (expected LO <= HI)");
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
            "statecraft: error: --param: policies.hedgin.k: unknown policy 'hedgin' (did you mean 'hedging'?)\n"
            "statecraft: error: --param: the scenario is invalid at the low end of the ranges (actors.C.growth=0, "
            "parameters.trust.forgeting=0.1, policies.hedgin.k=0), as above (expected ranges that keep it valid)\n");
  r = test::statecraft("sweep scenarios/security_dilemma.yaml --param actors.A.growth=0:0.9 --out /tmp/never");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--param: actors.A.growth: 0.9 is out of range (expected a number in [-0.5, 0.5], per year)"),
            std::string::npos)
      << r.err;
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
  // Without the variant there is no such institution.
  r = test::statecraft("sweep scenarios/asia_pacific_2012.yaml --param institutions.east_asia_community.end=2020:2030 "
                       "--out /tmp/never");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "statecraft: error: --param: institutions.east_asia_community.end: unknown institution 'east_asia_community' (expected one "
            "of: dct, dpct, mmca, six_party_talks, six_party_working_groups, arf, doc_2002, us_japan_treaty, "
            "us_korea_treaty, anzus, us_philippines_treaty, china_dprk_treaty)");
  EXPECT_FALSE(fs::exists("/tmp/never"));
}

}  // namespace
}  // namespace statecraft
