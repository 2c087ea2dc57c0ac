#include "statecraft/output/output_target.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <fcntl.h>
#include <fstream>
#include <set>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "statecraft/output/columns.hpp"
#include "statecraft/scenario/error.hpp"
#include "statecraft/util/printable.hpp"

namespace fs = std::filesystem;

namespace statecraft {
namespace {

constexpr std::uintmax_t kMaxManifestBytes = 64u << 20;

/// What in the path itself keeps `parent` from being created: the first of its ancestors that exists but is not
/// a directory, or is a symbolic link that leads nowhere; empty if none (the file system refused).
std::string path_blocked_by(const fs::path& parent) {
  std::error_code e;
  for (fs::path p = parent; !p.empty(); p = p.parent_path()) {
    const fs::file_status own = fs::symlink_status(p, e);
    if (fs::is_symlink(own) && !fs::exists(p, e)) return p.string() + " is a symbolic link to a missing path";
    if (fs::exists(p, e) && !fs::is_directory(p, e)) return p.string() + " is not a directory";
    if (p == p.parent_path()) break;
  }
  return "";
}

/// The outermost directory of `parent` that does not exist yet (what create_directories will create).
fs::path first_missing(const fs::path& parent) {
  std::error_code e;
  fs::path missing;
  for (fs::path p = parent; !p.empty() && !fs::exists(p, e); p = p.parent_path()) {
    missing = p;
    if (p == p.parent_path()) break;
  }
  return missing;
}

/// Whether `inner` is `outer` or lies below it (both resolved paths).
bool within(const fs::path& inner, const fs::path& outer) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i)
    if (i == inner.end() || *i != *o) return false;
  return true;
}

/// The longest file name Linux file systems take (NAME_MAX).
constexpr std::size_t kNameMax = 255;

/// Whether statecraft writes a file of this name in an output directory: what a manifest may vouch for, so that
/// a manifest edited to list a file of the user's does not make --force remove it. Every command's manifest
/// lists only these (tests/unit/cli/output_safety_test.cpp checks each command's outputs).
bool statecraft_writes(const fs::path& p) {
  static const std::set<std::string> top = [] {
    std::set<std::string> names = {
        "manifest.json",
        // run --runs, compare, sweep
        "experiments.csv", "ensemble.csv", "outcomes.csv", "outcomes_summary.csv", "compare_summary.csv",
        "compare_robust.csv", "compare_trends.csv", "compare_drivers.csv", "compare_sensitivity.csv",
        "compare_runs.csv", "sweep.csv", "sobol.csv",
        // calibrate
        "calibration.csv", "residuals.csv", "fit.csv", "forecast.csv", "fitted.yaml", "series.csv", "midyear.csv"};
    for (TrendFile f : {TrendFile::Actors, TrendFile::Pairs, TrendFile::Region, TrendFile::Events, TrendFile::Drivers})
      names.emplace(trend_table(f).file);  // run's
    return names;
  }();
  static const std::set<std::string> runs = [] {
    std::set<std::string> names;
    for (TrendFile f : kRunsFiles) names.emplace(trend_table(f).file);  // a batch's with --keep-runs
    return names;
  }();
  const std::vector<fs::path> parts(p.begin(), p.end());
  if (parts.size() == 1) return top.count(parts[0].string()) > 0;
  return parts.size() == 2 && parts[0] == "runs" && runs.count(parts[1].string()) > 0;
}

/// The files a statecraft manifest in `dir` lists that statecraft writes, as normalised relative paths; empty
/// if there is no readable manifest written by statecraft.
std::set<fs::path> listed_files(const fs::path& dir) {
  std::set<fs::path> files;
  const fs::path manifest = dir / "manifest.json";
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(manifest, ec);
  if (ec || !fs::is_regular_file(st) || fs::file_size(manifest, ec) > kMaxManifestBytes || ec) return files;
  std::ifstream in(manifest, std::ios::binary);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object() || j.value("program", "") != "statecraft" || !j.contains("files") || !j["files"].is_array())
    return files;
  for (const auto& f : j["files"]) {
    if (!f.is_string()) continue;
    const fs::path given = f.get<std::string>();
    const fs::path p = given.lexically_normal();
    // Only plain relative names inside the directory, as statecraft writes them: a manifest cannot vouch for
    // anything elsewhere, nor name a file by a detour (x/../notes.txt, ./notes.txt).
    if (p.empty() || p != given || p.is_absolute() || *p.begin() == "..") continue;
    if (statecraft_writes(p)) files.insert(p);
  }
  return files;
}

