#pragma once
// Positions in a YAML text: yaml-cpp counts bytes from 0, messages count characters from 1.
#include <yaml-cpp/mark.h>

#include <algorithm>
#include <string>
#include <vector>

#include "statecraft/scenario/error.hpp"

namespace statecraft::detail {

/// Byte offsets of line starts, to turn yaml-cpp's byte columns into character columns.
class YamlLines {
 public:
  explicit YamlLines(const std::string& text) : text_(text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  /// Offset of 1-based (line, byte column), clamped to the text.
  std::size_t offset(int line, int byte_col) const {
    if (line < 1) return 0;
    if (static_cast<std::size_t>(line) > starts_.size()) return text_.size();
    std::size_t o = starts_[static_cast<std::size_t>(line - 1)] + static_cast<std::size_t>(std::max(byte_col, 1) - 1);
    return std::min(o, text_.size());
  }
  /// 1-based character column of a byte offset.
  Mark mark_at(const std::string& file, std::size_t off) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), off);
    std::size_t line = static_cast<std::size_t>(it - starts_.begin());
    std::size_t start = starts_[line - 1];
    int col = 1;
    for (std::size_t i = start; i < off && i < text_.size(); ++i)
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
    return Mark{file, static_cast<int>(line), col};
  }
  /// Byte offset of a character position made by mark_at.
  std::size_t offset_of(const Mark& m) const {
    if (m.line < 1 || static_cast<std::size_t>(m.line) > starts_.size()) return text_.size();
    std::size_t i = starts_[static_cast<std::size_t>(m.line - 1)];
    for (int c = 1; c < m.col && i < text_.size() && text_[i] != '\n'; ++c) {
      ++i;
      while (i < text_.size() && (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) ++i;
    }
    return i;
  }
  Mark mark_of(const std::string& file, const YAML::Mark& m) const {
    if (m.is_null() || m.line < 0) return Mark{file, 0, 0};
    return mark_at(file, offset(m.line + 1, m.column + 1));
  }
  const std::string& text() const { return text_; }
  std::size_t count() const { return starts_.size(); }
  std::size_t start(std::size_t line) const { return starts_[line - 1]; }

 private:
  const std::string& text_;
  std::vector<std::size_t> starts_;
};

}  // namespace statecraft::detail
