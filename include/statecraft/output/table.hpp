#pragma once
// A table held in memory: named columns of numbers, whole numbers or text, filled a row at a time from cells.
// The summary CSVs of batches are written from these tables (write_csv), and the Python module hands the
// same tables, at full precision, to pandas (docs/python.md); a run's trend tables are built from the same
// cells as its CSVs (recorder.hpp).
#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace statecraft {

/// One value of a row. A cell of a column that has no value in that row is `empty`: written as nothing in a
/// CSV, held as NaN (numbers) or "" (text) in a Table.
struct Cell {
  enum class Kind : unsigned char { Number, Integer, Text };
  Kind kind = Kind::Number;
  bool empty = false;
  double number = 0;
  std::int64_t integer = 0;
  std::string text;

  static Cell num(double x) { return Cell{Kind::Number, false, x, 0, {}}; }
  static Cell whole(std::int64_t x) { return Cell{Kind::Integer, false, 0, x, {}}; }
  static Cell str(std::string s) { return Cell{Kind::Text, false, 0, 0, std::move(s)}; }
  static Cell no_number() { return Cell{Kind::Number, true, 0, 0, {}}; }
  static Cell no_text() { return Cell{Kind::Text, true, 0, 0, {}}; }
};

/// A cell as every CSV writes it: numbers with fmt (10 significant digits), text quoted when it must be.
std::string csv_text(const Cell& c);

class Table {
 public:
  struct Column {
    std::string name;
    Cell::Kind kind = Cell::Kind::Number;
    std::vector<double> numbers;        ///< Number: NaN where the cell is empty
    std::vector<std::int64_t> integers; ///< Integer
    /// Text: each row's index into `words`. A text repeats in every row of a long table (a pair's ids, a driver
    /// term): held once, so that a run of thousands of steps kept in memory (Python's run()) stays small.
    std::vector<std::uint32_t> text_codes;
    std::vector<std::string> words;     ///< Text: each distinct text once, "" for an empty cell
    /// The text of row `row` of a Text column.
    const std::string& text(std::size_t row) const { return words[text_codes[row]]; }
  };

  Table() = default;
  /// The column names; each column takes the kind of its cell in the first row.
  explicit Table(std::vector<std::string> names);
  /// The column names and kinds, for a table that may stay empty.
  explicit Table(std::vector<std::pair<std::string, Cell::Kind>> columns);

  /// Appends a row: one cell per column, in order, of the column's kind. Throws std::logic_error otherwise.
  void add_row(std::span<const Cell> row);

  const std::vector<Column>& columns() const { return columns_; }
  std::size_t rows() const { return rows_; }

 private:
  std::vector<Column> columns_;
  std::vector<std::unordered_map<std::string, std::uint32_t>> word_codes_;  ///< per column: text -> its code
  std::size_t rows_ = 0;
  bool kinds_known_ = false;
};

/// A table with the name of the file it is written to (ensemble.csv, compare_summary.csv, ...).
using NamedTable = std::pair<std::string, Table>;

/// The header, then every row, each value with csv_text (a NaN number as "nan").
void write_csv(std::ostream& os, const Table& t);

}  // namespace statecraft
