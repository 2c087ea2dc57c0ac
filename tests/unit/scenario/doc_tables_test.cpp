// docs/scenario-format.md lists exactly what the descriptor tables hold (and docs/paths.md every settable field): the keys of an actor, a pair and an
// institution, the policy coefficients, the parameters and the event types with their keys, each with the
// range and default the code has. A key added to the code and not to the page (or the reverse) fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "statecraft/scenario/metric.hpp"
#include "statecraft/scenario/load.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

std::string read_doc(const std::string& name) {
  std::ifstream in(fs::path(STATECRAFT_TEST_DIR).parent_path() / "docs" / name);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}


/// A cell as a reader sees it: without backticks and bold, trimmed.
std::string plain(std::string cell) {
  std::string s;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '`') continue;
    if (cell.compare(i, 2, "**") == 0) {
      ++i;
      continue;
    }
    s += cell[i];
  }
  const auto b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

/// The first table after the line `heading`, as rows of plain cells keyed by the header's names.
class Table {
 public:
  explicit Table(const std::string& heading, const std::string& doc = "scenario-format.md") {
    std::istringstream in(read_doc(doc));
    std::string line;
    bool after = false, inside = false;
    while (std::getline(in, line)) {
      if (!after) {
        after = line == heading;
        continue;
      }
      const bool row = line.rfind("|", 0) == 0;
      if (!row && inside) break;
      if (!row) continue;
      inside = true;
      std::vector<std::string> cells;
      std::istringstream cs(line.substr(1));
      std::string cell;
      while (std::getline(cs, cell, '|')) cells.push_back(cell);
      if (header_.empty()) {
        for (auto& c : cells) header_.push_back(plain(c));
      } else if (cells[0].find("---") == std::string::npos) {
        rows_.push_back(cells);
      }
    }
    EXPECT_FALSE(rows_.empty()) << "no table after " << heading;
  }

  /// Column `name` of every row, plain, or as written.
  std::vector<std::string> column(const std::string& name, bool as_written = false) const {
    const auto it = std::find(header_.begin(), header_.end(), name);
    EXPECT_NE(it, header_.end()) << "no column " << name;
    std::vector<std::string> out;
    if (it == header_.end()) return out;
    for (const auto& r : rows_) {
      const std::string& cell = r.at(static_cast<std::size_t>(it - header_.begin()));
      out.push_back(as_written ? cell : plain(cell));
    }
    return out;
  }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

/// A range as the page writes it: [lo, hi] or (lo, hi].
std::string interval(const Range& r) {
  return (r.lo_open ? "(" : "[") + format_number(r.lo) + ", " + format_number(r.hi) + "]";
}

/// The names written in code spans of a cell as written: "`a`, `b` (`A-B`)" -> {a, b}; names only, not `A-B`.
std::vector<std::string> identifiers(const std::string& cell) {
  std::vector<std::string> out;
  for (std::size_t open = cell.find('`'); open != std::string::npos; open = cell.find('`', open)) {
    const std::size_t close = cell.find('`', open + 1);
    if (close == std::string::npos) break;
    const std::string name = cell.substr(open + 1, close - open - 1);
    if (std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::islower(c) || c == '_'; }))
      out.push_back(name);
    open = close + 1;
  }
  return out;
}

// docs/experiments.md's table of outcomes: every built-in outcome in order, with its direction and its unit (which
// decides its intervals), then target_tension.VARIANT and final.METRIC.
TEST(DocTables, OutcomesWithTheirDirectionsAndUnits) {
  const Table t("## Outcomes", "experiments.md");
  const auto names = t.column("outcome"), better = t.column("better"), units = t.column("unit");
  ASSERT_EQ(names.size(), builtin_outcomes().size() + 2);
  for (std::size_t k = 0; k < builtin_outcomes().size(); ++k) {
    const OutcomeInfo& o = builtin_outcomes()[k];
    EXPECT_EQ(names[k], o.name);
    EXPECT_EQ(better[k], o.lower_is_better ? "lower" : "higher") << o.name;
    ASSERT_NE(o.unit, nullptr) << o.name << " declares no unit";
    EXPECT_EQ(units[k], o.unit) << o.name;
  }
  EXPECT_EQ(names[builtin_outcomes().size()], "target_tension.VARIANT");
  EXPECT_EQ(units[builtin_outcomes().size()], "[0, 1]");
  EXPECT_EQ(names.back(), "final.METRIC");
}

TEST(DocTables, ActorKeysWithTheirRangesAndDefaults) {
  const Table t("## actors");
  std::vector<std::string> keys, ranges, defaults;
  for (const auto& f : actor_fields()) {
    const std::string key = f.desc.name.substr(0, f.desc.name.find('.'));
    if (!keys.empty() && keys.back() == key) continue;  // transparency: one row for its two parts
    keys.push_back(key);
    const bool part = key != f.desc.name;
    ranges.push_back(part ? "[0, 1] each" : f.desc.type == ValueType::Number ? interval(f.desc.range) : "");
    defaults.push_back(part ? "0.5 each" : f.desc.default_value);
  }
  EXPECT_EQ(t.column("key"), keys);
  EXPECT_EQ(t.column("range"), ranges);
  EXPECT_EQ(t.column("default"), defaults);
}

