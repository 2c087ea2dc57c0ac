// statecraft: the command-line front end. It parses flags and calls the library; nothing else.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#ifdef STATECRAFT_HAVE_MPI
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#endif

#include "commands.hpp"
#include "signals.hpp"
#include "statecraft/scenario/error.hpp"
#include "usage_errors.hpp"

namespace {

/// The command of the command line, checked before CLI11 sees it: a missing or mistyped one is refused with the
/// list of commands or the nearest one. Returns kOk when there is a known command (or --help, --version).
int check_command(int argc, char** argv, const std::vector<std::string>& commands) {
  using namespace statecraft::cli;
  std::string list;
  for (const auto& c : commands) list += (list.empty() ? "" : ", ") + c;
  std::string stray;  // the first option before any command that is not one of the program's own
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h" || a == "--version") return kOk;
    if (a == "--") {  // CLI11 would take the command after it for an argument and say "A subcommand is required"
      error_line() << "--: comes before the command (expected the command first, e.g. statecraft validate -- "
                      "-draft.yaml)\n";
      return kBadInput;
    }
    // The global limit flags take a value, as the next word unless written --max-x=N.
    if (a.rfind("--max-", 0) == 0 && a.find('=') == std::string::npos) {
      ++i;
      continue;
    }
    if (!a.empty() && a[0] == '-') {  // CLI11 says what is wrong with it, once there is a command
      if (stray.empty() && a.rfind("--max-", 0) != 0) stray = a.substr(0, a.find('='));
      continue;
    }
    if (std::find(commands.begin(), commands.end(), a) != commands.end()) return kOk;
    const std::string near = statecraft::closest_match(a, commands);
    error_line() << "unknown command '" << a << "'"
                 << (near.empty() ? " (expected one of: " + list + ")" : " (did you mean '" + near + "'?)") << "\n";
    return kBadInput;
  }
  if (!stray.empty())
    error_line() << stray << ": unknown option, and no command given (expected a command first, one of: " << list
                 << "; statecraft --help says what each does)\n";
  else
    error_line() << "no command given (expected one of: " << list << "; statecraft --help says what each does)\n";
  return kBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace statecraft::cli;
#ifdef STATECRAFT_HAVE_MPI
  // Under mpirun every rank runs this program; only rank 0 speaks and writes.
  std::unique_ptr<boost::mpi::environment> mpi;
  std::ofstream silence;
  struct Restore {  // the streams must not outlive `silence`
    std::streambuf* out = std::cout.rdbuf();
    std::streambuf* err = std::cerr.rdbuf();
    ~Restore() {
      std::cout.rdbuf(out);
      std::cerr.rdbuf(err);
    }
  } restore;
  if (std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK")) {
    mpi = std::make_unique<boost::mpi::environment>(argc, argv, boost::mpi::threading::funneled);
    if (boost::mpi::communicator().rank() != 0) {
      silence.open("/dev/null");
      std::cout.rdbuf(silence.rdbuf());
      std::cerr.rdbuf(silence.rdbuf());
    }
  }
#endif
  CLI::App app{"Statecraft: a simulator of strategic interaction between states"};
  app.set_version_flag("--version", std::string("statecraft ") + STATECRAFT_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // the limit flags may follow the subcommand too
  app.allow_extras();  // and so do every command's: arguments no option takes are reported after the parse, all at once
  add_limit_flags(app);
  std::map<CLI::App*, Action> actions;
  std::vector<std::string> commands;
  auto reg = [&](const char* name, const char* help, Action (*add)(CLI::App&)) {
    CLI::App* sub = app.add_subcommand(name, help);
    actions[sub] = add(*sub);
    commands.emplace_back(name);
  };
  reg("run", "Run a scenario and write its trend CSVs", add_run);
  reg("validate", "Check scenario files and report every problem", add_validate);
  reg("describe", "Print a scenario's actors, pairs, policies, disputes and events", add_describe);
  reg("params", "List every path a value can be set by, with type, unit, range, default and meaning", add_params);
  reg("schema", "Print a JSON Schema of the scenario format, for editors and checkers", add_schema);
  reg("compare", "Compare variants over many runs with common random numbers", add_compare);
  reg("sweep", "Sweep parameters over a design (grid, Latin hypercube, Sobol) with sensitivity indices", add_sweep);
  reg("explain", "Explain what raised and lowered tension and trust between two states", add_explain);
  reg("calibrate", "Fit scenario values to observed series, with standard errors and forecast errors", add_calibrate);
  check_option_values(app);
  if (const int rc = check_command(argc, argv, commands); rc != kOk) return rc;
  std::vector<std::string> flag_messages;
  const std::vector<std::string> args =
      split_empty_values(app, std::vector<std::string>(argv + 1, argv + argc), flag_messages);
  if (!flag_messages.empty()) {
    for (const auto& m : flag_messages) error_line() << m << "\n";
    return kBadInput;
  }
  try {
    app.name(argv[0]);  // as parse(argc, argv) would: the usage line names the program as it was called
    app.parse(std::vector<std::string>(args.rbegin(), args.rend()));  // CLI11 takes the arguments last first
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One problem: what else CLI11 left over may be its consequence (the value of a flag taken as a value). But a
    // required file missing may be the file CLI11 took for options (`validate -draft.yaml`): those are said first.
    if (dynamic_cast<const CLI::RequiredError*>(&e))
      for (const auto& m : leftover_messages(app, args)) error_line() << m << "\n";
    error_line() << parse_error_message(app, e) << "\n";
    return kBadInput;
  } catch (const statecraft::UsageError& e) {  // a flag's value refused by our own parsing (flags.hpp)
    error_line() << e.what() << "\n";
    return kBadInput;
  }
  if (const auto leftovers = leftover_messages(app, args); !leftovers.empty()) {
    for (const auto& m : leftovers) error_line() << m << "\n";
    return kBadInput;
  }
  for (auto& [sub, action] : actions)
    if (sub->parsed()) {
      try {
        return action();
      } catch (const statecraft::ScenarioError& e) {
        print_errors(e);
        return kBadInput;
      } catch (const statecraft::UsageError& e) {
        error_line() << e.what() << "\n";
        return kBadInput;
      } catch (const statecraft::Interrupted& e) {
        std::cerr << "statecraft: " << statecraft::printable(e.what()) << "\n";
        return statecraft::cli::stopped_exit_code();
      } catch (const statecraft::RunError& e) {
        error_line() << e.what() << "\n";
        return kRunFailed;
      } catch (const std::exception& e) {
        error_line() << "internal error: " << e.what() << "\n";
        return kRunFailed;
      }
    }
  return kBadInput;
}
