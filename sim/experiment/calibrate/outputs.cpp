// The files of a calibration: calibration.csv, residuals.csv, fit.csv, forecast.csv, fitted.yaml and
// manifest.json (docs/validation.md), and the manifest of `calibrate --midyear`.
#include <cmath>

#include "statecraft/experiment/calibrate.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/output/manifest.hpp"
#include "statecraft/util/sha256.hpp"
#include "common.hpp"

namespace statecraft {
namespace {

using calib::exact;
using calib::kNaN;
using calib::metric_name;

/// A number, or nothing when it is not finite (a standard error or R^2 that does not exist).
std::string num(double x) { return std::isfinite(x) ? fmt(x) : ""; }

const std::string& actor_id(const Scenario& sc, int actor) { return sc.actors[static_cast<std::size_t>(actor)].id; }

const char* sample_name(const ResidualRow& row, const CalibrationSpec& spec) {
  if (row.fitted) return "fit";
  if (spec.to && row.obs.year > *spec.to) return "forecast";
  if (spec.from && row.obs.year < *spec.from) return "before";
  return "unweighted";
}

void write_estimates(std::ostream& os, const CalibrationResult& r) {
  os << "param,start,estimate,se,lo,hi,at_bound\n";
  for (const auto& e : r.params)
    os << csv_field(e.path) << "," << fmt(e.start) << "," << exact(e.estimate) << "," << num(e.se) << ","
       << fmt(e.lo) << "," << fmt(e.hi) << "," << (e.at_bound ? 1 : 0) << "\n";
}

void write_residuals(std::ostream& os, const CalibrationSpec& spec, const CalibrationResult& r) {
  os << "year,actor,metric,sample,observed,simulated,residual,weight,random_walk,linear_trend\n";
  for (const auto& row : r.rows)
    os << fmt(row.obs.year) << "," << csv_field(actor_id(r.scenario, row.obs.actor)) << ","
       << metric_name(row.obs.field) << "," << sample_name(row, spec) << "," << fmt(row.obs.value) << ","
       << fmt(row.simulated) << "," << fmt(row.residual) << "," << fmt(row.obs.weight) << ","
       << (row.random_walk ? fmt(*row.random_walk) : "") << "," << (row.trend ? fmt(*row.trend) : "") << "\n";
}

void write_fit(std::ostream& os, const CalibrationResult& r) {
  os << "actor,metric,sample,n,rmse,r2\n";
  for (const auto& s : r.series)
    os << csv_field(actor_id(r.scenario, s.actor)) << "," << metric_name(s.field) << ","
       << (s.fitted ? "fit" : "held_out") << "," << s.n << "," << fmt(s.rmse) << "," << num(s.r2) << "\n";
  os << "all,all,fit," << r.n_fit << "," << num(r.n_fit ? std::sqrt(r.ssr / static_cast<double>(r.n_fit)) : kNaN)
     << "," << num(r.r2) << "\n";
}

void write_forecasts(std::ostream& os, const CalibrationResult& r) {
  os << "actor,metric,n,model_mape,model_rmse_log,random_walk_mape,random_walk_rmse_log,linear_trend_mape,"
        "linear_trend_rmse_log\n";
  for (const auto& f : r.forecasts)
    os << csv_field(actor_id(r.scenario, f.actor)) << "," << metric_name(f.field) << "," << f.n << ","
       << num(f.model_mape) << "," << num(f.model_rmse_log) << "," << num(f.rw_mape) << "," << num(f.rw_rmse_log)
       << "," << num(f.trend_mape) << "," << num(f.trend_rmse_log) << "\n";
}

/// What every calibration manifest starts with: the program, the command, the scenario, the observed data.
Manifest calibration_manifest(const CalibrationSpec& spec, const Scenario& sc, const char* command) {
  const std::string data = calib::read_observed_text(spec.observed, spec.load.limits.file_bytes);
  Manifest m = manifest_head(command);
  add_provenance(m, sc, spec.file);
  m["seed"] = sc.seed;
  m["run"] = 0;
  m["observed"] = {{"path", spec.observed}, {"sha256", sha256_hex(data)}};
  return m;
}

/// The calibration's manifest: what was fitted, over which years, how, and the files.
Manifest fit_manifest(const CalibrationSpec& spec, const CalibrationResult& r, const std::vector<std::string>& files) {
  Manifest m = calibration_manifest(spec, r.scenario, "calibrate");
  m["from"] = spec.from ? Manifest(*spec.from) : Manifest(nullptr);
  m["to"] = spec.to ? Manifest(*spec.to) : Manifest(nullptr);
  m["log"] = spec.log_space;
  m["max_evals"] = spec.max_evals;
  m["optimizer"] = "NLopt LN_BOBYQA";
  Manifest fit = Manifest::array();
  for (const auto& e : r.params) fit.push_back({{"path", e.path}, {"lo", e.lo}, {"hi", e.hi}});
  m["fit"] = std::move(fit);
  m["files"] = files;
  return m;
}

}  // namespace

void write_calibration(const CalibrationSpec& spec, const CalibrationResult& r, OutputDir& dir) {
  const std::string yaml = fitted_yaml(spec, r, dir.path());
  write_estimates(dir.file("calibration.csv"), r);
  write_residuals(dir.file("residuals.csv"), spec, r);
  write_fit(dir.file("fit.csv"), r);
  std::vector<std::string> files = {"calibration.csv", "residuals.csv", "fit.csv"};
  if (!r.forecasts.empty()) {
    write_forecasts(dir.file("forecast.csv"), r);
    files.push_back("forecast.csv");
  }
  dir.file("fitted.yaml") << yaml;
  files.push_back("fitted.yaml");
  files.push_back("manifest.json");
  write_manifest(dir.file("manifest.json"), fit_manifest(spec, r, files));
  dir.commit();
}

void write_midyear_manifest(std::ostream& os, const CalibrationSpec& spec, const Scenario& sc,
                            const std::vector<std::string>& files) {
  Manifest m = calibration_manifest(spec, sc, "calibrate --midyear");
  m["files"] = files;
  write_manifest(os, m);
}

}  // namespace statecraft