TEST(DocTables, RelationKeysWithTheirKindsAndDefaults) {
  const Table t("## relations");
  std::vector<std::string> keys, kinds, defaults;
  for (const auto& f : pair_fields()) {
    keys.push_back(f.desc.name);
    kinds.push_back(f.directed ? "directed" : "symmetric");
    defaults.push_back(f.desc.default_value);
  }
  EXPECT_EQ(t.column("key"), keys);
  EXPECT_EQ(t.column("kind"), kinds);
  EXPECT_EQ(t.column("built-in default"), defaults);
}

TEST(DocTables, InstitutionKeysWithTheirDefaults) {
  const Table t("## institutions");
  std::vector<std::string> keys, defaults;
  for (const auto& f : institution_fields()) {
    keys.push_back(f.desc.name);
    defaults.push_back(f.desc.default_value);
  }
  EXPECT_EQ(t.column("key"), keys);
  EXPECT_EQ(t.column("default"), defaults);
}

TEST(DocTables, PolicyCoefficients) {
  const Table t("## policies");
  std::vector<std::string> keys, meanings;
  for (const auto& f : policy_fields()) {
    keys.emplace_back(f.key);
    meanings.emplace_back(f.meaning);
  }
  EXPECT_EQ(t.column("field"), keys);
  EXPECT_EQ(t.column("meaning"), meanings);
}

TEST(DocTables, ParametersWithTheirDefaultsRangesAndMeanings) {
  const Table t("## parameters");
  std::vector<std::string> names, defaults, ranges, meanings;
  for (const auto& d : describe_fields(PathKind::Parameter)) {
    names.push_back(d.name);
    defaults.push_back(d.default_value);
    ranges.push_back(d.type == ValueType::Switch ? "true or false" : interval(d.range));
    meanings.push_back(d.doc);
  }
  std::vector<std::string> documented;
  const auto groups = t.column("group"), keys = t.column("key");
  for (std::size_t i = 0; i < groups.size() && i < keys.size(); ++i) documented.push_back(groups[i] + "." + keys[i]);
  EXPECT_EQ(documented, names);
  EXPECT_EQ(t.column("default"), defaults);
  EXPECT_EQ(t.column("range"), ranges);
  EXPECT_EQ(t.column("meaning"), meanings);
}

TEST(DocTables, EventTypesWithTheirKeys) {
  const Table t("## events");
  std::vector<std::string> documented_types, types;
  for (const auto& cell : t.column("type", true))
    for (const auto& name : identifiers(cell)) documented_types.push_back(name);
  for (const auto& d : event_types()) types.emplace_back(d.name);
  EXPECT_EQ(documented_types, types);
  // The keys of each row: every key of its types.
  const auto rows = t.column("type", true), keys = t.column("keys", true);
  for (std::size_t r = 0; r < rows.size() && r < keys.size(); ++r) {
    std::vector<std::string> expected;
    for (const auto& name : identifiers(rows[r]))
      for (const auto& d : event_types())
        if (name == d.name)
          for (const auto& k : d.keys)
            if (std::find(expected.begin(), expected.end(), k.name) == expected.end()) expected.emplace_back(k.name);
    EXPECT_EQ(identifiers(keys[r]), expected) << rows[r];
  }
}

TEST(DocTables, EachEventTypesTableListsItsKeysWithTheirDefaults) {
  for (const char* heading : {"**`arms_sale`**", "**`provocation`**", "**`unannounced_test`**", "**`exercise`**",
                              "**`incident`**", "**`suspend_dialogue`, `resume_dialogue`**",
                              "**`institution_start`, `institution_end`**"}) {
    const Table t(heading);
    std::vector<std::string> keys, defaults;
    for (const auto& name : identifiers(heading))
      for (const auto& d : event_types())
        if (name == d.name)
          for (const auto& k : d.keys)
            if (std::find(keys.begin(), keys.end(), k.name) == keys.end()) {
              keys.emplace_back(k.name);
              defaults.emplace_back(k.default_text);
            }
    EXPECT_EQ(t.column("key"), keys) << heading;
    EXPECT_EQ(t.column("default"), defaults) << heading;
  }
}

/// `a`, `b`, `c`: the names as the docs list them.
std::string code_list(const std::vector<std::string>& names, const std::string& last_sep = ", ") {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i)
    s += (i == 0 ? "" : i + 1 == names.size() ? last_sep : ", ") + ("`" + names[i] + "`");
  return s;
}

TEST(DocTables, ThePathsPageNamesEverySettableField) {
  std::string text = read_doc("paths.md");
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::vector<std::string> symmetric, directed;
  for (const auto& f : pair_fields()) (f.directed ? directed : symmetric).push_back(f.desc.name);
  const std::vector<std::string> institution = settable_names(PathKind::Institution);
  const std::vector<std::string> numbers(institution.begin() + 1, institution.end());
  for (const std::string& expected :
       {"for an actor: " + code_list(settable_names(PathKind::Actor)) + ";",
        "for a pair: " + code_list(symmetric) + " (symmetric), " + code_list(directed) + " (directed);",
        "for an institution: " + code_list(numbers) + " (numbers) and `" + institution.front() + "` (a list).",
        "COEFFICIENT is " + code_list(settable_names(PathKind::Policy), " or ") + "."})
    EXPECT_NE(text.find(expected), std::string::npos) << expected;
}

}  // namespace
}  // namespace statecraft
