// Ensembles and comparisons: common random numbers, identical bytes for any threads or ranks, resume.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "../test_util.hpp"
#include "statecraft/experiment/experiment.hpp"
#include "statecraft/experiment/stats.hpp"
#include "statecraft/scenario/metric.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

/// Rows of a CSV as vectors of fields (no quoting needed for these files).
std::vector<std::vector<std::string>> rows(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::istringstream ls(line);
    std::string cell;
    while (std::getline(ls, cell, ',')) f.push_back(cell);
    out.push_back(f);
  }
  return out;
}

void expect_same_files(const std::string& a, const std::string& b, const std::vector<std::string>& files) {
  for (const auto& f : files) {
    const std::string x = test::read(a + "/" + f), y = test::read(b + "/" + f);
    EXPECT_FALSE(x.empty()) << a << "/" << f;
    EXPECT_TRUE(x == y) << f << " differs between " << a << " and " << b;
  }
}

const std::vector<std::string> kCompareFiles = {"compare_summary.csv", "compare_trends.csv", "compare_runs.csv",
                                                "experiments.csv", "manifest.json"};
const std::vector<std::string> kEnsembleFiles = {"ensemble.csv", "experiments.csv", "outcomes.csv", "outcomes_summary.csv",
                                                 "manifest.json", "runs/pairs.csv", "runs/events.csv"};

const char* kNoisy = R"(
scenario: {name: noisy, steps: 15, seed: 3}
parameters: {economy: {growth_noise: 0.02}}
actors:
  A: {gdp: 1000, milex: 20, policy: balance_of_power}
  B: {gdp: 800, milex: 15, policy: hedging}
  C: {gdp: 300, milex: 5, policy: security_community}
relations: {default: {proximity: 0.7, tension: 0.3, operations: 0.3}}
variants:
  same_a: {description: the base as it is}
  same_b: {description: the base again}
  talks:
    institutions: {talks: {kind: dialogue, members: [A, B], strength: 0.6}}
)";

TEST(CompareCommonRandomNumbers, IdenticalVariantsDifferByExactlyZero) {
  std::vector<Scenario> variants;
  for (const char* v : {"same_a", "same_b", "talks"}) variants.push_back(load_scenario_text(kNoisy, "noisy.yaml", {v, {}, {}}));
  ExperimentOptions o;
  o.out_dir = test::scratch_path("crn");
  o.runs = 40;
  o.baseline = "same_a";
  o.par.jobs = 2;
  const auto rep = run_compare(variants, "noisy.yaml", o);
  ASSERT_FALSE(rep.interrupted);
  bool saw_talks_differ = false;
  std::set<std::string> binary;  // outcomes that are 0 or 1 per run: their difference has Newcombe's interval
  for (const auto& b : builtin_outcomes())
    if (scale_of_unit(b.unit) == OutcomeScale::Binary) binary.insert(b.name);
  for (const auto& r : rows(test::read(o.out_dir + "/compare_summary.csv"))) {
    if (r[0] == "same_b") {
      EXPECT_EQ(r[6], "0") << r[1];
      EXPECT_EQ(r[11], "0") << r[1];  // differs
      if (binary.count(r[1])) {
        // Agreeing in 40 runs does not prove two probabilities equal: an interval around 0, within [-1, 1].
        EXPECT_LT(std::stod(r[7]), 0) << r[1];
        EXPECT_GT(std::stod(r[8]), 0) << r[1];
        EXPECT_DOUBLE_EQ(std::stod(r[7]), -std::stod(r[8])) << r[1];
        EXPECT_GE(std::stod(r[7]), -1) << r[1];
      } else {
        EXPECT_EQ(r[7], "0") << r[1];
        EXPECT_EQ(r[8], "0") << r[1];
      }
    }
    if (r[0] == "talks" && r[1] == "tension_final") saw_talks_differ = r[6] != "0";
  }
  EXPECT_TRUE(saw_talks_differ) << "a real difference must show";
  fs::remove_all(o.out_dir);
}

