#pragma once
// A batch over MPI ranks (docs/performance.md, "Two jobs and MPI"). Rank 0 hands out the items in chunks of
// consecutive items, a few chunks ahead per rank, each further chunk in reply to a finished one, so that a
// rank is never idle waiting for work and a run never travels alone. Rank 0 consumes every result in item
// order (the bytes do not depend on the ranks), and runs items of its own only when it has nothing to
// receive, hand out or consume. Nobody waits in a blocking MPI call: Open MPI's blocking calls poll at full
// speed, so waits are nonblocking probes with a growing sleep in between.
#include <atomic>
#include <cstdint>
#include <functional>

#include "statecraft/experiment/batch.hpp"

namespace statecraft {

/// Items in a chunk: STATECRAFT_CHUNK when set (the tests use it to cut runs unevenly), else a sixteenth of
/// each rank's share, between 1 and 32.
std::uint64_t chunk_items(std::uint64_t items, int ranks);

#ifdef STATECRAFT_HAVE_MPI
/// Rank 0: distributes items [first, plan.items()), runs some itself and consumes all in order; returns the
/// number consumed, or throws BatchRunFailed or what `consume` threw, once every rank has stopped.
std::uint64_t lead_ranks(const BatchPlan& plan, const Parallelism& par, std::uint64_t first,
                         const std::function<void(RunResult&&)>& consume, const std::atomic<bool>* stop);
/// Any other rank: runs the chunks rank 0 hands out and sends their results, until rank 0 says stop.
void follow_rank_zero(const BatchPlan& plan, const Parallelism& par, const std::atomic<bool>* stop);
/// Waits, without spinning, until a message from `source` with `tag` can be received.
void await_message(int source, int tag);
#endif

}  // namespace statecraft
