#pragma once
// Flags shared by the batch commands (run --runs, compare), and the signal handling that lets a batch
// stop cleanly on Ctrl-C or SIGTERM.
#include <atomic>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "statecraft/experiment/experiment.hpp"
#include "statecraft/scenario/load.hpp"

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

/// A drawn value holds for the whole run: removes the set events of `sc`'s uncertain paths; with `say`, prints the
/// warning of each one not in `said` yet (and adds it there), so that events shared by variants are said once.
void hold_uncertain_values(Scenario& sc, bool say, std::vector<std::string>& said);

/// A value is either held (--set) or drawn (--uncertain): prints each --set path that one of `variants` also
/// declares uncertain, in the order given, and returns false if there is one.
bool set_values_not_drawn(const LoadOptions& lo, const std::vector<const Scenario*>& variants);

/// `refused`, a load of `file` with the --set values of `lo` (each variant's options in `each`), thrown again with
/// each --set value that one of the variants also declares uncertain said after its problems: every problem at
/// once, though the variants' uncertain values are known only from loads without the --set values. A file
/// that has problems of its own is thrown as `refused` is.
[[noreturn]] void refuse_also_drawn(const ScenarioError& refused, const std::string& file, const LoadOptions& lo,
                                    const std::vector<LoadOptions>& each);

/// ExperimentOptions::load_with for an uncertain batch: variant v loaded with `each[v]` (its name and --set
/// values) and the drawn values after them, every held value held.
std::function<Scenario(std::size_t, const std::vector<std::pair<std::string, double>>&)> uncertain_loader(
    const std::string& file, const std::vector<LoadOptions>& each);

/// Reports an interrupted batch (exit code 130); 0 otherwise, leaving the summary to the command.
int report(const ExperimentReport& rep, const ExperimentOptions& o, const std::string& resume_hint);

}  // namespace statecraft::cli
