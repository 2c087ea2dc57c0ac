// fitted.yaml: a scenario file that `extends` the calibrated one and sets the fitted values, each with its
// standard error and the value it replaced, checked to load back to the fitted model.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "statecraft/experiment/calibrate.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/scenario/yaml_emit.hpp"
#include "common.hpp"
#include "same_values.hpp"

namespace fs = std::filesystem;

namespace statecraft {
namespace {

using calib::exact;
using calib::split;

std::string relative_to(const std::string& file, const std::string& dir) {
  std::error_code ec;
  fs::path abs_file = fs::weakly_canonical(fs::absolute(file, ec), ec);
  fs::path abs_dir = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  fs::path rel = abs_file.lexically_relative(abs_dir);
  return rel.empty() ? abs_file.string() : rel.generic_string();
}

std::string se_note(const ParamEstimate& e) {
  std::string s = "fitted";
  if (std::isfinite(e.se)) s += ", SE " + fmt(e.se);
  s += "; was " + fmt(e.start);
  if (e.at_bound) s += "; at a bound";
  return s;
}

bool is_preset(const std::string& name) {
  return std::any_of(policy_presets().begin(), policy_presets().end(), [&](const Policy& p) { return p.name == name; });
}

/// What fitted.yaml is built from: the spec, the scenario before and after the fit, and where it goes.
struct FittedFile {
  const CalibrationSpec& spec;
  const Scenario& before;
  const Scenario& fitted;
  std::string base;     ///< the scenario file relative to the output directory (`extends`)
  std::string display;  ///< the file's name in messages
  YamlTree doc;
  std::vector<std::string> notes;  ///< what the file cannot carry: WARNING lines of its header

  /// Under variants.V when a variant was calibrated, so that `--variant V` of the fitted file is the fit.
  std::vector<std::string> under(std::vector<std::string> path) const {
    if (spec.load.variant.empty()) return path;
    std::vector<std::string> full = {"variants", spec.load.variant};
    full.insert(full.end(), path.begin(), path.end());
    return full;
  }

  /// Whether a file setting `relations.pairs.KEY.REST` to `v` loads.
  bool pair_key_loads(const std::string& key, const std::vector<std::string>& rest, const std::string& v) const {
    YamlTree probe;
    probe.set({"extends"}, base);
    std::vector<std::string> path = {"relations", "pairs", key};
    path.insert(path.end(), rest.begin(), rest.end());
    probe.set(path, v);
    LoadOptions plo = spec.load;
    plo.check_all_variants = false;
    plo.overrides.clear();
    try {
      (void)load_scenario_text(probe.emit(), display, plo);
      return true;
    } catch (const ScenarioError&) {
      return false;
    }
  }

  /// A pair's value, under the key the file uses: A-B or B-A (a pair given both ways is an error).
  void set_relation(const std::vector<std::string>& parts, const std::string& v, const std::string& note) {
    std::string key = parts[1];
    const auto dash = key.find('-');
    const std::string flipped = key.substr(dash + 1) + "-" + key.substr(0, dash);
    const std::vector<std::string> rest(parts.begin() + 2, parts.end());
    if (!pair_key_loads(key, rest, v) && pair_key_loads(flipped, rest, v)) key = flipped;
    std::vector<std::string> path = {"relations", "pairs", key};
    path.insert(path.end(), rest.begin(), rest.end());
    doc.set(under(path), v, note);
  }

  /// A preset's coefficient cannot be redefined in a file: writes what its new value changed, policy by policy
  /// (named policies built on it, actors following it or an inline policy built on it).
  void set_preset_coefficient(const ParamEstimate& e, const std::vector<std::string>& parts, const std::string& note) {
    const std::string& preset = parts[1];
    const std::string& coef = parts[2];
    double PolicyParams::*member = nullptr;
    for (const auto& f : policy_fields())
      if (coef == f.key) member = f.member;
    const std::size_t presets = policy_presets().size();
    const std::string from = "from " + e.path + " (" + note + ")";
    std::set<std::string> named_seen;
    for (std::size_t i = presets; i < before.policies.size() && i < fitted.policies.size(); ++i) {
      const Policy& was = before.policies[i];
      const Policy& now = fitted.policies[i];
      const bool named = !is_preset(was.name) && was.name.find('+') == std::string::npos &&
                         named_seen.insert(was.name).second;
      if (!named) continue;
      if (now.params.*member != was.params.*member)
        doc.set(under({"policies", was.name, coef}), exact(now.params.*member), from);
      if (was.conditional && now.defect.*member != was.defect.*member)
        notes.push_back("policy " + was.name + " switches to a policy built on " + preset +
                        ": fitted.yaml cannot carry the preset's new " + coef);
    }
    for (std::size_t a = 0; a < before.actors.size(); ++a) {
      const int pi = before.actors[a].policy;
      const Policy& was = before.policies[static_cast<std::size_t>(pi)];
      const Policy& now = fitted.policies[static_cast<std::size_t>(pi)];
      const std::string& id = before.actors[a].id;
      if (static_cast<std::size_t>(pi) < presets && was.name == preset) {
        doc.set(under({"actors", id, "policy", "base"}), preset);
        doc.set(under({"actors", id, "policy", coef}), exact(e.estimate), from);
      } else if (static_cast<std::size_t>(pi) >= presets &&
                 (is_preset(was.name) || was.name.find('+') != std::string::npos) &&
                 now.params.*member != was.params.*member) {
        doc.set(under({"actors", id, "policy", coef}), exact(now.params.*member), from);
      }
    }
  }

