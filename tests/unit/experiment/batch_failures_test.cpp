// Batches that cannot finish (issue 12): a run that fails, a design point that is not a valid scenario, a
// disk that fills up, a checkpoint whose data files were cut or changed. Each ends with one clear line and
// the right exit code, never an abort or a hang, and leaves nothing half-written in place.
#include <gtest/gtest.h>

#include <sys/mount.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "../test_util.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

/// A fresh directory for a test's outputs, removed at the end.
class Scratch {
 public:
  explicit Scratch(const std::string& name) : path_(test::scratch_path(name)) { fs::create_directories(path_); }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string operator/(const std::string& rel) const { return (path_ / rel).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// The names in `dir`, hidden ones too, sorted.
std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    names.push_back(it->path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// security_dilemma's GDP grows without bound: at step 41703 the region's total is no longer a finite number.
const std::string kFailing = "scenarios/security_dilemma.yaml --steps 50000";
const std::string kCause =
    "step 41703: economy: total gdp of the region is not finite (inf: the largest, A's, is 9.028417616e+307 bn; "
    "check A's growth, the others', and parameters.economy)\n";

TEST(BatchFailure, AFailedRunEndsAnEnsembleWithExitCode1AndNothingWritten) {
  Scratch s("fail_ensemble");
  auto r = test::statecraft("run " + kFailing + " --runs 2 --jobs 2 --out " + s / "o");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "statecraft: error: run 0 failed (nothing was written): " + kCause);
  EXPECT_TRUE(entries(s.path()).empty()) << ::testing::PrintToString(entries(s.path()));
}

TEST(BatchFailure, AFailedRunEndsAComparisonNamingTheVariant) {
  Scratch s("fail_compare");
  auto r = test::statecraft("compare " + kFailing + " --runs 2 --jobs 2 --out " + s / "o");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "statecraft: error: run 0 of variant both_sc failed (nothing was written): " + kCause);
  EXPECT_TRUE(entries(s.path()).empty()) << ::testing::PrintToString(entries(s.path()));
}

TEST(BatchFailure, AFailedRunEndsASweepNamingThePoint) {
  Scratch s("fail_sweep");
  auto r = test::statecraft("sweep " + kFailing + " --param actors.B.growth=0.01:0.02:2 --runs 2 --jobs 2 --out " +
                            s / "o");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "statecraft: error: point 0 (actors.B.growth=0.01), run 0 failed (nothing was written): step 41149: "
                   "economy: gdp of A is not finite (inf; check its growth and parameters.economy)\n");
  EXPECT_TRUE(entries(s.path()).empty()) << ::testing::PrintToString(entries(s.path()));
}

TEST(BatchFailure, ASweepChecksEveryDesignPointBeforeRunningAny) {
  // The corners are valid scenarios; the middle of the grid (milex 25.5 of a GDP of 100) is not.
  Scratch s("fail_point");
  auto r = test::statecraft("sweep scenarios/security_dilemma.yaml --param actors.A.gdp=100:1000:3 "
                            "--param actors.A.milex=1:50:3 --runs 1 --out " + s / "o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "statecraft: error: --param: actors.A.milex: 25.5 is 0.255 of gdp 100, above max_share 0.1 (expected milex "
            "<= max_share * gdp = 10)\n"
            "statecraft: error: --param: the scenario is invalid at design point 1 (actors.A.gdp=100, actors.A.milex=25.5), as above "
            "(expected ranges that keep every point valid)\n");
  EXPECT_TRUE(entries(s.path()).empty());
}

#ifdef STATECRAFT_HAVE_MPI
TEST(BatchFailure, AFailedRunUnderMpiEndsEveryRankWithoutHanging) {
  Scratch s("fail_mpi");
  const std::string cmd = "cd " + test::root() + " && timeout 120 mpirun --allow-run-as-root --oversubscribe -np 2 " +
                          STATECRAFT_BINARY + " run " + kFailing + " --runs 4 --jobs 1 --out " + s / "o" + " 2>" +
                          s / "err" + " >/dev/null";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1) << "124 would be the timeout: a rank left waiting";
  EXPECT_EQ(test::read(s / "err").rfind("statecraft: error: run 0 failed (nothing was written): " + kCause, 0), 0u)
      << test::read(s / "err");
  fs::remove(s / "err");
  EXPECT_TRUE(entries(s.path()).empty()) << ::testing::PrintToString(entries(s.path()));
}

TEST(BatchFailure, AFailedRunInAChunkOfThreeRanksEndsEveryRankWithoutHanging) {
  // Every run fails: rank 0's own, and those in the chunks of two each the others hold with two threads.
  Scratch s("fail_mpi_chunks");
  const std::string cmd = "cd " + test::root() + " && STATECRAFT_CHUNK=2 timeout 120 mpirun --allow-run-as-root "
                          "--oversubscribe -np 3 " + STATECRAFT_BINARY + " compare " + kFailing +
                          " --runs 3 --jobs 2 --out " + s / "o" + " 2>" + s / "err" + " >/dev/null";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1) << "124 would be the timeout: a rank left waiting";
  EXPECT_EQ(test::read(s / "err").rfind("statecraft: error: run 0 of variant ", 0), 0u) << test::read(s / "err");
  fs::remove(s / "err");
  EXPECT_TRUE(entries(s.path()).empty()) << ::testing::PrintToString(entries(s.path()));
}
#endif

