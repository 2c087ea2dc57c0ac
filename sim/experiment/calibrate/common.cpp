#include "common.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "statecraft/experiment/metrics.hpp"
#include "statecraft/scenario/error.hpp"

namespace statecraft::calib {

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

std::string exact(double x) {
  if (x == 0) return "0";
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

bool parse_number(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (*b == '+') ++b;
  auto r = std::from_chars(b, e, out);
  return r.ec == std::errc() && r.ptr == e;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

const std::string& metric_name(int field) { return actor_metric_fields()[static_cast<std::size_t>(field)]; }

void throw_if_stopped(const std::atomic<bool>* stop) {
  if (stop && stop->load()) throw Interrupted("interrupted; nothing was written");
}

double transform(double v, bool log_space) { return log_space ? std::log(std::max(v, 1e-300)) : v; }

Line ols(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  Line l;
  l.b = sxx > 0 ? sxy / sxx : 0;
  l.a = my - l.b * mx;
  double sse = 0;
  for (std::size_t i = 0; i < n; ++i) sse += std::pow(y[i] - l.a - l.b * x[i], 2);
  if (n > 2 && sxx > 0) {
    const double s2 = sse / static_cast<double>(n - 2);
    l.se_b = std::sqrt(s2 / sxx);
    l.se_a = std::sqrt(s2 * (1.0 / static_cast<double>(n) + mx * mx / sxx));
  }
  if (syy > 0) l.r2 = 1 - sse / syy;
  return l;
}

}  // namespace statecraft::calib
