#include "usage_errors.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "statecraft/scenario/error.hpp"

namespace statecraft::cli {
namespace {

/// The command being parsed ("run" of `statecraft run ...`), or nullptr if there is none yet.
const CLI::App* command_of(const CLI::App& root) {
  const std::vector<CLI::App*> parsed = root.get_subcommands();
  return parsed.empty() ? nullptr : parsed.front();
}

std::vector<const CLI::App*> all_commands(const CLI::App& root) {
  return root.get_subcommands([](const CLI::App*) { return true; });
}

/// "statecraft run": the program and the command being parsed.
std::string invocation(const CLI::App& root) {
  const CLI::App* command = command_of(root);
  return "statecraft" + (command ? " " + command->get_name() : std::string());
}

/// "statecraft run --help": what lists the command's flags.
std::string help_of(const CLI::App& root) { return invocation(root) + " --help"; }

std::string see_help(const CLI::App& root) { return "see '" + help_of(root) + "'"; }

/// Whether `arg` is written as an option: "-" and a letter, or "--" and a name. "-0.5" and "-3" are values, as
/// CLI11 takes them too (no option of ours is a digit).
bool looks_like_option(const std::string& arg) {
  if (arg.size() < 2 || arg[0] != '-') return false;
  if (arg[1] == '-') return arg.size() > 2;
  return std::isalpha(static_cast<unsigned char>(arg[1])) != 0;
}

/// The option an argument names, without its value: "--runs" of "--runs=3", "-j" of "-j4".
std::string option_name(const std::string& arg) {
  if (arg.rfind("--", 0) == 0) return arg.substr(0, arg.find('='));
  return arg.substr(0, 2);
}

/// The option of the command being parsed, or of the root (--max-runs, ...), that `arg` names; nullptr if it is
/// not written as an option or names none.
const CLI::Option* known_option(const CLI::App& root, const std::string& arg) {
  if (!looks_like_option(arg)) return nullptr;
  const std::string name = option_name(arg);
  if (const CLI::App* command = command_of(root))
    if (const CLI::Option* o = command->get_option_no_throw(name)) return o;
  return root.get_option_no_throw(name);
}

/// "a, b or c" with `last` "or"; "run, compare and sweep" with "and".
std::string listed(const std::vector<std::string>& words, const std::string& last) {
  std::string text;
  for (std::size_t i = 0; i < words.size(); ++i)
    text += (i == 0 ? "" : i + 1 == words.size() ? " " + last + " " : ", ") + words[i];
  return text;
}

/// What a value of `opt` is, for messages. An option's type name is what --help shows after it ("--out DIR",
/// "--adjust none|bonferroni|holm"), so the words here are those of the help, spelt out.
std::string expected_value(const CLI::Option& opt) {
  if (opt.get_positional()) return opt.get_name() == "files" ? "one or more scenario files" : "a scenario file";
  static const std::map<std::string, std::string> kWords = {
      {"INT", "an integer"},
      {"YEAR", "a year"},
      {"DIR", "an output directory"},
      {"CSV", "a CSV file"},
      {"VARIANT", "a variant name"},
      {"A-B", "a pair of actor ids, as A-B"},
      {"METRIC", "a metric, e.g. relations.USA-CHN.tension"},
      {"OUTCOME", "an outcome, e.g. tension_final"},
      {"OUTCOME=T", "OUTCOME=T, e.g. tension_final=0.005"},
      {"PATH=VALUE", "PATH=VALUE, e.g. actors.CHN.growth=0.05"},
      {"PATH=LO:HI[:N]", "PATH=LO:HI[:N], e.g. actors.CHN.growth=0.02:0.08"},
      {"PATH[=LO:HI]", "PATH[=LO:HI], e.g. actors.CHN.fatigue"},
  };
  const std::string type = opt.get_type_name();
  if (const auto it = kWords.find(type); it != kWords.end()) return it->second;
  if (type.find('|') == std::string::npos) return type;
  std::vector<std::string> choices;  // add_choice's "tidy|wide"
  for (std::size_t start = 0; start <= type.size();) {
    const std::size_t bar = std::min(type.find('|', start), type.size());
    choices.push_back(type.substr(start, bar - start));
    start = bar + 1;
  }
  return listed(choices, "or");
}

/// The check of an option that takes values: once only if it takes one, and never one of the command's flags.
CLI::Validator value_check(const CLI::App& root, const CLI::Option& opt) {
  const bool single = opt.get_items_expected_max() == 1;
  auto check = [&root, &opt, single](std::string& value) -> std::string {
    if (single && opt.count() > 1)
      return (opt.count() == 2 ? std::string("given twice") : "given " + std::to_string(opt.count()) + " times") +
             " (expected it once)";
    if (known_option(root, value)) return "needs a value (expected " + expected_value(opt) + "; got the flag " + value + ")";
    return "";
  };
  return CLI::Validator(check, "");  // no description: --help shows the type name alone
}

/// The check of a flag: CLI11 keeps "true" for the flag alone and the text after '=' otherwise, which it would
/// read as true or false (--force=0 is no --force, --json=3 is --json).
CLI::Validator flag_check(const CLI::Option& opt) {
  auto check = [&opt](std::string& value) -> std::string {
    if (value == "true") return "";
    return "takes no value (expected " + opt.get_name() + " alone; got " + opt.get_name() + "=" + value + ")";
  };
  return CLI::Validator(check, "");
}

void check_options_of(const CLI::App& root, CLI::App& app) {
  for (CLI::Option* opt : app.get_options()) {
    if (opt->get_positional() || opt == app.get_help_ptr() || opt == app.get_help_all_ptr() ||
        opt == app.get_version_ptr())
      continue;
    opt->check(opt->get_items_expected_max() == 0 ? flag_check(*opt) : value_check(root, *opt));
  }
}

/// The required argument or option of the command that was not given.
const CLI::Option* missing_required(const CLI::App& root) {
  std::vector<const CLI::App*> apps = {&root};
  if (const CLI::App* command = command_of(root)) apps.insert(apps.begin(), command);
  for (const CLI::App* app : apps)
    for (const CLI::Option* opt : app->get_options())
      if (opt->get_required() && opt->count() == 0) return opt;
  return nullptr;
}

/// The long option names of the command and of the root, for suggestions.
std::vector<std::string> long_names(const CLI::App& root) {
  std::vector<const CLI::App*> apps = {&root};
  if (const CLI::App* command = command_of(root)) apps.push_back(command);
  std::vector<std::string> names;
  for (const CLI::App* app : apps)
    for (const CLI::Option* opt : app->get_options())
      for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
  return names;
}

std::string unknown_option(const CLI::App& root, const std::string& arg) {
  const std::string name = option_name(arg);
  const CLI::App* command = command_of(root);
  const std::string where = command ? command->get_name() : "statecraft";
  std::vector<std::string> takers;  // another command's flag: say which commands take it
  for (const CLI::App* other : all_commands(root))
    if (other != command && other->get_option_no_throw(name)) takers.push_back(other->get_name());
  // Suggest only for a long name: any one-letter option is one edit from any other.
  const std::string near = name.rfind("--", 0) == 0 ? closest_match(name, long_names(root)) : "";
  if (!takers.empty()) {
    // compare --variant is most likely compare --variants: the near flag first, then who takes this one.
    const std::string mean = near.empty() ? "" : "did you mean '" + near + "'? ";
    return name + ": not an option of " + where + " (" + mean + listed(takers, "and") +
           (takers.size() > 1 ? " take" : " takes") + " it; " + see_help(root) + ")";
  }
  if (!near.empty()) return name + ": unknown option (did you mean '" + near + "'?)";
  // A file whose name starts with '-' (validate -draft.yaml): say how to name it.
  std::error_code ec;
  if (arg.size() > 2 && std::filesystem::exists(arg, ec))
    return name + ": unknown option (" + arg + " is a file: name it after '--', as " + invocation(root) + " -- " + arg +
           ")";
  return name + ": unknown option (expected one of those '" + help_of(root) + "' lists)";
}

/// Gives `arg`, written after '--', to the command's scenario file (or validate's files) when there is room for
/// it, and says whether it did. CLI11 honours '--' only while the command still lacks its positional: written
/// after the file (`validate a.yaml -- -b.yaml`) it hands the rest to the root, which takes them for options.
bool take_as_file(CLI::App& root, const std::string& arg) {
  const std::vector<CLI::App*> parsed = root.get_subcommands();
  if (parsed.empty()) return false;
  for (CLI::Option* opt : parsed.front()->get_options())
    if (opt->get_positional() && (opt->get_items_expected_max() > 1 || opt->count() == 0)) {
      opt->add_result(arg);
      opt->run_callback();
      return true;
    }
  return false;
}

std::string unexpected_argument(const CLI::App& root, const std::string& arg) {
  const CLI::App* command = command_of(root);
  std::vector<const CLI::Option*> positionals;
  if (command) positionals = command->get_options([](const CLI::Option* o) { return o->get_positional(); });
  if (positionals.empty() || positionals.front()->results().empty())
    return arg + ": unexpected argument (expected no arguments; " + see_help(root) + ")";
  // Every command's one positional is its scenario file (validate's take any number, and leave none over).
  return arg + ": unexpected argument (expected one scenario file, given already: " +
         positionals.front()->results().front() + "; " + see_help(root) + ")";
}

}  // namespace

void check_option_values(CLI::App& root) {
  check_options_of(root, root);
  for (CLI::App* command : root.get_subcommands([](CLI::App*) { return true; })) check_options_of(root, *command);
}

std::string parse_error_message(const CLI::App& root, const CLI::ParseError& e) {
  const std::string text = e.what();
  // Only our own checks (check_option_values) throw it, already as "FLAG: what is wrong (what was expected)".
  if (dynamic_cast<const CLI::ValidationError*>(&e)) return text;
  if (dynamic_cast<const CLI::RequiredError*>(&e))
    if (const CLI::Option* opt = missing_required(root))
      return opt->get_name() + ": missing (expected " + expected_value(*opt) + "; " + see_help(root) + ")";
  // "--out: 1 required TEXT missing": the option was the last argument.
  const std::string missing = " missing";
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && text.size() > missing.size() &&
      text.compare(text.size() - missing.size(), missing.size(), missing) == 0)
    if (const CLI::Option* opt = known_option(root, text.substr(0, text.find(':'))))
      return opt->get_name() + ": needs a value (expected " + expected_value(*opt) + "; got nothing after it)";
  return text + " (" + see_help(root) + ")";
}

