#include "signals.hpp"

#include <cerrno>
#include <csignal>
#include <ctime>
#include <unistd.h>

namespace statecraft::cli {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};
std::atomic<long long> g_first_ns{0};  ///< when the first signal came, on the monotonic clock
// Atomics a signal handler touches must be lock-free to be safe there.
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free &&
              std::atomic<long long>::is_always_lock_free);

/// A repeat within this time is the same request said twice: GNU timeout signals the command and then its
/// process group, and a terminal's Ctrl-C reaches every process of the group, so one stop can arrive twice
/// at once. Only a second signal after it is a person asking for the program to end now.
constexpr long long kSameRequestNs = 1'000'000'000;

long long monotonic_ns() {
  timespec t{};
  ::clock_gettime(CLOCK_MONOTONIC, &t);  // async-signal-safe
  return static_cast<long long>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

extern "C" void on_signal(int sig) {
  const int saved_errno = errno;  // the interrupted code may be about to read it
  const long long now = monotonic_ns();
  if (!g_stop.load()) {
    g_first_ns.store(now);
    g_signal.store(sig);
    g_stop.store(true);
    errno = saved_errno;
    return;
  }
  if (now - g_first_ns.load() < kSameRequestNs) {
    errno = saved_errno;
    return;
  }
  // A second request, later: end at once, saying so (write(2) is async-signal-safe; stdio is not). What was
  // staged may stay beside the output; the next command to that --out removes it.
  static const char said[] = "statecraft: stopped at once by a second signal\n";
  if (::write(STDERR_FILENO, said, sizeof said - 1) < 0) {
    // Nothing more can be done about a message that cannot be written.
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

}  // namespace

const std::atomic<bool>& stop_on_signals() {
  static const bool installed = [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_signal);
    return true;
  }();
  (void)installed;
  return g_stop;
}

// A rank of an MPI batch stops without a signal of its own when another rank's signal stopped the batch: it
// exits as for Ctrl-C (130), not with 128, which a shell would read as no signal at all.
int stopped_exit_code() {
  const int sig = g_signal.load();
  return 128 + (sig != 0 ? sig : SIGINT);
}

}  // namespace statecraft::cli
