#pragma once
// The items a process was given, run on its threads and taken in the order given. The thread that takes the
// results (the caller: the consumer, or an MPI rank's messenger) runs items too whenever it has nothing to
// take, so `--jobs J` means J threads busy with runs, the consumer's work shared among them, and no wake-up
// per run: the caller is woken only when it has nothing else to do and waits for a result.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "batch_worker.hpp"

namespace statecraft {

class LocalPipeline {
 public:
  /// `jobs` threads in all: jobs - 1 helpers and the caller. At most `window` results are held ahead of the
  /// caller's takes.
  LocalPipeline(const BatchPlan& plan, int jobs, std::uint64_t window, const std::atomic<bool>* stop);
  ~LocalPipeline();
  LocalPipeline(const LocalPipeline&) = delete;
  LocalPipeline& operator=(const LocalPipeline&) = delete;

  /// Appends the items [begin, end) to run, after those given before.
  void give(std::uint64_t begin, std::uint64_t end);
  /// Stops starting items (a run failed, a stop was asked): the ones started still finish.
  void halt();

  /// What the next result in the given order is.
  enum class Next {
    Taken,      ///< it was ready: moved into `out`
    Running,    ///< a thread is running it: wait, or run another
    Unclaimed,  ///< nobody runs it yet: run it (work_one)
    Lost,       ///< halted before it was started: it will never come
    Empty,      ///< every item given was taken
  };
  Next take(RunResult& out);
  /// The item the next take would return (valid unless take says Empty).
  std::uint64_t next_item() const;
  /// Runs the next unstarted item on the calling thread, if the window allows; false if there was none.
  bool work_one();
  /// Waits (at most `timeout`) until the next result is ready or the state changes.
  void wait(std::chrono::microseconds timeout);
  /// Items given but not yet started.
  std::uint64_t unstarted() const;

 private:
  struct Range {
    std::uint64_t position, begin, end;  ///< `position`: the given order of `begin`
  };
  const BatchPlan& plan_;
  const std::atomic<bool>* stop_;
  const std::uint64_t window_;
  mutable std::mutex mu_;
  std::condition_variable cv_work_, cv_take_;
  std::deque<Range> ranges_;          ///< given, not yet all taken
  std::uint64_t given_ = 0, claimed_ = 0, taken_ = 0;  ///< positions in the given order
  std::vector<RunResult> slots_;      ///< the result of position p in slot p % window
  std::vector<char> ready_;
  bool closing_ = false, halted_ = false;
  bool taker_waiting_ = false;
  int helpers_waiting_ = 0;
  BatchWorker own_;  ///< the caller's
  std::vector<std::thread> threads_;

  bool stopped() const { return halted_ || (stop_ && stop_->load(std::memory_order_relaxed)); }
  bool may_claim() const { return !stopped() && claimed_ < given_ && claimed_ - taken_ < window_; }
  std::uint64_t item_at(std::uint64_t position) const;
  /// Under the lock: claims the next position and returns its item.
  std::uint64_t claim();
  /// Stores the result of a position, waking the caller if it waits for it.
  void store(std::uint64_t position, RunResult&& r);
  void help();
};

}  // namespace statecraft
