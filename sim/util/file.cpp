#include "statecraft/util/file.hpp"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace statecraft {
namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

FileText failed(FileStatus status, std::string kind = {}) {
  FileText f;
  f.status = status;
  f.kind = std::move(kind);
  return f;
}

/// Reads at most `cap` bytes from `fd`.
bool read_up_to(int fd, std::size_t cap, std::string& text) {
  char buf[1 << 16];
  while (text.size() < cap) {
    const std::size_t want = std::min(sizeof buf, cap - text.size());
    const ssize_t got = ::read(fd, buf, want);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) break;
    text.append(buf, static_cast<std::size_t>(got));
  }
  return true;
}

}  // namespace

FileText read_regular_file(const std::string& path, std::size_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return failed(errno == ENOENT || errno == ENOTDIR ? FileStatus::Missing : FileStatus::Unreadable);
  if (!S_ISREG(st.st_mode)) return failed(FileStatus::NotRegular, kind_of(st.st_mode));
  // O_NONBLOCK: should the path have become a FIFO since stat, opening it must not wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return failed(errno == ENOENT ? FileStatus::Missing : FileStatus::Unreadable);
  FileText f;
  if (::fstat(fd, &st) != 0) {
    f.status = FileStatus::Unreadable;
  } else if (!S_ISREG(st.st_mode)) {
    f = failed(FileStatus::NotRegular, kind_of(st.st_mode));
  } else {
    // One byte past the limit tells a file that is too large from one that fits exactly.
    const std::size_t cap = max_bytes < std::string().max_size() ? max_bytes + 1 : max_bytes;
    if (!read_up_to(fd, cap, f.text)) f = failed(FileStatus::Unreadable);
    else if (f.text.size() > max_bytes) f.status = FileStatus::TooLarge;
  }
  ::close(fd);
  return f;
}

std::string not_regular_message(const std::string& kind, const std::string& expected) {
  if (kind == "a directory") return "is a directory (expected " + expected + ")";
  return "is " + kind + ", not a regular file (expected " + expected + ")";
}

}  // namespace statecraft
