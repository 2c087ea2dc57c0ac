#include "statecraft/output/output_dir.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <unistd.h>

#include "statecraft/scenario/error.hpp"

namespace fs = std::filesystem;

namespace statecraft {
namespace {

/// `dir` without a trailing separator, so that its parent and name are what a user means.
fs::path target_of(const std::string& dir) {
  fs::path target = fs::path(dir).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  return target;
}

/// Why `parent` cannot be created: the first of its ancestors that exists but is not a directory, if any.
std::string blocked_by(const fs::path& parent, const std::error_code& ec) {
  std::error_code e;
  for (fs::path p = parent; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p, e) && !fs::is_directory(p, e)) return p.string() + " is not a directory";
    if (p == p.parent_path()) break;
  }
  return "cannot create " + parent.string() + ": " + ec.message();
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

}  // namespace

bool OutputDir::occupied(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return false;
  if (!fs::is_directory(dir, ec)) return true;
  return fs::directory_iterator(dir, ec) != fs::directory_iterator();
}

OutputDir::OutputDir(std::string dir, bool force) : dir_(std::move(dir)), force_(force) {
  std::error_code ec;
  if (fs::exists(dir_, ec) && !fs::is_directory(dir_, ec))
    throw RunError(dir_ + ": exists and is not a directory (expected a directory for the outputs)");
  if (!force_ && occupied(dir_))
    throw UsageError(dir_ + ": already holds files (pass --force to replace them, or choose another --out)");
  const fs::path target = target_of(dir_);
  const fs::path parent = target.parent_path();
  if (!parent.empty()) {
    const fs::path missing = first_missing(parent);
    fs::create_directories(parent, ec);
    std::error_code e;
    if (!missing.empty() && fs::exists(missing, e)) created_from_ = missing.string();
    if (ec) {
      const std::string why = blocked_by(parent, ec);
      remove_created_parents();
      throw RunError(dir_ + ": cannot create the output directory: " + why);
    }
  }
  std::string name = ".";  // appended piecewise: g++ 12 warns falsely (-Wrestrict) on a chain of +
  name += target.filename().string();
  name += ".partial-";
  name += std::to_string(::getpid());
  staging_ = (parent / name).string();
  fs::remove_all(staging_, ec);
  ec.clear();
  fs::create_directory(staging_, ec);
  if (ec) {
    remove_created_parents();
    throw RunError(dir_ + ": cannot create the output directory in " +
                   (parent.empty() ? std::string(".") : parent.string()) + ": " + ec.message());
  }
}

OutputDir::~OutputDir() {
  if (committed_) return;
  files_.clear();
  std::error_code ec;
  fs::remove_all(staging_, ec);
  remove_created_parents();
}

void OutputDir::remove_created_parents() noexcept {
  if (created_from_.empty()) return;
  // Only directories left empty, innermost first: never anything that someone else put there meanwhile.
  std::error_code ec;
  const fs::path top(created_from_);
  for (fs::path p = target_of(dir_).parent_path(); !p.empty(); p = p.parent_path()) {
    fs::remove(p, ec);  // fails (harmlessly) on a directory that is not empty
    if (p == top || p == p.parent_path()) break;
  }
  created_from_.clear();
}

std::ofstream& OutputDir::file(const std::string& name) {
  auto& f = files_[name];
  if (!f) {
    errno = 0;
    f = std::make_unique<std::ofstream>(fs::path(staging_) / name, std::ios::binary);
    if (!*f)
      throw RunError(dir_ + "/" + name + ": cannot open for writing" +
                     (errno ? std::string(": ") + std::strerror(errno) : std::string()));
  }
  return *f;
}

void OutputDir::commit() {
  // A stream that failed earlier (a full disk mid-run) has lost data; so has one whose last flush or close
  // fails. Either way the output is incomplete: throw, and the destructor removes it.
  auto failed = [&](const std::string& name, int err) {
    std::string why;
    std::error_code sec;
    const fs::space_info space = fs::space(staging_, sec);
    if (err == ENOSPC || err == EDQUOT || (!sec && space.available == 0))
      why = ": no space left on the device";
    else if (err != 0)
      why = std::string(": ") + std::strerror(err);
    else
      why = ", perhaps the disk is full";  // the stream failed mid-run; errno is long gone
    return RunError(dir_ + "/" + name + ": write failed" + why + " (" + dir_ + " is left as it was)");
  };
  for (auto& [name, f] : files_) {
    if (!*f) throw failed(name, 0);
    errno = 0;
    f->flush();
    if (!*f) throw failed(name, errno);
    errno = 0;
    f->close();
    if (!*f) throw failed(name, errno);
  }
  std::error_code ec;
  const fs::path target = target_of(dir_);
  std::string old;
  if (fs::exists(target, ec)) {
    old = target.string() + ".old-" + std::to_string(::getpid());
    fs::rename(target, old, ec);
    if (ec) throw RunError(dir_ + ": cannot replace: " + ec.message());
  }
  fs::rename(staging_, target, ec);
  if (ec) {
    std::error_code ec2;
    if (!old.empty()) fs::rename(old, target, ec2);
    throw RunError(dir_ + ": cannot move the outputs into place: " + ec.message());
  }
  committed_ = true;
  created_from_.clear();
  if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace statecraft