/// Depth-first, in sorted order: the first entry under `dir` (relative to `root`) that is not a listed
/// file or a directory leading to one.
std::string foreign_below(const fs::path& root, const fs::path& rel, const std::set<fs::path>& files,
                          const std::set<fs::path>& dirs) {
  std::vector<fs::path> names;
  std::error_code ec;
  for (auto it = fs::directory_iterator(root / rel, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    names.push_back(it->path().filename());
  if (ec) return rel.empty() ? std::string(".") : rel.string() + "/";
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    const fs::path r = rel / name;
    const fs::file_status st = fs::symlink_status(root / r, ec);
    if (fs::is_regular_file(st) && files.count(r)) continue;
    if (fs::is_directory(st) && dirs.count(r)) {
      std::string inner = foreign_below(root, r, files, dirs);
      if (!inner.empty()) return inner;
      continue;
    }
    return fs::is_directory(st) ? r.string() + "/" : r.string();
  }
  return "";
}

/// lstat of `p`: whether it exists, with its type, device and inode.
bool lstat_of(const fs::path& p, struct stat& st) { return ::lstat(p.c_str(), &st) == 0; }

/// rename(2) that fails with EEXIST instead of replacing; or, with `exchange`, swaps the two paths. Both
/// are one atomic step in the kernel. Returns 0 or an errno; EINVAL where the file system lacks them.
int rename2(const fs::path& from, const fs::path& to, bool exchange) {
  // Fault injection (docs/testing.md): the fallback below, as on a file system without renameat2.
  if (std::getenv("STATECRAFT_FAULT_NO_RENAMEAT2")) return EINVAL;
  const unsigned flags = exchange ? RENAME_EXCHANGE : RENAME_NOREPLACE;
  return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0 ? 0 : errno;
}

bool is_empty_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(p, ec)) && fs::is_empty(p, ec) && !ec;
}

}  // namespace

std::string first_foreign_entry(const fs::path& dir) {
  const std::set<fs::path> files = listed_files(dir);
  std::set<fs::path> dirs;
  for (const auto& f : files)
    for (fs::path d = f.parent_path(); !d.empty(); d = d.parent_path()) dirs.insert(d);
  return foreign_below(dir, fs::path(), files, dirs);
}

namespace {

/// The statecraft output, staging or batch directory that `path` lies in, at any depth; empty if none.
fs::path statecraft_dir_above(const fs::path& path) {
  std::error_code ec;
  for (fs::path d = path.parent_path(); !d.empty(); d = d.parent_path()) {
    if (!listed_files(d).empty() || fs::is_regular_file(fs::symlink_status(d / kStagingMark, ec)))
      return d;
    const std::string name = d.filename().string();
    if (name.size() > 6 && name.front() == '.' && name.ends_with(".batch") &&
        fs::is_regular_file(fs::symlink_status(d / "spec.txt", ec)))
      return d;
    if (d == d.parent_path()) break;
  }
  return {};
}

}  // namespace

OutputTarget::OutputTarget(std::string dir, bool force, const std::vector<std::string>& inputs)
    : shown_(std::move(dir)) {
  resolve(shown_);
  // An output inside another would be a foreign entry of the outer one, which --force then refuses to replace.
  if (const fs::path outer = statecraft_dir_above(path_); !outer.empty())
    throw UsageError(shown_ + ": is inside the statecraft output directory " + outer.string() +
                     " (expected a path outside it, which --force can then replace)");
  refuse_inputs_inside(inputs);
  create_parents();
  try {
    claim();
    inspect(force);
  } catch (...) {
    release();  // the destructor does not run for an object whose constructor threw
    throw;
  }
}

OutputTarget::~OutputTarget() { release(); }

void OutputTarget::release() noexcept {
  if (lock_fd_ >= 0) {
    // Unlinked while still held: a command that opened the old file sees it is gone and starts again.
    ::unlink(lock_.c_str());
    ::close(lock_fd_);
    lock_fd_ = -1;
  }
  if (!committed_) remove_created_parents();
  created_from_.clear();
}

