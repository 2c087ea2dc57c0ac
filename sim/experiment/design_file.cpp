// Sweep designs read from CSV files (statecraft/experiment/design_file.hpp).
#include "statecraft/experiment/design_file.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "statecraft/scenario/paths.hpp"
#include "statecraft/util/csv_line.hpp"
#include "statecraft/util/file.hpp"
#include "statecraft/util/number.hpp"

namespace statecraft {
namespace {

bool finite_number(const std::string& s, double& out) { return parse_finite(s, out); }

/// The lines of `text` without their line ends, each with its 1-based number; blank lines left out.
std::vector<std::pair<int, std::string>> lines_of(const std::string& text) {
  std::vector<std::pair<int, std::string>> lines;
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) lines.emplace_back(n, line);
  }
  return lines;
}

/// Reports what is wrong with a line's quoting; true if nothing is.
bool well_quoted(const CsvLine& line, const Mark& at, Diagnostics& diags) {
  for (const auto& [col, message] : line.problems) diags.add(Mark{at.file, at.line, col}, "", message);
  return line.problems.empty();
}

/// The header's paths into `d`, each checked against the scenario's values and against the paths before it.
void read_header(const std::vector<CsvCell>& cells, const Mark& line, const PathNames& names, DesignFile& d,
                 Diagnostics& diags) {
  for (const auto& cell : cells) {
    const Mark at{line.file, line.line, cell.col};
    std::vector<std::string> errors;
    if (cell.text.empty() && cell.col == 1 && cells.size() > 1)  // the likeliest cause, for the analyst to fix
      diags.add(at, "", "an empty column name (expected a parameter path, e.g. actors.CHN.growth; a first column "
                        "without a name holds the row labels pandas and R write: to_csv(..., index=False), "
                        "write.csv(..., row.names = FALSE))");
    else if (cell.text.empty())
      diags.add(at, "", "an empty column name (expected a parameter path, e.g. actors.CHN.growth)");
    else if (!parse_value_path(cell.text, names, PathUse::Override, errors))
      for (const auto& e : errors) diags.add(at, cell.text, e);
    d.paths.push_back(cell.text);
    const std::string twice = repeated_value_path(d.paths);
    if (!twice.empty() && !cell.text.empty()) diags.add(at, "", twice);
  }
}

/// Whether the header is one cell of paths joined by ';', as Excel writes CSV where the comma is the decimal mark.
bool separated_by_semicolons(const CsvLine& header) {
  return header.problems.empty() && header.cells.size() == 1 && header.cells.front().text.find(';') != std::string::npos;
}

/// Whether each of the header's paths names a switch (parameters.trust.learning).
std::vector<bool> switch_columns(const DesignFile& d, const PathNames& names) {
  std::vector<bool> switches;
  for (const auto& path : d.paths) {
    std::vector<std::string> unused;
    const auto p = parse_value_path(path, names, PathUse::Override, unused);
    switches.push_back(p && is_switch(*p));
  }
  return switches;
}

/// A switch's cell written as a word (True, FALSE) into `value`; false for any other text.
bool switch_cell(const std::string& text, double& value) {
  const auto word = switch_word(text);
  if (word) value = *word;
  return word.has_value();
}

/// One row's values into `d` as a point, each a finite number (or, in a switch's column, true or false), one per
/// path of the header.
void read_point(const std::vector<CsvCell>& cells, const Mark& line, const std::vector<bool>& switches, DesignFile& d,
                Diagnostics& diags) {
  if (cells.size() != d.paths.size()) {
    diags.add(Mark{line.file, line.line, 1}, "",
              "the row has " + std::to_string(cells.size()) + (cells.size() == 1 ? " value" : " values") + " (expected " +
                  std::to_string(d.paths.size()) +
                  ", one per path of the header)");
    return;
  }
  std::vector<double> point(cells.size());
  std::vector<Mark> marks;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    marks.push_back(Mark{line.file, line.line, cells[c].col});
    // pandas writes NaN as an empty cell (as "" in a one-column frame): a missing value, not a strange number.
    if (cells[c].text.empty())
      diags.add(marks.back(), d.paths[c], "an empty value (expected a finite number)");
    else if (switches[c] && !finite_number(cells[c].text, point[c]) && !switch_cell(cells[c].text, point[c]))
      diags.add(marks.back(), d.paths[c], "'" + cells[c].text + "' is not a switch's value (expected true or false, "
                                          "or 1 or 0)");
    else if (!switches[c] && !finite_number(cells[c].text, point[c]))
      diags.add(marks.back(), d.paths[c], "'" + cells[c].text + "' " + number_problem(cells[c].text) +
                                          " (expected a finite number)");
  }
  d.points.push_back(std::move(point));
  d.marks.push_back(std::move(marks));
}

}  // namespace

