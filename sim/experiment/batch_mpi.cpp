// A batch over MPI ranks in chunks (batch_mpi.hpp).
#include "batch_mpi.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <deque>
#include <exception>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "batch_pipeline.hpp"

#ifdef STATECRAFT_HAVE_MPI
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/request.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#endif

namespace statecraft {

std::uint64_t chunk_items(std::uint64_t items, int ranks) {
  if (const char* env = std::getenv("STATECRAFT_CHUNK")) {
    const std::uint64_t n = std::strtoull(env, nullptr, 10);
    if (n > 0) return n;
  }
  const std::uint64_t share = items / (16 * static_cast<std::uint64_t>(std::max(1, ranks)));
  return std::clamp<std::uint64_t>(share, 1, 32);
}

#ifdef STATECRAFT_HAVE_MPI
namespace {

namespace mpi = boost::mpi;

/// Rank 0 to a rank: the items [begin, end) to run next, in order; begin == end: stop.
constexpr int kControlTag = 2;
/// A rank to rank 0: a chunk's results.
constexpr int kChunkTag = 3;
/// Chunks a rank holds at a time: one it runs, one it has in hand when it sends the first.
constexpr int kChunksAhead = 2;

/// The results of a chunk: those of items begin, begin + 1, ...; fewer than end - begin when the rank
/// stopped (a run failed, or a stop) before the rest. `last`: the rank sends nothing more.
struct Chunk {
  std::uint64_t begin = 0, end = 0;
  std::vector<RunResult> results;
  bool last = false;

  template <class Archive>
  void serialize(Archive& ar, unsigned) {
    ar & begin & end & results & last;
  }
};

/// The shortest and longest sleep between two probes that found nothing: short enough that a message waits
/// a small part of a run, long enough that a waiting rank takes no measurable CPU.
constexpr std::chrono::microseconds kFirstNap{20}, kLongestNap{2000};

class Backoff {
 public:
  std::chrono::microseconds next() {
    const auto now = nap_;
    nap_ = std::min(nap_ * 2, kLongestNap);
    return now;
  }
  void reset() { nap_ = kFirstNap; }

 private:
  std::chrono::microseconds nap_ = kFirstNap;
};

/// Messages sent without blocking, kept until MPI is done with them.
class Outbox {
 public:
  void control(mpi::communicator& world, int dest, std::uint64_t begin, std::uint64_t end) {
    auto& m = controls_.emplace_back();
    m.range = {begin, end};
    m.req = world.isend(dest, kControlTag, m.range.data(), 2);
  }
  void chunk(mpi::communicator& world, Chunk&& c) {
    auto& m = chunks_.emplace_back();
    m.chunk = std::move(c);
    m.req = world.isend(0, kChunkTag, m.chunk);
  }
  /// Forgets the messages MPI has sent; true if none is left.
  bool flush() {
    controls_.remove_if([](auto& m) { return m.req.test().has_value(); });
    chunks_.remove_if([](auto& m) { return m.req.test().has_value(); });
    return controls_.empty() && chunks_.empty();
  }
  void drain() {
    Backoff b;
    while (!flush()) std::this_thread::sleep_for(b.next());
  }

 private:
  struct Control {
    std::array<std::uint64_t, 2> range{};
    mpi::request req;
  };
  struct Sent {
    Chunk chunk;
    mpi::request req;
  };
  std::list<Control> controls_;
  std::list<Sent> chunks_;
};

/// Rank 0's side: the pool of items not yet handed out, the results waiting for their turn, and the ranks.
class Leader {
 public:
  Leader(const BatchPlan& plan, const Parallelism& par, std::uint64_t first, const std::atomic<bool>* stop)
      : par_(par), stop_(stop), items_(plan.items()), first_(first), chunk_(chunk_items(items_ - first, par.size)),
        ahead_limit_(4 * kChunksAhead * chunk_ * static_cast<std::uint64_t>(par.size)),
        next_(first), consumed_to_(first), lost_from_(items_),
        local_(plan, par.jobs, 16 * static_cast<std::uint64_t>(std::max(1, par.jobs)), stop),
        ended_(static_cast<std::size_t>(par.size), false) {}

