#include "statecraft/output/output_dir.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>

#include "statecraft/output/own_file.hpp"
#include "statecraft/scenario/error.hpp"

namespace fs = std::filesystem;

namespace statecraft {

namespace {

/// Whether `staging` is what a killed command left: a directory (not a link) that holds the mark, or one that
/// holds nothing but outputs a statecraft manifest lists (killed between removing the mark and the swap, or
/// after the swap, when the replaced outputs wait there to be removed).
bool left_by_statecraft(const fs::path& staging) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(staging, ec))) return false;
  if (fs::is_regular_file(fs::symlink_status(staging / kStagingMark, ec))) return true;
  return fs::is_regular_file(fs::symlink_status(staging / "manifest.json", ec)) && first_foreign_entry(staging).empty();
}

}  // namespace

OutputDir::OutputDir(std::string dir, bool force, const std::vector<std::string>& inputs)
    : target_(std::move(dir), force, inputs), staging_(target_.sibling(".partial")) {
  // The target is claimed: a marked staging directory of this name can only be left from a killed command.
  // Anything else of that name is the user's, and is not touched.
  target_.remove_leftover(staging_, left_by_statecraft, "command staged");
  NewFolder made = make_own_folder(staging_, kStagingMark);
  if (made.swapped) throw RunError(target_.sibling_replaced(staging_, "this command", ""));
  if (made.error != 0)
    throw RunError(path() + ": cannot create the output directory in " + staging_.parent_path().string() + ": " +
                   std::strerror(made.error));
  staging_folder_ = std::move(made.folder);
}

OutputDir::~OutputDir() {
  if (committed_) return;
  files_.clear();
  if (!staging_folder_.is_at(staging_)) return;  // what is at its name now is not what this command made
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

std::ofstream& OutputDir::file(const std::string& name) {
  auto& f = files_[name];
  if (!f) {
    errno = 0;
    f = std::make_unique<std::ofstream>();
    open_own_file(*f, staging_folder_, name, std::ios::binary | std::ios::trunc);
    if (!*f)
      throw RunError(path() + "/" + name + ": cannot open for writing" +
                     (errno ? std::string(": ") + std::strerror(errno) : std::string()));
  }
  return *f;
}

void OutputDir::commit() {
  // A stream that failed earlier (a full disk mid-run) has lost data; so has one whose last flush or close
  // fails. Either way the output is incomplete: throw, and the destructor removes it.
  auto failed = [&](const std::string& name, int err) {
    return RunError(path() + "/" + name + ": write failed" + write_failure(staging_, err) + " (" + path() +
                    " is left as it was)");
  };
  for (auto& [name, f] : files_) {
    if (!*f) throw failed(name, 0);
    errno = 0;
    f->flush();
    if (!*f) throw failed(name, errno);
    errno = 0;
    f->close();
    if (!*f) throw failed(name, errno);
    if (const int err = staging_folder_.sync_file(name)) throw failed(name, err);
  }
  if (!staging_folder_.is_at(staging_)) throw RunError(target_.sibling_replaced(staging_, "this command", ""));
  std::error_code ec;
  fs::remove(staging_ / kStagingMark, ec);
  target_.commit(staging_);
  committed_ = true;
}

}  // namespace statecraft
