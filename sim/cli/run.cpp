#include <iostream>
#include <optional>

#include "commands.hpp"
#include "statecraft/engine/engine.hpp"
#include "statecraft/output/output_dir.hpp"
#include "statecraft/output/recorder.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/scenario/load.hpp"

namespace statecraft::cli {

Action add_run(CLI::App& app) {
  struct Opts {
    std::string file, variant, out, format = "tidy";
    std::optional<int> steps;
    std::optional<std::uint64_t> seed;
    bool force = false;
  };
  auto o = std::make_shared<Opts>();
  app.add_option("file", o->file, "Scenario file (default: the bundled scenarios/asia_pacific_2012.yaml)");
  app.add_option("--variant", o->variant, "Apply this variant of the scenario");
  app.add_option("--steps", o->steps, "Override the number of steps")->check(CLI::Range(1, 100000));
  app.add_option("--seed", o->seed, "Override the scenario's seed");
  app.add_option("--out", o->out, "Output directory (default: the scenario's name)");
  app.add_option("--format", o->format, "tidy (one row per step and entity) or wide (one row per step)")
      ->check(CLI::IsMember({"tidy", "wide"}));
  app.add_flag("--force", o->force, "Replace an output directory that already holds files");
  app.footer("Example: statecraft run scenarios/security_dilemma.yaml --variant both_bop --out out/bop");
  return [o]() {
    const std::string file = o->file.empty() ? default_scenario() : o->file;
    LoadOptions lo;
    lo.variant = o->variant;
    lo.steps = o->steps;
    lo.seed = o->seed;
    Scenario sc = load_scenario(file, lo);
    const std::string out = o->out.empty() ? sc.name : o->out;
    if (!o->force && OutputDir::occupied(out)) {
      std::cerr << "statecraft: " << out
                << ": already holds files (pass --force to replace them, or choose another --out)\n";
      return static_cast<int>(kBadInput);
    }
    const Format fmt_kind = o->format == "wide" ? Format::Wide : Format::Tidy;
    OutputDir dir(out, o->force);
    const std::vector<std::string> files = {"actors.csv", "pairs.csv", "region.csv", "events.csv",
                                            "drivers.csv", "manifest.json"};
    TrendStreams streams{&dir.file("actors.csv"), &dir.file("pairs.csv"), &dir.file("region.csv"),
                         &dir.file("events.csv"), &dir.file("drivers.csv")};
    TrendRecorder rec(sc, streams, fmt_kind);
    Engine engine(sc, 0);
    engine.run(&rec);
    write_manifest(dir.file("manifest.json"), sc, file, fmt_kind, files);
    dir.commit();
    RegionStats r = region_stats(engine.world());
    std::cout << "statecraft: " << sc.name << (sc.variant.empty() ? "" : " [" + sc.variant + "]") << ", "
              << sc.steps << " steps to " << fmt(sc.year_of(sc.steps)) << ": mean tension "
              << fmt(r.mean_tension) << ", total military spending " << fmt(r.total_milex)
              << " bn; wrote " << out << "/\n";
    return static_cast<int>(kOk);
  };
}

}  // namespace statecraft::cli