  std::uint64_t run(const std::function<void(RunResult&&)>& consume) {
    for (int d = 0; d < kChunksAhead; ++d)
      for (int q = 1; q < par_.size; ++q) hungry_.push_back(q);
    std::exception_ptr error;
    std::optional<RunResult> failure;
    try {
      lead(consume, failure);
    } catch (...) {
      error = std::current_exception();  // from consume (a full disk): the ranks must still be stopped
    }
    finish();
    if (error) std::rethrow_exception(error);
    if (failure) throw BatchRunFailed(failure->item, failure->error, failure->bad_input);
    return consumed_to_ - first_;
  }

 private:
  Parallelism par_;
  const std::atomic<bool>* stop_;
  const std::uint64_t items_, first_, chunk_;
  const std::uint64_t ahead_limit_;  ///< items handed out beyond the next to consume: bounds what waits here
  std::uint64_t next_;               ///< the first item not handed out
  std::uint64_t consumed_to_;        ///< the next item to consume
  std::uint64_t lost_from_;          ///< the first item that will never come (a rank stopped before it)
  LocalPipeline local_;
  std::map<std::uint64_t, RunResult> waiting_;  ///< results ahead of their turn
  std::deque<int> hungry_;                      ///< ranks owed a chunk
  std::vector<bool> ended_;
  bool stopping_ = false;
  mpi::communicator world_;
  Outbox out_;

  void lead(const std::function<void(RunResult&&)>& consume, std::optional<RunResult>& failure) {
    Backoff nap;
    while (consumed_to_ < items_ && consumed_to_ < lost_from_) {
      if (!stopping_ && stop_ && stop_->load()) stop_handing_out();
      bool busy = receive() | hand_out() | collect_own();
      for (auto it = waiting_.find(consumed_to_); it != waiting_.end(); it = waiting_.find(consumed_to_)) {
        RunResult r = std::move(it->second);
        waiting_.erase(it);
        if (!r.error.empty()) {
          failure = std::move(r);
          return;
        }
        consume(std::move(r));
        ++consumed_to_;
        busy = true;
      }
      out_.flush();
      if (!busy) busy = work_own();
      if (busy) nap.reset();
      else local_.wait(nap.next());
    }
  }

  /// Receives every chunk that has arrived; each finished chunk earns its rank another.
  bool receive() {
    bool any = false;
    while (auto st = world_.iprobe(mpi::any_source, kChunkTag)) {
      Chunk c;
      world_.recv(st->source(), kChunkTag, c);
      take_chunk(st->source(), std::move(c));
      if (!ended_[static_cast<std::size_t>(st->source())]) hungry_.push_back(st->source());
      any = true;
    }
    return any;
  }

  void take_chunk(int source, Chunk&& c) {
    if (c.last) ended_[static_cast<std::size_t>(source)] = true;
    if (c.results.size() < c.end - c.begin) lost_from_ = std::min(lost_from_, c.begin + c.results.size());
    for (auto& r : c.results) waiting_.emplace(r.item, std::move(r));
  }

  /// The next chunks of the pool to the ranks owed one, as long as they stay within reach of consumption.
  bool hand_out() {
    bool any = false;
    while (!hungry_.empty() && !stopping_ && next_ < items_ && next_ - consumed_to_ < ahead_limit_) {
      const std::uint64_t end = std::min(items_, next_ + chunk_);
      out_.control(world_, hungry_.front(), next_, end);
      hungry_.pop_front();
      next_ = end;
      any = true;
    }
    return any;
  }

  /// Moves this rank's own finished runs among the waiting results.
  bool collect_own() {
    bool any = false;
    RunResult r;
    for (;;) {
      const auto next = local_.take(r);
      if (next == LocalPipeline::Next::Taken) {
        waiting_.emplace(r.item, std::move(r));
        any = true;
        continue;
      }
      if (next == LocalPipeline::Next::Lost) lost_from_ = std::min(lost_from_, local_.next_item());
      return any;
    }
  }