std::vector<std::string> split_empty_values(const CLI::App& root, const std::vector<std::string>& args,
                                            std::vector<std::string>& messages) {
  // The command is not parsed yet: it is the first argument that names one.
  const CLI::App* command = nullptr;
  for (const std::string& arg : args)
    for (const CLI::App* c : all_commands(root))
      if (!command && c->get_name() == arg) command = c;
  std::vector<std::string> split;
  bool after_separator = false;
  // A comma list with an empty name in it (--variants a,,b; --metric ,): CLI11 drops the empty names, and a list
  // of nothing but commas then takes the next argument as its value.
  const auto option_named = [&](const std::string& name) {
    const CLI::Option* opt = command ? command->get_option_no_throw(name) : nullptr;
    return opt ? opt : root.get_option_no_throw(name);
  };
  const auto check_list = [&](const CLI::Option* opt, const std::string& value) {
    if (!opt || opt->get_delimiter() != ',' || value.empty()) return;
    if (value.front() == ',' || value.back() == ',' || value.find(",,") != std::string::npos)
      messages.push_back(opt->get_name() + ": '" + value + "' has an empty name in it (expected names separated by "
                         "single commas, e.g. " + opt->get_name() + " a,b)");
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    after_separator = after_separator || arg == "--";
    if (!after_separator && arg.rfind("--", 0) == 0 && arg.size() > 2) {
      const std::size_t eq = arg.find('=');
      if (eq == std::string::npos && i + 1 < args.size()) check_list(option_named(arg), args[i + 1]);
      else if (eq != std::string::npos) check_list(option_named(arg.substr(0, eq)), arg.substr(eq + 1));
    }
    const CLI::Option* opt = nullptr;
    if (!after_separator && arg.size() > 3 && arg.rfind("--", 0) == 0 && arg.back() == '=') {
      opt = option_named(arg.substr(0, arg.size() - 1));
    }
    if (!opt) {
      split.push_back(arg);
    } else if (opt->get_items_expected_max() == 0) {
      messages.push_back(opt->get_name() + ": takes no value (expected " + opt->get_name() + " alone; got " + arg + ")");
      split.push_back(arg);
    } else {
      split.push_back(opt->get_name());
      split.emplace_back();
    }
  }
  return split;
}

