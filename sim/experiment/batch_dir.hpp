#pragma once
// The directory of a batch in progress (`run --runs`, `compare`, `sweep`): a hidden sibling of the output
// directory, `.NAME.batch`, under a stable name so that `--resume` finds it. It holds the command that
// started it (spec.txt), the files that grow run by run, and a checkpoint of one record per finished run:
// its outcomes and trends, and the length and CRC-32 of every growing file after it. On resume the records
// are checked against the files, and runs whose rows are not all there are run again. On completion the
// directory takes the output directory's place (OutputTarget).
#include <boost/crc.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "statecraft/output/output_target.hpp"
#include "statecraft/output/own_file.hpp"
#include "statecraft/scenario/error.hpp"

namespace statecraft {

struct ExperimentOptions;

class BatchDir {
 public:
  /// Claims the output directory and starts a batch (or, with o.resume, finds the unfinished one started by
  /// the same `spec`). `appendable` are the growing files, `doubles_per_record` the values a run checkpoints.
  BatchDir(const ExperimentOptions& o, std::string spec, std::vector<std::string> appendable,
           std::size_t doubles_per_record, const std::vector<std::string>& inputs);
  BatchDir(const BatchDir&) = delete;
  BatchDir& operator=(const BatchDir&) = delete;

  /// The checkpointed values of the runs whose rows are all in the growing files, in order; the files and
  /// the checkpoint are cut back to the last of them.
  std::vector<std::vector<double>> recover();
  /// Runs that the checkpoint listed but recover() found incomplete (they are run again).
  std::uint64_t redone() const { return redone_; }

  void open_for_append();
  /// Appends rows to growing file `f`.
  void append(std::size_t f, std::string_view rows);
  /// Records that `item` is finished, after its rows were appended. The rows and records are handed to the
  /// system every kFlushEvery or kFlushBytes of records (a kill loses at most the runs since), and forced to the
  /// disk at most once a second.
  void checkpoint(std::uint64_t item, const std::vector<double>& values);
  /// Hands the rows and records so far to the system, rows first: a batch stopped by a signal keeps every run.
  void flush();
  /// Leaves a torn record and torn rows behind and ends the process at once (fault injection).
  [[noreturn]] void die_midway();

  /// A file written whole at the end.
  std::ofstream& final_file(const std::string& name);
  /// Checks every write, moves the directory into place, and removes the bookkeeping.
  void commit();
  /// A run failed: removes the batch directory (its runs would fail again the same way).
  void discard() noexcept;

  /// The output directory as the user gave it.
  const std::string& shown() const { return target_.shown(); }
  /// The batch directory.
  const std::filesystem::path& path() const { return dir_; }

 private:
  OutputTarget target_;
  std::filesystem::path dir_;
  OwnFolder folder_;  ///< the batch folder as made or resumed, checked before it is committed
  std::string spec_;
  std::vector<std::string> names_;
  std::size_t doubles_;
  std::ofstream checkpoint_;
  std::vector<std::ofstream> files_;
  std::vector<std::uint64_t> lengths_;
  std::vector<boost::crc_32_type> crcs_;
  std::map<std::string, std::unique_ptr<std::ofstream>> finals_;
  std::uint64_t redone_ = 0;
  std::vector<std::uint64_t> pending_;  ///< checkpoint records not yet handed to the system
  static constexpr std::chrono::milliseconds kFlushEvery{100};
  static constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
  std::chrono::steady_clock::time_point last_sync_, last_flush_;

  void start_over();
  /// Refuses to resume from a batch folder that is not as statecraft left it: a link or other non-file inside
  /// (which resuming would write through), or no spec.txt to compare the command with.
  void refuse_foreign_batch() const;
  /// Why --resume without --force leaves the target's earlier outputs alone: what to pass depends on whether
  /// there is an unfinished batch (`partial`) that would replace them.
  std::string earlier_outputs_refused(bool partial) const;
  std::size_t record_bytes() const;
  /// The batch directory as the user would name it (`.o.batch`, beside the --out as typed).
  std::string shown_batch() const { return target_.shown_sibling(dir_); }
  /// The failure of a batch whose folder was swapped for another while it ran (by someone able to rename in
  /// the folder holding it): nothing is committed, and there is nothing here to resume.
  RunError replaced_while_running() const;
  /// Where the finished runs are kept, and how to finish the batch once `first` is done.
  std::string kept_for_resume(const std::string& first) const;
  /// Throws RunError for a failed write to `name`, saying that the finished runs are kept for --resume.
  [[noreturn]] void write_failed(const std::string& name, int err) const;
  void sync_all();
};

}  // namespace statecraft
