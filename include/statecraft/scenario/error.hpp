#pragma once
// User-facing errors: a scenario file or a flag that cannot be honoured. Each problem is a Diagnostic
// that prints as `file:line:col: key.path: what is wrong (what was expected)`. Bugs are logic errors,
// never ScenarioError.
#include <stdexcept>
#include <string>
#include <vector>

namespace statecraft {

/// A position in a source file; line and column are 1-based, 0 when unknown.
struct Mark {
  std::string file;
  int line = 0;
  int col = 0;
};

/// One problem found in user input.
struct Diagnostic {
  Mark mark;
  std::string path;     ///< key path such as `actors.CHN.policy`; may be empty
  std::string message;  ///< what is wrong, with what was expected in parentheses

  /// `file:line:col: path: message`, omitting the parts that are unknown.
  std::string str() const;

  /// The message taken apart where it follows the convention `what is wrong (expected ...)` or
  /// `what is wrong (did you mean 'x'?)`: for `validate --json` and other machine readers.
  struct Parts {
    std::string what;        ///< the message without its closing parentheses, when they were taken apart
    std::string expected;    ///< what was expected, without the word "expected"; empty if not said so
    std::string suggestion;  ///< the did-you-mean suggestion; empty if none
  };
  Parts parts() const;
};

/// Collects diagnostics up to a bound, so every problem in a file is reported at once.
class Diagnostics {
 public:
  static constexpr std::size_t kMaxReported = 50;

  void add(Mark mark, std::string path, std::string message);
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size() + dropped_; }
  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t dropped() const { return dropped_; }
  /// Throws ScenarioError with everything collected, if anything was.
  void throw_if_any() const;
  /// Lets `edit` rewrite each diagnostic collected (the loader names a value given on the command line by the
  /// path as it was given).
  template <class Edit>
  void edit_each(Edit edit) {
    for (Diagnostic& d : items_) edit(d);
  }

 private:
  std::vector<Diagnostic> items_;
  std::size_t dropped_ = 0;
};

/// Thrown when user input is invalid; what() is every diagnostic, one per line.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diags, std::size_t dropped = 0);
  const std::vector<Diagnostic>& diagnostics() const { return diags_; }
  /// Problems found beyond those listed (past Diagnostics::kMaxReported).
  std::size_t dropped() const { return dropped_; }

 private:
  std::vector<Diagnostic> diags_;
  std::size_t dropped_ = 0;
};

/// Thrown for a command that cannot be carried out as given (an output directory that would be overwritten,
/// a resume that does not match): the command line's fault, exit code 2, like a bad flag.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown when a run cannot go on (non-finite state, unwritable output): message says where and why.
class RunError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown when the user asked the command to stop (Ctrl-C or another signal) before it finished.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The closest candidate within a small edit distance, or empty: for did-you-mean suggestions.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace statecraft
