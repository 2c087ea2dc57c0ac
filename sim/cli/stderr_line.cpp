#include "stderr_line.hpp"

#include <iostream>

namespace statecraft::cli {

StderrLine::~StderrLine() {
  std::string text = text_.str();
  const bool ends_line = !text.empty() && text.back() == '\n';
  if (ends_line) text.pop_back();
  std::cerr << prefix_ << printable(text) << (ends_line ? "\n" : "");
}

StderrLine error_line() { return StderrLine("statecraft: error: "); }

StderrLine warning_line() { return StderrLine("statecraft: warning: "); }

}  // namespace statecraft::cli
