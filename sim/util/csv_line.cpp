// Splitting a CSV line into cells (statecraft/util/csv_line.hpp).
#include "statecraft/util/csv_line.hpp"

#include <algorithm>

namespace statecraft {
namespace {

void skip_blanks(const std::string& line, std::size_t& i) {
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
}

/// Reads the quoted cell whose opening quote is at `i` into `text`, leaving `i` past its closing quote; false
/// if the line ends first.
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

}  // namespace

CsvLine split_csv_line(const std::string& line) {
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

std::string without_byte_order_mark(const std::string& text) {
  static const std::string mark = "\xEF\xBB\xBF";
  return text.compare(0, mark.size(), mark) == 0 ? text.substr(mark.size()) : text;
}

}  // namespace statecraft
