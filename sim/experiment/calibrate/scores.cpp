// How well the fitted model does: its value at every observation, the fit per series and sample, and its
// forecasts of held-out years against naive baselines built on the fitted years only.
#include <algorithm>
#include <cmath>
#include <tuple>

#include "common.hpp"
#include "stages.hpp"

namespace statecraft::calib {
namespace {

/// A series of one sample: actor, metric, and whether its rows were fitted.
using SeriesKey = std::tuple<int, int, bool>;

bool in_series(const ResidualRow& row, int actor, int field, bool fitted) {
  return row.obs.actor == actor && row.obs.field == field && row.fitted == fitted;
}

/// Every observation with the fitted model's value, in file order.
std::vector<ResidualRow> residual_rows(const CalibrationSpec& spec, const Model& model,
                                       const std::vector<Observation>& obs, const std::vector<char>& use,
                                       const std::vector<double>& est) {
  auto sim = model.simulate(est, std::vector<char>(obs.size(), 1));
  if (!sim) throw RunError("the fitted scenario cannot be run to the last observed year");
  std::vector<ResidualRow> rows;
  for (std::size_t k = 0; k < obs.size(); ++k) {
    ResidualRow row;
    row.obs = obs[k];
    row.fitted = use[k];
    row.simulated = (*sim)[k];
    row.residual = transform(obs[k].value, spec.log_space) - transform((*sim)[k], spec.log_space);
    rows.push_back(row);
  }
  return rows;
}

/// The series in order of first appearance.
std::vector<SeriesKey> series_keys(const std::vector<ResidualRow>& rows) {
  std::vector<SeriesKey> keys;
  for (const auto& row : rows) {
    auto key = std::make_tuple(row.obs.actor, row.obs.field, row.fitted);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  }
  return keys;
}

/// RMSE and weighted R^2 of one series; adds its sums of squares to the pooled ones of the fitted sample.
SeriesFit series_fit(const std::vector<ResidualRow>& rows, const SeriesKey& key, bool log_space, double& sst_pooled,
                     double& ssr_pooled) {
  const auto [a, f, fitted] = key;
  SeriesFit s;
  s.actor = a;
  s.field = f;
  s.fitted = fitted;
  double wsum = 0, mean = 0, ssr = 0, sse = 0;
  for (const auto& row : rows)
    if (in_series(row, a, f, fitted)) {
      s.n += 1;
      wsum += row.obs.weight;
      mean += row.obs.weight * transform(row.obs.value, log_space);
      ssr += row.obs.weight * row.residual * row.residual;
      sse += row.residual * row.residual;
    }
  mean = wsum > 0 ? mean / wsum : 0;
  double sst = 0;
  for (const auto& row : rows)
    if (in_series(row, a, f, fitted)) sst += row.obs.weight * std::pow(transform(row.obs.value, log_space) - mean, 2);
  s.rmse = std::sqrt(sse / static_cast<double>(s.n));
  s.r2 = sst > 0 ? 1 - ssr / sst : kNaN;
  if (fitted) {
    sst_pooled += sst;
    ssr_pooled += ssr;
  }
  return s;
}

/// The naive forecasts of a series, from its fitted years (in the fitted space): a random walk with the drift
/// from the first to the last fitted year, and the least-squares line through them. None from fewer than two.
struct Baselines {
  bool ok = false;
  double drift = 0, last_y = 0, last_v = 0;
  Line trend;
};

Baselines baselines_of(const std::vector<ResidualRow>& rows, int a, int f, bool log_space) {
  std::vector<double> years, ys;
  for (const auto& row : rows)
    if (in_series(row, a, f, true)) {
      years.push_back(row.obs.year);
      ys.push_back(transform(row.obs.value, log_space));
    }
  Baselines b;
  b.ok = years.size() >= 2;
  if (!b.ok) return b;
  const std::size_t f0 = static_cast<std::size_t>(std::min_element(years.begin(), years.end()) - years.begin());
  const std::size_t f1 = static_cast<std::size_t>(std::max_element(years.begin(), years.end()) - years.begin());
  b.last_y = years[f1];
  b.last_v = ys[f1];
  b.drift = (ys[f1] - ys[f0]) / (years[f1] - years[f0]);
  b.trend = ols(years, ys);
  return b;
}

/// Forecast errors of one series' held-out years after `spec.to`: the model's and the baselines', whose
/// forecasts are written into the rows. Nothing when the series has no such year.
std::optional<ForecastScore> forecast_score(std::vector<ResidualRow>& rows, int a, int f, const CalibrationSpec& spec) {
  const Baselines b = baselines_of(rows, a, f, spec.log_space);
  auto back = [&](double v) { return spec.log_space ? std::exp(v) : v; };
  ForecastScore fs;
  fs.actor = a;
  fs.field = f;
  double m_ape = 0, m_sl = 0, rw_ape = 0, rw_sl = 0, tr_ape = 0, tr_sl = 0;
  bool logs_ok = true;
  for (auto& row : rows) {
    if (!in_series(row, a, f, false) || row.obs.year <= *spec.to) continue;
    const double o = row.obs.value;
    fs.n += 1;
    auto ape = [&](double pred) { return std::abs(pred - o) / std::abs(o); };
    auto sl = [&](double pred) {
      if (!(pred > 0) || !(o > 0)) {
        logs_ok = false;
        return 0.0;
      }
      return std::pow(std::log(pred) - std::log(o), 2);
    };
    m_ape += ape(row.simulated);
    m_sl += sl(row.simulated);
    if (b.ok) {
      row.random_walk = back(b.last_v + b.drift * (row.obs.year - b.last_y));
      row.trend = back(b.trend.a + b.trend.b * row.obs.year);
      rw_ape += ape(*row.random_walk);
      rw_sl += sl(*row.random_walk);
      tr_ape += ape(*row.trend);
      tr_sl += sl(*row.trend);
    }
  }
  if (fs.n == 0) return std::nullopt;
  const double nn = static_cast<double>(fs.n);
  fs.model_mape = 100 * m_ape / nn;
  fs.model_rmse_log = logs_ok ? std::sqrt(m_sl / nn) : kNaN;
  fs.rw_mape = b.ok ? 100 * rw_ape / nn : kNaN;
  fs.rw_rmse_log = b.ok && logs_ok ? std::sqrt(rw_sl / nn) : kNaN;
  fs.trend_mape = b.ok ? 100 * tr_ape / nn : kNaN;
  fs.trend_rmse_log = b.ok && logs_ok ? std::sqrt(tr_sl / nn) : kNaN;
  return fs;
}

}  // namespace

void score_fit(const CalibrationSpec& spec, const Model& model, const std::vector<Observation>& obs,
               const std::vector<char>& use, const std::vector<double>& estimates, CalibrationResult& r) {
  r.rows = residual_rows(spec, model, obs, use, estimates);
  const std::vector<SeriesKey> keys = series_keys(r.rows);
  double sst_pooled = 0, ssr_pooled = 0;
  for (const auto& key : keys) r.series.push_back(series_fit(r.rows, key, spec.log_space, sst_pooled, ssr_pooled));
  r.r2 = sst_pooled > 0 ? 1 - ssr_pooled / sst_pooled : kNaN;
  if (!spec.to) return;
  for (const auto& [a, f, fitted] : keys) {
    if (fitted) continue;
    if (auto fs = forecast_score(r.rows, a, f, spec)) r.forecasts.push_back(*fs);
  }
}

}  // namespace statecraft::calib
