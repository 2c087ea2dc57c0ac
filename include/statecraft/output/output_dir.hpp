#pragma once
// An output directory written atomically: files go to a hidden sibling directory, which replaces the
// target only when commit() is called. If the run fails or is interrupted, nothing is left behind: not the
// staging directory, not the parent directories it had to create, and an existing output (with --force)
// stays as it was.
#include <fstream>
#include <map>
#include <memory>
#include <string>

namespace statecraft {

class OutputDir {
 public:
  /// Refuses (UsageError) an existing non-empty `dir` unless `force`, and (RunError) a `dir` that is a file;
  /// creates the missing parents and the staging directory, or throws RunError naming `dir` and the reason.
  OutputDir(std::string dir, bool force);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  /// Opens (once) a file in the staging directory.
  std::ofstream& file(const std::string& name);
  /// Flushes and closes every file, checks for write errors, and moves the directory into place. On a write
  /// error (a full disk) throws RunError naming the file; the destructor then removes what was written.
  void commit();
  const std::string& path() const { return dir_; }

  /// Whether `dir` exists with entries in it (an output would overwrite something).
  static bool occupied(const std::string& dir);

 private:
  void remove_created_parents() noexcept;

  std::string dir_, staging_;
  std::string created_from_;  ///< the outermost parent directory this object created, or empty
  bool force_ = false, committed_ = false;
  std::map<std::string, std::unique_ptr<std::ofstream>> files_;
};

}  // namespace statecraft
