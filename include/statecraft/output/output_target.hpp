#pragma once
// The directory a command writes its outputs to, and the rules that keep it from losing anyone's files
// (docs/cli.md, "Output directories"):
// - The target is resolved once, as the file system resolves it (absolute, `..` and symbolic links
//   followed), and that one path is checked, claimed and replaced.
// - It is claimed for this process by a lock file beside it (`.NAME.lock`, held with flock, so the kernel
//   releases it if the process dies): a second statecraft command writing there is refused, not raced.
// - It may be written when it does not exist or is empty; with --force also when everything in it was
//   written by statecraft (its manifest.json lists every file). Anything else is refused, naming the first
//   entry statecraft did not write. A folder holding an input (the scenario) is never a target.
// - Outputs are staged in a hidden sibling and swapped in at commit, which replaces only what was checked:
//   a target that appeared or changed meanwhile is left alone and the command fails.
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace statecraft {

class OutputTarget {
 public:
  /// Resolves, claims and checks `dir`, creating its missing parents. `inputs` are the files the command
  /// reads (the scenario and its `extends` chain, observed data). Throws UsageError (exit 2) for a target
  /// that may not be written as asked, RunError (exit 1) when the file system refuses.
  OutputTarget(std::string dir, bool force, const std::vector<std::string>& inputs);
  /// Releases the claim; removes the parents it created unless the outputs were committed.
  ~OutputTarget();
  OutputTarget(const OutputTarget&) = delete;
  OutputTarget& operator=(const OutputTarget&) = delete;

  /// The directory as the user gave it, for messages.
  const std::string& shown() const { return shown_; }
  /// The resolved target.
  const std::filesystem::path& path() const { return path_; }
  /// A hidden sibling of the target, `PARENT/.NAME` + suffix: staging areas and the batch directory.
  std::filesystem::path sibling(const std::string& suffix) const;
  /// `sibling` (a path from sibling()) as the user would name it: beside the target as typed (`o` gives
  /// `.o.batch`, `runs/o/` gives `runs/.o.batch`), or absolute when the typed name does not end in the target's.
  std::string shown_sibling(const std::filesystem::path& sibling) const;
  /// The refusal of something at a sibling's name that statecraft did not make: `or_what` is what statecraft
  /// would have left there ("statecraft's lock").
  std::string not_made_by_statecraft(const std::filesystem::path& sibling, const std::string& or_what) const;
  /// The failure of a command whose own sibling (`.NAME.partial`, `.NAME.batch`) was swapped for another folder
  /// while it ran: `writer` wrote there ("this command"), `after` says what else is so (may be empty).
  std::string sibling_replaced(const std::filesystem::path& sibling, const std::string& writer,
                               const std::string& after) const;
  /// Removes `leftover` (a sibling), what a stopped command left, if it is there: `left_by_statecraft` tells
  /// its own kind of leftover from the user's (refused, exit 2), and `what_left` names what left it ("command
  /// staged", "batch left"). What cannot be removed whole stops the command (exit 1): a link left in it would
  /// be written through.
  void remove_leftover(const std::filesystem::path& leftover, bool (*left_by_statecraft)(const std::filesystem::path&),
                       const std::string& what_left) const;
  /// Whether the target holds the outputs of an earlier command (which only `force` lets it replace).
  bool holds_earlier_outputs() const { return found_ == Found::Outputs; }

  /// Puts the directory `staging` (a sibling) in the target's place. The target must still be what was
  /// checked: absent, or the same directory with nothing in it that statecraft did not write (nothing at all
  /// if it was empty). Otherwise throws RunError and leaves both where they were.
  void commit(const std::filesystem::path& staging);

 private:
  enum class Found { Absent, Empty, Outputs };

  std::string shown_;
  std::filesystem::path path_, lock_;
  std::string created_from_;  ///< the outermost parent directory this object created, or empty
  int lock_fd_ = -1;
  Found found_ = Found::Absent;
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  bool committed_ = false;

  void resolve(const std::string& dir);
  /// Gives `staging` the replaced target's mode and group, so that a private or shared folder stays so.
  void keep_access_of_target(const std::filesystem::path& staging) const;
  void refuse_inputs_inside(const std::vector<std::string>& inputs) const;
  void create_parents();
  void claim();
  /// Throws why the lock `.NAME.lock` could not be opened (errno `err`): exit 2 if something of the user's is
  /// at its name, exit 1 for permissions.
  [[noreturn]] void refuse_unopenable_lock(int err, const std::string& not_ours) const;
  void inspect(bool force);
  void commit_new(const std::filesystem::path& staging);
  void commit_replacing(const std::filesystem::path& staging);
  /// Why the directory at `p` (the old target, moved aside) may not be removed; empty if it may.
  std::string changed_since_check(const std::filesystem::path& p) const;
  void remove_created_parents() noexcept;
  /// Refuses the target (`entry` empty), or one of its files or folders, when write permission on it was taken
  /// away or this user does not have it (another user's outputs).
  void refuse_write_protected(mode_t mode, const std::string& entry) const;
  /// Releases the claim, and removes the parents created unless the outputs were committed.
  void release() noexcept;
};

/// The first entry of `dir` that statecraft did not write, as a path relative to `dir` (directories end in
/// '/'), in sorted order; empty when every entry is a file listed in `dir/manifest.json` (or a directory on
/// the way to one). Symbolic links and a missing or foreign manifest make entries foreign.
std::string first_foreign_entry(const std::filesystem::path& dir);

/// The file that marks a staging directory (`.NAME.partial`) as statecraft's while it is filled; removed before
/// the directory takes the target's place.
inline constexpr const char* kStagingMark = ".statecraft-staging";

}  // namespace statecraft

namespace statecraft {

/// Forces what was written to `p` (a directory's entries, such as an output folder's) onto the disk with fsync.
/// Returns 0 or the errno: on some file systems a full disk shows only here, after every write seemed to
/// succeed. The files in statecraft's own folders are synced through the folder held (OwnFolder::sync_file).
int sync_to_disk(const std::filesystem::path& p);

/// Why a write to a file in `dir` failed, for a message: ": no space left on the device" for ENOSPC, EDQUOT
/// or a device with no space left, ": " + strerror(err) for another error, ", perhaps the disk is full" when
/// the error number is gone (a stream that failed earlier).
std::string write_failure(const std::filesystem::path& dir, int err);

}  // namespace statecraft