void OutputTarget::resolve(const std::string& dir) {
  std::error_code ec;
  const fs::path abs = fs::absolute(dir, ec);
  if (ec) throw RunError(dir + ": cannot resolve the output directory: " + ec.message());
  path_ = fs::weakly_canonical(abs, ec);
  if (ec) path_ = abs.lexically_normal();
  if (path_.filename().empty()) path_ = path_.parent_path();
  if (path_ == path_.root_path() || path_.filename().empty())
    throw UsageError(dir + ": is the root directory (expected a directory of its own for the outputs)");
  // The outputs take the target's place whole: were the command's own working directory the target or inside
  // it, the shell would be left in a removed directory, and the outputs would seem lost.
  const fs::path here = fs::weakly_canonical(fs::current_path(ec), ec);
  if (!ec && within(here, path_))
    throw UsageError(dir + ": is the current directory" + (here == path_ ? "" : std::string(" or holds it")) +
                     " (expected a directory apart from it, such as out/NAME: the outputs replace their directory "
                     "whole, which would leave the shell in a removed one)");
  // Statecraft's hidden working names beside a target (.NAME.partial, .NAME.batch, .NAME.lock) are removed as
  // leftovers by the command on NAME: outputs written under one of them would be lost to it.
  const std::string name = path_.filename().string();
  for (const char* kept : {".partial", ".batch", ".lock"})
    if (name.size() > std::strlen(kept) + 1 && name.front() == '.' && name.ends_with(kept))
      throw UsageError(dir + ": is named as statecraft's working files beside an output are (.NAME" + kept +
                       "), which a command on NAME removes (expected another name)");
  // The longest working name beside it, .NAME.old-PID (PIDs reach 4194304), must fit the file system's limit too:
  // said now, before anything is made, rather than as "File name too long" half-way.
  constexpr std::size_t kWorkingNameExtra = 13;  // "." + ".old-" + 7 digits
  const std::size_t limit = kNameMax - kWorkingNameExtra;
  if (name.size() > limit)
    throw UsageError(dir + ": " + (fs::path(dir).filename() == path_.filename() ? "its name is " : "leads to a name ") +
                     std::to_string(name.size()) + " bytes long (expected at most " + std::to_string(limit) +
                     " bytes: statecraft's working name beside it, .NAME.old-PID, adds up to " +
                     std::to_string(kWorkingNameExtra) + " to the " + std::to_string(kNameMax) +
                     " a file name may have)");
  lock_ = sibling(".lock");
}

fs::path OutputTarget::sibling(const std::string& suffix) const {
  std::string name = ".";  // appended piecewise: g++ 12 warns falsely (-Wrestrict) on a chain of +
  name += path_.filename().string();
  name += suffix;
  return path_.parent_path() / name;
}

std::string OutputTarget::shown_sibling(const fs::path& sibling) const {
  fs::path typed(shown_);
  while (!typed.empty() && !typed.has_filename() && typed != typed.root_path()) typed = typed.parent_path();
  std::error_code ec;
  // `.`, `..`, a link's own name, or a link named as what it points to (x/o -> ../y/o): beside it is elsewhere.
  if (typed.filename() != path_.filename() || fs::is_symlink(fs::symlink_status(typed, ec))) return sibling.string();
  return (typed.parent_path() / sibling.filename()).string();
}

std::string OutputTarget::not_made_by_statecraft(const fs::path& sibling, const std::string& or_what) const {
  return shown_ + ": " + sibling.filename().string() + " beside it was not made by statecraft (expected nothing of "
         "that name, or " + or_what + ": move it away, or choose another --out)";
}

std::string OutputTarget::sibling_replaced(const fs::path& sibling, const std::string& writer,
                                          const std::string& after) const {
  return shown_ + ": " + sibling.filename().string() + ", where " + writer +
         " wrote its outputs, was replaced while it ran (expected the folder it made; " + shown_ +
         " is left as it was" + after + ")";
}

void OutputTarget::remove_leftover(const fs::path& leftover, bool (*left_by_statecraft)(const fs::path&),
                                   const std::string& what_left) const {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(leftover, ec))) return;
  // The target is claimed, so no other command is using this name; still, remove it only if statecraft wrote it.
  if (!left_by_statecraft(leftover))
    throw UsageError(not_made_by_statecraft(leftover, "what a stopped statecraft " + what_left + " there"));
  if (fs::remove_all(leftover, ec); ec)
    throw RunError(shown_ + ": cannot remove " + leftover.filename().string() + ", what a stopped " + what_left +
                   " beside it: " + ec.message() + " (expected statecraft to be able to remove it: move it away, or "
                   "choose another --out)");
}

