// The calibration's readable report on the terminal: estimates with standard errors, the fit per series,
// forecast errors against the baselines (the warnings are the caller's to show: the CLI puts them on stderr).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "statecraft/experiment/calibrate.hpp"
#include "common.hpp"

namespace statecraft {
namespace {

using calib::metric_name;

std::string pad(std::string s, std::size_t w) {
  if (s.size() < w) s += std::string(w - s.size(), ' ');
  return s;
}

std::string lpad(std::string s, std::size_t w) {
  if (s.size() < w) s = std::string(w - s.size(), ' ') + s;
  return s;
}

/// Four significant figures, "-" for a number that does not exist.
std::string g4(double x) {
  if (!std::isfinite(x)) return std::string("-");
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return std::string(buf);
}

void estimates(std::ostream& os, const CalibrationResult& r) {
  std::size_t w = 5;
  for (const auto& e : r.params) w = std::max(w, e.path.size());
  os << "Estimates (" << r.n_fit << (r.n_fit == 1 ? " observation, " : " observations, ") << r.params.size()
     << (r.params.size() == 1 ? " value; " : " values; ") << r.stop << " after " << r.evals << " model runs):\n\n";
  os << "  " << pad("value", w) << "  " << lpad("start", 11) << "  " << lpad("estimate", 11) << "  " << lpad("SE", 11)
     << "\n";
  for (const auto& e : r.params)
    os << "  " << pad(e.path, w) << "  " << lpad(g4(e.start), 11) << "  " << lpad(g4(e.estimate), 11) << "  "
       << lpad(std::isfinite(e.se) ? g4(e.se) : "-", 11) << (e.at_bound ? "  at a bound" : "") << "\n";
  os << "\n  sum of squares " << g4(r.ssr_start) << " -> " << g4(r.ssr) << ", sigma " << g4(r.sigma) << ", R^2 "
     << g4(r.r2) << "\n\n";
}

void series(std::ostream& os, const CalibrationResult& r, std::size_t wa) {
  const Scenario& sc = r.scenario;
  os << "Fit per series:\n\n  " << pad("actor", wa) << "  " << pad("metric", 12) << "  " << pad("sample", 8) << "  "
     << lpad("n", 4) << "  " << lpad("RMSE", 10) << "  " << lpad("R^2", 8) << "\n";
  for (const auto& s : r.series)
    os << "  " << pad(sc.actors[static_cast<std::size_t>(s.actor)].id, wa) << "  " << pad(metric_name(s.field), 12)
       << "  " << pad(s.fitted ? "fit" : "held out", 8) << "  " << lpad(std::to_string(s.n), 4) << "  "
       << lpad(g4(s.rmse), 10) << "  " << lpad(g4(s.r2), 8) << "\n";
}

/// Which forecast did best, by RMSE of logs.
std::string best_forecast(const ForecastScore& f) {
  std::string best = "model";
  double b = f.model_rmse_log;
  if (f.rw_rmse_log < b) {
    b = f.rw_rmse_log;
    best = "random walk";
  }
  if (f.trend_rmse_log < b) best = "linear trend";
  return best;
}

void forecasts(std::ostream& os, const CalibrationResult& r, std::size_t wa) {
  const Scenario& sc = r.scenario;
  os << "\nForecast errors on the held-out years (MAPE %, RMSE of logs), against naive baselines fitted on the "
        "same years:\n\n  "
     << pad("actor", wa) << "  " << pad("metric", 8) << "  " << lpad("n", 3) << "  " << lpad("model", 15) << "  "
     << lpad("random walk", 15) << "  " << lpad("linear trend", 15) << "  best\n";
  auto cell = [&](double mape, double rl) { return lpad(g4(mape) + " / " + g4(rl), 15); };
  for (const auto& f : r.forecasts)
    os << "  " << pad(sc.actors[static_cast<std::size_t>(f.actor)].id, wa) << "  " << pad(metric_name(f.field), 8)
       << "  " << lpad(std::to_string(f.n), 3) << "  " << cell(f.model_mape, f.model_rmse_log) << "  "
       << cell(f.rw_mape, f.rw_rmse_log) << "  " << cell(f.trend_mape, f.trend_rmse_log) << "  " << best_forecast(f)
       << "\n";
}

}  // namespace

std::string calibration_report(const CalibrationResult& r) {
  std::ostringstream os;
  estimates(os, r);
  std::size_t wa = 5;
  for (const auto& a : r.scenario.actors) wa = std::max(wa, a.id.size());
  series(os, r, wa);
  if (!r.forecasts.empty()) forecasts(os, r, wa);
  return os.str();
}

}  // namespace statecraft
