#include "statecraft/output/own_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <utility>

namespace statecraft {

namespace {

/// The flags of every open here: no link followed, no blocking on a pipe, no terminal taken as this process's.
constexpr int kSafe = O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY;

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

int OwnFolder::open_file(const std::string& name) const {
  if (fd_ < 0) {
    errno = ENOENT;
    return -1;
  }
  // Folder by folder from the held one, making each as needed, never through a link.
  int at = fd_;
  std::string rest = name;
  for (std::size_t slash; (slash = rest.find('/')) != std::string::npos; rest.erase(0, slash + 1)) {
    const std::string part = rest.substr(0, slash);
    if (::mkdirat(at, part.c_str(), 0777) != 0 && errno != EEXIST) break;
    const int next = ::openat(at, part.c_str(), O_RDONLY | O_DIRECTORY | kSafe);
    if (at != fd_) ::close(at);
    if (next < 0) return -1;
    at = next;
  }
  const int fd = ::openat(at, rest.c_str(), O_WRONLY | O_CREAT | kSafe, 0666);
  const int err = errno;
  if (at != fd_) ::close(at);
  if (fd < 0) {
    errno = err;
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
    ::close(fd);
    errno = EEXIST;
    return -1;
  }
  return fd;
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
