// Output failures (issue 5, section 5): an output directory that cannot be created and a disk that fills up
// each give a clear error and a non-zero exit, and leave nothing behind: no partial files, no staging
// directory, no parent directories made for the occasion, and an output being replaced with --force stays
// as it was. (Refusing an existing directory without --force is tested in cli/cli_run_test.cpp.)
//
// Tests run as root in CI, where chmod does not stop writes: those cases detect it and use /proc instead,
// where not even root can create a directory. A full disk is a small tmpfs when the test may mount one
// (root); a stream set failed stands for a write lost mid-run.
#include <gtest/gtest.h>

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "../test_util.hpp"
#include "statecraft/output/output_dir.hpp"
#include "statecraft/output/output_target.hpp"
#include "statecraft/output/own_file.hpp"
#include "statecraft/scenario/error.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

/// The names in `dir`, sorted; empty if it does not exist.
std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    names.push_back(it->path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// Whether this process can create files in `dir` (false for a 0555 directory, unless we are root).
bool can_write_in(const fs::path& dir) {
  const fs::path probe = dir / ".probe";
  const bool ok = static_cast<bool>(std::ofstream(probe));
  std::error_code ec;
  fs::remove(probe, ec);
  return ok;
}

/// A scratch directory, created, removed (after making it writable again) at the end of the test.
class Scratch {
 public:
  explicit Scratch(const std::string& name) : path_(test::scratch_path(name)) { fs::create_directories(path_); }
  ~Scratch() {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->is_directory(ec)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

const char* kScenario = "scenarios/security_dilemma.yaml --steps 3";

// ---- a directory that cannot be created -----------------------------------------------------------------

TEST(OutputDirUnwritable, ReadOnlyParentGivesAClearErrorAndNoFiles) {
  Scratch s("out_readonly");
  fs::path parent = s.path() / "readonly";
  fs::create_directories(parent);
  fs::permissions(parent, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                              fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  if (can_write_in(parent)) parent = "/proc";  // root ignores 0555; nobody can make a directory in /proc
  ASSERT_FALSE(can_write_in(parent)) << parent;
  const std::string out = (parent / "statecraft_out").string();
  auto r = test::statecraft(std::string("run ") + kScenario + " --out " + out);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err.rfind("statecraft: error: " + out + ": cannot create the output directory in " + parent.string() + ": ", 0),
            0u)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  EXPECT_EQ(r.out, "");
  for (const auto& name : entries(parent))  // (not a comparison of listings: /proc changes by itself)
    EXPECT_EQ(name.find("statecraft_out"), std::string::npos) << "left behind in " << parent << ": " << name;
}

TEST(OutputDirUnwritable, ParentThatIsAFileGivesAClearErrorAndNoFiles) {
  Scratch s("out_under_file");
  const fs::path file = s.path() / "notes.txt";
  std::ofstream(file) << "mine\n";
  const std::string out = (file / "a" / "b" / "out").string();
  auto r = test::statecraft(std::string("run ") + kScenario + " --out " + out);
  EXPECT_EQ(r.code, 2) << "a path through a file is the command's mistake";
  EXPECT_EQ(r.err, "statecraft: error: " + out + ": cannot create the output directory: " + file.string() +
                       " is not a directory (expected a path through directories)\n");
  EXPECT_EQ(entries(s.path()), std::vector<std::string>{"notes.txt"});
  EXPECT_EQ(test::read(file.string()), "mine\n");
}

TEST(OutputDirUnwritable, ParentThatIsADanglingLinkIsNamed) {
  Scratch s("out_under_dangling");
  fs::create_symlink(s.path() / "nowhere", s.path() / "gone");
  const std::string out = (s.path() / "gone" / "out").string();
  auto r = test::statecraft(std::string("run ") + kScenario + " --out " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: " + out + ": cannot create the output directory: " + (s.path() / "gone").string() +
                       " is a symbolic link to a missing path (expected a path through directories)\n");
  EXPECT_EQ(entries(s.path()), std::vector<std::string>{"gone"});
}

TEST(OutputDirUnwritable, LibraryThrowsUsageErrorNamingTheDirectory) {
  Scratch s("out_lib_under_file");
  const fs::path file = s.path() / "f";
  std::ofstream(file) << "x";
  const std::string out = (file / "out").string();
  try {
    OutputDir dir(out, false);
    FAIL() << "no error for " << out;
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), out + ": cannot create the output directory: " + file.string() +
                                         " is not a directory (expected a path through directories)");
  }
  EXPECT_EQ(entries(s.path()), std::vector<std::string>{"f"});
}

TEST(OutputDirCleanup, UncommittedOutputLeavesNoStagingAndNoCreatedParents) {
  Scratch s("out_uncommitted");
  fs::create_directories(s.path() / "kept");
  {
    OutputDir dir((s.path() / "new" / "deeper" / "out").string(), false);
    dir.file("actors.csv") << "step,year\n";
    EXPECT_EQ(entries(s.path()), (std::vector<std::string>{"kept", "new"}));
  }  // destroyed without commit(): a run that failed
  EXPECT_EQ(entries(s.path()), std::vector<std::string>{"kept"});
}

TEST(OutputDirCleanup, CommittedOutputIsInPlaceAndAloneInItsParent) {
  Scratch s("out_committed");
  const fs::path out = s.path() / "new" / "out";
  {
    OutputDir dir(out.string(), false);
    dir.file("actors.csv") << "step,year\n";
    dir.commit();
  }
  EXPECT_EQ(entries(s.path() / "new"), std::vector<std::string>{"out"});
  EXPECT_EQ(test::read((out / "actors.csv").string()), "step,year\n");
}

// ---- how messages name the hidden siblings ----------------------------------------------------------------

// A message names `.NAME.batch` and `.NAME.partial` as the user would reach them from where the command ran:
// beside the target as typed, or by the absolute path when the typed name is not the target's own (a link to
// it).
TEST(OutputTargetNames, SiblingsAreNamedBesideTheTargetAsTyped) {
  Scratch s("out_sibling_names");
  fs::create_directories(s.path() / "sub" / "real");
  fs::create_directory_symlink("real", s.path() / "sub" / "lnk");
  fs::create_directories(s.path() / "x");
  fs::create_directory_symlink("../sub/real", s.path() / "x" / "real");
  const fs::path before = fs::current_path();
  fs::current_path(s.path());
  const auto shown = [](const std::string& typed) {
    const OutputTarget target(typed, false, {});
    return target.shown_sibling(target.sibling(".batch"));
  };
  EXPECT_EQ(shown("o"), ".o.batch");
  EXPECT_EQ(shown("./o"), "./.o.batch");
  EXPECT_EQ(shown("sub/o/"), "sub/.o.batch");
  EXPECT_EQ(shown("sub//o//"), "sub/.o.batch");
  EXPECT_EQ(shown((s.path() / "o").string()), (s.path() / ".o.batch").string());
  EXPECT_EQ(shown("sub/lnk"), (fs::canonical(s.path()) / "sub/.real.batch").string()) << "the link's target";
  EXPECT_EQ(shown("x/real"), (fs::canonical(s.path()) / "sub/.real.batch").string()) << "a link of the same name";
  fs::current_path(before);
}

// ---- a full disk ------------------------------------------------------------------------------------------

// A stream that failed during the run (its bytes lost), on a disk that is not full: commit() says so, and
// leaves nothing. (A staged file cannot be made /dev/full by a link: statecraft does not write through links.)
TEST(OutputDirDiskFull, CommitReportsAWriteThatFailedMidRun) {
  Scratch s("out_failed_mid_run");
  const std::string out = (s.path() / "out").string();
  std::string said = "commit() succeeded";
  {
    OutputDir dir(out, false);
    dir.file("region.csv") << "step,year\n0,2000\n";
    std::ofstream& f = dir.file("actors.csv");
    f << "0,2000,A,balance_of_power,1000,30\n";
    f.setstate(std::ios::badbit);  // as a write the device refused
    try {
      dir.commit();
    } catch (const RunError& e) {
      said = e.what();
    }
  }
  EXPECT_EQ(said, out + "/actors.csv: write failed, perhaps the disk is full (" + out + " is left as it was)");
  EXPECT_TRUE(entries(s.path()).empty()) << "left behind: " << ::testing::PrintToString(entries(s.path()));
}

/// A tmpfs of `kib` KiB mounted on a fresh directory for the test's lifetime; mounted() is false where this
/// process may not mount (not root).
class SmallDisk {
 public:
  explicit SmallDisk(const std::string& name, int kib) : dir_(test::scratch_path(name)) {
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
  const fs::path& path() const { return dir_; }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

// Bytes still in the stream's buffer when the disk fills: the error comes from the final flush, with its reason.
TEST(OutputDirDiskFull, CommitReportsTheWriteErrorAndLeavesNothing) {
  SmallDisk disk("out_small_disk_flush", 64);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  const std::string out = (disk.path() / "out").string();
  std::string said = "commit() succeeded";
  {
    OutputDir dir(out, false);
    {  // the rest of the disk taken by something else
      std::ofstream filler(disk.path() / "filler", std::ios::binary);
      const std::string block(4096, 'x');
      while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) filler.flush();
    }
    dir.file("actors.csv") << "0,2000,A,balance_of_power,1000,30\n";
    try {
      dir.commit();
    } catch (const RunError& e) {
      said = e.what();
    }
  }
  fs::remove(disk.path() / "filler");
  EXPECT_EQ(said, out + "/actors.csv: write failed: no space left on the device (" + out + " is left as it was)");
  EXPECT_TRUE(entries(disk.path()).empty()) << "left behind: " << ::testing::PrintToString(entries(disk.path()));
}

TEST(OutputDirDiskFull, RunOnAFullDiskFailsClearlyAndLeavesNothing) {
  SmallDisk disk("out_small_disk", 64);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  const std::string out = (disk.path() / "out").string();
  // The bundled Asia-Pacific scenario writes megabytes: far more than 64 KiB.
  auto r = test::statecraft("run scenarios/asia_pacific_2012.yaml --steps 10 --out " + out);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("statecraft: error: " + out + "/"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(".csv: write failed: no space left on the device (" + out + " is left as it was)\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  EXPECT_TRUE(entries(disk.path()).empty()) << "left behind: " << ::testing::PrintToString(entries(disk.path()));
}

TEST(OutputDirDiskFull, ForcedRunOnAFullDiskKeepsTheOldOutput) {
  SmallDisk disk("out_small_disk_force", 64);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  const fs::path out = disk.path() / "out";
  // An earlier, small output (two steps of two actors fit in the disk), then one that does not fit.
  ASSERT_EQ(test::statecraft("run scenarios/security_dilemma.yaml --steps 2 --out " + out.string()).code, 0);
  const std::string earlier = test::read((out / "pairs.csv").string());
  const auto earlier_files = entries(out);
  auto r = test::statecraft("run scenarios/asia_pacific_2012.yaml --steps 10 --force --out " + out.string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("write failed: no space left on the device"), std::string::npos) << r.err;
  EXPECT_EQ(entries(disk.path()), std::vector<std::string>{"out"});
  EXPECT_EQ(entries(out), earlier_files);
  EXPECT_EQ(test::read((out / "pairs.csv").string()), earlier);
}

}  // namespace
}  // namespace statecraft

// ---- commit replaces only what was checked ------------------------------------------------------------------
// What another program does to the target between the check and the commit, with the kernel's atomic rename
// (renameat2) and with the fallback used where the file system lacks it (STATECRAFT_FAULT_NO_RENAMEAT2).

namespace statecraft {
namespace {

class CommitRace : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) ::setenv("STATECRAFT_FAULT_NO_RENAMEAT2", "1", 1);
  }
  void TearDown() override { ::unsetenv("STATECRAFT_FAULT_NO_RENAMEAT2"); }

  /// A directory holding an earlier output: one file, listed by its manifest.
  static void earlier_output(const fs::path& out) {
    OutputDir dir(out.string(), false);
    dir.file("region.csv") << "earlier\n";
    dir.file("manifest.json") << R"({"program": "statecraft", "files": ["region.csv", "manifest.json"]})" << "\n";
    dir.commit();
  }
  /// Stages one file in `dir` and commits; returns what commit() threw, or "" if it succeeded.
  static std::string commit(OutputDir& dir) {
    dir.file("region.csv") << "new\n";
    dir.file("manifest.json") << R"({"program": "statecraft", "files": ["region.csv", "manifest.json"]})" << "\n";
    try {
      dir.commit();
    } catch (const RunError& e) {
      return e.what();
    }
    return "";
  }
};

INSTANTIATE_TEST_SUITE_P(RenameKinds, CommitRace, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Fallback" : "Renameat2"; });

TEST_P(CommitRace, AFolderThatAppearedIsLeftAlone) {
  Scratch s("race_appeared");
  const fs::path out = s.path() / "out";
  {
    OutputDir dir(out.string(), false);
    fs::create_directory(out);
    std::ofstream(out / "mine.txt") << "mine\n";
    EXPECT_EQ(commit(dir), out.string() + ": appeared while this command ran, and was left as it was");
  }
  EXPECT_EQ(entries(s.path()), std::vector<std::string>{"out"});
  EXPECT_EQ(entries(out), std::vector<std::string>{"mine.txt"});
}

TEST_P(CommitRace, AnEarlierOutputThatReceivedAFileIsLeftAsItWas) {
  Scratch s("race_received");
  const fs::path out = s.path() / "out";
  earlier_output(out);
  {
    OutputDir dir(out.string(), true);
    std::ofstream(out / "notes.txt") << "written meanwhile\n";
    EXPECT_EQ(commit(dir), out.string() + ": received notes.txt while this command ran, and was left as it was");
  }
  EXPECT_EQ(entries(s.path()), std::vector<std::string>{"out"});
  EXPECT_EQ(entries(out), (std::vector<std::string>{"manifest.json", "notes.txt", "region.csv"}));
  EXPECT_EQ(test::read((out / "region.csv").string()), "earlier\n");
}

TEST_P(CommitRace, AnEarlierOutputSwappedForAnotherFolderIsLeftAlone) {
  Scratch s("race_replaced");
  const fs::path out = s.path() / "out";
  earlier_output(out);
  {
    OutputDir dir(out.string(), true);
    fs::rename(out, s.path() / "moved");
    fs::create_directory(out);
    std::ofstream(out / "other.txt") << "another folder\n";
    EXPECT_EQ(commit(dir), out.string() + ": was replaced while this command ran, and was left as it was");
  }
  EXPECT_EQ(entries(out), std::vector<std::string>{"other.txt"});
  EXPECT_EQ(entries(s.path() / "moved"), (std::vector<std::string>{"manifest.json", "region.csv"}));
}

TEST_P(CommitRace, AnEmptyFolderThatReceivedFilesIsLeftAsItWas) {
  Scratch s("race_empty");
  const fs::path out = s.path() / "out";
  fs::create_directory(out);
  {
    OutputDir dir(out.string(), false);
    std::ofstream(out / "mine.txt") << "mine\n";
    EXPECT_EQ(commit(dir), out.string() + ": received files while this command ran, and was left as it was");
  }
  EXPECT_EQ(entries(out), std::vector<std::string>{"mine.txt"});
}

TEST_P(CommitRace, WithNothingInTheWayTheOutputTakesItsPlace) {
  Scratch s("race_none");
  const fs::path out = s.path() / "out";
  earlier_output(out);
  {
    OutputDir dir(out.string(), true);
    EXPECT_EQ(commit(dir), "");
  }
  EXPECT_EQ(entries(s.path()), std::vector<std::string>{"out"});
  EXPECT_EQ(test::read((out / "region.csv").string()), "new\n");
}

// ---- the folder statecraft makes and holds (OwnFolder) ----------------------------------------------------

// make_own_folder makes the folder, holds it and makes its first file in it. A name already taken is the
// mkdir's error, not a swap: nothing is held, and what was there stays.
TEST(OwnFolderMade, IsHeldWithItsFirstFileAndATakenNameIsAnError) {
  Scratch s("own_made");
  const fs::path f = s.path() / "f";
  const NewFolder made = make_own_folder(f, "first");
  EXPECT_EQ(made.error, 0);
  EXPECT_FALSE(made.swapped);
  EXPECT_TRUE(made.folder.is_at(f));
  EXPECT_EQ(entries(f), std::vector<std::string>{"first"});
  const NewFolder again = make_own_folder(f, "second");
  EXPECT_EQ(again.error, EEXIST);
  EXPECT_FALSE(again.swapped);
  EXPECT_FALSE(again.folder.is_at(f));
  EXPECT_EQ(entries(f), std::vector<std::string>{"first"});
  // A first file that cannot be made takes the folder made for it away again.
  const NewFolder unmarked = make_own_folder(s.path() / "g", std::string(300, 'x'));
  EXPECT_EQ(unmarked.error, ENAMETOOLONG);
  EXPECT_FALSE(unmarked.swapped);
  EXPECT_EQ(entries(s.path()), std::vector<std::string>{"f"});
}

// Between make_own_folder's mkdir and its open, someone who may rename in the parent can put a folder of their
// own at the name. claim refuses what such a swap could bring, and leaves it as it was: a folder with anything
// in it, whatever its owner.
TEST(OwnFolderClaim, RefusesAFolderThatIsNotEmpty) {
  Scratch s("own_claim_full");
  const std::vector<std::function<void(const fs::path&)>> fill = {
      [](const fs::path& d) { std::ofstream(d / "thesis.docx") << "mine\n"; },
      [](const fs::path& d) { std::ofstream(d / ".hidden") << "mine\n"; },
      [](const fs::path& d) { fs::create_directory(d / "runs"); },
      [](const fs::path& d) { fs::create_symlink("/etc/passwd", d / "first"); },
  };
  for (std::size_t k = 0; k < fill.size(); ++k) {
    const fs::path d = s.path() / ("d" + std::to_string(k));
    fs::create_directory(d);
    fill[k](d);
    const std::vector<std::string> before = entries(d);
    EXPECT_EQ(OwnFolder(d).claim("first"), EEXIST) << before.front();
    EXPECT_EQ(entries(d), before);
  }
}

// An empty folder of another user's is refused too, and the file claim made in it to learn who owns the files
// made there is removed again. The comparison is with that file, not with this process's user: on a file system
// that gives every file one owner (vfat, a squashed NFS share) the folder statecraft makes is claimed.
TEST(OwnFolderClaim, RefusesAnEmptyFolderOfAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root, to give a folder to another user";
  Scratch s("own_claim_other");
  const fs::path theirs = s.path() / "theirs", ours = s.path() / "ours";
  fs::create_directory(theirs);
  ASSERT_EQ(::chown(theirs.c_str(), 65534, 65534), 0);
  EXPECT_EQ(OwnFolder(theirs).claim("first"), EEXIST);
  EXPECT_EQ(entries(theirs), std::vector<std::string>{});
  fs::create_directory(ours);
  EXPECT_EQ(OwnFolder(ours).claim("first"), 0);
  EXPECT_EQ(entries(ours), std::vector<std::string>{"first"});
}

// Syncing a file of the folder held goes through the folder, never through a link (at the name or on the way)
// and never waits on a pipe put at the name: a batch syncs its files every second while another user may be
// swapping them.
TEST(OwnFolderSync, SyncsOnlyItsOwnRegularFilesAndNeverWaitsOnAPipe) {
  Scratch s("own_sync");
  const fs::path d = s.path() / "d", elsewhere = s.path() / "elsewhere";
  fs::create_directories(d / "runs");
  fs::create_directory(elsewhere);
  std::ofstream(d / "a.csv") << "a\n";
  std::ofstream(d / "runs" / "b.csv") << "b\n";
  std::ofstream(elsewhere / "b.csv") << "b\n";
  ASSERT_EQ(::mkfifo((d / "pipe.csv").c_str(), 0644), 0);
  fs::create_symlink(elsewhere / "b.csv", d / "link.csv");
  fs::create_directory_symlink(elsewhere, d / "via");
  const OwnFolder held(d);
  EXPECT_EQ(held.sync_file("a.csv"), 0);
  EXPECT_EQ(held.sync_file("runs/b.csv"), 0);
  EXPECT_EQ(held.sync_file("pipe.csv"), EEXIST);
  EXPECT_EQ(held.sync_file("link.csv"), ELOOP);
  EXPECT_EQ(held.sync_file("via/b.csv"), ELOOP);
  EXPECT_EQ(held.sync_file("missing.csv"), ENOENT);
  EXPECT_EQ(OwnFolder().sync_file("a.csv"), ENOENT);
}

// A file is never made through a link to a folder on its way: the link's target stays as it was.
TEST(OwnFolderOpen, NeverMakesAFileThroughALinkedFolderOnTheWay) {
  Scratch s("own_open_via");
  const fs::path d = s.path() / "d", elsewhere = s.path() / "elsewhere";
  fs::create_directory(d);
  fs::create_directory(elsewhere);
  fs::create_directory_symlink(elsewhere, d / "runs");
  const OwnFolder held(d);
  errno = 0;
  EXPECT_EQ(held.open_file("runs/actors.csv"), -1);
  EXPECT_EQ(errno, ELOOP);
  EXPECT_EQ(entries(elsewhere), std::vector<std::string>{});
  const int fd = held.open_file("more/actors.csv");
  EXPECT_GE(fd, 0) << "folders on the way are made";
  if (fd >= 0) ::close(fd);
  EXPECT_EQ(entries(d / "more"), std::vector<std::string>{"actors.csv"});
}

}  // namespace
}  // namespace statecraft
