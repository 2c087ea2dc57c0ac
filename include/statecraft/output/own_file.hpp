#pragma once
// Opening the files statecraft writes in its own folders (a staging folder, a batch's folder) so that nothing
// else can stand in for them: a symbolic link, a hard link, a pipe or a device at the name, put there by a
// script or by another user who swapped the folder in a shared directory, is refused, never written through.
#include <filesystem>
#include <fstream>

namespace statecraft {

/// Opens `f` on `path` for writing with `mode` (std::ios::binary with trunc or app), creating the file, as a
/// regular file of this one name: a symbolic link at `path` is not followed, and a file with other names, a
/// pipe or a device is refused. On refusal or failure `f` is left failed, with errno saying why (ELOOP for a
/// link, EEXIST for something else there). The descriptor that was checked is the one written: on Linux it is
/// reopened through /proc/self/fd, so no other file can be swapped in between.
void open_own_file(std::ofstream& f, const std::filesystem::path& path, std::ios::openmode mode);

/// A folder statecraft made (a staging or batch folder), known by device and inode: before its outputs take the
/// target's place, it is checked to be the same folder still, not one put at its name while the command ran.
class OwnFolder {
 public:
  OwnFolder() = default;
  /// The folder at `path` as it is now (not through a link).
  explicit OwnFolder(const std::filesystem::path& path);
  /// Whether the folder at `path` is this one.
  bool is_at(const std::filesystem::path& path) const;

 private:
  unsigned long long dev_ = 0, ino_ = 0;
  bool known_ = false;
};

}  // namespace statecraft
