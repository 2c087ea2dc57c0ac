#pragma once
// An output directory written atomically: files go to a hidden sibling directory, which replaces the
// target only when commit() is called. If the run fails or is interrupted, nothing is left behind.
#include <fstream>
#include <map>
#include <memory>
#include <string>

namespace statecraft {

class OutputDir {
 public:
  /// Refuses (RunError) an existing non-empty `dir` unless `force`; creates the staging directory.
  OutputDir(std::string dir, bool force);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  /// Opens (once) a file in the staging directory.
  std::ofstream& file(const std::string& name);
  /// Flushes and closes every file, checks for write errors, and moves the directory into place.
  void commit();
  const std::string& path() const { return dir_; }

  /// Whether `dir` exists with entries in it (an output would overwrite something).
  static bool occupied(const std::string& dir);

 private:
  std::string dir_, staging_;
  bool force_ = false, committed_ = false;
  std::map<std::string, std::unique_ptr<std::ofstream>> files_;
};

}  // namespace statecraft