  void set_value(const ParamEstimate& e) {
    const std::vector<std::string> parts = split(e.path, '.');
    const std::string v = exact(e.estimate), note = se_note(e);
    if (parts[0] == "parameters" || parts[0] == "actors" || parts[0] == "institutions" ||
        (parts[0] == "policies" && !is_preset(parts[1])))
      doc.set(under(parts), v, note);
    else if (parts[0] == "relations")
      set_relation(parts, v, note);
    else if (parts[0] == "policies")
      set_preset_coefficient(e, parts, note);
  }
};

/// The header: what was fitted to what, how well, and how to run the file.
std::vector<std::string> header(const CalibrationSpec& spec, const CalibrationResult& r,
                                const std::vector<std::string>& notes) {
  const Scenario& sc = r.scenario;
  std::vector<std::string> h;
  h.push_back(sc.name + (sc.variant.empty() ? "" : " [" + sc.variant + "]") +
              " with values fitted by statecraft calibrate");
  std::string sample = "to " + spec.observed + (spec.log_space ? " (in logs)" : "") + ": " +
                       std::to_string(r.n_fit) + " observations";
  if (spec.from && spec.to)
    sample += " of " + fmt(*spec.from) + " to " + fmt(*spec.to);
  else if (spec.to)
    sample += " up to " + fmt(*spec.to);
  else if (spec.from)
    sample += " from " + fmt(*spec.from);
  h.push_back(sample + "; sum of squares " + fmt(r.ssr_start) + " -> " + fmt(r.ssr) + ", R^2 " + fmt(r.r2) + ".");
  h.push_back("Each fitted value is followed by its standard error (sigma^2 (J^T J)^-1) and the value it replaced.");
  if (!spec.load.variant.empty())
    h.push_back("The fit is of the variant '" + spec.load.variant + "': run this file with --variant " +
                spec.load.variant + ".");
  for (const auto& n : notes) h.push_back("WARNING: " + n);
  return h;
}

/// Why `text` does not give the fitted model's values, or empty if it does.
std::string reproduction_problem(const std::string& text, const FittedFile& f) {
  try {
    LoadOptions back = f.spec.load;
    back.check_all_variants = false;
    back.overrides.clear();
    Scenario again = load_scenario_text(text, f.display, back);
    if (!calib::same_values(again, f.fitted)) return "it does not load back to the fitted values";
  } catch (const ScenarioError& e) {
    return std::string("it does not load: ") + e.what();
  }
  return "";
}

}  // namespace

std::string fitted_yaml(const CalibrationSpec& spec, const CalibrationResult& r, const std::string& dir) {
  // The fitted model itself, to write what a preset's coefficient changed and to check the file against.
  LoadOptions lo = spec.load;
  lo.check_all_variants = false;
  lo.overrides.clear();
  for (const auto& e : r.params) lo.overrides.emplace_back(e.path, e.estimate);
  const Scenario fitted = load_scenario(spec.file, lo);
  FittedFile f{spec, r.scenario, fitted, relative_to(spec.file, dir), (fs::path(dir) / "fitted.yaml").string(), {}, {}};
  f.doc.set({"extends"}, f.base);
  f.doc.set({"scenario", "name"}, r.scenario.name + "_fitted");
  for (const auto& e : r.params) f.set_value(e);
  std::vector<std::string> head = header(spec, r, f.notes);
  std::string text = f.doc.emit(head);
  // It must load back to the fitted model: the same scenario values give the same series.
  const std::string problem = reproduction_problem(text, f);
  if (!problem.empty()) {
    head.insert(head.begin(), "WARNING: this file does not reproduce the fit (" + problem +
                                  "); use calibration.csv's values with --param instead.");
    text = f.doc.emit(head);
  }
  return text;
}

}  // namespace statecraft
