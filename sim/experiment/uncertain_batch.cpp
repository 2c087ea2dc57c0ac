#include "uncertain_batch.hpp"

#include <algorithm>

#include "statecraft/experiment/uncertain.hpp"

namespace statecraft {
namespace {

/// The declaration of `path` in `sc`, or null.
const UncertainInput* find_input(const Scenario& sc, const std::string& path) {
  const auto it = std::find_if(sc.uncertain.begin(), sc.uncertain.end(),
                               [&](const UncertainInput& u) { return u.path == path; });
  return it == sc.uncertain.end() ? nullptr : &*it;
}

}  // namespace

std::vector<std::string> plan_uncertain(Batch& b, const std::vector<Scenario>& variants, const ExperimentOptions& o) {
  const std::size_t V = variants.size();
  const std::vector<std::string> columns = uncertain_columns(b.plan.variants);
  std::vector<VariantDraws> draws;
  for (const auto& v : variants) draws.emplace_back(v);
  std::vector<char> direct(V, 1);
  // The loader given the values as overrides: the variant with all of them, the base it starts from with
  // those the base has (the loader's observed world).
  auto load = [&variants, &o](std::size_t v, std::uint64_t run) {
    std::vector<std::pair<std::string, double>> all;
    for (const auto& in : variants[v].uncertain) all.emplace_back(in.path, draw_uncertain(in, variants[v].seed, run));
    return o.load_with(v, all);
  };
  // Written directly into each worker's copies unless a drawn value derives others when loaded: checked on two
  // runs of each variant.
  if (o.load_with)
    for (std::size_t v = 0; v < V; ++v) {
      if (variants[v].uncertain.empty()) continue;
      for (std::uint64_t run = 0; run < 2 && direct[v]; ++run) {
        try {
          direct[v] = draws_match_load(with_draws(variants[v], run), load(v, run));
        } catch (const ScenarioError& e) {  // a draw that breaks a check between values: said as the batch says it
          const std::uint64_t item = run * b.plan.width() + v;
          throw failed_run_input((b.describe ? b.describe(item) : "run " + std::to_string(run)) + " failed" +
                                     (o.out_dir.empty() ? "" : " (nothing was written)"),
                                 e.what());
        }
      }
    }
  b.plan.make_run = load;
  b.plan.draw_into = [draws, direct](std::size_t v, std::uint64_t run, Scenario& sc, Scenario* base,
                                     std::vector<double>& observed) {
    if (!direct[v]) return false;
    draws[v].write(run, sc, base, observed);
    return true;
  };
  b.plan.start_class = start_classes(b.plan.variants);
  b.input_names = columns;
  b.inputs = [&variants, &b, columns](std::uint64_t item) {
    const auto [v, run] = b.plan.locate(item);
    std::vector<Cell> values;
    for (const auto& col : columns) {
      const UncertainInput* in = find_input(variants[v], col);
      values.push_back(in ? Cell::num(draw_uncertain(*in, variants[v].seed, run)) : Cell::no_number());
    }
    return values;
  };
  return columns;
}

std::vector<UncertainInput> declared_inputs(const std::vector<std::string>& columns,
                                            const std::vector<Scenario>& variants) {
  std::vector<UncertainInput> declared;
  for (const auto& col : columns)
    for (const auto& v : variants)
      if (const UncertainInput* in = find_input(v, col)) {
        declared.push_back(*in);
        break;
      }
  return declared;
}

}  // namespace statecraft