TEST(CompareCommonRandomNumbers, PairedIntervalIsNarrowerThanUnpairedOnTheBundledComparison) {
  const std::string out = test::scratch_path("paired");
  auto r = test::statecraft("compare scenarios/asia_pacific_2012.yaml --variants status_quo,binding_coc_south_china_sea,"
                            "culture_of_cooperation --runs 40 --jobs 2 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  // From the per-run outcomes: Welch's interval for the difference of means against the paired one.
  std::map<std::string, std::vector<double>> final_tension;
  for (const auto& row : rows(test::read(out + "/compare_runs.csv")))
    if (row[0] != "variant") final_tension[row[0]].push_back(std::stod(row[2]));
  for (const char* v : {"binding_coc_south_china_sea", "culture_of_cooperation"}) {
    Moments a, b, d;
    for (std::size_t k = 0; k < final_tension["status_quo"].size(); ++k) {
      a.add(final_tension["status_quo"][k]);
      b.add(final_tension[v][k]);
      d.add(final_tension[v][k] - final_tension["status_quo"][k]);
    }
    const double unpaired = 1.99 * std::sqrt(a.variance() / a.count() + b.variance() / b.count());
    EXPECT_LT(d.ci_halfwidth(), unpaired) << v;
    EXPECT_LT(d.ci_halfwidth(), 0.5 * unpaired) << v << ": common random numbers should at least halve it";
  }
  fs::remove_all(out);
}

TEST(BatchDeterminism, SameBytesForOneAndTwoThreads) {
  const std::string a = test::scratch_path("jobs1"), b = test::scratch_path("jobs2");
  const std::string cmd = "run scenarios/asia_pacific_2012.yaml --runs 24 --keep-runs --metric relations.USA-CHN.tension --out ";
  ASSERT_EQ(test::statecraft(cmd + a + " --jobs 1").code, 0);
  ASSERT_EQ(test::statecraft(cmd + b + " --jobs 2").code, 0);
  expect_same_files(a, b, kEnsembleFiles);
  const std::string c = test::scratch_path("cmp1"), d = test::scratch_path("cmp2");
  const std::string cc = "compare scenarios/security_dilemma.yaml --runs 10 --out ";
  ASSERT_EQ(test::statecraft(cc + c + " --jobs 1").code, 0);
  ASSERT_EQ(test::statecraft(cc + d + " --jobs 2").code, 0);
  expect_same_files(c, d, kCompareFiles);
  for (const auto& p : {a, b, c, d}) fs::remove_all(p);
}

// One run has a mean but no spread: its sd and the t interval of its mean are undefined, not 0 (they were
// `(95% CI 0.1447 to 0.1447)` and sd 0). The cells are empty, the terminal says so.
TEST(BatchOneRun, HasNoSdAndNoInterval) {
  const std::string out = test::scratch_path("one_run");
  auto r = test::statecraft("run scenarios/security_dilemma.yaml --runs 1 --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "statecraft: security_dilemma, 1 run: mean tension at 2040: 0.1447 (one run: no interval); wrote " +
                       out + "/\n");
  const auto summary = rows(test::read(out + "/outcomes_summary.csv"));
  ASSERT_GE(summary.size(), 2u);
  EXPECT_EQ(summary[1], (std::vector<std::string>{"tension_final", "1", "0.1446958118", "", "", "", "0.1446958118",
                                                  "0.1446958118", "0.1446958118", "0.1446958118", "0.1446958118"}));
  const auto trends = rows(test::read(out + "/ensemble.csv"));
  ASSERT_GE(trends.size(), 2u);
  EXPECT_EQ(trends[1], (std::vector<std::string>{"0", "2000", "region.mean_tension", "1", "0.2", "", "0.2", "0.2",
                                                 "0.2", "0.2", "0.2"}));
  fs::remove_all(out);
  r = test::statecraft("sweep scenarios/security_dilemma.yaml --param actors.A.growth=0:0.02:2 --runs 1 --steps 2 "
                       "--out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto sweep = rows(test::read(out + "/sweep.csv"));
  ASSERT_EQ(sweep.size(), 3u);
  EXPECT_EQ(sweep[0][3], "tension_final_mean");
  EXPECT_EQ(sweep[1][3], "0.3123106137");
  EXPECT_EQ(sweep[1][4], "");  // tension_final_ci_low
  EXPECT_EQ(sweep[1][5], "");  // tension_final_ci_high
  fs::remove_all(out);
}

// Crises in the last step of three runs: 2, 4 and 6. The t interval of the mean, 4 +- 4.968, reached -0.968;
// a count is never negative, so its interval is cut at 0. Arms growth, which can be negative, keeps its t interval.
TEST(BatchIntervals, CountsHaveNoIntervalBelowZero) {
  const std::string out = test::scratch_path("counts");
  const auto r = test::statecraft("run scenarios/asia_pacific_2012.yaml --runs 3 --metric 'region.*' --out " + out);
  ASSERT_EQ(r.code, 0) << r.err;
  std::map<std::string, std::vector<std::string>> by_outcome;
  for (const auto& row : rows(test::read(out + "/outcomes_summary.csv"))) by_outcome[row[0]] = row;
  const std::vector<std::string> crises = {by_outcome.at("final.region.crises").begin(),
                                           by_outcome.at("final.region.crises").begin() + 6};
  EXPECT_EQ(crises, (std::vector<std::string>{"final.region.crises", "3", "4", "2", "0", "8.968275424"}));
  EXPECT_EQ(by_outcome.at("final.region.militarized_disputes")[4], "0");  // 1.333 - 1.434
  EXPECT_EQ(by_outcome.at("final.region.arms_growth")[4], "0.01866761002");
  fs::remove_all(out);
}

#ifdef STATECRAFT_HAVE_MPI
TEST(BatchDeterminism, SameBytesForOneAndTwoMpiRanks) {
  const std::string a = test::scratch_path("np1"), b = test::scratch_path("np2");
  const std::string mpirun = "mpirun --allow-run-as-root --oversubscribe -np ";
  const std::string args = " " + std::string(STATECRAFT_BINARY) +
                           " compare scenarios/asia_pacific_2012.yaml --variants status_quo,all_security_community"
                           " --runs 12 --jobs 1 --out ";
  auto run = [&](const std::string& np, const std::string& out) {
    const std::string cmd = "cd " + test::root() + " && " + mpirun + np + args + out + " > /dev/null 2>&1";
    return std::system(cmd.c_str());
  };
  ASSERT_EQ(run("1", a), 0);
  ASSERT_EQ(run("2", b), 0);
  expect_same_files(a, b, kCompareFiles);
  fs::remove_all(a);
  fs::remove_all(b);
}

/// `mpirun -np NP` of a command, with the environment `env`; its exit status.
int mpi_statecraft(const std::string& np, const std::string& env, const std::string& args) {
  const std::string cmd = "cd " + test::root() + " && " + env + " timeout 300 mpirun --allow-run-as-root --oversubscribe -np " +
                          np + " " + STATECRAFT_BINARY + " " + args + " > /dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(BatchDeterminism, SameBytesOverRanksInChunksThatDoNotDivideTheRuns) {
  // 3 variants x 13 runs = 39 items, handed out in chunks of 5 or 4 (the last one short), with the kept
  // runs' rows travelling in the chunks too, and threads on each rank.
  const std::string cmd = "compare scenarios/asia_pacific_2012.yaml --variants status_quo,all_security_community,"
                          "patchwork --runs 13 --keep-runs --out ";
  const std::string threads = test::scratch_path("chunk_threads"), np2 = test::scratch_path("chunk_np2"),
                    np3 = test::scratch_path("chunk_np3");
  ASSERT_EQ(test::statecraft(cmd + threads + " --jobs 2").code, 0);
  ASSERT_EQ(mpi_statecraft("2", "STATECRAFT_CHUNK=5", cmd + np2 + " --jobs 1"), 0);
  ASSERT_EQ(mpi_statecraft("3", "STATECRAFT_CHUNK=4", cmd + np3 + " --jobs 2"), 0);
  std::vector<std::string> files = kCompareFiles;
  files.push_back("runs/pairs.csv");
  files.push_back("runs/events.csv");
  expect_same_files(threads, np2, files);
  expect_same_files(threads, np3, files);
  for (const auto& p : {threads, np2, np3}) fs::remove_all(p);
}

/// What each rank of one `mpirun -np NP` of a command took: its CPU seconds (user + system), by rank, and the
/// wall seconds of the longest. Each rank is timed alone, so that one rank's CPU does not hide in another's.
struct RankTimes {
  std::vector<double> cpu;
  double wall = 0;
};

RankTimes rank_times(int np, const std::string& env, const std::string& args) {
  const std::string times = test::scratch_path("rank_cpu");
  const std::string cmd = "cd " + test::root() + " && " + env + " timeout 300 mpirun --allow-run-as-root --oversubscribe -np " +
                          std::to_string(np) + " sh -c '/usr/bin/time -f \"%U %S %e\" -o " + times +
                          ".$OMPI_COMM_WORLD_RANK " + STATECRAFT_BINARY + " " + args + "' > /dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  RankTimes t;
  for (int r = 0; r < np; ++r) {
    const std::string file = times + "." + std::to_string(r);
    std::istringstream in(test::read(file));
    double user = 0, sys = 0, wall = 0;
    in >> user >> sys >> wall;
    t.cpu.push_back(user + sys);
    t.wall = std::max(t.wall, wall);
    fs::remove(file);
  }
  return t;
}

// A signal that reaches one rank while the ranks check a sweep's design (Ctrl-C can reach one process of a job
// and not another) is heard by all together, in the batch: the rank that heard it no longer leaves the checks
// alone, which left the other waiting for it until killed. Every rank exits as for Ctrl-C (130), the one that
// was not signalled too (it exited 128).
TEST(BatchMpi, ASignalToOneRankDuringTheChecksStopsEveryRank) {
  const std::string out = test::scratch_path("mpi_signal_checks");
  const std::string codes = test::scratch_path("mpi_signal_codes");
  fs::remove_all(out);
  // Each rank runs the sweep from a shell that keeps its exit code, in the foreground (a background job of a
  // shell ignores SIGINT until the program sets its handler: under a sanitizer's slow start, the signal was lost);
  // rank 1's is sent SIGINT once it runs, by pid: the inner shell's, which exec hands to statecraft.
  const std::string rank = test::scratch_path("mpi_signal_rank.sh");
  const std::string inner = test::scratch_path("mpi_signal_exec.sh");
#ifdef __SANITIZE_ADDRESS__
  // A sanitized rank takes seconds to start (a SIGINT before it has set its handler ends it unfinalized) and
  // checks a point ten times slower: the signal comes later, to fewer points, still while they are checked.
  const char* delay = "6";
  const char* samples = "150";
#else
  const char* delay = "1";
  const char* samples = "600";
#endif
  std::ofstream(inner) << "if [ \"$OMPI_COMM_WORLD_RANK\" = 1 ]; then (sleep " << delay
                       << "; kill -INT $$) & fi\nexec \"$@\"\n";
  // The wrapper exits 0: mpirun ends the other ranks as soon as one exits otherwise, before they could say how
  // they would have exited (rank 0's code was lost so under ASan, whose ranks end later).
  std::ofstream(rank) << "sh " << inner << " \"$@\"\necho $? > " << codes << ".$OMPI_COMM_WORLD_RANK\n";
  const std::string cmd = "cd " + test::root() + " && timeout 120 mpirun --allow-run-as-root --oversubscribe -np 2 sh " +
                          rank + " " + STATECRAFT_BINARY + " sweep scenarios/asia_pacific_2012.yaml --param "
                          "actors.CHN.growth=0.02:0.08 --design lhs --samples " + samples +
                          " --runs 1 --steps 2 --jobs 1 --out " + out + " > /dev/null 2>&1";
  const auto start = std::chrono::steady_clock::now();
  const int status = std::system(cmd.c_str());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(WIFEXITED(status)) << cmd;
  EXPECT_NE(WEXITSTATUS(status), 124) << "timed out: a rank waited for the one that left";
  EXPECT_LT(seconds, 100);
  EXPECT_FALSE(fs::exists(out)) << "nothing published";
  for (const char* r : {"0", "1"}) {
    EXPECT_EQ(test::read(codes + "." + r), "130\n") << "rank " << r;
    fs::remove(codes + "." + r);
  }
  fs::remove(rank);
  fs::remove(inner);
  fs::remove_all(fs::path(out).parent_path() / ("." + fs::path(out).filename().string() + ".batch"));
  fs::remove(fs::path(out).parent_path() / ("." + fs::path(out).filename().string() + ".lock"));
}

TEST(BatchMpi, RanksWithNothingToDoTakeNoCpu) {
#ifdef __SANITIZE_ADDRESS__
  // Under AddressSanitizer every rank's start-up and shadow memory cost CPU out of proportion to the runs.
  GTEST_SKIP() << "CPU time is not measured under AddressSanitizer (the ordinary build runs this test)";
#endif
  // One chunk holds the whole batch: rank 1 runs it (about 3 s of runs), rank 2 has nothing to do the whole
  // time, and rank 0 only receives and summarises rank 1's results. Each rank is timed alone, and what it costs
  // to start (MPI, loading the scenario) is measured by the same command with two runs and taken out: what is
  // left is the waiting (0.02 to 0.08 s in 3.8 to 6.2 s, idle or loaded). Waiting in a blocking MPI call would
  // poll and take the whole wall time; polling with a yield in between (naps of 0) took 0.38 s in 5.3 s. The
  // allowance is 0.1 s and 2% of the wall time for rank 2. Rank 0's receiving, summarising and checkpointing of 10,000 runs takes about a quarter of
  // the wall time here (as much as it takes the one rank of -np 1): it is held below 40% and 0.3 s, short of
  // spinning, and its waiting loop is the one the other ranks' CPU holds to account.
  const std::string cmd = "compare scenarios/asia_pacific_2012.yaml --variants status_quo --jobs 1 --out ";
  const std::string a = test::scratch_path("idle_np1"), b = test::scratch_path("idle_np3");
  const RankTimes start = rank_times(3, "STATECRAFT_CHUNK=1000000", cmd + b + " --runs 2");
  fs::remove_all(b);
  ASSERT_EQ(test::statecraft(cmd + a + " --runs 10000").code, 0);
  const RankTimes batch = rank_times(3, "STATECRAFT_CHUNK=1000000", cmd + b + " --runs 10000");
  const auto said = [&](int rank) {
    return "rank " + std::to_string(rank) + ": " + std::to_string(batch.cpu[rank]) + " s of CPU in " +
           std::to_string(batch.wall) + " s, " + std::to_string(start.cpu[rank]) + " s for two runs";
  };
  EXPECT_LT(batch.cpu[2] - start.cpu[2], 0.1 + 0.02 * batch.wall) << said(2);
  EXPECT_LT(batch.cpu[0] - start.cpu[0], 0.3 + 0.4 * batch.wall) << said(0);
  EXPECT_GT(batch.cpu[1] - start.cpu[1], 1.0) << "rank 1 ran the batch: " << said(1);
  expect_same_files(a, b, kCompareFiles);
  for (const auto& p : {a, b}) fs::remove_all(p);
}

TEST(BatchResume, ABatchKilledUnderTwoRanksResumesUnderThreeToTheSameBytes) {
  const std::string whole = test::scratch_path("mpi_whole"), killed = test::scratch_path("mpi_killed");
  const std::string cmd = "compare scenarios/security_dilemma.yaml --runs 20 --jobs 1 --out ";
  ASSERT_EQ(test::statecraft(cmd + whole).code, 0);
  EXPECT_NE(mpi_statecraft("2", "STATECRAFT_CHUNK=3 STATECRAFT_FAULT_KILL_AFTER=17", cmd + killed), 0);
  EXPECT_FALSE(fs::exists(killed)) << "nothing is published before the batch completes";
  ASSERT_EQ(mpi_statecraft("3", "STATECRAFT_CHUNK=2", cmd + killed + " --resume"), 0);
  expect_same_files(whole, killed, kCompareFiles);
  for (const auto& p : {whole, killed}) fs::remove_all(p);
}
#endif

TEST(BatchResume, KilledBatchResumesToTheSameBytes) {
  const std::string whole = test::scratch_path("whole"), killed = test::scratch_path("killed");
  const std::string cmd = "run scenarios/asia_pacific_2012.yaml --runs 30 --keep-runs --jobs 2 --out ";
  ASSERT_EQ(test::statecraft(cmd + whole).code, 0);
  auto r = test::statecraft("", "STATECRAFT_FAULT_KILL_AFTER=11 ", cmd + killed);
  EXPECT_EQ(r.code, 137);
  EXPECT_FALSE(fs::exists(killed)) << "nothing is published before the batch completes";
  r = test::statecraft(cmd + killed);
  EXPECT_EQ(r.code, 2) << "an unfinished batch is not thrown away without --resume or --force";
  EXPECT_NE(r.err.find("pass --resume to complete it"), std::string::npos) << r.err;
  r = test::statecraft(cmd + killed + " --resume");
  ASSERT_EQ(r.code, 0) << r.err;
  expect_same_files(whole, killed, kEnsembleFiles);
  // The same for a comparison killed part-way through a run's variants.
  const std::string cw = test::scratch_path("cwhole"), ck = test::scratch_path("ckilled");
  const std::string cc = "compare scenarios/security_dilemma.yaml --runs 6 --out ";
  ASSERT_EQ(test::statecraft(cc + cw).code, 0);
  EXPECT_EQ(test::statecraft("", "STATECRAFT_FAULT_KILL_AFTER=7 ", cc + ck).code, 137);
  ASSERT_EQ(test::statecraft(cc + ck + " --resume").code, 0);
  expect_same_files(cw, ck, kCompareFiles);
  for (const auto& p : {whole, killed, cw, ck}) fs::remove_all(p);
}

// A real kill -9, wherever it falls: the rows and records are handed to the system a few times a second, not at
// every run, so the kill loses those still waiting in the process; --resume runs them again to the same bytes.
TEST(BatchResume, ABatchKilledWhileRecordsWaitResumesToTheSameBytes) {
  const std::string whole = test::scratch_path("kill9_whole"), killed = test::scratch_path("kill9_killed");
  const fs::path checkpoint = fs::path(killed).parent_path() / ("." + fs::path(killed).filename().string() + ".batch") /
                              "checkpoint.bin";
  const std::string cmd = "run scenarios/asia_pacific_2012.yaml --runs 6000 --jobs 1 --out ";
  ASSERT_EQ(test::statecraft(cmd + whole).code, 0);
  // A kill after the first records went out and before the last run: later on a slower machine.
  std::uintmax_t kept = 0;
  for (const char* after : {"0.6", "1.2", "2.4", "4.8"}) {
    const auto r = test::statecraft("", std::string("timeout -s KILL ") + after + " ", cmd + killed + " --force");
    ASSERT_NE(r.code, 0) << "the batch finished before the kill: give it more runs";
    std::error_code ec;
    kept = fs::file_size(checkpoint, ec);
    if (!ec && kept > 0) break;
  }
  ASSERT_GT(kept, 0u) << "no kill came after the first records were written";
  const auto r = test::statecraft(cmd + killed + " --resume");
  ASSERT_EQ(r.code, 0) << r.err;
  expect_same_files(whole, killed, {"ensemble.csv", "experiments.csv", "outcomes.csv", "outcomes_summary.csv", "manifest.json"});
  for (const auto& p : {whole, killed}) fs::remove_all(p);
}

TEST(BatchResume, ResumeRefusesADifferentCommand) {
  const std::string out = test::scratch_path("different");
  // Stops `then` after three runs; `now --resume` is refused, naming the first difference.
  const auto refused_after = [&](const std::string& then, const std::string& now, const std::string& difference) {
    EXPECT_EQ(test::statecraft("", "STATECRAFT_FAULT_KILL_AFTER=3 ", then + " --out " + out).code, 137);
    const auto r = test::statecraft(now + " --resume --out " + out);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err.rfind("statecraft: error: " + out + ": the unfinished batch was started by a different command: it "
                          "has " + difference, 0),
              0u)
        << r.err;
  };
  refused_after("run scenarios/security_dilemma.yaml --runs 10", "run scenarios/security_dilemma.yaml --runs 12",
                "'runs 10' where this one has 'runs 12' (expected the same scenario, ");
  EXPECT_EQ(test::statecraft("run scenarios/security_dilemma.yaml --runs 12 --force --out " + out).code, 0);
  fs::remove_all(out);
  // The region's metrics are summarised anyway, so naming two in the other order changes no trend metric: only
  // the order of their final. outcomes, which a resume would have written under each other's column.
  const std::string named = "run scenarios/security_dilemma.yaml --runs 10 --metric region.max_tension,region.mean_trust";
  refused_after(named, "run scenarios/security_dilemma.yaml --runs 10 --metric region.mean_trust,region.max_tension",
                "'outcome final.region.max_tension' where this one has 'outcome final.region.mean_trust'");
  EXPECT_EQ(test::statecraft(named + " --resume --out " + out).code, 0) << "the same order resumes";
  fs::remove_all(out);
  // A scenario edited since is named with its path as well as its contents' sha256.
  const std::string copy = test::scratch_path("different_scenario") + ".yaml";
  fs::copy_file(test::root() + "/scenarios/security_dilemma.yaml", copy);
  EXPECT_EQ(test::statecraft("", "STATECRAFT_FAULT_KILL_AFTER=3 ", "run " + copy + " --runs 10 --out " + out).code, 137);
  std::ofstream(copy, std::ios::app) << "# edited\n";
  const auto r = test::statecraft("run " + copy + " --runs 10 --resume --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("started by a different command: it has 'source " + copy + " "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("' where this one has 'source " + copy + " "), std::string::npos) << r.err;
  fs::remove_all(out);
  fs::remove_all(fs::path(out).parent_path() / ("." + fs::path(out).filename().string() + ".batch"));
  fs::remove(copy);
}

// A batch begun by a program of another model (the manifest's "model") cannot be finished by this one: its runs
// would mix two models' answers in one table. Batches from before the model was recorded say "an earlier model".
TEST(BatchResume, ResumeRefusesABatchOfAnotherModel) {
  const std::string out = test::scratch_path("other_model");
  const fs::path spec = fs::path(out).parent_path() / ("." + fs::path(out).filename().string() + ".batch") / "spec.txt";
  const std::string cmd = "run scenarios/security_dilemma.yaml --runs 10 --out " + out;
  const std::string expected_end = " and this program runs model " + std::to_string(kModelVersion) +
                                   ", whose runs cannot be mixed with its own (expected a batch of this model: finish "
                                   "it with the program that began it, or pass --force without --resume to start over)\n";
  EXPECT_EQ(test::statecraft("", "STATECRAFT_FAULT_KILL_AFTER=3 ", cmd).code, 137);
  const std::string written = test::read(spec.string());
  const std::string model_line = "\nmodel " + std::to_string(kModelVersion) + "\n";
  ASSERT_NE(written.find(model_line), std::string::npos) << written;
  std::string older = written;
  // A trailing space, as an editor may leave, is no part of the number.
  older.replace(older.find(model_line), model_line.size(), "\nmodel " + std::to_string(kModelVersion - 1) + " \n");
  std::ofstream(spec, std::ios::binary | std::ios::trunc) << older;
  auto r = test::statecraft(cmd + " --resume");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: " + out + ": the unfinished batch was begun under model " +
                       std::to_string(kModelVersion - 1) + expected_end);
  std::string unrecorded = written;
  unrecorded.erase(unrecorded.find(model_line), model_line.size() - 1);
  std::ofstream(spec, std::ios::binary | std::ios::trunc) << unrecorded;
  r = test::statecraft(cmd + " --resume");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: " + out + ": the unfinished batch was begun under an earlier model" + expected_end);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(test::statecraft(cmd + " --force").code, 0) << "--force starts the batch over";
  fs::remove_all(out);
}

TEST(BatchResume, ResumeWithNoStoppedBatchSaysWhereItLooked) {
  const std::string out = test::scratch_path("nothing_to_resume");
  const auto r = test::statecraft("run scenarios/security_dilemma.yaml --runs 3 --resume --out " + out);
  EXPECT_EQ(r.code, 2);
  const fs::path p(out);
  EXPECT_EQ(r.err, "statecraft: error: " + out + ": no unfinished batch to resume (expected " +
                       (p.parent_path() / ("." + p.filename().string() + ".batch") / "checkpoint.bin").string() +
                       ", which a stopped batch leaves)\n");
  EXPECT_FALSE(fs::exists(out));
}

// The scenario is the same file when it is named from another directory: --resume compares its contents. Every
// table is the same; the manifest records the scenario's path as the finishing command named it.
TEST(BatchResume, ResumeFromAnotherDirectoryContinuesTheSameBatch) {
  const std::string whole = test::scratch_path("elsewhere_whole"), killed = test::scratch_path("elsewhere_killed");
  const std::string args = " --runs 10 --keep-runs --out ";
  ASSERT_EQ(test::statecraft("run scenarios/security_dilemma.yaml" + args + whole).code, 0);
  EXPECT_EQ(test::statecraft(test::root(), "STATECRAFT_FAULT_KILL_AFTER=3 ",
                             "run scenarios/security_dilemma.yaml" + args + killed).code,
            137);
  const auto r = test::statecraft(test::root() + "/scenarios", "", "run security_dilemma.yaml" + args + killed +
                                                                    " --resume");
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<std::string> tables = kEnsembleFiles;
  tables.erase(std::find(tables.begin(), tables.end(), "manifest.json"));
  expect_same_files(whole, killed, tables);
  EXPECT_NE(test::read(killed + "/manifest.json").find("\"path\": \"security_dilemma.yaml\""), std::string::npos);
  for (const auto& p : {whole, killed}) fs::remove_all(p);
}

// A sweep's design file is part of its command: a point changed between the interruption and --resume would mix
// two designs in one table, so it is refused, and the message names what a sweep must keep.
TEST(BatchResume, ResumeRefusesASweepWhoseDesignFileChanged) {
  const std::string out = test::scratch_path("design_changed"), points = test::scratch_path("design_changed.csv");
  std::ofstream(points) << "parameters.trust.forgetting\n0.1\n0.2\n0.3\n";
  const std::string cmd = "sweep scenarios/security_dilemma.yaml --design-file " + points + " --runs 4 --out " + out;
  EXPECT_EQ(test::statecraft("", "STATECRAFT_FAULT_KILL_AFTER=3 ", cmd).code, 137);
  std::ofstream(points) << "parameters.trust.forgetting\n0.1\n0.25\n0.3\n";
  const auto r = test::statecraft(cmd + " --resume");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: " + out + ": the unfinished batch was started by a different command: it has "
                   "'variant point 0.2' where this one has 'variant point 0.25' (expected the same scenario, variants, runs, seed, steps, metrics, --set values and --keep-runs, --uncertain "
                   "and --explain as given then, and a sweep's --param ranges, design and design file's points, to "
                   "resume it)\n");
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(test::statecraft(cmd + " --force").code, 0);
  fs::remove_all(out);
  fs::remove(points);
}

}  // namespace
}  // namespace statecraft