void OutputTarget::refuse_inputs_inside(const std::vector<std::string>& inputs) const {
  for (const auto& input : inputs) {
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(fs::absolute(input, ec), ec);
    if (!ec && within(p, path_))
      throw UsageError(shown_ + ": holds the input " + input +
                       " (expected an output directory apart from the scenario and the data it reads)");
  }
}

void OutputTarget::create_parents() {
  const fs::path parent = path_.parent_path();
  const fs::path missing = first_missing(parent);
  std::error_code ec, e;
  fs::create_directories(parent, ec);
  if (!missing.empty() && fs::exists(missing, e)) created_from_ = missing.string();
  if (ec) {
    const std::string blocked = path_blocked_by(parent);
    remove_created_parents();
    // A path through a file or a dangling link is the command's mistake (exit 2); a refusal of the file system
    // (permissions, a read-only mount) is a failure to write (exit 1).
    if (!blocked.empty())
      throw UsageError(shown_ + ": cannot create the output directory: " + blocked +
                       " (expected a path through directories)");
    throw RunError(shown_ + ": cannot create the output directory: cannot create " + parent.string() + ": " +
                   ec.message());
  }
}

namespace {

/// Whether the open file `fd`, of status `st`, can be statecraft's lock: a regular file with no other name,
/// holding nothing or a process id. Anything else at the lock's name is the user's: it is neither truncated nor
/// removed.
bool is_a_lock(int fd, const struct stat& st) {
  if (!S_ISREG(st.st_mode) || st.st_nlink > 1 || st.st_size > 20) return false;
  char text[21] = {0};
  const ssize_t got = ::pread(fd, text, sizeof text - 1, 0);
  if (got < 0) return false;
  return std::all_of(text, text + got, [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void OutputTarget::refuse_unopenable_lock(int err, const std::string& not_ours) const {
  struct stat there {};
  const bool something_there = lstat_of(lock_, there);
  // A link, a folder, a socket or a device at the lock's name is the user's; a regular file this user cannot
  // write may be another user's lock, or the user's own read-only file: either way it is not ours to replace.
  if (err == ELOOP || err == EISDIR || (something_there && !S_ISREG(there.st_mode))) throw UsageError(not_ours);
  if (something_there)
    throw RunError(shown_ + ": cannot open " + lock_.filename().string() + " beside it: " + std::strerror(err) +
                   " (expected statecraft's lock, writable by this user: if no command is writing there, move it "
                   "away, or choose another --out)");
  // The target may exist (outputs to replace): what cannot be made is what goes beside it.
  struct stat target {};
  if (lstat_of(path_, target))
    throw RunError(shown_ + ": cannot write in " + path_.parent_path().string() + ", where its new outputs and " +
                   "statecraft's working files beside it (" + lock_.filename().string() +
                   ") go: " + std::strerror(err));
  throw RunError(shown_ + ": cannot create the output directory in " + path_.parent_path().string() + ": " +
                 std::strerror(err));
}

void OutputTarget::claim() {
  const std::string not_ours = not_made_by_statecraft(lock_, "statecraft's lock");
  for (;;) {
    // Not blocking, and no terminal taken as this process's own, if a device or a pipe is at the lock's name:
    // it is refused below without being read.
    const int fd = ::open(lock_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0644);
    if (fd < 0) refuse_unopenable_lock(errno, not_ours);
    struct stat opened {};
    const bool known = ::fstat(fd, &opened) == 0;
    if (known && opened.st_nlink == 0) {  // the holder before us unlinked it: start again
      ::close(fd);
      continue;
    }
    if (!known || !is_a_lock(fd, opened)) {
      ::close(fd);
      throw UsageError(not_ours);
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      char pid[32] = {0};
      const ssize_t got = ::read(fd, pid, sizeof pid - 1);
      ::close(fd);
      if (err != EWOULDBLOCK) throw RunError(shown_ + ": cannot lock " + lock_.string() + ": " + std::strerror(err));
      std::string who = got > 0 ? std::string(" (process ") + pid + ")" : std::string();
      throw UsageError(shown_ + ": another statecraft command" + who +
                       " is writing there (expected one command at a time per output directory: wait for it, or "
                       "choose another --out)");
    }
    // The holder before us may have unlinked the file between our open and our lock: then start again on
    // the file that is at the path now, or none.
    struct stat held {}, now {};
    if (::fstat(fd, &held) == 0 && ::stat(lock_.c_str(), &now) == 0 && held.st_dev == now.st_dev &&
        held.st_ino == now.st_ino) {
      lock_fd_ = fd;
      const std::string pid = std::to_string(::getpid());
      if (::ftruncate(fd, 0) == 0 && ::write(fd, pid.data(), pid.size()) < 0) {
        // The pid is only for the message of a command refused meanwhile; the lock holds without it.
      }
      return;
    }
    ::close(fd);
  }
}

void OutputTarget::inspect(bool force) {
  struct stat st {};
  if (!lstat_of(path_, st)) {
    found_ = Found::Absent;
    return;
  }
  if (S_ISLNK(st.st_mode))  // a live link was resolved away: this one leads nowhere
    throw UsageError(shown_ + ": is a symbolic link to a missing path (expected a directory for the outputs)");
  if (!S_ISDIR(st.st_mode))
    throw UsageError(shown_ + ": exists and is not a directory (expected a directory for the outputs)");
  dev_ = st.st_dev;
  ino_ = st.st_ino;
  if (is_empty_dir(path_)) {
    refuse_write_protected(st.st_mode, "");
    found_ = Found::Empty;
    return;
  }
  const std::string foreign = first_foreign_entry(path_);
  if (!foreign.empty())
    throw UsageError(shown_ + ": holds " + foreign +
                     ", which statecraft did not write (expected a new or empty directory, or the outputs of an "
                     "earlier statecraft command: --force replaces only those)");
  if (!force)
    throw UsageError(shown_ + ": holds the outputs of an earlier run (pass --force to replace them, or choose "
                              "another --out)");
  refuse_write_protected(st.st_mode, "");
  std::set<fs::path> entries;  // the files listed and the folders on their way (runs/)
  for (const fs::path& f : listed_files(path_))
    for (fs::path e = f; !e.empty(); e = e.parent_path()) entries.insert(e);
  for (const fs::path& e : entries) {
    struct stat entry {};
    if (lstat_of(path_ / e, entry)) refuse_write_protected(entry.st_mode, e.string());
  }
  found_ = Found::Outputs;
}

void OutputTarget::refuse_write_protected(mode_t mode, const std::string& entry) const {
  // Taking write permission away is how people keep results: as rm asks before removing what is write-protected,
  // the outputs are not replaced (the rename aside would succeed, and their entries could not then be removed).
  // Another user's outputs, which this user may not write, are theirs to replace.
  const fs::path p = entry.empty() ? path_ : path_ / entry;
  const bool protected_by_owner = (mode & S_IWUSR) == 0;
  if (!protected_by_owner && ::access(p.c_str(), W_OK) == 0) return;
  const std::string what = entry.empty() ? shown_ : shown_ + "/" + entry;
  const std::string it = entry.empty() ? "a directory statecraft may write to" : "outputs statecraft may replace";
  if (protected_by_owner)
    throw UsageError(what + ": is write-protected (expected " + it + ": make " +
                     (entry.empty() ? "it" : S_ISDIR(mode) ? "the folder" : "the file") +
                     " writable, or choose another --out)");
  throw UsageError(what + ": is not writable by this user (expected " + it + ": choose another --out, or ask its "
                   "owner to replace it)");
}

void OutputTarget::commit(const fs::path& staging) {
  if (found_ == Found::Absent) commit_new(staging);
  else commit_replacing(staging);
  committed_ = true;
}

void OutputTarget::commit_new(const fs::path& staging) {
  int err = rename2(staging, path_, false);
  if (err == EINVAL || err == ENOSYS) {
    struct stat st {};
    err = lstat_of(path_, st) ? EEXIST : (::rename(staging.c_str(), path_.c_str()) == 0 ? 0 : errno);
  }
  if (err == EEXIST || err == ENOTEMPTY)
    throw RunError(shown_ + ": appeared while this command ran, and was left as it was");
  if (err != 0) throw RunError(shown_ + ": cannot move the outputs into place: " + std::strerror(err));
}

void OutputTarget::commit_replacing(const fs::path& staging) {
  keep_access_of_target(staging);
  const fs::path aside = sibling(".old-" + std::to_string(::getpid()));
  int err = rename2(staging, path_, true);
  const bool swapped = err == 0;
  if (err == EINVAL || err == ENOSYS) {  // no atomic swap here: move the old one aside, then the new in
    err = ::rename(path_.c_str(), aside.c_str()) == 0 ? 0 : errno;
    if (err == ENOENT) throw RunError(shown_ + ": was removed while this command ran");
  }
  if (err != 0) throw RunError(shown_ + ": cannot replace: " + std::strerror(err));
  const fs::path old = swapped ? staging : aside;
  const std::string why = changed_since_check(old);
  if (!why.empty()) {  // put everything back as it was
    if (swapped) rename2(staging, path_, true);
    else ::rename(aside.c_str(), path_.c_str());
    throw RunError(shown_ + ": " + why + " while this command ran, and was left as it was");
  }
  if (!swapped && ::rename(staging.c_str(), path_.c_str()) != 0) {
    const int e = errno;
    ::rename(aside.c_str(), path_.c_str());
    throw RunError(shown_ + ": cannot move the outputs into place: " + std::strerror(e));
  }
  // The outputs are in place; the ones they replaced could be left only where this user may not remove them
  // (another user's folder): said, not hidden, and the command still succeeds. What is left goes to the aside
  // name: at the staging name, the next command would take it for someone else's and refuse to start.
  std::error_code ec;
  if (fs::remove_all(old, ec); !ec) return;
  const fs::path left = old == aside || ::rename(old.c_str(), aside.c_str()) != 0 ? old : aside;
  std::cerr << "statecraft: warning: "
            << printable(shown_ + ": the outputs it replaced could not all be removed (" + ec.message() +
                         "); what is left of them is in " + shown_sibling(left) + ": remove it by hand")
            << "\n";
}

void OutputTarget::keep_access_of_target(const fs::path& staging) const {
  // A folder the user made private (or shared with a group) stays so when its outputs are replaced. The owner
  // keeps every right on it (a write-protected one was refused): a batch removes its bookkeeping from the folder
  // after the swap. Where the folder's group cannot be given (not a member of it), its group's rights are not
  // handed to the user's own group instead.
  struct stat st {};
  if (!lstat_of(path_, st) || !S_ISDIR(st.st_mode)) return;
  mode_t mode = (st.st_mode & 07777) | S_IRWXU;
  if (::chown(staging.c_str(), static_cast<uid_t>(-1), st.st_gid) != 0) mode &= ~static_cast<mode_t>(S_IRWXG | S_ISGID);
  ::chmod(staging.c_str(), mode);
}

std::string OutputTarget::changed_since_check(const fs::path& p) const {
  struct stat st {};
  if (!lstat_of(p, st) || st.st_dev != dev_ || st.st_ino != ino_) return "was replaced";
  if (found_ == Found::Empty) return is_empty_dir(p) ? "" : "received files";
  const std::string foreign = first_foreign_entry(p);
  return foreign.empty() ? "" : "received " + foreign;
}

void OutputTarget::remove_created_parents() noexcept {
  if (created_from_.empty()) return;
  // Only directories left empty, innermost first: never anything that someone else put there meanwhile.
  std::error_code ec;
  const fs::path top(created_from_);
  for (fs::path p = path_.parent_path(); !p.empty(); p = p.parent_path()) {
    fs::remove(p, ec);  // fails (harmlessly) on a directory that is not empty
    if (p == top || p == p.parent_path()) break;
  }
  created_from_.clear();
}

}  // namespace statecraft

namespace statecraft {

int sync_to_disk(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);  // a pipe put there never blocks
  if (fd < 0) return errno;
  const int rc = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return rc == EINVAL ? 0 : rc;  // EINVAL: a file system that cannot sync, only write
}

std::string write_failure(const fs::path& dir, int err) {
  std::error_code ec;
  const fs::space_info space = fs::space(dir, ec);
  if (err == ENOSPC || err == EDQUOT || (!ec && space.available == 0)) return ": no space left on the device";
  if (err != 0) return std::string(": ") + std::strerror(err);
  return ", perhaps the disk is full";  // the stream failed earlier; errno is long gone
}

}  // namespace statecraft
