#include "statecraft/output/output_dir.hpp"

#include <filesystem>
#include <system_error>
#include <unistd.h>

#include "statecraft/scenario/error.hpp"

namespace fs = std::filesystem;

namespace statecraft {

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
  fs::path target = fs::path(dir_).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  fs::path parent = target.parent_path();
  if (!parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec) throw RunError(parent.string() + ": cannot create directory: " + ec.message());
  }
  std::string name = ".";  // appended piecewise: g++ 12 warns falsely (-Wrestrict) on a chain of +
  name += target.filename().string();
  name += ".partial-";
  name += std::to_string(::getpid());
  staging_ = (parent / name).string();
  fs::remove_all(staging_, ec);
  fs::create_directory(staging_, ec);
  if (ec) throw RunError(staging_ + ": cannot create directory: " + ec.message());
}

OutputDir::~OutputDir() {
  if (committed_) return;
  files_.clear();
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

std::ofstream& OutputDir::file(const std::string& name) {
  auto& f = files_[name];
  if (!f) {
    f = std::make_unique<std::ofstream>(fs::path(staging_) / name, std::ios::binary);
    if (!*f) throw RunError(staging_ + "/" + name + ": cannot open for writing");
  }
  return *f;
}

void OutputDir::commit() {
  for (auto& [name, f] : files_) {
    f->flush();
    if (!*f) throw RunError(dir_ + "/" + name + ": write failed (is the disk full?)");
    f->close();
    if (!*f) throw RunError(dir_ + "/" + name + ": write failed (is the disk full?)");
  }
  std::error_code ec;
  fs::path target = fs::path(dir_).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  std::string old;
  if (fs::exists(target, ec)) {
    old = target.string() + ".old-" + std::to_string(::getpid());
    fs::rename(target, old, ec);
    if (ec) throw RunError(dir_ + ": cannot replace: " + ec.message());
  }
  fs::rename(staging_, target, ec);
  if (ec) {
    if (!old.empty()) fs::rename(old, target, ec);
    throw RunError(dir_ + ": cannot move the outputs into place: " + ec.message());
  }
  committed_ = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace statecraft