// ---- resume checks what the checkpoint claims --------------------------------------------------------------

/// A batch killed after `kill_after` runs, then damaged by `damage` (given the batch directory), then
/// resumed: the output must be the bytes of the whole batch, with `redone` runs run again.
void expect_resume_repairs(const std::string& name, std::uint64_t kill_after,
                           const std::function<void(const fs::path&)>& damage, std::uint64_t redone) {
  Scratch s(name);
  const std::string cmd = "run scenarios/asia_pacific_2012.yaml --runs 30 --keep-runs --jobs 2 --out ";
  ASSERT_EQ(test::statecraft(cmd + s / "whole").code, 0);
  ASSERT_EQ(test::statecraft("", "STATECRAFT_FAULT_KILL_AFTER=" + std::to_string(kill_after) + " ", cmd + s / "cut").code,
            137);
  damage(s.path() / ".cut.batch");
  auto r = test::statecraft(cmd + s / "cut" + " --resume");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, redone == 0 ? std::string()
                               : "statecraft: " + std::to_string(redone) +
                                     " of the runs recorded in the unfinished batch did not have all their rows in "
                                     "its files; they were run again\n");
  for (const char* f : {"ensemble.csv", "outcomes.csv", "outcomes_summary.csv", "manifest.json", "runs/actors.csv",
                        "runs/pairs.csv", "runs/region.csv", "runs/events.csv"})
    EXPECT_TRUE(test::read(s / ("whole/" + std::string(f))) == test::read(s / ("cut/" + std::string(f)))) << f;
}

TEST(BatchResume, ADataFileShorterThanItsCheckpointIsRedoneNotPadded) {
  // 11 runs recorded; outcomes.csv cut back into the rows of run 6: runs 6 to 10 are run again.
  expect_resume_repairs("resume_short", 11, [](const fs::path& batch) {
    const std::string text = test::read((batch / "outcomes.csv").string());
    std::size_t at = 0;
    for (int line = 0; line < 7; ++line) at = text.find('\n', at) + 1;  // the header and runs 0-5
    fs::resize_file(batch / "outcomes.csv", at + 3);
  }, 5);
}

TEST(BatchResume, AChangedByteInADataFileIsRedone) {
  // One byte in the rows of run 6 (of 0-10): runs 6 to 10 cannot be vouched for and are run again.
  expect_resume_repairs("resume_changed", 11, [](const fs::path& batch) {
    const std::string text = test::read((batch / "runs/pairs.csv").string());
    const auto at = static_cast<long>(text.find("\nbase,6,") + 20);
    std::fstream f(batch / "runs/pairs.csv", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(at);
    f.put('#');
  }, 5);
}

TEST(BatchResume, ADataFileRemovedFromTheBatchIsMadeAgainAndItsRunsRedone) {
  // Every one of the 11 recorded runs has rows in the removed file: all are run again, and the file written anew.
  expect_resume_repairs("resume_removed", 11, [](const fs::path& batch) { fs::remove(batch / "runs/region.csv"); }, 11);
  // The kept runs' folder as a whole, too.
  expect_resume_repairs("resume_removed_runs", 11, [](const fs::path& batch) { fs::remove_all(batch / "runs"); }, 11);
}

// A link (or a hard link, or a pipe) put inside a stopped batch's folder would be written through by --resume:
// the user's file it leads to cut and refilled with rows. Refused, naming it, with the user's file untouched; and
// a batch without the spec.txt that says which command started it is not taken for a different command.
TEST(BatchResume, ALinkOrStrangerInsideTheBatchFolderIsRefusedAndWhatItLeadsToLeftAlone) {
  Scratch s("resume_links");
  const std::string cmd = "run scenarios/security_dilemma.yaml --runs 30 --keep-runs --jobs 1 --out " + s / "o";
  const fs::path batch = s.path() / ".o.batch";
  fs::create_directories(s.path() / "mine");
  const std::string precious = "my scenario, not a table\n";
  std::ofstream(s / "mine/notes.yaml") << precious;
  std::ofstream(s / "mine/actors.csv") << precious;
  const std::vector<std::pair<std::string, std::function<void()>>> plants = {
      {"experiments.csv", [&] { fs::remove(batch / "experiments.csv"); fs::create_symlink(s / "mine/notes.yaml", batch / "experiments.csv"); }},
      {"runs", [&] { fs::remove_all(batch / "runs"); fs::create_directory_symlink(s / "mine", batch / "runs"); }},
      {"outcomes.csv", [&] { fs::remove(batch / "outcomes.csv"); fs::create_hard_link(s / "mine/notes.yaml", batch / "outcomes.csv"); }},
      {"ensemble.csv", [&] { fs::create_symlink(s / "mine/notes.yaml", batch / "ensemble.csv"); }},
  };
  for (const auto& [name, plant] : plants) {
    fs::remove_all(batch);
    ASSERT_EQ(test::statecraft("", "STATECRAFT_FAULT_KILL_AFTER=5 ", cmd).code, 137);
    plant();
    const auto r = test::statecraft(cmd + " --resume");
    EXPECT_EQ(r.code, 2) << name;
    EXPECT_EQ(r.err, "statecraft: error: " + s / "o" + ": .o.batch/" + name + " is a link or not a file, which "
                     "statecraft did not make (expected the batch's own file or nothing there: remove it, and --resume "
                     "runs its runs again; or choose another --out)\n");
    EXPECT_EQ(test::read(s / "mine/notes.yaml"), precious) << name;
    EXPECT_EQ(test::read(s / "mine/actors.csv"), precious) << name;
    EXPECT_FALSE(fs::exists(s.path() / "o")) << name;
  }
  fs::remove_all(batch);
  ASSERT_EQ(test::statecraft("", "STATECRAFT_FAULT_KILL_AFTER=5 ", cmd).code, 137);
  fs::remove(batch / "spec.txt");
  const auto r = test::statecraft(cmd + " --resume");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: " + s / "o" + ": .o.batch/spec.txt, which says what command started the batch, "
                   "is missing (expected the batch as statecraft left it: pass --force without --resume to start "
                   "over)\n");
}

