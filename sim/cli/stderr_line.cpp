#include "stderr_line.hpp"

#include <cstdio>
#include <iostream>

namespace statecraft::cli {

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) out += c;
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", u);
      out += hex;
    }
  }
  return out;
}

StderrLine::~StderrLine() {
  std::string text = text_.str();
  const bool ends_line = !text.empty() && text.back() == '\n';
  if (ends_line) text.pop_back();
  std::cerr << prefix_ << printable(text) << (ends_line ? "\n" : "");
}

StderrLine error_line() { return StderrLine("statecraft: error: "); }

StderrLine warning_line() { return StderrLine("statecraft: warning: "); }

}  // namespace statecraft::cli