namespace statecraft {
namespace {

TEST(BatchResume, CtrlCKeepsFinishedRunsAndResumeCompletesTheBatch) {
  const std::string whole = test::scratch_path("sigint_whole"), cut = test::scratch_path("sigint_cut");
  const std::string cmd = "compare scenarios/asia_pacific_2012.yaml --runs 150 --jobs 2 --out ";
  ASSERT_EQ(test::statecraft(cmd + whole).code, 0);
  // SIGINT a little after the start, as Ctrl-C would; the batch stops cleanly with exit 130.
  const std::string base = test::scratch_path("sigint_log");
  const std::string line = "cd " + test::root() + " && (" + std::string(STATECRAFT_BINARY) + " " + cmd + cut +
                           " > " + base + ".out 2> " + base + ".err & pid=$!; sleep 0.4; kill -INT $pid; wait $pid; "
                           "echo $? > " + base + ".code)";
  ASSERT_EQ(std::system(line.c_str()), 0);
  const int code = std::stoi(test::read(base + ".code"));
  if (code == 130) {
    EXPECT_NE(test::read(base + ".err").find("the finished runs are kept"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(cut)) << "nothing is published before the batch completes";
    ASSERT_EQ(test::statecraft(cmd + cut + " --resume").code, 0);
  } else {
    EXPECT_EQ(code, 0) << "it either stopped on the signal or had already finished";
  }
  for (const char* f : {"compare_summary.csv", "compare_trends.csv", "compare_runs.csv", "experiments.csv",
                        "manifest.json"})
    EXPECT_TRUE(test::read(whole + "/" + f) == test::read(cut + "/" + f)) << f;
  for (const auto& p : {whole, cut}) std::filesystem::remove_all(p);
  for (const char* x : {".out", ".err", ".code"}) std::filesystem::remove(base + x);
}

}  // namespace
}  // namespace statecraft
