#include "model.hpp"

#include <algorithm>

#include "statecraft/engine/engine.hpp"
#include "statecraft/experiment/held_values.hpp"
#include "statecraft/experiment/metrics.hpp"
#include "statecraft/util/file.hpp"
#include "common.hpp"
#include "same_values.hpp"

namespace statecraft::calib {

Model::Model(const CalibrationSpec& spec, std::vector<ValuePath> paths, const std::vector<Observation>& obs)
    : spec_(spec), paths_(std::move(paths)), obs_(obs) {
  // The file was loaded and checked once already; this copy is for loads with overrides.
  text_ = read_regular_file(spec.file, spec.load.limits.file_bytes).text;
}

void Model::try_fast_path(const std::vector<double>& a, const std::vector<double>& b) {
  auto la = loaded(a), lb = loaded(b);
  if (!la || !lb) return;
  base_ = *la;
  auto fa = direct(a), fb = direct(b);
  fast_ = fa && fb && same_values(*fa, *la) && same_values(*fb, *lb);
  if (!fast_) base_.reset();
}

std::optional<Scenario> Model::loaded(const std::vector<double>& theta, std::string* why) const {
  LoadOptions lo = spec_.load;
  lo.check_all_variants = false;
  lo.overrides.clear();
  std::vector<std::string> held;
  for (std::size_t i = 0; i < paths_.size(); ++i) {
    lo.overrides.emplace_back(paths_[i].path, theta[i]);
    held.push_back(paths_[i].path);
  }
  try {
    Scenario sc = load_scenario_text(text_, spec_.file, lo);
    hold_values(sc, held);  // the fitted values hold for the whole run (the command warned once)
    return sc;
  } catch (const ScenarioError& e) {
    if (why) *why = e.what();
    return std::nullopt;
  }
}

std::optional<Scenario> Model::scenario(const std::vector<double>& theta, std::string* why) const {
  if (fast_) return direct(theta);
  return loaded(theta, why);
}

std::optional<std::vector<double>> Model::simulate(const std::vector<double>& theta, const std::vector<char>& use,
                                                   std::string* why) const {
  auto sc = scenario(theta, why);
  if (!sc) return std::nullopt;
  return run(*sc, use, why);
}

std::optional<std::vector<double>> Model::run(const Scenario& sc, const std::vector<char>& use,
                                              std::string* why) const {
  int last = 0;
  for (std::size_t k = 0; k < obs_.size(); ++k)
    if (use[k]) last = std::max(last, obs_[k].step);
  std::vector<std::vector<std::size_t>> by_step(static_cast<std::size_t>(last) + 1);
  for (std::size_t k = 0; k < obs_.size(); ++k)
    if (use[k]) by_step[static_cast<std::size_t>(obs_[k].step)].push_back(k);
  std::vector<double> out(obs_.size(), kNaN);
  try {
    Engine engine(sc, 0);
    engine.set_record_drivers(false);
    for (int s = 0; s <= last; ++s) {
      if (s > 0) engine.step();
      for (std::size_t k : by_step[static_cast<std::size_t>(s)]) {
        MetricRef m;
        m.scope = MetricRef::Scope::Actor;
        m.a = obs_[k].actor;
        m.field = obs_[k].field;
        out[k] = metric_value(engine.world(), m);
      }
    }
  } catch (const RunError& e) {
    if (why) *why = e.what();
    return std::nullopt;
  }
  return out;
}

std::optional<Scenario> Model::direct(const std::vector<double>& theta) const {
  if (!base_) return std::nullopt;
  Scenario sc = *base_;
  for (std::size_t i = 0; i < paths_.size(); ++i)
    if (!set_value(sc, paths_[i], theta[i])) return std::nullopt;
  return sc;
}

}  // namespace statecraft::calib
