#pragma once
// Writing in statecraft's own folders (a staging folder, a batch's folder) so that nothing else can stand in
// for them: the folder is held open from when it is made, and its files are opened relative to it, so that
// neither a symbolic link, hard link, pipe or device at a file's name nor the whole folder swapped for a link or
// another folder (by a script, or by another user able to rename in a shared folder) is ever written through.
#include <filesystem>
#include <fstream>
#include <string>

namespace statecraft {

/// A folder statecraft made, held open (not through a link). Before its outputs take the target's place it is
/// checked to be at its path still (is_at), and its files are opened through it (open_own_file).
class OwnFolder {
 public:
  OwnFolder() = default;
  /// The folder at `path` as it is now; not held (and never at any path) if that is not a folder.
  explicit OwnFolder(const std::filesystem::path& path);
  OwnFolder(OwnFolder&& other) noexcept;
  OwnFolder& operator=(OwnFolder&& other) noexcept;
  OwnFolder(const OwnFolder&) = delete;
  OwnFolder& operator=(const OwnFolder&) = delete;
  ~OwnFolder();

  /// Whether the folder at `path` is this one.
  bool is_at(const std::filesystem::path& path) const;
  /// Checks that the folder held is one just made, and makes the empty file `first` in it: 0, or EEXIST for a
  /// folder that is not empty or whose owner is not the owner of `first` (a folder of another user's, swapped in
  /// between the mkdir and the open by someone who may rename in the parent), or the errno of a failed create.
  /// Comparing with the file made, rather than with this process's user, keeps file systems that give every
  /// file one owner (vfat, a squashed NFS share) usable.
  int claim(const std::string& first) const;
  /// Hands the file `name` of this folder to the disk, opened as open_file would (never through a link): 0, or
  /// the errno (EEXIST for a pipe or a device at the name; no open waits on a pipe).
  int sync_file(const std::string& name) const;
  /// A descriptor for writing the file `name` (relative; folders in it are made as needed) in this folder, as a
  /// regular file of this one name, created if missing: -1 with errno set if it cannot be (ELOOP for a link at
  /// the name or on the way, EEXIST for a file with other names, a pipe, a device, or a file where a folder on
  /// the way should be).
  int open_file(const std::string& name) const;

 private:
  int fd_ = -1;
};

/// The folder `path` (which must not exist) made and held, with the empty file `first` made in it, checked by
/// OwnFolder::claim. `error` is the errno of the mkdir or of making `first` (the folder made is removed again);
/// `swapped` means that what was opened at `path` is not the folder made, and is left alone. Either way the
/// folder returned is not held.
struct NewFolder {
  OwnFolder folder;
  int error = 0;
  bool swapped = false;
};
NewFolder make_own_folder(const std::filesystem::path& path, const std::string& first);

/// Opens `f` for writing `name` in `folder` with `mode` (std::ios::binary with trunc or app), through
/// OwnFolder::open_file. On refusal or failure `f` is left failed, with errno saying why. The descriptor that was
/// checked is the one written: the stream reopens it through /proc/self/fd (Linux; without /proc mounted, the
/// open fails rather than reopen by a path a swap could race).
void open_own_file(std::ofstream& f, const OwnFolder& folder, const std::string& name, std::ios::openmode mode);

}  // namespace statecraft
