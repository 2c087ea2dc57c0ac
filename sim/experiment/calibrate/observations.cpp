// Reading observations: the tidy CSV `year,actor,metric,value[,weight]` that a calibration fits, every
// problem collected with its line and column.
#include "statecraft/experiment/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "statecraft/experiment/metrics.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/util/file.hpp"
#include "common.hpp"

namespace statecraft {

using calib::join;
using calib::parse_number;
using calib::quoted;
using calib::trim;

namespace {

struct Field {
  std::string text;
  int col = 1;  ///< 1-based column of its first character
};

/// Splits one CSV line (RFC 4180 quoting, no newlines inside fields). `ok` is false on a stray quote.
std::vector<Field> csv_fields(const std::string& line, bool& ok) {
  std::vector<Field> out;
  ok = true;
  std::size_t i = 0;
  while (true) {
    Field f;
    f.col = static_cast<int>(i) + 1;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            f.text += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        f.text += line[i++];
      }
      if (!closed || (i < line.size() && line[i] != ',')) ok = false;
      while (i < line.size() && line[i] != ',') ++i;
    } else {
      while (i < line.size() && line[i] != ',') f.text += line[i++];
    }
    out.push_back(f);
    if (i >= line.size()) break;
    ++i;  // the comma
  }
  return out;
}

}  // namespace

