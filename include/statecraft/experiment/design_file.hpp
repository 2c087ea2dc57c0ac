#pragma once
// A sweep's design read from a file (`sweep --design-file points.csv`, Python's sweep(design=...)): a CSV whose
// header names parameter paths (docs/paths.md, as --param takes them) and whose every row is one design point.
// Each value keeps where it is written, so that a value the scenario refuses is reported at its line and column.
// It reads what analysts' tools write: a leading UTF-8 byte-order mark (Excel's "CSV UTF-8") is skipped, and a cell
// may be wholly in double quotes (RFC 4180: `""` inside for a quote, commas allowed), as pandas, R and Excel quote.
#include <string>
#include <vector>

#include "statecraft/scenario/error.hpp"
#include "statecraft/scenario/load.hpp"
#include "statecraft/scenario/scenario.hpp"

namespace statecraft {

struct DesignFile {
  std::string name;                             ///< the file, as given
  std::vector<std::string> paths;               ///< the header, one path per column
  std::vector<std::vector<double>> points;      ///< [point][column]
  std::vector<std::vector<Mark>> marks;         ///< [point][column]: FILE:LINE:COL of each value
  std::size_t rows = 0;                         ///< rows of values in the file, those that are no points too
  /// The problems of rows that could not be read as points (left out of `points`): reported with the range
  /// problems of the points that could, when each point loads (run_sweep), so that every problem is said at once.
  std::vector<Diagnostic> row_problems;
};

/// Parses the CSV `text` of the file `name`, its paths checked against `sc`. Throws ScenarioError with every
/// problem of the header (a path that names no value or names one twice), or of every row when none can be read;
/// otherwise a row with too few or too many values, an empty value or one that is not a finite number, or a quote
/// left open on its line is kept in `row_problems`. Values are checked against their ranges when each point loads.
DesignFile parse_design_file(const std::string& text, const std::string& name, const Scenario& sc);

/// The text of the design file `path`, read under the loader's rules: a regular file (a FIFO would block the
/// reader and /dev/zero fill the memory) of at most `limits.file_bytes` bytes. Anything else is a ScenarioError
/// naming the file, and the limit with how to raise it.
std::string read_design_text(const std::string& path, const Limits& limits);

/// Reads the file `path` (read_design_text) and parses it; a file that cannot be read is a ScenarioError too.
DesignFile read_design_file(const std::string& path, const Scenario& sc, const Limits& limits);

}  // namespace statecraft
