#pragma once
// Flags shared by the batch commands (run --runs, compare), and the signal handling that lets a batch
// stop cleanly on Ctrl-C or SIGTERM.
#include <atomic>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "statecraft/experiment/experiment.hpp"

namespace statecraft::cli {

struct BatchFlags {
  int jobs = 0;
  bool keep_runs = false, resume = false, force = false;
  std::vector<std::string> metrics;
  std::string out;
};

/// Adds --jobs, --resume, --metric (and --out, --force; --keep-runs where the command writes runs/) to a command.
void add_batch_flags(CLI::App& app, BatchFlags& f, bool with_out, bool with_keep_runs = true);

/// The trend metrics of a batch: the scenario's `outcomes.metrics`, then each --metric, checked; prints the
/// refusal and returns nullopt for a bad one.
std::optional<std::vector<std::string>> batch_metrics(const Scenario& sc, const std::vector<std::string>& flags);

/// Options for the library from the flags; installs the SIGINT/SIGTERM handlers.
ExperimentOptions experiment_options(const BatchFlags& f, std::uint64_t runs, const std::string& default_out);

/// Reports an interrupted batch (exit code 130); 0 otherwise, leaving the summary to the command.
int report(const ExperimentReport& rep, const ExperimentOptions& o, const std::string& resume_hint);

}  // namespace statecraft::cli
