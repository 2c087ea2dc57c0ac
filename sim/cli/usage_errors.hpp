#pragma once
// The command line's own mistakes, said as every other error is (docs/cli.md, "Messages"): CLI11 parses, and
// these make sure that what it accepts was meant and that what it refuses is said in one line that names the flag
// or argument, what is wrong and what was expected. CLI11 would take `--adjust --runs 10` as the correction
// "--runs" and then complain about "10"; it says "At Most 1 required but received 2" of a flag given twice.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace statecraft::cli {

/// Adds to every option of `root` and of its commands the checks CLI11 lacks, so that each is refused before the
/// option's own parsing sees it:
///  - an option that takes one value, given twice: "--runs: given twice (expected it once)";
///  - a value that is a flag of the command, which CLI11 takes as the value of the option before it:
///    "--adjust: needs a value (expected none, bonferroni or holm; got the flag --runs)"; a negative number is a
///    value like any other;
///  - a value given to a flag, which CLI11 would read as true or false: "--force: takes no value (expected --force
///    alone; got --force=3)".
/// Call once every command and option is added; `root` must outlive the parse.
void check_option_values(CLI::App& root);

/// `args` (argv without the program) with each "--NAME=" that has nothing after '=' split into "--NAME" and "",
/// before the first "--". CLI11 reads "--runs=" as "--runs" and takes the next argument as its value (`--runs=
/// --out x` gave --runs "--out"), and "--force=" as "--force": split, an option gets the empty value it was
/// written with, which its own check refuses ("--variant: is empty (expected ...)"). A flag so written is left as
/// it is and gets a message in `messages`: "--force: takes no value (expected --force alone; got --force=)". So
/// does a comma list with an empty name (`--variants a,,b`, `--metric ,`), whose empty names CLI11 would drop.
std::vector<std::string> split_empty_values(const CLI::App& root, const std::vector<std::string>& args,
                                            std::vector<std::string>& messages);

/// The message (without "statecraft: error: ") for a command line CLI11 refused with `e`, in the house style:
/// a required argument or option missing ("--pair: missing (expected a pair of actor ids, as A-B; see 'statecraft
/// explain --help')"), a value missing at the end ("--out: needs a value (expected an output directory; got nothing
/// after it)"), or one of the checks above.
std::string parse_error_message(const CLI::App& root, const CLI::ParseError& e);

/// A message (without "statecraft: error: ") for each argument of `args` (argv without the program) that no option
/// or positional took, which CLI11 leaves over (root allows extras so that all are reported at once): an unknown
/// option, with the nearest one or the commands that have it, or an argument after the scenario file. Empty if
/// every argument was taken.
/// Arguments CLI11 left over after a '--' that stood after the command's file are files all the same: given to
/// validate's files, or to a command's file when it has none yet; only what has no room is a mistake.
std::vector<std::string> leftover_messages(CLI::App& root, const std::vector<std::string>& args);

}  // namespace statecraft::cli
