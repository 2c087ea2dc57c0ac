// Sweep designs read from CSV files (statecraft/experiment/design_file.hpp).
#include "statecraft/experiment/design_file.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "statecraft/scenario/paths.hpp"

namespace statecraft {
namespace {

/// A cell of a line: its text (spaces around it removed, quotes undone) and the 1-based column where it starts
/// (its opening quote, if quoted).
struct CsvCell {
  std::string text;
  int col = 1;
};

/// A line's cells, and what is wrong with its quoting (each at its column): a line with problems has no
/// trustworthy cells, so its values are not read.
struct CsvLine {
  std::vector<CsvCell> cells;
  std::vector<std::pair<int, std::string>> problems;
};

void skip_blanks(const std::string& line, std::size_t& i) {
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
}

/// Reads the quoted cell whose opening quote is at `i` (RFC 4180: `""` inside stands for one quote, commas are
/// text) into `text`, leaving `i` past its closing quote; false if the line ends first. A cell that goes on to
/// the next line is not read: pandas, R and Excel write one only for a header or value holding a line break,
/// which no path or number does.
bool read_quoted(const std::string& line, std::size_t& i, std::string& text) {
  for (++i; i < line.size(); ++i) {
    if (line[i] != '"') {
      text += line[i];
    } else if (i + 1 < line.size() && line[i + 1] == '"') {
      text += '"';
      ++i;
    } else {
      ++i;
      return true;
    }
  }
  return false;
}

/// The cells of a line separated by commas; a cell may be wholly in double quotes (pandas, R's write.csv and
/// Excel quote header cells, and a one-column frame's NaN is written `""`).
CsvLine split_line(const std::string& line) {
  CsvLine out;
  std::size_t i = 0;
  for (;;) {
    skip_blanks(line, i);
    CsvCell cell{"", static_cast<int>(i) + 1};
    if (i < line.size() && line[i] == '"') {
      if (!read_quoted(line, i, cell.text)) {
        out.problems.emplace_back(cell.col, "an unterminated quote (expected a closing \" on the same line)");
        return out;
      }
      skip_blanks(line, i);
      if (i < line.size() && line[i] != ',') {
        out.problems.emplace_back(static_cast<int>(i) + 1,
                                  "text after a closing quote (expected a comma or the end of the line)");
        i = std::min(line.find(',', i), line.size());
      }
    } else {
      const std::size_t end = std::min(line.find(',', i), line.size());
      std::size_t last = end;
      while (last > i && (line[last - 1] == ' ' || line[last - 1] == '\t')) --last;
      cell.text = line.substr(i, last - i);
      i = end;
    }
    out.cells.push_back(std::move(cell));
    if (i == line.size()) return out;
    ++i;  // past the comma
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

/// Excel's "CSV UTF-8" starts the file with a UTF-8 byte-order mark, which is no part of the first path. The
/// columns of line 1 are counted from the character after it, as the editors that hide the mark show them.
std::string without_byte_order_mark(const std::string& text) {
  static const std::string mark = "\xEF\xBB\xBF";
  return text.compare(0, mark.size(), mark) == 0 ? text.substr(mark.size()) : text;
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
    if (cell.text.empty()) diags.add(at, "", "an empty column name (expected a parameter path, e.g. actors.CHN.growth)");
    else if (!parse_value_path(cell.text, names, PathUse::Override, errors))
      for (const auto& e : errors) diags.add(at, cell.text, e);
    d.paths.push_back(cell.text);
    const std::string twice = repeated_value_path(d.paths);
    if (!twice.empty() && !cell.text.empty()) diags.add(at, "", twice);
  }
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

/// A switch's value as pandas (True), R (TRUE) and a scenario file (true) write it: 1 or 0.
bool switch_word(const std::string& text, double& value) {
  for (const char* word : {"true", "True", "TRUE"})
    if (text == word) return value = 1, true;
  for (const char* word : {"false", "False", "FALSE"})
    if (text == word) return value = 0, true;
  return false;
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
    else if (switches[c] && !finite_number(cells[c].text, point[c]) && !switch_word(cells[c].text, point[c]))
      diags.add(marks.back(), d.paths[c], "'" + cells[c].text + "' is not a switch's value (expected true or false, "
                                          "or 1 or 0)");
    else if (!switches[c] && !finite_number(cells[c].text, point[c]))
      diags.add(marks.back(), d.paths[c], "'" + cells[c].text + "' is not a number (expected a finite number)");
  }
  d.points.push_back(std::move(point));
  d.marks.push_back(std::move(marks));
}

}  // namespace

DesignFile parse_design_file(const std::string& text, const std::string& name, const Scenario& sc) {
  Diagnostics diags;
  DesignFile d;
  d.name = name;
  const auto lines = lines_of(without_byte_order_mark(text));
  if (lines.size() < 2) {
    diags.add(Mark{name, 0, 0}, "",
              "has no design points (expected a header of parameter paths and one row of numbers per point)");
    diags.throw_if_any();
  }
  const Mark header_line{name, lines.front().first, 0};
  const CsvLine header = split_line(lines.front().second);
  const bool header_read = well_quoted(header, header_line, diags);
  const PathNames names = path_names(sc);
  if (header_read) read_header(header.cells, header_line, names, d, diags);
  const std::vector<bool> switches = switch_columns(d, names);
  for (std::size_t l = 1; l < lines.size(); ++l) {
    const Mark at{name, lines[l].first, 0};
    const CsvLine row = split_line(lines[l].second);
    // Without the header's paths a row's values cannot be counted or named; its quoting can still be checked.
    if (well_quoted(row, at, diags) && header_read) read_point(row.cells, at, switches, d, diags);
  }
  diags.throw_if_any();
  return d;
}

DesignFile read_design_file(const std::string& path, const Scenario& sc) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    throw ScenarioError({Diagnostic{Mark{path, 0, 0}, "",
                                    exists ? "cannot be read (expected a readable CSV file)"
                                           : "no such file (expected the path of a CSV file of design points)"}});
  }
  return parse_design_file(text.str(), path, sc);
}

}  // namespace statecraft
