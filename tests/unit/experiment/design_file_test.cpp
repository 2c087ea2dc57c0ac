// A sweep's design file (parse_design_file, docs/experiments.md): the CSV that analysts' tools write (Excel's
// byte-order mark, quoted cells as pandas, R and Excel write them) read as they meant it, and every problem
// reported at its line and column.
#include <gtest/gtest.h>

#include "../test_util.hpp"
#include "statecraft/experiment/design_file.hpp"

namespace statecraft {
namespace {

const Scenario& dilemma() {
  static const Scenario sc = load_scenario(test::root() + "/scenarios/security_dilemma.yaml");
  return sc;
}

DesignFile parse(const std::string& text) { return parse_design_file(text, "pts.csv", dilemma()); }

/// Every problem parse_design_file reports for `text`, thrown or kept for the points' range checks
/// (`row_problems`), each on a line of its own; "" if it reports none.
std::string problems(const std::string& text) {
  try {
    std::string kept;
    for (const Diagnostic& d : parse(text).row_problems) kept += d.str() + "\n";
    return kept;
  } catch (const ScenarioError& e) {
    return e.what();
  }
}

std::vector<int> columns_of(const std::vector<Mark>& marks) {
  std::vector<int> cols;
  for (const Mark& m : marks) cols.push_back(m.col);
  return cols;
}

TEST(DesignFile, ALeadingByteOrderMarkIsSkippedAndColumnsCountFromAfterIt) {
  const DesignFile d = parse("\xEF\xBB\xBFparameters.trust.forgetting,actors.A.growth\n0.1,0.01\n");
  EXPECT_EQ(d.paths, (std::vector<std::string>{"parameters.trust.forgetting", "actors.A.growth"}));
  EXPECT_EQ(d.points, (std::vector<std::vector<double>>{{0.1, 0.01}}));
  EXPECT_EQ(problems("\xEF\xBB\xBF" "actors.A.grwth,parameters.trust.forgeting\n0.01,0.1\n"),
            "pts.csv:1:1: actors.A.grwth: unknown actor field 'grwth' (did you mean 'growth'?)\n"
            "pts.csv:1:16: parameters.trust.forgeting: unknown parameter (did you mean "
            "'parameters.trust.forgetting'?)\n");
  // Only at the start of the file: elsewhere the mark is a character of the cell.
  EXPECT_EQ(problems("actors.A.growth\n\xEF\xBB\xBF" "0.01\n"),
            "pts.csv:2:1: actors.A.growth: '\xEF\xBB\xBF" "0.01' is not a number (expected a finite number)\n");
}

TEST(DesignFile, QuotedHeaderCellsAndValuesAreReadWithoutTheirQuotes) {
  // As R's write.csv(row.names = FALSE) and pandas with quoting=csv.QUOTE_ALL write it, CRLF and all.
  const DesignFile d = parse("\"parameters.trust.forgetting\",\"actors.A.growth\"\r\n\"0.1\",\"0.01\"\r\n"
                             " \"0.3\" , 0.03\r\n");
  EXPECT_EQ(d.paths, (std::vector<std::string>{"parameters.trust.forgetting", "actors.A.growth"}));
  EXPECT_EQ(d.points, (std::vector<std::vector<double>>{{0.1, 0.01}, {0.3, 0.03}}));
  // A value is marked at its opening quote.
  EXPECT_EQ(columns_of(d.marks[0]), (std::vector<int>{1, 7}));
  EXPECT_EQ(columns_of(d.marks[1]), (std::vector<int>{2, 10}));
}

// A positive value may carry its sign, as in a scenario file (Excel and hand-typed tables write +0.02).
TEST(DesignFile, APlusSignIsTakenAsTheScenarioFileTakesIt) {
  const DesignFile d = parse("actors.A.growth,parameters.trust.forgetting\n+0.02,+1e-1\n-0.01,0.2\n");
  EXPECT_EQ(d.points, (std::vector<std::vector<double>>{{0.02, 0.1}, {-0.01, 0.2}}));
  EXPECT_EQ(problems("actors.A.growth\n+-0.02\n"),
            "pts.csv:2:1: actors.A.growth: '+-0.02' is not a number (expected a finite number)\n");
}

// Excel in languages whose decimal mark is the comma separates cells by ';': one message for the header, not one
// for every path and value.
TEST(DesignFile, AFileSeparatedBySemicolonsIsSaidOnce) {
  EXPECT_EQ(problems("actors.A.growth;parameters.trust.forgetting\n0,01;0,1\n0,02;0,2\n"),
            "pts.csv:1:1: the header's paths are separated by ';' (expected commas, as pandas and R write CSV; Excel "
            "writes ';' in some languages: save as 'CSV UTF-8 (Comma delimited)')\n");
}

// A scenario file given as the design (its first line, a comment, would read as a header separated by ';').
TEST(DesignFile, AYamlFileIsSaidToBeOne) {
  for (const char* name : {"islands.yaml", "dir/w.yml"}) {
    try {
      parse_design_file("# Islands; a sketch\nscenario: {name: x}\n", name, dilemma());
      ADD_FAILURE() << name;
    } catch (const ScenarioError& e) {
      EXPECT_EQ(std::string(e.what()), std::string(name) + ": is a YAML file, such as a scenario (expected a CSV file "
                                       "of design points: a header of parameter paths and one row of numbers per "
                                       "point)\n");
    }
  }
}

TEST(DesignFile, AQuotedCellMayHoldCommasAndDoubledQuotes) {
  // The comma inside the quotes is no separator: the cells after it keep their own columns.
  EXPECT_EQ(problems("actors.A.growth,\"a, \"\"b\"\"\",parameters.trust.forgetting\n\"0,1\",\"0.\"\"2\",0.3\n"),
            "pts.csv:1:17: a, \"b\": is not a settable path (expected parameters.GROUP.KEY, actors.ID.FIELD, "
            "relations.A-B.FIELD, policies.NAME.COEFFICIENT or institutions.ID.FIELD)\n"
            "pts.csv:2:1: actors.A.growth: '0,1' is not a number (expected a finite number)\n"
            "pts.csv:2:7: a, \"b\": '0.\"2' is not a number (expected a finite number)\n");
}

TEST(DesignFile, AQuoteLeftOpenIsReportedAtItsOpeningQuote) {
  // A cell that goes on to the next line is not read: its line is reported, the next line read on its own.
  EXPECT_EQ(problems("actors.A.growth,parameters.trust.forgetting\n0.01,\"0.1\n0.02,0.2\n0.03,abc\n"),
            "pts.csv:2:6: an unterminated quote (expected a closing \" on the same line)\n"
            "pts.csv:4:6: parameters.trust.forgetting: 'abc' is not a number (expected a finite number)\n");
  // In the header: its paths are unknown, so the rows are not counted against it; their quoting still is.
  EXPECT_EQ(problems("actors.A.growth,\"parameters.trust.forgetting\n0.01,0.1\n0.02,0.2,\"\n"),
            "pts.csv:1:17: an unterminated quote (expected a closing \" on the same line)\n"
            "pts.csv:3:10: an unterminated quote (expected a closing \" on the same line)\n");
  EXPECT_EQ(problems("actors.A.growth,parameters.trust.forgetting\n0.01,\"0.1\"5\n"),
            "pts.csv:2:11: text after a closing quote (expected a comma or the end of the line)\n");
}

// A row that cannot be read is no point: its problems wait (row_problems) for the range problems of the rows that
// can, so that a sweep says every problem at once. With no readable row, or a header that cannot be read, they
// are thrown at once.
TEST(DesignFile, RowsThatCannotBeReadAreLeftOutAndTheirProblemsKept) {
  const DesignFile d = parse("actors.A.growth,parameters.trust.forgetting\n0.01,0.1\n0.02\n0.03,abc\n0.04,0.4\n");
  EXPECT_EQ(d.points, (std::vector<std::vector<double>>{{0.01, 0.1}, {0.04, 0.4}}));
  ASSERT_EQ(d.marks.size(), 2u);
  EXPECT_EQ(d.marks[1][0].line, 5);
  ASSERT_EQ(d.row_problems.size(), 2u);
  EXPECT_EQ(d.row_problems[0].mark.line, 3);
  EXPECT_EQ(d.row_problems[1].mark.line, 4);
  EXPECT_THROW(parse("actors.A.growth\nabc\n"), ScenarioError);
  EXPECT_THROW(parse("actors.A.growth,parameters.trust.forgeting\n0.01,0.1\n"), ScenarioError);
  EXPECT_TRUE(parse("actors.A.growth\n0.01\n").row_problems.empty());
}

TEST(DesignFile, AnEmptyValueIsMissingNotAStrangeNumber) {
  // pandas writes NaN as an empty cell, and as "" in a frame of one column.
  EXPECT_EQ(problems("actors.A.growth,parameters.trust.forgetting\n0.01,\n ,0.1\n\"\",\"\"\n"),
            "pts.csv:2:6: parameters.trust.forgetting: an empty value (expected a finite number)\n"
            "pts.csv:3:2: actors.A.growth: an empty value (expected a finite number)\n"
            "pts.csv:4:1: actors.A.growth: an empty value (expected a finite number)\n"
            "pts.csv:4:4: parameters.trust.forgetting: an empty value (expected a finite number)\n");
  EXPECT_EQ(problems("actors.A.growth\n0.01\n\"\"\n"),
            "pts.csv:3:1: actors.A.growth: an empty value (expected a finite number)\n");
  // A first column without a name is the row labels R's write.csv ("") and pandas' to_csv (nothing) add: said so.
  const std::string labels = "pts.csv:1:1: an empty column name (expected a parameter path, e.g. actors.CHN.growth; "
                             "a first column without a name holds the row labels pandas and R write: "
                             "to_csv(..., index=False), write.csv(..., row.names = FALSE))\n";
  EXPECT_EQ(problems("\"\",actors.A.growth\n1,0.01\n"), labels);
  EXPECT_EQ(problems(",actors.A.growth\n0,0.01\n"), labels);
  EXPECT_EQ(problems("actors.A.growth,,parameters.trust.forgetting\n0.01,1,0.1\n"),
            "pts.csv:1:17: an empty column name (expected a parameter path, e.g. actors.CHN.growth)\n");
}

}  // namespace
}  // namespace statecraft
