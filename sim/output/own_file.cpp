#include "statecraft/output/own_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace statecraft {

void open_own_file(std::ofstream& f, const std::filesystem::path& path, std::ios::openmode mode) {
  // Not following a link at the name, not blocking on a pipe, not taking a terminal as this process's own.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0666);
  if (fd < 0) {
    f.setstate(std::ios::failbit);
    return;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) {
    ::close(fd);
    f.setstate(std::ios::failbit);
    errno = EEXIST;
    return;
  }
  // The file just checked, through its descriptor; where /proc is not mounted, by its name again.
  f.open("/proc/self/fd/" + std::to_string(fd), mode);
  if (!f.is_open()) {
    f.clear();
    f.open(path, mode);
  }
  const int err = errno;
  ::close(fd);
  errno = err;
}

OwnFolder::OwnFolder(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    known_ = true;
  }
}

bool OwnFolder::is_at(const std::filesystem::path& path) const {
  const OwnFolder now(path);
  return known_ && now.known_ && now.dev_ == dev_ && now.ino_ == ino_;
}

}  // namespace statecraft
