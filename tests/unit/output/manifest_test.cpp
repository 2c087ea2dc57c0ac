// manifest.json: the layout and number format of the one writer, the run manifest's contents, and that every
// command's manifest lists exactly the files it wrote (an output directory is recognised by that list).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

#include "../test_util.hpp"
#include "statecraft/engine/start.hpp"
#include "statecraft/output/csv.hpp"
#include "statecraft/output/manifest.hpp"
#include "statecraft/util/sha256.hpp"

namespace statecraft {
namespace {

namespace fs = std::filesystem;

TEST(Manifest, OneMemberALineTablesOneEntryALineAndNumbersAsInTheCsvs) {
  Manifest m = manifest_head("demo");
  m["count"] = std::uint64_t{18446744073709551615u};
  m["steps"] = -3;
  m["reals"] = {0.1, 1000.0, 1e-5, 123456789012.0, -0.0, 2.0 / 3.0};
  m["flags"] = {{"on", true}, {"none", nullptr}};
  m["table"] = {{"a", {{"x", 1.5}, {"y", {{"deep", "z"}}}}}, {"b", Manifest::object()}};
  m["text"] = "quote \" backslash \\ tab \t newline \n bell \x07";
  m["bytes"] = std::string("r\xff" "ce");
  m["empty"] = Manifest::array();
  std::ostringstream os;
  write_manifest(os, m);
  EXPECT_EQ(os.str(),
            "{\n"
            "  \"program\": \"statecraft\",\n"
            "  \"version\": \"" STATECRAFT_VERSION "\",\n"
            "  \"model\": 3,\n"
            "  \"format_version\": 2,\n"
            "  \"command\": \"demo\",\n"
            "  \"count\": 18446744073709551615,\n"
            "  \"steps\": -3,\n"
            "  \"reals\": [0.1, 1000, 1e-05, 1.23456789e+11, 0, 0.6666666667],\n"
            "  \"flags\": {\"on\": true, \"none\": null},\n"
            "  \"table\": {\n"
            "    \"a\": {\"x\": 1.5, \"y\": {\"deep\": \"z\"}},\n"
            "    \"b\": {}\n"
            "  },\n"
            "  \"text\": \"quote \\\" backslash \\\\ tab \\t newline \\n bell \\u0007\",\n"
            "  \"bytes\": \"r\xEF\xBF\xBD" "ce\",\n"
            "  \"empty\": []\n"
            "}\n");
  // Whatever it holds, the text parses back (a path that is not UTF-8 included).
  EXPECT_FALSE(Manifest::parse(os.str(), nullptr, false).is_discarded());
}

TEST(Manifest, TheRunManifestHoldsProvenanceAndEveryEffectiveValue) {
  LoadOptions lo;
  lo.variant = "mixed";
  const Scenario sc = load_scenario(test::root() + "/scenarios/security_dilemma.yaml", lo);
  const std::vector<std::string> files = {"actors.csv", "manifest.json"};
  std::ostringstream os;
  write_manifest(os, run_manifest(sc, "scenarios/security_dilemma.yaml", Format::Wide, files));
  const std::string sha = sha256_hex(test::read(test::root() + "/scenarios/security_dilemma.yaml"));
  const std::string text = os.str();
  EXPECT_EQ(text.substr(0, text.find("  \"parameters\"")),
            "{\n"
            "  \"program\": \"statecraft\",\n"
            "  \"version\": \"" STATECRAFT_VERSION "\",\n"
            "  \"model\": 3,\n"
            "  \"format_version\": 2,\n"
            "  \"scenario\": {\"path\": \"scenarios/security_dilemma.yaml\", \"name\": \"security_dilemma\", "
            "\"sha256\": \"" + sha + "\"},\n"
            "  \"sources\": [{\"path\": \"" + sc.sources.front().path + "\", \"sha256\": \"" + sha + "\"}],\n"
            "  \"variant\": \"mixed\",\n"
            "  \"seed\": 1,\n"
            "  \"start_year\": 2000,\n"
            "  \"steps\": 40,\n"
            "  \"dt\": 1,\n"
            "  \"format\": \"wide\",\n"
            "  \"files\": [\"actors.csv\", \"manifest.json\"],\n");
  const Manifest back = Manifest::parse(text);
  Parameters p = sc.params;
  for (const auto& d : parameter_table()) {
    const Manifest& v = back["parameters"][std::string(d.group)][std::string(d.key)];
    if (d.kind == ParamKind::Bool)
      EXPECT_EQ(v.get<bool>(), d.ref(p) > 0) << d.group << "." << d.key;
    else
      EXPECT_EQ(fmt(v.get<double>()), fmt(d.ref(p))) << d.group << "." << d.key;
  }
  EXPECT_EQ(back["policies"].size(), sc.policies.size());
  for (const auto& a : sc.actors) {
    EXPECT_EQ(back["actors"][a.id]["policy"], sc.policies[static_cast<std::size_t>(a.policy)].name);
    EXPECT_EQ(fmt(back["actors"][a.id]["gdp"].get<double>()), fmt(a.gdp));
  }
}

// A consistent start's derived values are in the manifest, as the engine derives them (from the scenario
// without its variant); a scenario that does not ask for one has none.
TEST(Manifest, AConsistentStartRecordsWhatItDerived) {
  LoadOptions lo;
  lo.variant = "us_china_dialogue";
  const Scenario sc = load_scenario(test::root() + "/scenarios/asia_pacific_2012.yaml", lo);
  ASSERT_TRUE(sc.params.start.consistent > 0);
  const Manifest m = Manifest::parse([&] {
    std::ostringstream os;
    write_manifest(os, run_manifest(sc, "scenarios/asia_pacific_2012.yaml", Format::Tidy, {}));
    return os.str();
  }());
  const StartValues v = derive_start(*sc.base);
  ASSERT_EQ(m["start_actors"].size(), sc.actors.size());
  for (int i = 0; i < sc.n(); ++i) {
    const Manifest& a = m["start_actors"][sc.actors[static_cast<std::size_t>(i)].id];
    EXPECT_EQ(fmt(a["baseline_share"].get<double>()), fmt(v.baseline_share(i)));
    EXPECT_EQ(fmt(a["reaction_scale"].get<double>()), fmt(v.reaction_scale(i)));
  }
  EXPECT_EQ(m["start_pairs"].size(), sc.actors.size() * (sc.actors.size() - 1) / 2);
  EXPECT_EQ(fmt(m["start_pairs"]["USA-CHN"]["friction_scale"].get<double>()), fmt(v.friction_scale(0, 1)));
  EXPECT_EQ(fmt(m["start_pairs"]["USA-CHN"]["trust_prior_ab"].get<double>()),
            fmt(1 / (1 + std::exp(-v.base_prior(0, 1)))));

  const Scenario plain = load_scenario(test::root() + "/scenarios/security_dilemma.yaml");
  std::ostringstream os;
  write_manifest(os, run_manifest(plain, "scenarios/security_dilemma.yaml", Format::Tidy, {}));
  EXPECT_EQ(os.str().find("start_actors"), std::string::npos);
}

/// Every file under `dir`, relative to it.
std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.insert(e.path().lexically_relative(dir).generic_string());
  return out;
}

TEST(Manifest, EveryCommandListsExactlyTheFilesItWrote) {
  const std::string base = test::scratch_path("manifest_files");
  const std::vector<std::pair<std::string, std::string>> commands = {
      {"run", "run scenarios/security_dilemma.yaml --steps 3"},
      {"wide", "run scenarios/security_dilemma.yaml --steps 3 --format wide"},
      {"ensemble", "run scenarios/security_dilemma.yaml --steps 3 --runs 3 --keep-runs --jobs 1"},
      {"compare", "compare scenarios/security_dilemma.yaml --steps 3 --runs 2 --keep-runs --jobs 1"},
      {"grid", "sweep scenarios/security_dilemma.yaml --steps 3 --param actors.A.growth=0:0.04:2 --runs 1 --jobs 1"},
      {"sobol", "sweep scenarios/security_dilemma.yaml --steps 3 --param actors.A.growth=0:0.04 "
                "--param actors.B.growth=0:0.04 --design sobol --samples 4 --bootstrap 10 --runs 1 --jobs 1"},
      {"calibrate", "calibrate scenarios/richardson_1909.yaml --observed data/richardson_1909_1913.csv "
                    "--fit actors.FRA.fatigue --to 1911"},
      {"midyear", "calibrate scenarios/richardson_1909.yaml --observed data/richardson_1909_1913.csv --midyear"},
  };
  for (const auto& [name, args] : commands) {
    SCOPED_TRACE(name);
    const std::string out = base + "/" + name;
    const auto r = test::statecraft(args + " --out " + out);
    ASSERT_EQ(r.code, 0) << r.err;
    const Manifest m = Manifest::parse(test::read(out + "/manifest.json"));
    const auto listed = m["files"].get<std::vector<std::string>>();
    EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()).size(), listed.size()) << "listed twice";
    EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), files_in(out));
  }
  fs::remove_all(base);
}

}  // namespace
}  // namespace statecraft