std::vector<std::string> leftover_messages(CLI::App& root, const std::vector<std::string>& args) {
  std::vector<std::string> left = root.remaining(true);
  std::vector<std::string> messages;
  bool after_separator = false;  // '--' ends the options: what follows is a file, whatever it looks like
  auto report = [&](const std::string& arg, bool after_unknown) {
    if (after_separator && looks_like_option(arg) && known_option(root, option_name(arg)))
      messages.push_back(option_name(arg) + ": comes after '--', which ends the options (expected it before '--')");
    else if (after_separator) {
      if (!after_unknown && !take_as_file(root, arg)) messages.push_back(unexpected_argument(root, arg));
    } else if (looks_like_option(arg)) messages.push_back(unknown_option(root, arg));
    else if (!after_unknown) messages.push_back(unexpected_argument(root, arg));  // else the unknown option's value
  };
  // In the order given. An argument right after an unknown option written without '=' is meant as its value:
  // `describe S --runs 3` is one mistake, not two.
  bool after_unknown = false;
  // A '--' after the separator is a file's name. CLI11 takes it as one while the command has room, and otherwise
  // drops it, keeping no '--' among the extras: those it took are counted off, the others are left over.
  std::size_t dashes_taken = 0;
  for (const CLI::App* command : root.get_subcommands())
    for (const CLI::Option* opt : command->get_options([](const CLI::Option* o) { return o->get_positional(); }))
      dashes_taken += static_cast<std::size_t>(std::count(opt->results().begin(), opt->results().end(), "--"));
  for (const std::string& arg : args) {
    const auto it = std::find(left.begin(), left.end(), arg);
    bool dropped_dash = false;
    if (after_separator && arg == "--" && it == left.end()) {
      if (dashes_taken > 0) --dashes_taken;
      else dropped_dash = true;
    }
    const bool leftover = it != left.end() || dropped_dash;
    // The first '--' is the separator: no mistake, needed or not (`validate -- -file.yaml` needs it; a '--'
    // before arguments that do not look like options is harmless).
    const bool separator = arg == "--" && !after_separator;
    if (leftover) {
      if (it != left.end()) left.erase(it);
      if (!separator) report(arg, after_unknown);
    }
    // After the separator only a misplaced option of the command takes a value; anything else there is a file.
    const bool misplaced = !after_separator || known_option(root, option_name(arg));
    after_separator = after_separator || separator;
    after_unknown = leftover && looks_like_option(arg) && arg.find('=') == std::string::npos && misplaced;
  }
  for (const std::string& arg : left) report(arg, false);  // not as given (a short option CLI11 split), if any
  return messages;
}

}  // namespace statecraft::cli