std::vector<Observation> parse_observations(const std::string& text, const std::string& file, const Scenario& sc,
                                            bool log_space) {
  Diagnostics diags;
  std::vector<Observation> rows;
  const std::vector<std::string> columns = {"year", "actor", "metric", "value", "weight"};
  const std::string header_hint = "a header year,actor,metric,value[,weight]";
  std::vector<std::string> lines;
  {
    std::string cur;
    for (char c : text) {
      if (c == '\n') {
        if (!cur.empty() && cur.back() == '\r') cur.pop_back();
        lines.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (!cur.empty()) lines.push_back(cur);
  }
  if (lines.empty() || std::all_of(lines.begin(), lines.end(), [](const std::string& l) { return trim(l).empty(); })) {
    diags.add(Mark{file, 1, 1}, "", "the file is empty (expected " + header_hint + ", then one row per observation)");
    diags.throw_if_any();
  }
  if (lines[0].size() >= 3 && lines[0].compare(0, 3, "\xEF\xBB\xBF") == 0) lines[0].erase(0, 3);  // a UTF-8 BOM
  // Header: every column named once; year, actor, metric and value required.
  bool ok = true;
  const std::vector<Field> head = csv_fields(lines[0], ok);
  std::map<std::string, std::size_t> where;
  bool header_ok = ok;
  if (!ok) {
    diags.add(Mark{file, 1, 1}, "", "the header has a stray quote (expected " + header_hint + ")");
  }
  for (std::size_t c = 0; c < head.size(); ++c) {
    const std::string name = trim(head[c].text);
    if (std::find(columns.begin(), columns.end(), name) == columns.end()) {
      const std::string near = closest_match(name, columns);
      diags.add(Mark{file, 1, head[c].col}, name.empty() ? "header" : name,
                (name.empty() ? std::string("an empty column name") : "unknown column " + quoted(name)) +
                    (near.empty() ? " (expected the columns year, actor, metric, value and optionally weight)"
                                  : " (did you mean " + quoted(near) + "?)"));
      header_ok = false;
      continue;
    }
    if (where.count(name)) {
      diags.add(Mark{file, 1, head[c].col}, name,
                "the column is named twice (expected each of year, actor, metric, value, weight once)");
      header_ok = false;
      continue;
    }
    where[name] = c;
  }
  for (const char* need : {"year", "actor", "metric", "value"}) {
    if (!where.count(need)) {
      diags.add(Mark{file, 1, 1}, need, "the column is missing (expected " + header_hint + ")");
      header_ok = false;
    }
  }
  if (!header_ok) diags.throw_if_any();

  std::vector<std::string> ids;
  for (const auto& a : sc.actors) ids.push_back(a.id);
  const auto& metrics = actor_metric_fields();
  const double first_year = sc.year_of(0), last_year = sc.year_of(sc.steps);
  std::map<std::tuple<int, int, int>, int> seen;  // (step, actor, field) -> line
  for (std::size_t li = 1; li < lines.size(); ++li) {
    const int line = static_cast<int>(li) + 1;
    if (trim(lines[li]).empty()) continue;
    bool row_ok = true;
    const std::vector<Field> f = csv_fields(lines[li], row_ok);
    if (!row_ok) {
      diags.add(Mark{file, line, 1}, "", "a stray quote (expected fields quoted as a whole, \"\" for a quote inside)");
      continue;
    }
    if (f.size() != head.size()) {
      diags.add(Mark{file, line, 1}, "",
                std::to_string(f.size()) + (f.size() == 1 ? " field" : " fields") + " (expected " +
                    std::to_string(head.size()) + ", one per column of the header)");
      continue;
    }
    auto cell = [&](const std::string& name) -> const Field& { return f[where.at(name)]; };
    auto mark = [&](const std::string& name) { return Mark{file, line, cell(name).col}; };
    Observation o;
    o.line = line;
    bool good = true;
    // year
    {
      const std::string s = trim(cell("year").text);
      double y = 0;
      if (!parse_number(s, y) || !std::isfinite(y)) {
        diags.add(mark("year"), "year",
                  (s.empty() ? std::string("is empty") : quoted(s) + " is not a year") +
                      " (expected a year such as " + fmt(first_year) + ")");
        good = false;
      } else if (y < first_year - 1e-9 || y > last_year + 1e-9) {
        diags.add(mark("year"), "year",
                  s + " is outside the scenario's years (expected " + fmt(first_year) + " to " + fmt(last_year) + ")");
        good = false;
      } else {
        const double k = (y - sc.start_year) / sc.dt;
        const double r = std::round(k);
        if (std::abs(k - r) > 1e-6) {
          diags.add(mark("year"), "year",
                    s + " is not the year of a step (expected " + fmt(sc.start_year) + " plus a multiple of dt = " +
                        fmt(sc.dt) + ")");
          good = false;
        } else {
          o.year = sc.year_of(static_cast<int>(r));
          o.step = static_cast<int>(r);
        }
      }
    }
    // actor
    {
      const std::string s = trim(cell("actor").text);
      o.actor = sc.actor_index(s);
      if (o.actor < 0) {
        const std::string near = closest_match(s, ids);
        diags.add(mark("actor"), "actor",
                  (s.empty() ? std::string("is empty") : "unknown actor " + quoted(s)) +
                      (near.empty() ? " (expected one of: " + join(ids) + ")" : " (did you mean " + quoted(near) + "?)"));
        good = false;
      }
    }
    // metric
    {
      const std::string s = trim(cell("metric").text);
      auto it = std::find(metrics.begin(), metrics.end(), s);
      if (it == metrics.end()) {
        const std::string near = closest_match(s, metrics);
        diags.add(mark("metric"), "metric",
                  (s.empty() ? std::string("is empty") : "unknown metric " + quoted(s)) +
                      (near.empty() ? " (expected an actor metric: " + join(metrics) + ")"
                                    : " (did you mean " + quoted(near) + "?)"));
        good = false;
      } else {
        o.field = static_cast<int>(it - metrics.begin());
      }
    }
    // value
    {
      const std::string s = trim(cell("value").text);
      double v = 0;
      if (s.empty()) {
        diags.add(mark("value"), "value", "is empty (expected a number; leave out the row of a missing observation)");
        good = false;
      } else if (!parse_number(s, v)) {
        diags.add(mark("value"), "value", quoted(s) + " is not a number (expected a finite number)");
        good = false;
      } else if (!std::isfinite(v)) {
        diags.add(mark("value"), "value", s + " is not finite (expected a finite number)");
        good = false;
      } else if (log_space && v <= 0) {
        diags.add(mark("value"), "value", s + " has no logarithm (expected a positive number with --log)");
        good = false;
      } else {
        o.value = v;
      }
    }
    // weight
    if (where.count("weight")) {
      const std::string s = trim(cell("weight").text);
      double v = 1;
      if (s.empty()) {
        diags.add(mark("weight"), "weight", "is empty (expected a finite number >= 0)");
        good = false;
      } else if (!parse_number(s, v)) {
        diags.add(mark("weight"), "weight", quoted(s) + " is not a number (expected a finite number >= 0)");
        good = false;
      } else if (!std::isfinite(v) || v < 0) {
        diags.add(mark("weight"), "weight", s + " is not a weight (expected a finite number >= 0)");
        good = false;
      } else {
        o.weight = v;
      }
    }
    if (!good) continue;
    auto [it, fresh] = seen.emplace(std::make_tuple(o.step, o.actor, o.field), line);
    if (!fresh) {
      diags.add(mark("year"), "year",
                fmt(o.year) + ", " + sc.actors[static_cast<std::size_t>(o.actor)].id + ", " +
                    metrics[static_cast<std::size_t>(o.field)] + " is given twice, first at line " +
                    std::to_string(it->second) + " (expected one row per year, actor and metric)");
      continue;
    }
    rows.push_back(o);
  }
  if (diags.empty() && rows.empty())
    diags.add(Mark{file, 1, 1}, "", "has no observations (expected rows of year,actor,metric,value after the header)");
  diags.throw_if_any();
  return rows;
}

/// The observed CSV's text, read under the loader's rules (a regular file within --max-file-size).
std::string calib::read_observed_text(const std::string& path, std::size_t max_bytes) {
  const FileText file = read_regular_file(path, max_bytes);
  switch (file.status) {
    case FileStatus::Ok: return file.text;
    case FileStatus::TooLarge:
      throw ScenarioError({Diagnostic{Mark{path, 1, 1}, "",
                                      "the file is larger than " + std::to_string(max_bytes) +
                                          " bytes (expected at most that; raise it with --max-file-size)"}});
    case FileStatus::NotRegular:
      throw ScenarioError({Diagnostic{Mark{path, 0, 0}, "", not_regular_message(file.kind, "a CSV file of observations")}});
    case FileStatus::Unreadable:
      throw ScenarioError({Diagnostic{Mark{path, 0, 0}, "", "cannot read the file (expected a readable CSV file)"}});
    case FileStatus::Missing: break;
  }
  throw ScenarioError({Diagnostic{Mark{path, 0, 0}, "", "no such file (expected a CSV file of observations)"}});
}

std::vector<Observation> read_observations(const std::string& path, const Scenario& sc, bool log_space,
                                           std::size_t max_bytes) {
  return parse_observations(calib::read_observed_text(path, max_bytes), path, sc, log_space);
}

}  // namespace statecraft