TEST(BatchResume, ATornCheckpointRecordIsDroppedAndTheRunRedone) {
  expect_resume_repairs("resume_torn", 11, [](const fs::path& batch) {
    fs::resize_file(batch / "checkpoint.bin", fs::file_size(batch / "checkpoint.bin") - 8);
  }, 0);
}

// ---- a full disk ------------------------------------------------------------------------------------------

/// A tmpfs of `kib` KiB on a fresh directory; mounted() is false where this process may not mount (not root).
class SmallDisk {
 public:
  SmallDisk(const std::string& name, int kib) : dir_(test::scratch_path(name)) {
    fs::create_directories(dir_);
    const std::string opts = "size=" + std::to_string(kib) + "k,mode=0755";
    mounted_ = ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, opts.c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  bool mounted() const { return mounted_; }
  std::string operator/(const std::string& rel) const { return (dir_ / rel).string(); }
  const fs::path& path() const { return dir_; }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

TEST(BatchDiskFull, ADiskThatFillsDuringTheRunsKeepsTheFinishedOnesForResume) {
  SmallDisk disk("batch_disk_runs", 64);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  auto r = test::statecraft("run scenarios/asia_pacific_2012.yaml --runs 200 --keep-runs --out " + disk / "o");
  EXPECT_EQ(r.code, 1);
  // The file named is the batch's own, which is kept: one the user can look at.
  const std::string head = "statecraft: error: " + disk / ".o.batch/";
  ASSERT_EQ(r.err.rfind(head, 0), 0u) << r.err;
  const std::string named = r.err.substr(head.size(), r.err.find(": write failed") - head.size());
  EXPECT_TRUE(fs::exists(disk.path() / ".o.batch" / named)) << named;
  EXPECT_NE(r.err.find(": write failed: no space left on the device (the finished runs are kept in " + disk / ".o.batch" +
                       ": make room, then run the same command with --resume)\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(entries(disk.path()), std::vector<std::string>{".o.batch"}) << "no output, no lock";
}

TEST(BatchDiskFull, ADiskThatFillsWithTheFinalFilesPublishesNothingAndResumes) {
  SmallDisk disk("batch_disk_final", 64);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  // Two runs with many trend metrics: small checkpoints, an ensemble.csv larger than the disk.
  std::string metrics;
  for (const char* a : {"USA", "CHN", "JPN", "KOR", "PRK", "TWN", "RUS", "IND", "AUS", "VNM", "PHL", "IDN"})
    metrics += std::string(" --metric actors.") + a + ".milex --metric actors." + a + ".gdp";
  const std::string cmd = "run scenarios/asia_pacific_2012.yaml --runs 2" + metrics + " --out ";
  auto r = test::statecraft(cmd + disk / "o");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "statecraft: error: " + disk / ".o.batch/ensemble.csv" + ": write failed: no space left on the device (the " +
                       "finished runs are kept in " + disk / ".o.batch" +
                       ": make room, then run the same command with --resume)\n");
  EXPECT_EQ(entries(disk.path()), std::vector<std::string>{".o.batch"});
  // With room (the batch moved to a disk that has it), --resume writes the whole output.
  Scratch roomy("batch_disk_roomy");
  fs::copy(disk.path() / ".o.batch", roomy.path() / ".o.batch", fs::copy_options::recursive);
  r = test::statecraft(cmd + roomy / "o" + " --resume");
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_EQ(test::statecraft(cmd + roomy / "whole").code, 0);
  for (const char* f : {"ensemble.csv", "outcomes.csv", "outcomes_summary.csv"})
    EXPECT_TRUE(test::read(roomy / ("o/" + std::string(f))) == test::read(roomy / ("whole/" + std::string(f)))) << f;
}

}  // namespace
}  // namespace statecraft
