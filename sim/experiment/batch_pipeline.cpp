// A process's share of a batch on its threads (batch_pipeline.hpp).
#include "batch_pipeline.hpp"

#include <algorithm>

namespace statecraft {

LocalPipeline::LocalPipeline(const BatchPlan& plan, int jobs, std::uint64_t window, const std::atomic<bool>* stop)
    : plan_(plan), stop_(stop), window_(std::max<std::uint64_t>(1, window)), slots_(window_), ready_(window_, 0),
      own_(plan) {
  for (int t = 1; t < jobs; ++t) threads_.emplace_back([this] { help(); });
}

LocalPipeline::~LocalPipeline() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  cv_work_.notify_all();
  for (auto& t : threads_) t.join();
}

void LocalPipeline::give(std::uint64_t begin, std::uint64_t end) {
  if (end <= begin) return;
  {
    std::lock_guard lock(mu_);
    ranges_.push_back(Range{given_, begin, end});
    given_ += end - begin;
    if (helpers_waiting_ == 0) return;
  }
  cv_work_.notify_all();
}

void LocalPipeline::halt() {
  {
    std::lock_guard lock(mu_);
    halted_ = true;
  }
  cv_work_.notify_all();
}

std::uint64_t LocalPipeline::item_at(std::uint64_t position) const {
  for (const Range& r : ranges_)
    if (position < r.position + (r.end - r.begin)) return r.begin + (position - r.position);
  return 0;  // not given: callers ask only for given positions
}

std::uint64_t LocalPipeline::next_item() const {
  std::lock_guard lock(mu_);
  return item_at(taken_);
}

std::uint64_t LocalPipeline::unstarted() const {
  std::lock_guard lock(mu_);
  return stopped() ? 0 : given_ - claimed_;
}

LocalPipeline::Next LocalPipeline::take(RunResult& out) {
  std::unique_lock lock(mu_);
  if (taken_ == given_) return Next::Empty;
  const std::size_t slot = static_cast<std::size_t>(taken_ % window_);
  if (!ready_[slot]) {
    if (taken_ < claimed_) return Next::Running;
    return stopped() ? Next::Lost : Next::Unclaimed;
  }
  out = std::move(slots_[slot]);
  ready_[slot] = 0;
  const bool was_full = claimed_ - taken_ == window_;
  ++taken_;
  while (!ranges_.empty() && taken_ >= ranges_.front().position + (ranges_.front().end - ranges_.front().begin))
    ranges_.pop_front();
  if (was_full && helpers_waiting_ > 0) {
    lock.unlock();
    cv_work_.notify_one();
  }
  return Next::Taken;
}

std::uint64_t LocalPipeline::claim() {
  const std::uint64_t item = item_at(claimed_);
  ++claimed_;
  return item;
}

void LocalPipeline::store(std::uint64_t position, RunResult&& r) {
  std::unique_lock lock(mu_);
  if (!r.error.empty()) halted_ = true;  // no new items: the batch ends at this one
  const std::size_t slot = static_cast<std::size_t>(position % window_);
  slots_[slot] = std::move(r);
  ready_[slot] = 1;
  if (taker_waiting_ && position == taken_) {
    lock.unlock();
    cv_take_.notify_one();
  }
}

bool LocalPipeline::work_one() {
  std::uint64_t position, item;
  {
    std::lock_guard lock(mu_);
    if (!may_claim()) return false;
    position = claimed_;
    item = claim();
  }
  RunResult r;
  own_.run(item, r);
  store(position, std::move(r));
  return true;
}

void LocalPipeline::wait(std::chrono::microseconds timeout) {
  std::unique_lock lock(mu_);
  const std::size_t slot = static_cast<std::size_t>(taken_ % window_);
  if (taken_ < given_ && ready_[slot]) return;
  taker_waiting_ = true;
  cv_take_.wait_for(lock, timeout, [&] { return taken_ < given_ && ready_[slot]; });
  taker_waiting_ = false;
}

void LocalPipeline::help() {
  BatchWorker worker(plan_);
  for (;;) {
    std::uint64_t position, item;
    {
      std::unique_lock lock(mu_);
      if (!may_claim() && !closing_) {
        ++helpers_waiting_;
        cv_work_.wait(lock, [&] { return closing_ || may_claim(); });
        --helpers_waiting_;
      }
      if (closing_) return;
      position = claimed_;
      item = claim();
    }
    RunResult r;
    worker.run(item, r);
    store(position, std::move(r));
  }
}

}  // namespace statecraft
