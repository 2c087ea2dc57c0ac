// Sweep designs read from CSV files (statecraft/experiment/design_file.hpp).
#include "statecraft/experiment/design_file.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "statecraft/scenario/paths.hpp"

namespace statecraft {
namespace {

/// A cell of a line: its text, spaces around it removed, and the 1-based column where that text starts.
struct CsvCell {
  std::string text;
  int col = 1;
};

std::vector<CsvCell> split_line(const std::string& line) {
  std::vector<CsvCell> cells;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = std::min(line.find(',', start), line.size());
    std::size_t a = start, b = end;
    while (a < b && (line[a] == ' ' || line[a] == '\t')) ++a;
    while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t')) --b;
    cells.push_back(CsvCell{line.substr(a, b - a), static_cast<int>(a) + 1});
    if (end == line.size()) return cells;
    start = end + 1;
  }
}

bool finite_number(const std::string& s, double& out) {
  const char* first = s.data();
  const char* last = s.data() + s.size();
  const auto r = std::from_chars(first, last, out);
  return !s.empty() && r.ec == std::errc() && r.ptr == last && std::isfinite(out);
}

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

}  // namespace

DesignFile parse_design_file(const std::string& text, const std::string& name, const Scenario& sc) {
  Diagnostics diags;
  DesignFile d;
  d.name = name;
  const auto lines = lines_of(text);
  if (lines.size() < 2) {
    diags.add(Mark{name, 0, 0}, "",
              "has no design points (expected a header of parameter paths and one row of numbers per point)");
    diags.throw_if_any();
  }
  const PathNames names = path_names(sc);
  const auto header = split_line(lines.front().second);
  const int header_line = lines.front().first;
  for (const auto& cell : header) {
    const Mark at{name, header_line, cell.col};
    std::vector<std::string> errors;
    if (cell.text.empty()) diags.add(at, "", "an empty column name (expected a parameter path, e.g. actors.CHN.growth)");
    else if (!parse_value_path(cell.text, names, PathUse::Override, errors))
      for (const auto& e : errors) diags.add(at, cell.text, e);
    d.paths.push_back(cell.text);
    const std::string twice = repeated_value_path(d.paths);
    if (!twice.empty() && !cell.text.empty()) diags.add(at, "", twice);
  }
  for (std::size_t l = 1; l < lines.size(); ++l) {
    const auto& [number, line] = lines[l];
    const auto cells = split_line(line);
    if (cells.size() != header.size()) {
      diags.add(Mark{name, number, 1}, "",
                "the row has " + std::to_string(cells.size()) + " values (expected " + std::to_string(header.size()) +
                    ", one per path of the header)");
      continue;
    }
    std::vector<double> point(cells.size());
    std::vector<Mark> marks;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      marks.push_back(Mark{name, number, cells[c].col});
      if (!finite_number(cells[c].text, point[c]))
        diags.add(marks.back(), d.paths[c], "'" + cells[c].text + "' is not a number (expected a finite number)");
    }
    d.points.push_back(std::move(point));
    d.marks.push_back(std::move(marks));
  }
  diags.throw_if_any();
  return d;
}

DesignFile read_design_file(const std::string& path, const Scenario& sc) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in) throw ScenarioError({Diagnostic{Mark{path, 0, 0}, "", "cannot be read (expected a readable CSV file)"}});
  return parse_design_file(text.str(), path, sc);
}

}  // namespace statecraft
