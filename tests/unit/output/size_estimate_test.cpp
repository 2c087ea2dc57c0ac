// The output size estimate against the bytes really written, for worlds of different sizes and shapes: it
// must be within a factor 2 for single runs in both formats, ensembles with and without --keep-runs,
// comparisons and sweeps. A batch's bytes include the checkpoint it holds until it completes, measured by
// stopping the batch right after its last checkpoint (the fault injection of the resume tests) and
// completing it with --resume.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../test_util.hpp"
#include "statecraft/output/size_estimate.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

/// N actors on a ring of proximity with mixed policies, a few disputes, two variants.
std::string synthetic_yaml(int n, int steps, double dt) {
  std::ostringstream y;
  y << "scenario: {name: synthetic_" << n << ", start_year: 1990, steps: " << steps << ", dt: " << dt << ", seed: 3}\n"
    << "parameters: {economy: {growth_noise: 0.01}}\nactors:\n";
  const char* policies[] = {"balance_of_power", "security_community", "hedging"};
  for (int i = 0; i < n; ++i)
    y << "  S" << i << ": {gdp: " << 100 + 37 * (i % 11) << ", growth: 0.0" << 1 + i % 5 << ", milex: " << 2 + i % 7
      << ", policy: " << policies[i % 3] << "}\n";
  y << "relations:\n  default: {proximity: 0.2, trust: 0.5, tension: 0.2, interdependence: 0.2}\n  pairs:\n";
  for (int i = 0; i < n; ++i) y << "    S" << i << "-S" << (i + 1) % n << ": {proximity: 0.9, alliance: 0.1}\n";
  y << "disputes:\n";
  for (int d = 0; d + 1 < n && d < 20; d += 2) y << "  d" << d << ": {parties: {S" << d << ": 0.5, S" << d + 1 << ": 0.7}}\n";
  y << "variants:\n  hawks: {all_actors: {policy: balance_of_power}}\n  doves: {all_actors: {policy: security_community}}\n";
  return y.str();
}

double bytes_under(const fs::path& p) {
  double total = 0;
  for (const auto& e : fs::recursive_directory_iterator(p))
    if (e.is_regular_file()) total += static_cast<double>(e.file_size());
  return total;
}

class SizeEstimate : public ::testing::Test {
 protected:
  std::string dir = test::scratch_path("size_estimate");
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }

  /// The scenario files: bundled ones and synthetic worlds of 3 to 120 actors, yearly and quarterly.
  std::vector<std::string> files() {
    std::vector<std::string> f = {"scenarios/security_dilemma.yaml", "scenarios/asia_pacific_2012.yaml",
                                  "scenarios/korean_peninsula.yaml"};
    for (const auto& [n, steps, dt] : {std::tuple{3, 200, 0.25}, std::tuple{40, 10, 1.0}, std::tuple{120, 3, 0.5}}) {
      const std::string path = dir + "/synthetic_" + std::to_string(n) + ".yaml";
      std::ofstream(path) << synthetic_yaml(n, steps, dt);
      f.push_back(path);
    }
    return f;
  }

  static Scenario load(const std::string& file, const std::string& variant = {}) {
    const std::string path = file[0] == '/' ? file : test::root() + "/" + file;
    return load_scenario(path, LoadOptions(variant));
  }

  /// The size of the unfinished batch's checkpoint, wherever its staging directory is.
  double checkpoint_bytes() const {
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.path().filename() == "checkpoint.bin") return static_cast<double>(e.file_size());
    ADD_FAILURE() << "no checkpoint.bin under " << dir;
    return 0;
  }

  /// Runs a batch command to its last checkpoint, then completes it: the bytes of the output directory plus
  /// the checkpoint.
  double batch_bytes(const std::string& args, std::uint64_t items) {
    const std::string out = dir + "/batch";
    fs::remove_all(out);
    auto r = test::statecraft("", "STATECRAFT_FAULT_KILL_AFTER=" + std::to_string(items) + " ", args + " --out " + out);
    EXPECT_EQ(r.code, 137) << args << "\n" << r.err;
    const double checkpoint = checkpoint_bytes();
    r = test::statecraft(args + " --resume --out " + out);
    EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
    return bytes_under(out) + checkpoint;
  }
};

void expect_within_factor_2(double estimate, double written, const std::string& what) {
  EXPECT_LE(estimate, 2 * written) << what << ": estimate " << estimate << ", written " << written;
  EXPECT_GE(estimate, written / 2) << what << ": estimate " << estimate << ", written " << written;
}

TEST_F(SizeEstimate, OneRunInEitherFormatIsWithinAFactor2) {
  for (const auto& file : files()) {
    for (const char* format : {"tidy", "wide"}) {
      const std::string out = dir + "/run";
      fs::remove_all(out);
      auto r = test::statecraft("run " + file + " --format " + format + " --out " + out);
      ASSERT_EQ(r.code, 0) << r.err;
      const double estimate = estimate_run_bytes(load(file), std::string(format) == "wide" ? Format::Wide : Format::Tidy);
      expect_within_factor_2(estimate, bytes_under(out), file + " " + format);
    }
  }
}

TEST_F(SizeEstimate, EnsemblesAndComparisonsAreWithinAFactor2) {
  for (const auto& file : files()) {
    const Scenario sc = load(file);
    for (bool keep : {false, true}) {
      const std::string keep_flag = keep ? " --keep-runs" : "";
      const double ensemble = batch_bytes("run " + file + " --runs 3 --metric region.mean_trust" + keep_flag, 3);
      expect_within_factor_2(estimate_batch_bytes({&sc}, 3, {"region.mean_trust"}, keep), ensemble,
                             file + " --runs 3" + keep_flag);
    }
    if (sc.variants.size() < 2) continue;
    const std::string a = sc.variants[0].name, b = sc.variants[1].name;
    const Scenario va = load(file, a), vb = load(file, b);
    const double compare = batch_bytes("compare " + file + " --variants " + a + "," + b + " --runs 4 --keep-runs", 8);
    expect_within_factor_2(estimate_batch_bytes({&va, &vb}, 4, {}, true), compare, file + " compare");
  }
}

TEST_F(SizeEstimate, SweepsAreWithinAFactor2) {
  const std::string file = "scenarios/security_dilemma.yaml";
  const Scenario sc = load(file);
  const double grid = batch_bytes("sweep " + file + " --param parameters.trust.forgetting=0.1:0.3:20 "
                                  "--param actors.A.growth=0:0.05:10 --runs 2", 400);
  expect_within_factor_2(estimate_sweep_bytes(sc, 200, {"parameters.trust.forgetting", "actors.A.growth"}, 2, {}, false),
                         grid, "grid sweep");
  const double sobol = batch_bytes("sweep " + file + " --param parameters.trust.forgetting=0.1:0.3 "
                                   "--param actors.A.growth=0:0.05 --design sobol --samples 32 --runs 2", 256);
  expect_within_factor_2(estimate_sweep_bytes(sc, 128, {"parameters.trust.forgetting", "actors.A.growth"}, 2, {}, true),
                         sobol, "sobol sweep");
}

TEST(SizeEstimateUnits, HumanBytes) {
  EXPECT_EQ(human_bytes(950), "950 bytes");
  EXPECT_EQ(human_bytes(2e9), "2 GB");
  EXPECT_EQ(human_bytes(7.1e9), "7.1 GB");
  EXPECT_EQ(human_bytes(999.7e6), "1 GB");
  EXPECT_EQ(human_bytes(16777216), "16.8 MB");
}

}  // namespace
}  // namespace statecraft