  /// With nothing else to do: an item of this rank's own, the next of the pool when it has none in hand.
  bool work_own() {
    if (local_.unstarted() == 0 && !stopping_ && next_ < items_ && next_ - consumed_to_ < ahead_limit_) {
      const std::uint64_t end = std::min(items_, next_ + 2 * static_cast<std::uint64_t>(std::max(1, par_.jobs)) - 1);
      local_.give(next_, end);
      next_ = end;
    }
    return local_.work_one();
  }

  /// A stop was asked: nothing more is handed out, and what was not is lost.
  void stop_handing_out() {
    stopping_ = true;
    local_.halt();
    lost_from_ = std::min(lost_from_, next_);
  }

  /// Every rank told to stop, and everything it still sends received, so that no message is left in flight.
  void finish() {
    stopping_ = true;
    local_.halt();
    for (int q = 1; q < par_.size; ++q) out_.control(world_, q, 0, 0);
    Backoff nap;
    while (std::count(ended_.begin() + 1, ended_.end(), false) > 0) {
      bool any = false;
      while (auto st = world_.iprobe(mpi::any_source, kChunkTag)) {
        Chunk c;
        world_.recv(st->source(), kChunkTag, c);
        if (c.last) ended_[static_cast<std::size_t>(st->source())] = true;
        any = true;
      }
      out_.flush();
      if (any) nap.reset();
      else std::this_thread::sleep_for(nap.next());
    }
    out_.drain();
  }
};

/// A rank other than 0: its chunks in the order handed out, the first being filled.
class Follower {
 public:
  Follower(const BatchPlan& plan, const Parallelism& par, const std::atomic<bool>* stop)
      : local_(plan, par.jobs, 16 * static_cast<std::uint64_t>(std::max(1, par.jobs)), stop) {}

  void run() {
    Backoff nap;
    for (;;) {
      bool busy = listen() | send_finished();
      if (told_stop_ && chunks_.empty()) break;
      out_.flush();
      if (!busy) busy = local_.work_one();
      if (busy) nap.reset();
      else local_.wait(nap.next());
    }
    Chunk last;
    last.last = true;
    out_.chunk(world_, std::move(last));
    out_.drain();
  }

 private:
  LocalPipeline local_;
  std::deque<Chunk> chunks_;
  bool told_stop_ = false;
  mpi::communicator world_;
  Outbox out_;

  bool listen() {
    bool any = false;
    while (world_.iprobe(0, kControlTag)) {
      std::array<std::uint64_t, 2> range{};
      world_.recv(0, kControlTag, range.data(), 2);
      if (range[0] == range[1]) {
        told_stop_ = true;
        local_.halt();
      } else {
        chunks_.push_back(Chunk{range[0], range[1], {}, false});
        chunks_.back().results.reserve(range[1] - range[0]);
        local_.give(range[0], range[1]);
      }
      any = true;
    }
    return any;
  }

  /// Sends each chunk once it is complete, or as far as it got once the rest will never come.
  bool send_finished() {
    bool any = false;
    RunResult r;
    while (!chunks_.empty()) {
      const auto next = local_.take(r);
      if (next == LocalPipeline::Next::Taken) {
        chunks_.front().results.push_back(std::move(r));
        any = true;
      } else if (next != LocalPipeline::Next::Lost && next != LocalPipeline::Next::Empty) {
        return any;
      }
      Chunk& c = chunks_.front();
      if (next == LocalPipeline::Next::Taken && c.results.size() < c.end - c.begin) continue;
      out_.chunk(world_, std::move(c));  // complete, or cut short: stopped, every later item too
      chunks_.pop_front();
      any = true;
    }
    return any;
  }
};

}  // namespace

std::uint64_t lead_ranks(const BatchPlan& plan, const Parallelism& par, std::uint64_t first,
                         const std::function<void(RunResult&&)>& consume, const std::atomic<bool>* stop) {
  Leader leader(plan, par, first, stop);
  return leader.run(consume);
}

void follow_rank_zero(const BatchPlan& plan, const Parallelism& par, const std::atomic<bool>* stop) {
  Follower follower(plan, par, stop);
  follower.run();
}

void await_message(int source, int tag) {
  mpi::communicator world;
  Backoff nap;
  while (!world.iprobe(source, tag)) std::this_thread::sleep_for(nap.next());
}
#endif

}  // namespace statecraft
