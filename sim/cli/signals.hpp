#pragma once
// Ctrl-C (SIGINT), SIGTERM and SIGHUP ask a command to stop: it finishes the step or the runs under way,
// removes what it staged (a batch keeps its finished runs for --resume), and exits with 128 + the signal's
// number, as a shell reports a process ended by that signal (130, 143, 129). A second signal more than a
// second after the first ends the program at once; one within the second is the same request arriving twice
// (GNU timeout signals the command and then its process group) and is ignored.
#include <atomic>

namespace statecraft::cli {

/// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& stop_on_signals();

/// The exit code for the signal that stopped the command: 128 + its number.
int stopped_exit_code();

}  // namespace statecraft::cli
