#pragma once
// The command line's messages on stderr: each is one line, whatever the user typed. A newline or another
// control character inside a path, a variant's name or a key (`--out $'a\nb'`, a YAML key "a\nb") is shown
// escaped (\n, \t, \x1b), so that a message is never split, a script reading stderr line by line sees one
// problem a line, and a terminal never receives escape sequences from a file.
#include <sstream>
#include <string>

#include "statecraft/util/printable.hpp"

namespace statecraft::cli {

/// One line on stderr: a prefix, then what is written to it, printed when the line goes out of scope (at the end
/// of the statement that made it, or of the scope holding it) with control characters escaped, but for one
/// newline that ends it.
class StderrLine {
 public:
  explicit StderrLine(const char* prefix) : prefix_(prefix) {}
  StderrLine(const StderrLine&) = delete;
  StderrLine& operator=(const StderrLine&) = delete;
  ~StderrLine();

  template <class T>
  StderrLine& operator<<(const T& value) {
    text_ << value;
    return *this;
  }

 private:
  const char* prefix_;
  std::ostringstream text_;
};

/// Starts an error on stderr: "statecraft: error: ", then the rest of the line. Every failure that is not at a
/// line of a file starts so (docs/cli.md, "Messages"); a file's diagnostics start with `file:line:col:` instead.
StderrLine error_line();

/// Starts a warning on stderr: "statecraft: warning: ". The command goes on.
StderrLine warning_line();

}  // namespace statecraft::cli
