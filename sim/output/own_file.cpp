#include "statecraft/output/own_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace statecraft {

namespace {

/// The flags of every open here: no link followed, no blocking on a pipe, no terminal taken as this process's.
constexpr int kSafe = O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY;

/// Whether `name` in the folder open as `folder` is a symbolic link.
bool is_link(int folder, const std::string& name) {
  struct stat st {};
  return ::fstatat(folder, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

/// A descriptor for `name` (relative) in the folder open as `folder`, opened with `flags`, folder by folder and
/// never through a link; the folders on the way are made first when `make_folders`. -1 with errno set.
int open_beneath(int folder, const std::string& name, int flags, bool make_folders) {
  int at = folder;
  const auto failed = [&] {
    const int err = errno;
    if (at != folder) ::close(at);
    errno = err;
    return -1;
  };
  std::string rest = name;
  for (std::size_t slash; (slash = rest.find('/')) != std::string::npos; rest.erase(0, slash + 1)) {
    const std::string part = rest.substr(0, slash);
    if (make_folders && ::mkdirat(at, part.c_str(), 0777) != 0 && errno != EEXIST) return failed();
    const int next = ::openat(at, part.c_str(), O_RDONLY | O_DIRECTORY | kSafe);
    if (next < 0 && errno == ENOTDIR) errno = is_link(at, part) ? ELOOP : EEXIST;  // not the folder made there
    if (next < 0) return failed();
    if (at != folder) ::close(at);
    at = next;
  }
  const int fd = ::openat(at, rest.c_str(), flags | kSafe, 0666);
  if (fd < 0) return failed();
  if (at != folder) ::close(at);
  return fd;
}

/// Whether the folder open as `folder` has no entries (read through a descriptor of its own, whose position in
/// the listing is not `folder`'s).
bool holds_nothing(int folder) {
  const int own = ::openat(folder, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* listing = own >= 0 ? ::fdopendir(own) : nullptr;
  if (listing == nullptr) {
    if (own >= 0) ::close(own);
    return false;
  }
  bool empty = true;
  while (const dirent* entry = ::readdir(listing))
    if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0) empty = false;
  ::closedir(listing);
  return empty;
}

}  // namespace

OwnFolder::OwnFolder(const std::filesystem::path& path)
    : fd_(::open(path.c_str(), O_RDONLY | O_DIRECTORY | kSafe)) {}

OwnFolder::OwnFolder(OwnFolder&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

OwnFolder& OwnFolder::operator=(OwnFolder&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

OwnFolder::~OwnFolder() {
  if (fd_ >= 0) ::close(fd_);
}

bool OwnFolder::is_at(const std::filesystem::path& path) const {
  struct stat held {}, now {};
  return fd_ >= 0 && ::fstat(fd_, &held) == 0 && ::lstat(path.c_str(), &now) == 0 && S_ISDIR(now.st_mode) &&
         held.st_dev == now.st_dev && held.st_ino == now.st_ino;
}

int OwnFolder::claim(const std::string& first) const {
  if (fd_ < 0) return ENOENT;
  if (!holds_nothing(fd_)) return EEXIST;
  const int fd = ::openat(fd_, first.c_str(), O_WRONLY | O_CREAT | O_EXCL | kSafe, 0666);
  if (fd < 0) return errno;  // EEXIST too: something appeared in it since it was listed
  struct stat folder {}, file {};
  const bool same_owner = ::fstat(fd_, &folder) == 0 && ::fstat(fd, &file) == 0 && folder.st_uid == file.st_uid;
  ::close(fd);
  if (same_owner) return 0;
  ::unlinkat(fd_, first.c_str(), 0);  // the other user's folder is left as it was found
  return EEXIST;
}

int OwnFolder::open_file(const std::string& name) const {
  if (fd_ < 0) {
    errno = ENOENT;
    return -1;
  }
  const int fd = open_beneath(fd_, name, O_WRONLY | O_CREAT, true);
  if (fd < 0) return -1;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
    ::close(fd);
    errno = EEXIST;
    return -1;
  }
  return fd;
}

int OwnFolder::sync_file(const std::string& name) const {
  if (fd_ < 0) return ENOENT;
  const int fd = open_beneath(fd_, name, O_RDONLY, false);
  if (fd < 0) return errno;
  struct stat st {};
  int err = 0;
  if (::fstat(fd, &st) != 0)
    err = errno;
  else if (!S_ISREG(st.st_mode))
    err = EEXIST;  // not the file statecraft made at this name
  else if (::fsync(fd) != 0)
    err = errno == EINVAL ? 0 : errno;  // EINVAL: a file system that cannot sync, only write
  ::close(fd);
  return err;
}

NewFolder make_own_folder(const std::filesystem::path& path, const std::string& first) {
  NewFolder made;
  if (::mkdir(path.c_str(), 0777) != 0) {
    made.error = errno;
    return made;
  }
  // Between the mkdir and the open, someone who may rename in the parent can put something else at `path`:
  // a link (the open refuses it), or a folder of theirs (claim refuses it). Either is left alone.
  made.folder = OwnFolder(path);
  const int err = made.folder.claim(first);
  if (err == EEXIST || err == ENOENT || err == ELOOP || err == ENOTDIR) {
    made.folder = OwnFolder();
    made.swapped = true;
  } else if (err != 0) {  // the folder just made goes again (unmarked, it would be refused as the user's next time)
    made.error = err;
    if (made.folder.is_at(path)) ::rmdir(path.c_str());
    made.folder = OwnFolder();
  }
  return made;
}

void open_own_file(std::ofstream& f, const OwnFolder& folder, const std::string& name, std::ios::openmode mode) {
  const int fd = folder.open_file(name);
  if (fd < 0) {
    f.setstate(std::ios::failbit);
    return;
  }
  // The checked descriptor itself, reopened as a stream. Without /proc the open fails, and so does the command:
  // a reopen by name could be raced.
  f.open("/proc/self/fd/" + std::to_string(fd), mode);
  const int err = errno;
  ::close(fd);
  errno = err;
}

}  // namespace statecraft
