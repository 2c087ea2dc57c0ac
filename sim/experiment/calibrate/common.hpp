#pragma once
// Small pieces the stages of a calibration share: text helpers for messages and files, the fitted space,
// the stop signal, and ordinary least squares.
#include <atomic>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace statecraft::calib {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string join(const std::vector<std::string>& v, const std::string& sep = ", ");
/// The shortest text that reads back as exactly `x`.
std::string exact(double x);
/// A whole string as a number (a leading '+' allowed), as the observed CSV and --fit bounds are read.
bool parse_number(const std::string& s, double& out);
std::vector<std::string> split(const std::string& s, char sep);
/// Without leading and trailing blanks and tabs.
std::string trim(const std::string& s);
/// 's', for messages.
std::string quoted(const std::string& s);

/// The name of actor metric `field` (an index into actor_metric_fields()).
const std::string& metric_name(int field);

/// A value in the space the fit compares: its logarithm with --log.
double transform(double v, bool log_space);

/// Throws Interrupted once a signal asked the calibration to stop. (Inside the optimizer NLopt catches it and
/// stops; the fit throws it again when the optimizer returns.)
void throw_if_stopped(const std::atomic<bool>* stop);

/// The observed CSV's text, read under the loader's rules (a regular file within --max-file-size).
std::string read_observed_text(const std::string& path, std::size_t max_bytes);

/// Ordinary least squares of y on x: intercept, slope, their standard errors and R^2.
struct Line {
  double a = 0, b = 0, se_a = kNaN, se_b = kNaN, r2 = kNaN;
};
Line ols(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace statecraft::calib
