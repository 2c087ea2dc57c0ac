#pragma once
// A batch whose runs draw the scenario's uncertain values (compare --uncertain, run --runs N --uncertain):
// each run gets a scenario of its own, and the values drawn are inputs of experiments.csv.
#include <string>
#include <vector>

#include "batch_execute.hpp"

namespace statecraft {

/// Makes every run of `b` draw its variant's uncertain values (written directly where that is what the loader
/// would give, else loaded through o.load_with), and records the values drawn as the inputs of experiments.csv,
/// one column per uncertain path (empty where a variant has no such path). `variants` must outlive the batch.
/// Returns the columns.
std::vector<std::string> plan_uncertain(Batch& b, const std::vector<Scenario>& variants, const ExperimentOptions& o);

/// Each column's declaration, as the first variant that has it declares it: for the manifest.
std::vector<UncertainInput> declared_inputs(const std::vector<std::string>& columns,
                                            const std::vector<Scenario>& variants);

}  // namespace statecraft
