#pragma once
// Reading an input file whole, safely: only a regular file (symlinks to one are fine), and never more than a
// byte past a size limit. A FIFO would block the reader forever and /dev/zero would grow memory without
// bound, so both are refused before a byte is read.
#include <cstddef>
#include <string>

namespace statecraft {

enum class FileStatus {
  Ok,          ///< text holds the whole file
  TooLarge,    ///< text holds the first max_bytes + 1 bytes: the caller reports the limit
  Missing,     ///< no such file
  NotRegular,  ///< a directory, FIFO, device or socket: `kind` says which
  Unreadable,  ///< it exists but cannot be opened or read
};

struct FileText {
  FileStatus status = FileStatus::Ok;
  std::string text;
  std::string kind;  ///< for NotRegular: "a directory", "a FIFO", "a character device", ...
};

/// Reads `path` if it is a regular file of at most `max_bytes` bytes. The type is checked before the file is
/// opened (opening a FIFO for reading blocks) and again on the open descriptor, so a path swapped in between
/// cannot slip through.
FileText read_regular_file(const std::string& path, std::size_t max_bytes);

/// "is a FIFO, not a regular file (expected WHAT)"; a directory keeps its shorter "is a directory (expected WHAT)".
std::string not_regular_message(const std::string& kind, const std::string& expected);

}  // namespace statecraft
