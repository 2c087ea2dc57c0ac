#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "statecraft/scenario/load.hpp"
#include "statecraft/util/printable.hpp"
#include "statecraft/util/counted.hpp"

namespace statecraft::cli {
namespace {

/// One diagnostic as an object: where, the key path, the message and, where the message says them, what was
/// expected and the did-you-mean suggestion. Unknown parts (a line in a file that cannot be read) are null.
nlohmann::ordered_json diagnostic_json(const Diagnostic& d) {
  using json = nlohmann::ordered_json;
  const Diagnostic::Parts parts = d.parts();
  auto or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  return {{"file", or_null(d.mark.file)},
          {"line", d.mark.line > 0 ? json(d.mark.line) : json(nullptr)},
          {"column", d.mark.line > 0 ? json(d.mark.col) : json(nullptr)},
          {"path", or_null(d.path)},
          {"message", d.message},
          {"what", parts.what},
          {"expected", or_null(parts.expected)},
          {"suggestion", or_null(parts.suggestion)},
          {"text", d.str()}};
}

}  // namespace

Action add_validate(CLI::App& app) {
  struct Opts {
    std::vector<std::string> files;
    bool json = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("files", o->files, "Scenario files to check")->required();
  app.add_flag("--json", o->json, "Print one JSON document on stdout: each file with its problems as objects");
  app.footer("Example: statecraft validate scenarios/*.yaml\nExample: statecraft validate --json broken.yaml");
  return [o]() {
    int rc = kOk;
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& f : o->files) {
      nlohmann::ordered_json entry = {{"file", f}};
      try {
        LoadOptions lo;
        lo.limits = cli_limits().load;
        Scenario sc = load_scenario(f, lo);
        for (const auto& w : sc.warnings) std::cerr << printable(w) << "\n";
        if (o->json) {
          entry["ok"] = true;
          entry["actors"] = sc.n();
          entry["disputes"] = sc.disputes.size();
          entry["events"] = sc.events.size();
          entry["variants"] = sc.variants.size();
          entry["diagnostics"] = nlohmann::ordered_json::array();
          entry["more"] = 0;
        } else {
          std::cout << printable(f) << ": ok (" << counted(static_cast<std::size_t>(sc.n()), "actor") << ", "
                    << counted(sc.disputes.size(), "dispute") << ", " << counted(sc.events.size(), "event") << ", "
                    << counted(sc.variants.size(), "variant") << ")\n";
        }
      } catch (const ScenarioError& e) {
        rc = kBadInput;
        if (o->json) {
          entry["ok"] = false;
          entry["diagnostics"] = nlohmann::ordered_json::array();
          for (const Diagnostic& d : e.diagnostics()) entry["diagnostics"].push_back(diagnostic_json(d));
          entry["more"] = e.dropped();
        } else {
          print_errors(e);
        }
      }
      files.push_back(entry);
    }
    if (o->json) std::cout << nlohmann::ordered_json{{"ok", rc == kOk}, {"files", files}}.dump(2) << "\n";
    return rc;
  };
}

}  // namespace statecraft::cli
