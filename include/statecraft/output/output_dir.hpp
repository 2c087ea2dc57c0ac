#pragma once
// An output directory written atomically: files go to a hidden sibling directory (`.NAME.partial`), which
// takes the target's place only when commit() is called. If the run fails or is interrupted, nothing is left
// behind: not the staging directory, not the parent directories it had to create, and an earlier output
// (with --force) stays as it was. What may be replaced, and how, is OutputTarget's (output_target.hpp).
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "statecraft/output/output_target.hpp"
#include "statecraft/output/own_file.hpp"

namespace statecraft {

class OutputDir {
 public:
  /// Claims and checks `dir` (OutputTarget: UsageError or RunError), then creates the staging directory.
  /// `inputs` are the files the command reads, which the output directory may not hold.
  OutputDir(std::string dir, bool force, const std::vector<std::string>& inputs = {});
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  /// Opens (once) a file in the staging directory.
  std::ofstream& file(const std::string& name);
  /// Flushes and closes every file, checks for write errors, and moves the directory into place. On a write
  /// error (a full disk) throws RunError naming the file; the destructor then removes what was written.
  void commit();
  /// The directory as the user gave it.
  const std::string& path() const { return target_.shown(); }

 private:
  OutputTarget target_;
  std::filesystem::path staging_;
  OwnFolder staging_folder_;  ///< the staging folder this command made, checked before it is committed
  bool committed_ = false;
  std::map<std::string, std::unique_ptr<std::ofstream>> files_;
};

}  // namespace statecraft
