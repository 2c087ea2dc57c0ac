// Reading observations: the tidy CSV `year,actor,metric,value[,weight]` that a calibration fits, every
// problem collected with its line and column.
#include "statecraft/experiment/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

#include "statecraft/experiment/metrics.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/util/csv_line.hpp"
#include "statecraft/util/file.hpp"
#include "statecraft/util/number.hpp"
#include "common.hpp"

namespace statecraft {

using calib::join;
using calib::parse_number;
using calib::quoted;
using calib::trim;

namespace {

const char* const kHeaderHint = "a header year,actor,metric,value[,weight]";

/// The text's lines without their line ends (\n or \r\n).
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
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
  return lines;
}

/// The header: every column named once; year, actor, metric and value required. Returns the column of each
/// name and the number of columns, or nullopt after adding every problem to `diags`.
std::optional<std::pair<std::map<std::string, std::size_t>, std::size_t>> read_header(const std::string& line,
                                                                                       const std::string& file,
                                                                                       Diagnostics& diags) {
  const std::vector<std::string> columns = {"year", "actor", "metric", "value", "weight"};
  const CsvLine split = split_csv_line(line);
  if (!split.problems.empty()) {
    diags.add(Mark{file, 1, split.problems.front().first}, "",
              std::string("the header has a stray quote (expected ") + kHeaderHint + ")");
    return std::nullopt;
  }
  const std::vector<CsvCell>& head = split.cells;
  std::map<std::string, std::size_t> where;
  bool header_ok = true;
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
      diags.add(Mark{file, 1, 1}, need, std::string("the column is missing (expected ") + kHeaderHint + ")");
      header_ok = false;
    }
  }
  if (!header_ok) return std::nullopt;
  return std::make_pair(where, head.size());
}

/// Reads the cells of one row into an Observation: each cell's problems are added to `diags` with the cell's
/// position, and every cell is read so that a row's problems are reported together.
class RowReader {
 public:
  RowReader(const Scenario& sc, const std::string& file, bool log_space, Diagnostics& diags)
      : sc_(sc), file_(file), log_space_(log_space), diags_(diags) {
    for (const auto& a : sc.actors) ids_.push_back(a.id);
  }

  /// False if a cell has a problem.
  bool read(const std::vector<CsvCell>& f, const std::map<std::string, std::size_t>& where, int line, Observation& o) {
    auto cell = [&](const char* name) { return Cell{trim(f[where.at(name)].text), Mark{file_, line, f[where.at(name)].col}}; };
    o.line = line;
    bool good = year(cell("year"), o);
    good &= actor(cell("actor"), o);
    good &= metric(cell("metric"), o);
    good &= value(cell("value"), o);
    if (where.count("weight")) good &= weight(cell("weight"), o);
    return good;
  }

 private:
  struct Cell {
    std::string s;
    Mark mark;
  };
  const Scenario& sc_;
  const std::string& file_;
  bool log_space_;
  Diagnostics& diags_;
  std::vector<std::string> ids_;

  bool year(const Cell& c, Observation& o) {
    const double first_year = sc_.year_of(0), last_year = sc_.year_of(sc_.steps);
    double y = 0;
    if (!parse_number(c.s, y) || !std::isfinite(y)) {
      diags_.add(c.mark, "year",
                 (c.s.empty() ? std::string("is empty") : quoted(c.s) + " is not a year") +
                     " (expected a year such as " + fmt(first_year) + ")");
      return false;
    }
    if (y < first_year - 1e-9 || y > last_year + 1e-9) {
      diags_.add(c.mark, "year",
                 c.s + " is outside the scenario's years (expected " + fmt(first_year) + " to " + fmt(last_year) + ")");
      return false;
    }
    const double k = (y - sc_.start_year) / sc_.dt;
    const double r = std::round(k);
    if (std::abs(k - r) > 1e-6) {
      diags_.add(c.mark, "year",
                 c.s + " is not the year of a step (expected " + fmt(sc_.start_year) + " plus a multiple of dt = " +
                     fmt(sc_.dt) + ")");
      return false;
    }
    o.year = sc_.year_of(static_cast<int>(r));
    o.step = static_cast<int>(r);
    return true;
  }

  bool actor(const Cell& c, Observation& o) {
    o.actor = sc_.actor_index(c.s);
    if (o.actor >= 0) return true;
    const std::string near = closest_match(c.s, ids_);
    diags_.add(c.mark, "actor",
               (c.s.empty() ? std::string("is empty") : "unknown actor " + quoted(c.s)) +
                   (near.empty() ? " (expected one of: " + join(ids_) + ")" : " (did you mean " + quoted(near) + "?)"));
    return false;
  }

