// Nothing lost (issue 12): no command deletes or replaces a file or folder it did not write, whatever the
// path, flags, scenario name or timing. Every writing command (run, run --runs, compare, sweep, calibrate,
// calibrate --midyear) is tried against foreign files, its own earlier outputs, the folder of its scenario,
// `..` and symbolic links, a second command at the same time, a folder appearing while it runs, and signals.
// Each command runs in a sandbox directory of its own, so relative paths mean what a user would mean.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "../test_util.hpp"
#include "statecraft/output/output_target.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

/// Leaves a Unix socket at `path` (as a server would), bound from its folder so that long paths fit.
void make_socket_at(const fs::path& path) {
  const fs::path back = fs::current_path();
  fs::current_path(path.parent_path());
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string name = path.filename().string();
  std::copy(name.begin(), name.end(), address.sun_path);
  const int bound = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  ::close(fd);
  fs::current_path(back);
  ASSERT_EQ(bound, 0) << path;
}

/// A scratch directory that commands run in; removed at the end.
class Sandbox {
 public:
  explicit Sandbox(const std::string& name) : path_(test::scratch_path(name)) { fs::create_directories(path_); }
  ~Sandbox() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& rel) const { return path_ / rel; }
  /// `statecraft ARGS`, run from the sandbox.
  test::CommandResult run(const std::string& args) const { return test::statecraft(path_.string(), "", args); }
  /// Writes `text` to a file (creating its folder).
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path_ / rel).parent_path());
    std::ofstream(path_ / rel, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

/// Every entry under `dir` (relative, sorted, directories with a trailing '/'), with hidden ones.
std::vector<std::string> tree(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const std::string rel = fs::relative(it->path(), dir).string();
    names.push_back(it->is_directory() && !it->is_symlink() ? rel + "/" : rel);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string scenario(const std::string& name) { return test::root() + "/scenarios/" + name; }

/// A writing command, with OUT where its output directory goes.
struct Writer {
  const char* name;
  std::string args;
  std::string with(const std::string& out) const {
    std::string a = args;
    a.replace(a.find("OUT"), 3, out);
    return a;
  }
};

std::vector<Writer> writers() {
  const std::string dilemma = scenario("security_dilemma.yaml") + " --steps 3";
  const std::string richardson = scenario("richardson_1909.yaml") + " --observed " + test::root() +
                                 "/data/richardson_1909_1913.csv";
  return {
      {"run", "run " + dilemma + " --out OUT"},
      {"ensemble", "run " + dilemma + " --runs 3 --jobs 2 --out OUT"},
      {"compare", "compare " + dilemma + " --runs 2 --jobs 2 --out OUT"},
      {"sweep", "sweep " + dilemma + " --param actors.A.growth=0:0.02:2 --runs 2 --out OUT"},
      {"calibrate", "calibrate " + richardson + " --fit actors.GER.fatigue --max-evals 30 --out OUT"},
      {"midyear", "calibrate " + richardson + " --midyear --out OUT"},
  };
}

class EveryWriter : public ::testing::TestWithParam<Writer> {};

INSTANTIATE_TEST_SUITE_P(Commands, EveryWriter, ::testing::ValuesIn(writers()),
                         [](const auto& info) { return std::string(info.param.name); });

const std::string kForeign =
    ", which statecraft did not write (expected a new or empty directory, or the outputs of an earlier statecraft "
    "command: --force replaces only those)\n";

// A manifest vouches only for names as statecraft writes them: one that names a file of the user's by a detour
// (x/../notes.txt, ./notes.txt, an absolute path) does not make it replaceable.
TEST_P(EveryWriter, AManifestCannotVouchForAFileByADetour) {
  Sandbox box(std::string("safety_detour_") + GetParam().name);
  box.write("d/region.csv", "step\n");
  box.write("d/notes.txt", "mine\n");
  box.write("d/manifest.json", R"({"program": "statecraft", "files": ["region.csv", "manifest.json", )"
                               R"("x/../notes.txt", "./notes.txt", ")" + (box / "d/notes.txt").string() + R"("]})");
  auto r = box.run(GetParam().with("d") + " --force");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: d: holds notes.txt" + kForeign);
  EXPECT_EQ(test::read((box / "d/notes.txt").string()), "mine\n");
}

// A manifest vouches only for names statecraft writes: one edited to list a file of the user's does not make
// --force remove it.
TEST_P(EveryWriter, AManifestCannotVouchForANameStatecraftNeverWrites) {
  Sandbox box(std::string("safety_unknown_name_") + GetParam().name);
  box.write("d/region.csv", "step\n");
  box.write("d/thesis.docx", "mine\n");
  box.write("d/runs/notes.csv", "mine\n");
  box.write("d/manifest.json", R"({"program": "statecraft", "files": ["region.csv", "manifest.json", )"
                               R"("thesis.docx", "runs/notes.csv"]})");
  auto r = box.run(GetParam().with("d") + " --force");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: d: holds runs/" + kForeign);  // a folder of nothing it vouches for
  fs::remove_all(box / "d/runs");
  r = box.run(GetParam().with("d") + " --force");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: d: holds thesis.docx" + kForeign);
  EXPECT_EQ(test::read((box / "d/thesis.docx").string()), "mine\n");
}

// Every file of every command's outputs, with the options that add files (kept runs, drivers, uncertain
// inputs, Sobol indices, forecasts), is one statecraft vouches for: --force can replace them all.
TEST(OutputNames, EveryCommandsOutputsAreItsOwn) {
  Sandbox box("safety_every_name");
  const std::string dilemma = scenario("security_dilemma.yaml") + " --steps 3";
  const std::vector<std::string> commands = {
      "run " + dilemma + " --out o1",
      "run " + dilemma + " --format wide --out o2",
      "run " + dilemma + " --runs 3 --keep-runs --out o3",
      "compare " + scenario("asia_pacific_2012.yaml") + " --steps 3 --runs 2 --uncertain --explain --keep-runs --out o4",
      "sweep " + dilemma + " --param actors.A.growth=0:0.05 --design sobol --samples 8 --runs 2 --keep-runs --out o5",
      "calibrate " + scenario("richardson_1909.yaml") + " --observed " + test::root() +
          "/data/richardson_1909_1913.csv --fit actors.GER.fatigue --max-evals 30 --to 1912 --out o6",
      "calibrate " + scenario("richardson_1909.yaml") + " --observed " + test::root() +
          "/data/richardson_1909_1913.csv --midyear --out o7"};
  for (std::size_t k = 0; k < commands.size(); ++k) {
    const std::string out = "o" + std::to_string(k + 1);
    auto r = box.run(commands[k]);
    ASSERT_EQ(r.code, 0) << commands[k] << "\n" << r.err;
    EXPECT_EQ(first_foreign_entry(box / out), "") << commands[k];
    EXPECT_EQ(box.run(commands[k] + " --force").code, 0) << commands[k];
  }
  EXPECT_TRUE(fs::exists(box / "o6/forecast.csv")) << "the forecast's file is among those tried";
}

// An output inside another statecraft output would be a foreign entry of the outer one, which --force would
// then refuse to replace: refused, at any depth.
TEST_P(EveryWriter, AnOutputInsideAnotherIsRefused) {
  Sandbox box(std::string("safety_nested_") + GetParam().name);
  ASSERT_EQ(box.run("run " + scenario("security_dilemma.yaml") + " --steps 2 --out outer").code, 0);
  const auto before = tree(box.path());
  for (const std::string inner : {"outer/inner", "outer/a/b"}) {
    auto r = box.run(GetParam().with(inner));
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "statecraft: error: " + inner + ": is inside the statecraft output directory " +
                         (box / "outer").string() + " (expected a path outside it, which --force can then replace)\n");
  }
  EXPECT_EQ(tree(box.path()), before);
}

TEST_P(EveryWriter, ForeignFilesAreRefusedEvenWithForce) {
  Sandbox box(std::string("safety_foreign_") + GetParam().name);
  box.write("d/thesis.txt", "four years of work\n");
  box.write("d/sub/notes.txt", "more\n");
  const auto before = tree(box.path());
  for (const char* force : {"", " --force"}) {
    auto r = box.run(GetParam().with("d") + force);
    EXPECT_EQ(r.code, 2) << r.err;
    EXPECT_EQ(r.err, "statecraft: error: d: holds sub/" + kForeign);
    EXPECT_EQ(tree(box.path()), before) << "nothing written, nothing left beside it";
  }
  EXPECT_EQ(test::read((box / "d/thesis.txt").string()), "four years of work\n");
}

TEST_P(EveryWriter, ItsOwnOutputIsReplacedOnlyWithForce) {
  Sandbox box(std::string("safety_own_") + GetParam().name);
  auto r = box.run(GetParam().with("out/a"));
  ASSERT_EQ(r.code, 0) << r.err;
  const auto first = tree(box / "out/a");
  r = box.run(GetParam().with("out/a"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: out/a: holds the outputs of an earlier run (pass --force to replace them, or "
                   "choose another --out)\n");
  r = box.run(GetParam().with("out/a") + " --force");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(tree(box / "out/a"), first);
  // Beside it: nothing but the output itself (no lock, staging, batch or backup directory).
  std::vector<std::string> beside;
  for (const auto& e : fs::directory_iterator(box / "out")) beside.push_back(e.path().filename().string());
  EXPECT_EQ(beside, std::vector<std::string>{"a"});
}

TEST_P(EveryWriter, ItsOwnOutputWithSomethingAddedIsRefused) {
  Sandbox box(std::string("safety_added_") + GetParam().name);
  ASSERT_EQ(box.run(GetParam().with("o")).code, 0);
  box.write("o/plots/figure.png", "a figure someone made\n");
  auto r = box.run(GetParam().with("o") + " --force");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: o: holds plots/" + kForeign);
  EXPECT_EQ(test::read((box / "o/plots/figure.png").string()), "a figure someone made\n");
}

TEST_P(EveryWriter, TheFolderOfItsScenarioIsNeverATarget) {
  Sandbox box(std::string("safety_input_") + GetParam().name);
  // A copy of the command with its inputs inside the sandbox: the scenario in inp/, --out inp (and --out .).
  std::string args = GetParam().with("inp");
  const std::string scenarios = test::root() + "/scenarios/", data = test::root() + "/data/";
  for (const std::string& dir : {scenarios, data}) {
    for (std::size_t at; (at = args.find(dir)) != std::string::npos;) {
      const std::size_t end = args.find(' ', at);
      const std::string file = args.substr(at + dir.size(), end - at - dir.size());
      fs::create_directories(box / "inp");
      fs::copy_file(dir + file, box / "inp" / file, fs::copy_options::overwrite_existing);
      args.replace(at, dir.size(), "inp/");
    }
  }
  const auto before = tree(box.path());
  auto r = box.run(args + " --force");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind("statecraft: error: inp: holds the input inp/", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(" (expected an output directory apart from the scenario and the data it reads)\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(tree(box.path()), before);
}

TEST_P(EveryWriter, DotDotIsResolvedBeforeTheCheck) {
  Sandbox box(std::string("safety_dotdot_") + GetParam().name);
  box.write("victim/data.csv", "precious\n");
  auto r = box.run(GetParam().with("nonexist/../victim"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: nonexist/../victim: holds data.csv" + kForeign);
  EXPECT_EQ(test::read((box / "victim/data.csv").string()), "precious\n");
  EXPECT_FALSE(fs::exists(box / "nonexist"));
}

TEST_P(EveryWriter, ALinkThenDotDotMeansWhatTheFileSystemMeans) {
  Sandbox box(std::string("safety_link_") + GetParam().name);
  // LINK/.. is real/, not the sandbox: the check and the write must both use real/victim.
  fs::create_directories(box / "real/inner");
  box.write("real/victim/data.csv", "precious\n");
  box.write("victim/other.csv", "also precious\n");
  fs::create_directory_symlink(box / "real/inner", box / "LINK");
  auto r = box.run(GetParam().with("LINK/../victim") + " --force");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: LINK/../victim: holds data.csv" + kForeign);
  EXPECT_EQ(test::read((box / "real/victim/data.csv").string()), "precious\n");
  EXPECT_EQ(test::read((box / "victim/other.csv").string()), "also precious\n");
  // A free name behind the link is written where the link leads.
  r = box.run(GetParam().with("LINK/../fresh"));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(box / "real/fresh/manifest.json"));
  EXPECT_FALSE(fs::exists(box / "fresh"));
}

TEST_P(EveryWriter, SymbolicLinksAreNeverTakenForItsOwnFiles) {
  Sandbox box(std::string("safety_symlink_") + GetParam().name);
  ASSERT_EQ(box.run(GetParam().with("o")).code, 0);
  // A link among its outputs, under the name of one of them, leads to a file it did not write.
  box.write("elsewhere/precious.txt", "precious\n");
  const fs::path victim = box / "elsewhere/precious.txt";
  std::string listed;
  for (const auto& e : fs::directory_iterator(box / "o"))
    if (e.path().filename() != "manifest.json" && e.is_regular_file()) listed = e.path().filename().string();
  ASSERT_FALSE(listed.empty());
  fs::remove(box / "o" / listed);
  fs::create_symlink(victim, box / "o" / listed);
  auto r = box.run(GetParam().with("o") + " --force");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: o: holds " + listed + kForeign);
  EXPECT_EQ(test::read(victim.string()), "precious\n");
  // A link that leads nowhere, as the target itself.
  fs::create_symlink(box / "missing", box / "dangling");
  r = box.run(GetParam().with("dangling"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: dangling: is a symbolic link to a missing path (expected a directory for the "
                   "outputs)\n");
  EXPECT_TRUE(fs::is_symlink(box / "dangling"));
}

// An empty --out (an unset shell variable) is a mistake, not the default directory.
TEST_P(EveryWriter, AnEmptyOutIsRefused) {
  Sandbox box(std::string("safety_empty_out_") + GetParam().name);
  auto r = box.run(GetParam().with("''"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: --out: is empty (expected an output directory, e.g. out/run)\n");
  EXPECT_EQ(tree(box.path()), std::vector<std::string>{});
}

TEST_P(EveryWriter, AFileOrTheRootIsRefusedWithExitCode2) {
  Sandbox box(std::string("safety_file_") + GetParam().name);
  box.write("notes.txt", "mine\n");
  auto r = box.run(GetParam().with("notes.txt"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: notes.txt: exists and is not a directory (expected a directory for the outputs)\n");
  r = box.run(GetParam().with("/"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: /: is the root directory (expected a directory of its own for the outputs)\n");
  EXPECT_FALSE(fs::exists("/..batch"));
  EXPECT_FALSE(fs::exists("/.lock"));
}

// The lock and staging names beside a target (.o.lock, .o.partial) are statecraft's only when statecraft made
// them: a user's file, hard link, link or folder of that name is neither removed nor written, and the command
// is refused before it writes anything.
TEST_P(EveryWriter, AUsersFilesAtTheLockOrStagingNameAreLeftAlone) {
  Sandbox box(std::string("safety_lock_names_") + GetParam().name);
  const std::string lock_refusal = "statecraft: error: o: .o.lock beside it was not made by statecraft (expected "
                                   "nothing of that name, or statecraft's lock: move it away, or choose another "
                                   "--out)\n";
  box.write("keep.txt", "my notes\n");
  const std::vector<std::function<void()>> users_lock = {
      [&] { box.write(".o.lock", "my lock notes\n"); },
      [&] { fs::create_hard_link(box / "keep.txt", box / ".o.lock"); },
      [&] { fs::create_directory(box / ".o.lock"); },
      [&] { fs::create_symlink("keep.txt", box / ".o.lock"); },
      [&] { ASSERT_EQ(::mkfifo((box / ".o.lock").c_str(), 0644), 0); },
      [&] { make_socket_at(box / ".o.lock"); },
  };
  for (const auto& make : users_lock) {
    make();
    const auto before = tree(box.path());
    auto r = box.run(GetParam().with("o"));
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, lock_refusal);
    EXPECT_EQ(tree(box.path()), before);
    EXPECT_EQ(test::read((box / "keep.txt").string()), "my notes\n");
    fs::remove_all(box / ".o.lock");
  }
  // A folder of the user's at the staging name: refused by the commands that stage there (one run, calibrate),
  // and left alone by the batches, which stage in .o.batch.
  box.write(".o.partial/mine.txt", "precious\n");
  auto r = box.run(GetParam().with("o"));
  const bool stages_there = std::string(GetParam().name) == "run" || std::string(GetParam().name) == "calibrate" ||
                            std::string(GetParam().name) == "midyear";
  EXPECT_EQ(r.code, stages_there ? 2 : 0) << r.err;
  if (stages_there) {
    EXPECT_EQ(r.err, "statecraft: error: o: .o.partial beside it was not made by statecraft (expected nothing of "
                     "that name, or what a stopped statecraft command staged there: move it away, or choose "
                     "another --out)\n");
  }
  EXPECT_EQ(test::read((box / ".o.partial/mine.txt").string()), "precious\n");
}

// An output named as statecraft's working files beside a target are (.NAME.partial, .NAME.batch, .NAME.lock)
// would be removed as a leftover by the next command on NAME: refused before anything is written.
TEST_P(EveryWriter, AnOutputNamedAsAWorkingFileIsRefused) {
  Sandbox box(std::string("safety_working_names_") + GetParam().name);
  for (const std::string kept : {".partial", ".batch", ".lock"}) {
    const auto r = box.run(GetParam().with(".res" + kept));
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "statecraft: error: .res" + kept + ": is named as statecraft's working files beside an output "
                     "are (.NAME" + kept + "), which a command on NAME removes (expected another name)\n");
    EXPECT_EQ(tree(box.path()), std::vector<std::string>{});
  }
}

// A pipe at .NAME.batch/spec.txt, where a batch reads what command made the folder, does not hang the batch.
TEST(OutputSafety, APipeInAFolderAtTheBatchNameIsRefusedWithoutWaiting) {
  Sandbox box("safety_batch_fifo");
  fs::create_directory(box / ".o.batch");
  ASSERT_EQ(::mkfifo((box / ".o.batch/spec.txt").c_str(), 0644), 0);
  const auto r = box.run("run " + scenario("security_dilemma.yaml") + " --steps 3 --runs 4 --out o");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: o: .o.batch beside it was not made by statecraft (expected nothing of that "
                   "name, or what a stopped statecraft batch left there: move it away, or choose another --out)\n");
  EXPECT_EQ(tree(box.path()), (std::vector<std::string>{".o.batch/", ".o.batch/spec.txt"}));
}

/// Runs `statecraft ARGS` in `box` as the user nobody (root can read and remove anything).
test::CommandResult as_nobody(const Sandbox& box, const std::string& env, const std::string& args) {
  return test::statecraft(box.path().string(), "runuser -u nobody -- env " + env + " ", args);
}

/// Opens `box` to every user and puts a scenario in it, s.yaml, that nobody can read: for as_nobody.
void share_with_nobody(const Sandbox& box) {
  fs::permissions(box.path(), fs::perms::all);
  box.write("s.yaml", test::read(scenario("security_dilemma.yaml")));
}

/// Whether this test may run statecraft as nobody: as root, with runuser, and with the binary where nobody can
/// reach it (a checkout under /root is not).
bool can_run_as_nobody() {
  return ::geteuid() == 0 && std::system("command -v runuser >/dev/null 2>&1") == 0 &&
         std::system(("runuser -u nobody -- test -x " + std::string(STATECRAFT_BINARY)).c_str()) == 0;
}

// What cannot be checked or removed is not written into: a folder of the stopped batch that cannot be read (it
// could hide a link), and a leftover that cannot be removed whole (what stays could be a link).
TEST(OutputSafety, WhatCannotBeCheckedOrRemovedIsNotWrittenInto) {
  if (!can_run_as_nobody()) GTEST_SKIP() << "needs root, runuser and a binary nobody can run";
  Sandbox box("safety_unreadable");
  share_with_nobody(box);
  box.write("notes.txt", "precious\n");
  fs::permissions(box / "notes.txt", fs::perms::all);
  const std::string batch = "run s.yaml --runs 30 --jobs 1 --out o";
  ASSERT_EQ(as_nobody(box, "STATECRAFT_FAULT_KILL_AFTER=5", batch).code, 137);
  fs::create_directory(box / ".o.batch/hidden");
  fs::create_symlink("../notes.txt", box / ".o.batch/hidden/x");
  fs::permissions(box / ".o.batch/hidden", fs::perms::none);
  ::chown((box / ".o.batch/hidden").c_str(), 65534, 65534);
  auto r = as_nobody(box, "", batch + " --resume");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: o: .o.batch/hidden cannot be read (Permission denied), so what it holds "
                   "cannot be checked (expected the batch's own file or nothing there: remove it, and --resume runs "
                   "its runs again; or choose another --out)\n");
  EXPECT_EQ(test::read((box / "notes.txt").string()), "precious\n");
  fs::permissions(box / ".o.batch/hidden", fs::perms::owner_all);
  fs::remove_all(box / ".o.batch");
  // A leftover staging folder (marked as statecraft's) holding a read-only folder with a link in it.
  box.write(".o.partial/" + std::string(kStagingMark), "");
  box.write(".o.partial/sub/keep", "");
  fs::create_symlink("../../notes.txt", box / ".o.partial/sub/actors.csv");
  for (const char* p : {".o.partial", ".o.partial/sub"}) ::chown((box / p).c_str(), 65534, 65534);
  fs::permissions(box / ".o.partial/sub", fs::perms::owner_read | fs::perms::owner_exec);
  r = as_nobody(box, "", "run s.yaml --steps 3 --out o");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "statecraft: error: o: cannot remove .o.partial, what a stopped command staged beside it: "
                   "Permission denied (expected statecraft to be able to remove it: move it away, or choose another "
                   "--out)\n");
  EXPECT_EQ(test::read((box / "notes.txt").string()), "precious\n");
  EXPECT_FALSE(fs::exists(box / "o"));
  fs::permissions(box / ".o.partial/sub", fs::perms::owner_all);
}

// Outputs of another user (root), replaced with --force by one who may rename in the folder but not empty
// theirs: the new outputs are in place, and what is left of the old ones is said, not hidden. It is left under a
// name of its own, not at the staging name, where the next command would refuse it as someone else's folder.
// A name so long that the working names beside it (.NAME.old-PID) would not fit is refused before anything is
// made; one a byte shorter is written, by a single run and by a batch alike.
TEST_P(EveryWriter, ANameTooLongForTheWorkingNamesBesideItIsRefused) {
  Sandbox box(std::string("safety_long_name_") + GetParam().name);
  const std::string longest(242, 'a'), too_long(243, 'a');
  const auto before = tree(box.path());
  auto r = box.run(GetParam().with(too_long));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: " + too_long + ": its name is 243 bytes long (expected at most 242 bytes: "
                   "statecraft's working name beside it, .NAME.old-PID, adds up to 13 to the 255 a file name may "
                   "have)\n");
  EXPECT_EQ(tree(box.path()), before) << "nothing made";
  // Through a link, the name it leads to counts.
  fs::create_directory(box / too_long);
  fs::create_symlink(box / too_long, box / "link");
  r = box.run(GetParam().with("link"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind("statecraft: error: link: leads to a name 243 bytes long (expected at most 242 bytes", 0), 0u)
      << r.err;
  fs::remove(box / "link");
  fs::remove(box / too_long);
  r = box.run(GetParam().with(longest));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(box / longest / "manifest.json"));
  r = box.run(GetParam().with(longest) + " --force");
  EXPECT_EQ(r.code, 0) << r.err;
}

// Outputs of this user's in a folder it may no longer write in: what cannot be made is what goes beside them,
// and they are left as they were.
TEST(OutputSafety, OutputsInAFolderThisUserMayNotWriteInAreLeftAndTheFolderNamed) {
  if (!can_run_as_nobody()) GTEST_SKIP() << "needs root, runuser and a binary nobody can run";
  Sandbox box("safety_parent_unwritable");
  share_with_nobody(box);
  fs::create_directory(box / "p");
  ASSERT_EQ(::chown((box / "p").c_str(), 65534, 65534), 0);
  ASSERT_EQ(as_nobody(box, "", "run s.yaml --steps 2 --out p/o").code, 0);
  fs::permissions(box / "p", fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                 fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  const auto before = tree(box / "p");
  const auto r = as_nobody(box, "", "run s.yaml --steps 2 --out p/o --force");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "statecraft: error: p/o: cannot write in " + (box / "p").string() + ", where its new outputs and "
                   "statecraft's working files beside it (.o.lock) go: Permission denied\n");
  EXPECT_EQ(tree(box / "p"), before);
  fs::permissions(box / "p", fs::perms::owner_all);
}

// A write-protected folder among the outputs (a batch's runs/) is named as a folder.
TEST(OutputSafety, AWriteProtectedFolderAmongTheOutputsIsRefused) {
  Sandbox box("safety_write_protected_runs");
  const std::string command = "run " + scenario("security_dilemma.yaml") + " --steps 3 --runs 2 --keep-runs --out o";
  ASSERT_EQ(box.run(command).code, 0);
  const auto before = tree(box.path());
  fs::permissions(box / "o/runs", fs::perms::owner_read | fs::perms::owner_exec);
  const auto r = box.run(command + " --force");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: o/runs: is write-protected (expected outputs statecraft may replace: make the "
                   "folder writable, or choose another --out)\n");
  EXPECT_EQ(tree(box.path()), before);
  fs::permissions(box / "o/runs", fs::perms::owner_all);
}

TEST(OutputSafety, AnotherUsersOutputsAreNotReplaced) {
  if (!can_run_as_nobody()) GTEST_SKIP() << "needs root, runuser and a binary nobody can run";
  Sandbox box("safety_another_users");
  share_with_nobody(box);
  const std::string batch = "run s.yaml --steps 4 --runs 2 --keep-runs --out o --force";
  for (const std::string& command : {std::string("run s.yaml --steps 4 --out o --force"), batch}) {
    ASSERT_EQ(box.run(command).code, 0);  // root's, 0755
    const auto before = tree(box.path());
    auto r = as_nobody(box, "", command);
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "statecraft: error: o: is not writable by this user (expected a directory statecraft may write "
                     "to: choose another --out, or ask its owner to replace it)\n");
    EXPECT_EQ(tree(box.path()), before);
    // Its owner's own folder, but a kept-runs folder in it that is root's: named.
    if (command == batch) {
      for (const auto& e : fs::recursive_directory_iterator(box / "o")) ::lchown(e.path().c_str(), 65534, 65534);
      ::chown((box / "o").c_str(), 65534, 65534);
      ::chown((box / "o/runs").c_str(), 0, 0);
      r = as_nobody(box, "", command);
      EXPECT_EQ(r.code, 2);
      EXPECT_EQ(r.err, "statecraft: error: o/runs: is not writable by this user (expected outputs statecraft may "
                       "replace: choose another --out, or ask its owner to replace it)\n");
      EXPECT_EQ(tree(box.path()), before);
    }
    fs::remove_all(box / "o");
  }
}

// A regular file at the lock's name that this user cannot open for writing (another user's lock, or the user's
// own read-only file) is named, and left alone. Tried as an unprivileged user, since root can write any file.
TEST(OutputSafety, ALockThisUserCannotWriteIsNamedAndLeftAlone) {
  if (!can_run_as_nobody()) GTEST_SKIP() << "needs root, runuser and a binary nobody can run";
  Sandbox box("safety_lock_unwritable");
  share_with_nobody(box);
  box.write(".o.lock", "4242");
  fs::permissions(box / ".o.lock", fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  const auto r = as_nobody(box, "", "run s.yaml --steps 3 --out o");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "statecraft: error: o: cannot open .o.lock beside it: Permission denied (expected statecraft's "
                   "lock, writable by this user: if no command is writing there, move it away, or choose another "
                   "--out)\n");
  EXPECT_EQ(test::read((box / ".o.lock").string()), "4242");
  EXPECT_EQ(tree(box.path()), (std::vector<std::string>{".o.lock", "s.yaml"}));
}

// Killed after the swap, a command leaves the outputs it replaced at the staging name, without the staging mark:
// they are statecraft's outputs (every entry listed by its manifest), and the next command removes them.
TEST(OutputSafety, ReplacedOutputsLeftAtTheStagingNameAreRemovedByTheNextCommand) {
  Sandbox box("safety_left_old");
  const std::string run = "run " + scenario("security_dilemma.yaml") + " --steps 3 --out o";
  ASSERT_EQ(box.run(run).code, 0);
  fs::copy(box / "o", box / ".o.partial", fs::copy_options::recursive);
  const auto r = box.run(run + " --force");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(fs::exists(box / ".o.partial"));
}

// The outputs replace their directory whole: a target that is the working directory, or holds it, would leave
// the shell in a removed directory. And a replaced folder keeps its mode: a private one stays private.
TEST_P(EveryWriter, TheWorkingDirectoryIsRefusedAndAReplacedFolderKeepsItsMode) {
  Sandbox box(std::string("safety_cwd_") + GetParam().name);
  fs::create_directories(box / "here/sub");
  auto r = test::statecraft((box / "here").string(), "", GetParam().with("."));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: .: is the current directory (expected a directory apart from it, such as "
                   "out/NAME: the outputs replace their directory whole, which would leave the shell in a removed "
                   "one)\n");
  r = test::statecraft((box / "here/sub").string(), "", GetParam().with(".."));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("statecraft: error: ..: is the current directory or holds it ("), std::string::npos) << r.err;
  EXPECT_EQ(tree(box / "here"), std::vector<std::string>{"sub/"});

  fs::create_directory(box / "private");
  fs::permissions(box / "private", fs::perms::owner_all);
  r = box.run(GetParam().with("private"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(fs::status(box / "private").permissions() & fs::perms::all, fs::perms::owner_all);
  r = box.run(GetParam().with("private") + " --force");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(fs::status(box / "private").permissions() & fs::perms::all, fs::perms::owner_all);
  // A folder shared with a group keeps its group's rights.
  fs::create_directory(box / "shared");
  fs::permissions(box / "shared", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  r = box.run(GetParam().with("shared"));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(fs::status(box / "shared").permissions() & fs::perms::all,
            fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  EXPECT_FALSE(fs::exists(box / "shared/checkpoint.bin"));
  EXPECT_FALSE(fs::exists(box / "shared/spec.txt"));
}

// Taking write permission away is how results are kept: a write-protected target, empty or holding outputs,
// or outputs with a write-protected file, are refused even with --force, and left as they were.
TEST_P(EveryWriter, AWriteProtectedTargetOrFileIsRefused) {
  Sandbox box(std::string("safety_write_protected_") + GetParam().name);
  const fs::perms read_only = fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                              fs::perms::group_exec;
  fs::create_directory(box / "empty");
  fs::permissions(box / "empty", read_only);
  auto r = box.run(GetParam().with("empty"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: empty: is write-protected (expected a directory statecraft may write to: make "
                   "it writable, or choose another --out)\n");
  EXPECT_EQ(fs::status(box / "empty").permissions() & fs::perms::all, read_only);
  ASSERT_EQ(box.run(GetParam().with("kept")).code, 0);
  const auto before = tree(box / "kept");
  fs::permissions(box / "kept", read_only);
  r = box.run(GetParam().with("kept") + " --force");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: kept: is write-protected (expected a directory statecraft may write to: make "
                   "it writable, or choose another --out)\n");
  fs::permissions(box / "kept", fs::perms::owner_all);
  const std::string file = before.front();
  fs::permissions(box / "kept" / file, fs::perms::owner_read);
  r = box.run(GetParam().with("kept") + " --force");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: kept/" + file + ": is write-protected (expected outputs statecraft may replace: "
                   "make the file writable, or choose another --out)\n");
  EXPECT_EQ(tree(box / "kept"), before);
  fs::permissions(box / "kept" / file, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(box.run(GetParam().with("kept") + " --force").code, 0);
  for (const char* d : {"empty", "kept"}) fs::permissions(box / d, fs::perms::owner_all);
}

TEST_P(EveryWriter, ASecondCommandOnAClaimedTargetIsRefused) {
  Sandbox box(std::string("safety_claimed_") + GetParam().name);
  // What a running command holds: the lock beside its target (the file is what a crash leaves behind).
  const fs::path lock = box / ".o.lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::write(fd, "4242", 4), 4);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  auto r = box.run(GetParam().with("o") + " --force");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: o: another statecraft command (process 4242) is writing there (expected one command "
                   "at a time per output directory: wait for it, or choose another --out)\n");
  EXPECT_FALSE(fs::exists(box / "o"));
  ::close(fd);  // the holder ends: a lock file it left behind does not stop the next command
  r = box.run(GetParam().with("o"));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(fs::exists(lock));
}

// ---- the default output and its name -------------------------------------------------------------------

TEST(OutputSafety, DefaultOutputsLiveUnderOut) {
  Sandbox box("safety_default");
  const std::string dilemma = scenario("security_dilemma.yaml") + " --steps 3";
  ASSERT_EQ(box.run("run " + dilemma).code, 0);
  ASSERT_EQ(box.run("run " + dilemma + " --variant both_bop").code, 0);
  ASSERT_EQ(box.run("run " + dilemma + " --runs 2").code, 0);
  ASSERT_EQ(box.run("compare " + dilemma + " --runs 2").code, 0);
  ASSERT_EQ(box.run("sweep " + dilemma + " --param actors.A.growth=0:0.02:2 --runs 1").code, 0);
  std::vector<std::string> made;
  for (const auto& e : fs::directory_iterator(box / "out")) made.push_back(e.path().filename().string());
  std::sort(made.begin(), made.end());
  EXPECT_EQ(made, (std::vector<std::string>{"security_dilemma", "security_dilemma_both_bop", "security_dilemma_compare",
                                            "security_dilemma_ensemble", "security_dilemma_sweep"}));
  std::vector<std::string> top;
  for (const auto& e : fs::directory_iterator(box.path())) top.push_back(e.path().filename().string());
  EXPECT_EQ(top, std::vector<std::string>{"out"});
}

// ---- timing: a folder that appears, two commands at once, signals ---------------------------------------

/// Starts `statecraft ARGS` in the background from `dir`; returns its pid.
pid_t spawn(const fs::path& dir, const std::string& args, const std::string& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(126);
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::execl("/bin/sh", "sh", "-c", (std::string("exec ") + STATECRAFT_BINARY + " " + args).c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

/// Waits up to `seconds` for `p` to exist.
bool wait_for(const fs::path& p, double seconds = 60) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (fs::exists(p)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

/// The exit status of `pid` as a shell reports it (128 + signal for a process a signal ended). A command that
/// has not ended after two minutes hangs: it is killed, and the test fails rather than wait for ever.
int exit_code(pid_t pid) {
  int status = 0;
  const auto end = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > end) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ADD_FAILURE() << "the command hung, and was killed after two minutes";
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// A batch long enough to be caught in the act: tens of seconds unless something stops it (and so, were it
/// to finish, more output than the default limit allows).
const std::string kLongBatch = "run " + scenario("security_dilemma.yaml") +
                               " --runs 5000000 --jobs 1 --max-output-size 100000000000 --out o";

TEST(OutputSafety, TwoCommandsOnOneTargetOneIsRefusedAndTheOtherWrites) {
  Sandbox box("safety_concurrent");
  const pid_t first = spawn(box.path(), kLongBatch + " --force", (box / "first.log").string());
  ASSERT_TRUE(wait_for(box / ".o.batch/checkpoint.bin"));
  auto r = box.run("run " + scenario("security_dilemma.yaml") + " --runs 3 --out o --force");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: o: another statecraft command (process " + std::to_string(first) +
                       ") is writing there (expected one command at a time per output directory: wait for it, or "
                       "choose another --out)\n");
  ::kill(first, SIGINT);
  EXPECT_EQ(exit_code(first), 130);
  EXPECT_TRUE(fs::exists(box / ".o.batch/checkpoint.bin")) << "an interrupted batch keeps its finished runs";
  EXPECT_FALSE(fs::exists(box / "o"));
  EXPECT_FALSE(fs::exists(box / ".o.lock"));
}

TEST(OutputSafety, AFolderThatAppearsDuringARunIsLeftAlone) {
  Sandbox box("safety_appeared");
  // A batch that takes a few seconds; the folder appears while it runs.
  const pid_t pid = spawn(box.path(), "run " + scenario("asia_pacific_2012.yaml") + " --runs 10000 --jobs 1 --out o",
                          (box / "batch.log").string());
  ASSERT_TRUE(wait_for(box / ".o.batch/checkpoint.bin"));
  box.write("o/mine.txt", "made meanwhile\n");
  EXPECT_EQ(exit_code(pid), 1);
  const std::string err = test::read((box / "batch.log").string());
  EXPECT_EQ(err, "statecraft: error: o: appeared while this command ran, and was left as it was (the finished runs are "
                 "kept in .o.batch: move it out of the way, then run the same command with --resume)\n");
  EXPECT_EQ(tree(box / "o"), std::vector<std::string>{"mine.txt"});
  // Out of the way, the same command with --resume writes the finished batch without running it again.
  fs::rename(box / "o", box / "mine");
  auto r = box.run("run " + scenario("asia_pacific_2012.yaml") + " --runs 10000 --jobs 1 --out o --resume");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(box / "o/ensemble.csv"));
  EXPECT_FALSE(fs::exists(box / ".o.batch"));
}

TEST(OutputSafety, SignalsOnASingleRunLeaveNothingAndExitAsTheShellExpects) {
  Sandbox box("safety_signals");
  const std::string long_run = "run " + scenario("richardson_two_power.yaml") +
                               " --steps 1000000 --max-steps 1000000 --max-output-size 100000000000 --out o";
  for (const auto& [sig, code] : std::vector<std::pair<int, int>>{{SIGINT, 130}, {SIGTERM, 143}, {SIGHUP, 129}}) {
    const pid_t pid = spawn(box.path(), long_run, (box / "run.log").string());
    ASSERT_TRUE(wait_for(box / ".o.partial"));
    ::kill(pid, sig);
    EXPECT_EQ(exit_code(pid), code) << "signal " << sig;
    EXPECT_EQ(test::read((box / "run.log").string()).rfind("statecraft: interrupted at step ", 0), 0u)
        << test::read((box / "run.log").string());
    fs::remove(box / "run.log");
    EXPECT_EQ(tree(box.path()), std::vector<std::string>{}) << "signal " << sig;
  }
}

/// One line of /proc/PID/status, such as "ShdPnd:\t0000000000000002", or "" if the process is gone.
std::string status_line(pid_t pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + ":", 0) == 0) return line;
  return "";
}

/// The state letter of `pid` (R, S, D, Z...), or '?' if it is gone.
char process_state(pid_t pid) {
  const std::string line = status_line(pid, "State");
  return line.size() > 7 ? line[7] : '?';
}

/// Waits until `sig`, sent to `pid`, is no longer pending for the process (a thread has taken it into its
/// handler); false after a second.
bool wait_until_taken(pid_t pid, int sig) {
  for (int i = 0; i < 1000; ++i) {
    const std::string line = status_line(pid, "ShdPnd");
    if (line.empty()) return false;
    const unsigned long long pending = std::stoull(line.substr(line.find('\t') + 1), nullptr, 16);
    if ((pending & (1ull << (sig - 1))) == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

// Another user with write access to the folder holding the target (a shared folder without the sticky bit) can
// swap statecraft's staging folder for one of links to a file of the command's user, and of pipes. Nothing is
// written through them, no sync waits on a pipe, the swapped-in folder does not take the target's place, and it
// is not removed. (The swap comes once the command holds its folder, which it does before the folder's first
// file appears: a swap between its mkdir and its open is OwnFolderTest's.)
TEST(OutputSafety, AStagingFolderSwappedWhileTheCommandRunsIsNotWrittenThroughNorCommitted) {
  Sandbox box("safety_swapped_staging");
  box.write("victim.txt", "precious\n");
  const std::vector<std::string> names = {"manifest.json", "actors.csv", "pairs.csv", "region.csv", "events.csv",
                                          "drivers.csv", "ensemble.csv", "experiments.csv", "outcomes.csv",
                                          "outcomes_summary.csv", "checkpoint.bin", "spec.txt"};
  const auto swap_in_links = [&](const std::string& staging, bool mark) {
    fs::rename(box / staging, box / "stolen");
    fs::create_directory(box / staging);
    if (mark) box.write(staging + "/" + kStagingMark, "");
    for (const auto& n : names)
      if (n == "actors.csv" || n == "checkpoint.bin")
        ASSERT_EQ(::mkfifo((box / staging / n).c_str(), 0644), 0);
      else
        fs::create_symlink(box / "victim.txt", box / staging / n);
  };
  const std::string single = "run " + scenario("richardson_two_power.yaml") +
                             " --steps 100000 --max-steps 100000 --max-output-size 100000000000 --out o";
  pid_t pid = spawn(box.path(), single, (box / "run.log").string());
  ASSERT_TRUE(wait_for(box / ".o.partial" / kStagingMark));
  swap_in_links(".o.partial", true);
  EXPECT_EQ(exit_code(pid), 1) << test::read((box / "run.log").string());
  EXPECT_EQ(test::read((box / "victim.txt").string()), "precious\n");
  EXPECT_FALSE(fs::exists(box / "o"));
  EXPECT_TRUE(fs::is_symlink(box / ".o.partial/manifest.json")) << "the folder put there is left as it was";
  fs::remove_all(box / ".o.partial");
  fs::remove_all(box / "stolen");
  fs::remove(box / "run.log");

  pid = spawn(box.path(), "run " + scenario("asia_pacific_2012.yaml") + " --runs 10000 --jobs 1 --out o",
              (box / "batch.log").string());
  ASSERT_TRUE(wait_for(box / ".o.batch/checkpoint.bin"));
  swap_in_links(".o.batch", false);
  EXPECT_EQ(exit_code(pid), 1) << test::read((box / "batch.log").string());
  const std::string replaced = "statecraft: error: o: .o.batch, where this batch wrote its outputs, was replaced while "
                               "it ran (expected the folder it made; o is left as it was, and the finished runs went "
                               "with the folder that was moved away)\n";
  EXPECT_EQ(test::read((box / "batch.log").string()), replaced);
  EXPECT_EQ(test::read((box / "victim.txt").string()), "precious\n");
  EXPECT_FALSE(fs::exists(box / "o"));
  fs::remove_all(box / ".o.batch");
  fs::remove_all(box / "stolen");

  // The folder swapped for a link to a folder of the user's: its files are not written through either.
  for (const auto& n : names) box.write("victims/" + n, "precious\n");
  for (const std::string staging : {".o.partial", ".o.batch"}) {
    const bool one_run = staging == ".o.partial";
    pid = spawn(box.path(), one_run ? single : "run " + scenario("asia_pacific_2012.yaml") + " --runs 10000 --jobs 1 --out o",
                (box / "log").string());
    ASSERT_TRUE(wait_for(box / staging / (one_run ? kStagingMark : "checkpoint.bin")));
    fs::rename(box / staging, box / "stolen");
    fs::create_directory_symlink(box / "victims", box / staging);
    EXPECT_EQ(exit_code(pid), 1) << test::read((box / "log").string());
    if (!one_run) {
      EXPECT_EQ(test::read((box / "log").string()), replaced);
    }
    for (const auto& n : names) EXPECT_EQ(test::read((box / ("victims/" + n)).string()), "precious\n") << staging << n;
    EXPECT_EQ(tree(box / "victims").size(), names.size()) << "nothing made in it";
    EXPECT_TRUE(fs::is_symlink(box / staging)) << "left as it was";
    EXPECT_FALSE(fs::exists(box / "o"));
    fs::remove(box / staging);
    fs::remove_all(box / "stolen");
  }
}

// GNU timeout signals the command and then its process group, and Ctrl-C reaches every process of a terminal's
// group: the same request arrives twice at once, and is heard once. (A second signal a second or more later
// ends the program at once, saying "statecraft: stopped at once by a second signal"; no command here takes a
// second to stop, so that is not tested.)
TEST(OutputSafety, ASignalSentTwiceAtOnceIsOneRequest) {
  Sandbox box("safety_signal_twice");
  // Steps of a world of twelve, whose staged files take tens of milliseconds to stop writing and remove.
  const std::string long_run = "run " + scenario("asia_pacific_2012.yaml") +
                               " --steps 100000 --max-steps 100000 --max-output-size 100000000000 --out o";
  const pid_t pid = spawn(box.path(), long_run, (box / "run.log").string());
  ASSERT_TRUE(wait_for(box / ".o.partial"));
  std::this_thread::sleep_for(std::chrono::seconds(1));  // tens of megabytes staged
  ::kill(pid, SIGINT);
  // The second only once the first has been taken (two signals pending at once are merged into one by the
  // kernel, which would prove nothing), and while the command is still stopping, well within the second that
  // makes them one request.
  ASSERT_TRUE(wait_until_taken(pid, SIGINT));
  ::kill(pid, SIGINT);
  ASSERT_NE(process_state(pid), 'Z') << "the command ended before the second signal: the test proves nothing";
  EXPECT_EQ(exit_code(pid), 130);
  EXPECT_EQ(test::read((box / "run.log").string()).rfind("statecraft: interrupted at step ", 0), 0u)
      << test::read((box / "run.log").string());
  fs::remove(box / "run.log");
  EXPECT_EQ(tree(box.path()), std::vector<std::string>{}) << "what was staged is removed";
}

TEST(OutputSafety, SignalsOnABatchKeepTheFinishedRunsAndExitAsTheShellExpects) {
  Sandbox box("safety_batch_signals");
  for (const auto& [sig, code] : std::vector<std::pair<int, int>>{{SIGTERM, 143}, {SIGHUP, 129}}) {
    const pid_t pid = spawn(box.path(), kLongBatch + " --force", (box / "batch.log").string());
    ASSERT_TRUE(wait_for(box / ".o.batch/checkpoint.bin"));
    ::kill(pid, sig);
    EXPECT_EQ(exit_code(pid), code) << "signal " << sig;
    EXPECT_NE(test::read((box / "batch.log").string()).find("runs; the finished runs are kept"), std::string::npos);
    EXPECT_FALSE(fs::exists(box / "o"));
    EXPECT_FALSE(fs::exists(box / ".o.lock"));
    // The kept batch goes before the next signal: its checkpoint would otherwise be there at once, and the signal
    // could reach the next command before it has set its handlers (killed outright, without its message).
    EXPECT_TRUE(fs::exists(box / ".o.batch/checkpoint.bin"));
    fs::remove_all(box / ".o.batch");
  }
}

// A --force batch killed over earlier outputs has left them in place: --resume alone says that completing it
// would replace them and asks for --force again; once finished, --resume says there is nothing to resume.
// Either way the earlier outputs are kept until the batch that replaces them has finished.
TEST(OutputSafety, ResumingOverEarlierOutputsAsksForForceAgain) {
  Sandbox box("safety_resume_force");
  const std::string cmd = "run " + scenario("security_dilemma.yaml") + " --runs 6 --out out/fin";
  ASSERT_EQ(box.run(cmd).code, 0);
  const auto first = tree(box / "out/fin");
  EXPECT_EQ(test::statecraft(box.path().string(), "STATECRAFT_FAULT_KILL_AFTER=3 ", cmd + " --force").code, 137);
  auto r = box.run(cmd + " --resume");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: out/fin: holds the outputs of an earlier command, which completing the "
                   "unfinished batch would replace (pass --force with --resume to complete it and replace them)\n");
  EXPECT_EQ(tree(box / "out/fin"), first);
  r = box.run(cmd + " --resume --force");
  EXPECT_EQ(r.code, 0) << r.err;
  r = box.run(cmd + " --resume");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "statecraft: error: out/fin: holds the outputs of a finished command, and there is no unfinished "
                   "batch to resume (pass --force without --resume to run it again, or choose another --out)\n");
}

}  // namespace
}  // namespace statecraft
