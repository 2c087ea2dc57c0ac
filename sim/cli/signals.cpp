#include "signals.hpp"

#include <csignal>

namespace statecraft::cli {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};

extern "C" void on_signal(int sig) {
  g_signal.store(sig);
  g_stop.store(true);
  std::signal(sig, SIG_DFL);  // a second signal ends the program at once
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

int stopped_exit_code() { return 128 + g_signal.load(); }

}  // namespace statecraft::cli