  bool metric(const Cell& c, Observation& o) {
    const auto& metrics = actor_metric_fields();
    auto it = std::find(metrics.begin(), metrics.end(), c.s);
    if (it != metrics.end()) {
      o.field = static_cast<int>(it - metrics.begin());
      return true;
    }
    const std::string near = closest_match(c.s, metrics);
    diags_.add(c.mark, "metric",
               (c.s.empty() ? std::string("is empty") : "unknown metric " + quoted(c.s)) +
                   (near.empty() ? " (expected an actor metric: " + join(metrics) + ")"
                                 : " (did you mean " + quoted(near) + "?)"));
    return false;
  }

  bool value(const Cell& c, Observation& o) {
    double v = 0;
    if (c.s.empty()) {
      diags_.add(c.mark, "value", "is empty (expected a number; leave out the row of a missing observation)");
      return false;
    }
    if (!parse_number(c.s, v)) {
      diags_.add(c.mark, "value", quoted(c.s) + " " + number_problem(c.s) + " (expected a finite number)");
      return false;
    }
    if (!std::isfinite(v)) {
      diags_.add(c.mark, "value", c.s + " is not finite (expected a finite number)");
      return false;
    }
    if (log_space_ && v <= 0) {
      diags_.add(c.mark, "value", c.s + " has no logarithm (expected a positive number with --log)");
      return false;
    }
    o.value = v;
    return true;
  }

  bool weight(const Cell& c, Observation& o) {
    double v = 1;
    if (c.s.empty()) {
      diags_.add(c.mark, "weight", "is empty (expected a finite number >= 0)");
      return false;
    }
    if (!parse_number(c.s, v)) {
      diags_.add(c.mark, "weight", quoted(c.s) + " is not a number (expected a finite number >= 0)");
      return false;
    }
    if (!std::isfinite(v) || v < 0) {
      diags_.add(c.mark, "weight", c.s + " is not a weight (expected a finite number >= 0)");
      return false;
    }
    o.weight = v;
    return true;
  }
};

}  // namespace

std::vector<Observation> parse_observations(const std::string& text, const std::string& file, const Scenario& sc,
                                            bool log_space) {
  Diagnostics diags;
  std::vector<std::string> lines = split_lines(text);
  if (lines.empty() || std::all_of(lines.begin(), lines.end(), [](const std::string& l) { return trim(l).empty(); })) {
    diags.add(Mark{file, 1, 1}, "",
              std::string("the file is empty (expected ") + kHeaderHint + ", then one row per observation)");
    diags.throw_if_any();
  }
  lines[0] = without_byte_order_mark(lines[0]);
  const auto header = read_header(lines[0], file, diags);
  if (!header) diags.throw_if_any();
  const auto& [where, columns] = *header;
  RowReader reader(sc, file, log_space, diags);
  std::vector<Observation> rows;
  std::map<std::tuple<int, int, int>, int> seen;  // (step, actor, field) -> line
  for (std::size_t li = 1; li < lines.size(); ++li) {
    const int line = static_cast<int>(li) + 1;
    if (trim(lines[li]).empty()) continue;
    const CsvLine split = split_csv_line(lines[li]);
    const std::vector<CsvCell>& f = split.cells;
    if (!split.problems.empty()) {
      diags.add(Mark{file, line, split.problems.front().first}, "",
                "a stray quote (expected fields quoted as a whole, \"\" for a quote inside)");
      continue;
    }
    if (f.size() != columns) {
      diags.add(Mark{file, line, 1}, "",
                std::to_string(f.size()) + (f.size() == 1 ? " field" : " fields") + " (expected " +
                    std::to_string(columns) + ", one per column of the header)");
      continue;
    }
    Observation o;
    if (!reader.read(f, where, line, o)) continue;
    auto [it, fresh] = seen.emplace(std::make_tuple(o.step, o.actor, o.field), line);
    if (!fresh) {
      diags.add(Mark{file, line, f[where.at("year")].col}, "year",
                fmt(o.year) + ", " + sc.actors[static_cast<std::size_t>(o.actor)].id + ", " +
                    calib::metric_name(o.field) + " is given twice, first at line " + std::to_string(it->second) +
                    " (expected one row per year, actor and metric)");
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
