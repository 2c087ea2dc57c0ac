// Loading a scenario: the document composed (compose.hpp), then the base and every variant decoded
// (decoder.hpp), every problem collected before one ScenarioError is thrown.
#include "statecraft/scenario/load.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "compose.hpp"
#include "decoder.hpp"
#include "statecraft/util/file.hpp"

namespace statecraft {
namespace {

using detail::apply_overrides;
using detail::apply_variant;
using detail::Decoder;
using detail::join;
using detail::load_tree;
using detail::NodePtr;
using detail::take_variants;
using detail::throw_in_file_order;

Scenario load_impl(const std::string& text, const std::string& file, const LoadOptions& opts) {
  Diagnostics diags;
  std::vector<std::string> chain;
  {
    std::error_code ec;
    auto c = std::filesystem::weakly_canonical(file, ec);
    chain.push_back(ec ? file : c.string());
  }
  std::vector<SourceFile> sources;
  bool extends_failed = false;
  NodePtr root = load_tree(text, file, diags, chain, sources, extends_failed, opts.limits);
  if (!root && diags.empty()) diags.add(Mark{file, 1, 1}, "", "cannot be read (expected a scenario file)");
  if (!root || extends_failed) throw_in_file_order(diags, sources);
  if (root->is_null()) {
    diags.add(Mark{file, 1, 1}, "", "the file is empty (expected a mapping with scenario and actors)");
    throw_in_file_order(diags, sources);
  }
  Mark variants_mark{file, 1, 1};
  auto variants = root->is_map() ? take_variants(*root, diags, variants_mark)
                                 : std::vector<std::pair<VariantInfo, NodePtr>>{};
  // Overrides set values of the scenario being loaded: the base, or the variant asked for. The others are
  // checked as the file has them.
  Decoder base_dec(diags, opts);
  NodePtr base_doc = root;
  if (opts.variant.empty() && !opts.overrides.empty()) {
    base_doc = detail::clone(*root);
    base_dec.set_preset_overrides(apply_overrides(*base_doc, opts.overrides, diags));
  }
  Scenario sc = base_dec.decode(*base_doc);
  for (const auto& [info, ov] : variants) sc.variants.push_back(info);
  sc.sources = sources;
  if (!sc.baseline.empty() &&
      std::none_of(sc.variants.begin(), sc.variants.end(), [&](const VariantInfo& v) { return v.name == sc.baseline; })) {
    std::vector<std::string> names;
    for (const auto& v : sc.variants) names.push_back(v.name);
    std::string near = closest_match(sc.baseline, names);
    diags.add(base_dec.baseline_mark_, "outcomes.baseline",
              "unknown variant '" + sc.baseline + "'" +
                  (near.empty() ? (names.empty() ? std::string(" (the file defines no variants)")
                                                 : " (expected one of: " + join(names) + ")")
                                : " (did you mean '" + near + "'?)"));
  }

  // Every variant is decoded, so that `validate` checks them all and a run of one reports the others'
  // problems too. Problems of the base come back from each variant: they are reported once.
  std::set<std::string> seen;
  for (const auto& d : diags.items()) seen.insert(d.str());
  Scenario chosen;
  bool found = opts.variant.empty();
  for (const auto& [info, ov] : variants) {
    if (!opts.check_all_variants && info.name != opts.variant) continue;
    Diagnostics vd;
    NodePtr doc = apply_variant(*root, info.name, *ov);
    Decoder vdec(vd, opts);
    if (info.name == opts.variant && !opts.overrides.empty())
      vdec.set_preset_overrides(apply_overrides(*doc, opts.overrides, vd));
    Scenario vs = vdec.decode(*doc);
    for (const auto& d : vd.items()) {
      if (!seen.insert(d.str()).second) continue;
      // A problem at a node of the base that only this variant brings about: say which variant. A problem with
      // an override is the command line's, in the variant it asked for.
      const bool as_written = d.path.rfind("variants.", 0) == 0 || d.mark.file == "--param";
      diags.add(d.mark, d.path, as_written ? d.message : "with variant '" + info.name + "': " + d.message);
    }
    if (info.name == opts.variant) {
      chosen = std::move(vs);
      found = true;
    }
  }
  if (!found) {
    std::vector<std::string> names;
    for (const auto& v : sc.variants) names.push_back(v.name);
    std::string near = closest_match(opts.variant, names);
    diags.add(variants_mark, "variants",
              "unknown variant '" + opts.variant + "'" +
                  (near.empty() ? (names.empty() ? std::string(" (the file defines no variants)")
                                                 : " (expected one of: " + join(names) + ")")
                                : " (did you mean '" + near + "'?)"));
  }
  throw_in_file_order(diags, sources);
  if (!opts.variant.empty()) {
    chosen.variants = sc.variants;
    chosen.sources = sc.sources;
    chosen.variant = opts.variant;
    return chosen;
  }
  return sc;
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& display_path,
                            const LoadOptions& opts) {
  return load_impl(text, display_path, opts);
}

Scenario load_scenario(const std::string& path, const LoadOptions& opts) {
  // Past the limit the text is cut one byte over it, and the parser reports the file as too large.
  const FileText file = read_regular_file(path, opts.limits.file_bytes);
  if (file.status != FileStatus::Ok && file.status != FileStatus::TooLarge) {
    throw ScenarioError({Diagnostic{Mark{path, 0, 0}, "",
                                    file.status == FileStatus::NotRegular
                                        ? not_regular_message(file.kind, "a scenario file")
                                    : file.status == FileStatus::Unreadable
                                        ? "cannot read the file (expected a readable scenario file)"
                                        : "no such file (expected the path of a scenario file)"}});
  }
  return load_impl(file.text, path, opts);
}

std::vector<VariantInfo> list_variants(const std::string& path) { return load_scenario(path).variants; }

}  // namespace statecraft