DesignFile parse_design_file(const std::string& text, const std::string& name, const Scenario& sc) {
  Diagnostics diags;
  DesignFile d;
  d.name = name;
  const std::string extension = std::filesystem::path(name).extension().string();
  if (extension == ".yaml" || extension == ".yml") {  // its first ';' or ':' would be read as a header's mistake
    diags.add(Mark{name, 0, 0}, "",
              "is a YAML file, such as a scenario (expected a CSV file of design points: a header of parameter "
              "paths and one row of numbers per point)");
    diags.throw_if_any();
  }
  const auto lines = lines_of(without_byte_order_mark(text));
  if (lines.size() < 2) {
    diags.add(Mark{name, 0, 0}, "",
              "has no design points (expected a header of parameter paths and one row of numbers per point)");
    diags.throw_if_any();
  }
  const Mark header_line{name, lines.front().first, 0};
  const CsvLine header = split_csv_line(lines.front().second);
  if (separated_by_semicolons(header)) {  // every row would repeat the one mistake: said once, of the header
    diags.add(Mark{name, header_line.line, 1}, "",
              "the header's paths are separated by ';' (expected commas, as pandas and R write CSV; Excel writes ';' "
              "in some languages: save as 'CSV UTF-8 (Comma delimited)')");
    diags.throw_if_any();
  }
  const bool header_read = well_quoted(header, header_line, diags);
  const PathNames names = path_names(sc);
  if (header_read) read_header(header.cells, header_line, names, d, diags);
  const bool header_sound = diags.empty();
  const std::vector<bool> switches = switch_columns(d, names);
  d.rows = lines.size() - 1;
  for (std::size_t l = 1; l < lines.size(); ++l) {
    const Mark at{name, lines[l].first, 0};
    const CsvLine row = split_csv_line(lines[l].second);
    const std::size_t problems_before = diags.size(), points_before = d.points.size();
    // Without the header's paths a row's values cannot be counted or named; its quoting can still be checked.
    if (well_quoted(row, at, diags) && header_read) read_point(row.cells, at, switches, d, diags);
    if (diags.size() > problems_before && d.points.size() > points_before) {  // a row with a bad value is no point
      d.points.pop_back();
      d.marks.pop_back();
    }
  }
  // With a sound header and some rows read, the rows' problems wait for the points' range problems; otherwise
  // there is nothing to check the ranges of.
  if (!header_sound || d.points.empty()) diags.throw_if_any();
  d.row_problems = diags.items();
  return d;
}

std::string read_design_text(const std::string& path, const Limits& limits) {
  const FileText file = read_regular_file(path, limits.file_bytes);
  const auto refuse = [&](int line, const std::string& message) {
    throw ScenarioError({Diagnostic{Mark{path, line, line}, "", message}});
  };
  switch (file.status) {
    case FileStatus::Ok: return file.text;
    case FileStatus::TooLarge:
      refuse(1, "the file is larger than " + std::to_string(limits.file_bytes) +
                    " bytes (expected at most that; raise it with " + limits.how_to_raise("file-size") + ")");
      break;
    case FileStatus::NotRegular: refuse(0, not_regular_message(file.kind, "a CSV file of design points")); break;
    case FileStatus::Unreadable: refuse(0, "cannot be read (expected a readable CSV file)"); break;
    case FileStatus::Missing: break;
  }
  refuse(0, "no such file (expected the path of a CSV file of design points)");
  return {};
}

DesignFile read_design_file(const std::string& path, const Scenario& sc, const Limits& limits) {
  return parse_design_file(read_design_text(path, limits), path, sc);
}

}  // namespace statecraft
