#include "statecraft/output/table.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "statecraft/output/csv.hpp"

namespace statecraft {

std::string csv_text(const Cell& c) {
  if (c.empty) return {};
  switch (c.kind) {
    case Cell::Kind::Number: return fmt(c.number);
    case Cell::Kind::Integer: return std::to_string(c.integer);
    case Cell::Kind::Text: return csv_field(c.text);
  }
  return {};
}

Table::Table(std::vector<std::string> names) {
  for (auto& n : names) columns_.push_back(Column{std::move(n), Cell::Kind::Number, {}, {}, {}, {}});
  word_codes_.resize(columns_.size());
}

Table::Table(std::vector<std::pair<std::string, Cell::Kind>> columns) : kinds_known_(true) {
  for (auto& [n, kind] : columns) columns_.push_back(Column{std::move(n), kind, {}, {}, {}, {}});
  word_codes_.resize(columns_.size());
}

void Table::add_row(std::span<const Cell> row) {
  if (row.size() != columns_.size())
    throw std::logic_error("table row of " + std::to_string(row.size()) + " cells for " +
                           std::to_string(columns_.size()) + " columns");
  for (std::size_t k = 0; k < row.size(); ++k) {
    Column& col = columns_[k];
    const Cell& c = row[k];
    if (!kinds_known_) col.kind = c.kind;
    if (c.kind != col.kind) throw std::logic_error("table column '" + col.name + "' changes kind");
    switch (c.kind) {
      case Cell::Kind::Number:
        col.numbers.push_back(c.empty ? std::numeric_limits<double>::quiet_NaN() : c.number);
        break;
      case Cell::Kind::Integer: col.integers.push_back(c.integer); break;
      case Cell::Kind::Text: {
        const std::string& text = c.empty ? std::string() : c.text;
        const auto [at, added] = word_codes_[k].try_emplace(text, static_cast<std::uint32_t>(col.words.size()));
        if (added) col.words.push_back(text);
        col.text_codes.push_back(at->second);
        break;
      }
    }
  }
  ++rows_;
  kinds_known_ = true;
}

void write_csv(std::ostream& os, const Table& t) {
  const auto& cols = t.columns();
  for (std::size_t k = 0; k < cols.size(); ++k) os << (k ? "," : "") << cols[k].name;
  os << '\n';
  for (std::size_t r = 0; r < t.rows(); ++r) {
    for (std::size_t k = 0; k < cols.size(); ++k) {
      const Table::Column& c = cols[k];
      if (k) os << ',';
      switch (c.kind) {
        case Cell::Kind::Number:
          if (!std::isnan(c.numbers[r])) os << fmt(c.numbers[r]);  // an empty cell is held as NaN
          break;
        case Cell::Kind::Integer: os << c.integers[r]; break;
        case Cell::Kind::Text: os << csv_field(c.text(r)); break;
      }
    }
    os << '\n';
  }
}

}  // namespace statecraft
