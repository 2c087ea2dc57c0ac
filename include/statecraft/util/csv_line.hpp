// One line of a CSV file as people's tools write it (pandas, R, Excel): RFC 4180 quoting, cells found by
// their column so that a message can point at one. Shared by the readers of design files and observations.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace statecraft {

/// A cell of a line: its text (spaces around it removed, quotes undone) and the 1-based column where it starts
/// (its opening quote, if quoted).
struct CsvCell {
  std::string text;
  int col = 1;
};

/// A line's cells, and what is wrong with its quoting (each at its column): a line with problems has no
/// trustworthy cells, so a reader reports them and skips the line's values.
struct CsvLine {
  std::vector<CsvCell> cells;
  std::vector<std::pair<int, std::string>> problems;
};

/// The cells of a line separated by commas. A cell may be wholly in double quotes, with `""` inside for one
/// quote and commas as text (pandas, R's write.csv and Excel quote header cells; a one-column frame's NaN is
/// written `""`). A quoted cell that goes on to the next line is not read: it is reported as unterminated,
/// since no path, name or number holds a line break.
CsvLine split_csv_line(const std::string& line);

/// `text` without the UTF-8 byte-order mark that Excel's "CSV UTF-8" starts a file with, which is no part of
/// the first cell. Columns of line 1 are then counted from the character after it, as editors that hide the
/// mark show them.
std::string without_byte_order_mark(const std::string& text);

}  // namespace statecraft
