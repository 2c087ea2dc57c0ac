// Loading a scenario: the document composed (compose.hpp), then the base and every variant decoded
// (decoder.hpp), every problem collected before one ScenarioError is thrown.
#include "statecraft/scenario/load.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

#include "compose.hpp"
#include "decoder.hpp"
#include "statecraft/scenario/paths.hpp"
#include "statecraft/util/file.hpp"

namespace statecraft {

std::string Limits::how_to_raise(const std::string& name) const {
  if (raised_by == LimitsRaisedBy::CommandLine) return "--max-" + name;
  std::string key = name;
  std::replace(key.begin(), key.end(), '-', '_');
  return "statecraft.limits['" + key + "']";
}
namespace {

using detail::apply_overrides;
using detail::apply_variant;
using detail::Decoder;
using detail::join;
using detail::load_tree;
using detail::Node;
using detail::NodePtr;
using detail::take_variants;
using detail::throw_in_file_order;

using Variants = std::vector<std::pair<VariantInfo, NodePtr>>;

/// The file's document with its `extends` chain merged in; throws what was found when there is none to decode.
NodePtr read_document(const std::string& text, const std::string& file, const LoadOptions& opts, Diagnostics& diags,
                      std::vector<SourceFile>& sources) {
  std::vector<std::string> chain;
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(file, ec);
  chain.push_back(ec ? file : canonical.string());
  bool extends_failed = false;
  NodePtr root = load_tree(text, file, diags, chain, sources, extends_failed, opts.limits);
  if (!root && diags.empty()) diags.add(Mark{file, 1, 1}, "", "cannot be read (expected a scenario file)");
  if (!root || extends_failed) throw_in_file_order(diags, sources);
  if (root->is_null()) {
    diags.add(Mark{file, 1, 1}, "", "the file is empty (expected a mapping with scenario and actors)");
    throw_in_file_order(diags, sources);
  }
  return root;
}

/// "unknown variant 'NAME'" with the file's variants, or a suggestion.
std::string unknown_variant(const std::string& name, const std::vector<VariantInfo>& variants) {
  std::vector<std::string> names;
  for (const auto& v : variants) names.push_back(v.name);
  const std::string near = closest_match(name, names);
  return "unknown variant '" + name + "'" +
         (near.empty() ? (names.empty() ? std::string(" (the file defines no variants)")
                                        : " (expected one of: " + join(names) + ")")
                       : " (did you mean '" + near + "'?)");
}

/// The base scenario, with the overrides when no variant is asked for (they set values of the scenario being
/// loaded: the base, or the variant asked for; the others are checked as the file has them).
/// The observed world a variant's consistent start is derived from: the base with those overrides that name
/// something the base has (a sweep over a value of the world), without those that name what only the variant
/// has (its own institution's strength), which that world has no place for. Should the base refuse the
/// overrides it has (a value in range for the variant only), the base as the file gives it.
Scenario observed_world(const Node& root, const Scenario& base, const LoadOptions& opts) {
  LoadOptions found = opts;
  found.overrides.clear();
  found.override_marks.clear();
  for (const std::size_t i : detail::overrides_found_in(root, opts.overrides)) {
    found.overrides.push_back(opts.overrides[i]);
    if (i < opts.override_marks.size()) found.override_marks.push_back(opts.override_marks[i]);
  }
  if (found.overrides.empty()) return base;
  Diagnostics quiet;
  NodePtr doc = detail::clone(root);
  Decoder dec(quiet, found);
  dec.set_preset_overrides(apply_overrides(*doc, found.overrides, found.override_marks, quiet));
  Scenario sc = dec.decode(*doc);
  return quiet.empty() ? sc : base;
}

/// `outcomes.rank_by: target_tension.V` needs a variant V that declares the pairs it targets.
void check_rank_by_target(const Scenario& sc, const Mark& mark, Diagnostics& diags) {
  const std::string prefix = "target_tension.";
  if (sc.rank_by.rfind(prefix, 0) != 0 || sc.actors.empty()) return;
  const std::string name = sc.rank_by.substr(prefix.size());
  std::vector<std::string> targeted;
  for (const auto& v : sc.variants)
    if (!v.targets.empty()) targeted.push_back(v.name);
  if (std::find(targeted.begin(), targeted.end(), name) != targeted.end()) return;
  const std::string near = closest_match(name, targeted);
  diags.add(mark, "outcomes.rank_by",
            "unknown outcome '" + sc.rank_by + "' (" +
                (!near.empty() ? "did you mean '" + prefix + near + "'?)"
                 : targeted.empty() ? std::string("no variant of the file declares targets:)")
                                    : "expected target_tension. and a variant that declares targets: " + join(targeted) + ")"));
}

/// The variants that have a value the base lacks (a proposal's own institution); empty if none.
std::vector<std::string> variants_with(const Node& root, const Variants& variants,
                                       const std::pair<std::string, double>& value) {
  std::vector<std::string> names;
  for (const auto& [info, overlay] : variants)
    if (!detail::overrides_found_in(*apply_variant(root, info.name, *overlay), {value}).empty())
      names.push_back(info.name);
  return names;
}

/// Reports each override the base lacks but some variants have, as set without the --variant that has it
/// ("unknown institution" alone would hide it), and removes it from `values` and `marks`. `variant_given_by`
/// names the flag to suggest: Python's `variant` argument, else the CLI's --variant.
void drop_variant_only(const Node& root, const Variants& variants, std::vector<std::pair<std::string, double>>& values,
                       std::vector<Mark>& marks, const std::string& variant_given_by, Diagnostics& diags) {
  marks.resize(values.size(), Mark{"--param", 0, 0});  // apply_overrides' mark for an override without one
  const std::vector<std::size_t> found = detail::overrides_found_in(root, values);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const bool in_base = std::find(found.begin(), found.end(), i) != found.end();
    const std::vector<std::string> owners = in_base ? std::vector<std::string>{} : variants_with(root, variants, values[i]);
    if (!owners.empty()) {
      const bool several = owners.size() > 1;
      diags.add(marks[i], values[i].first,
                std::string(several ? "only the variants " : "only the variant ") + join(owners) +
                    (several ? " have it" : " has it") + " (expected " +
                    (variant_given_by == "variant" ? "variant='" + owners.front() + "'" : "--variant " + owners.front()) +
                    (several ? ", or another of them," : "") + " to set it there)");
      continue;
    }
    values[kept] = values[i];
    marks[kept++] = marks[i];
  }
  values.resize(kept);
  marks.resize(kept);
}

Scenario decode_base(const Node& root, const Variants& variants, const LoadOptions& opts, Diagnostics& diags) {
  Decoder dec(diags, opts);
  NodePtr overridden;  // a copy of the document with the overrides written in, when there are any
  if (opts.variant.empty() && !opts.overrides.empty()) {
    overridden = detail::clone(root);
    auto values = opts.overrides;
    auto marks = opts.override_marks;
    drop_variant_only(root, variants, values, marks, opts.variant_given_by, diags);
    dec.set_preset_overrides(apply_overrides(*overridden, values, marks, diags));
  }
  Scenario sc = dec.decode(overridden ? *overridden : root);
  for (const auto& [info, overlay] : variants) {
    sc.variants.push_back(info);
    // Without actors (a file refused for its size, or none given) no pair can be checked: those errors are
    // reported already, and every target would be reported again as unknown.
    if (!sc.actors.empty()) sc.variants.back().targets = variant_targets(sc, info.name, *overlay, diags);
  }
  if (!sc.baseline.empty() && std::none_of(sc.variants.begin(), sc.variants.end(),
                                           [&](const VariantInfo& v) { return v.name == sc.baseline; }))
    diags.add(dec.baseline_mark_, "outcomes.baseline", unknown_variant(sc.baseline, sc.variants));
  check_rank_by_target(sc, dec.rank_by_mark_, diags);
  return sc;
}

/// Decodes every variant (or only the one asked for), so that `validate` checks them all and a run of one
/// reports the others' problems too; returns the one asked for, if the file has it. Problems of the base come
/// back from each variant: they are reported once.
std::optional<Scenario> decode_variants(const Node& root, const Variants& variants, const LoadOptions& opts,
                                        Diagnostics& diags) {
  std::set<std::string> seen;
  for (const auto& d : diags.items()) seen.insert(d.str());
  std::optional<Scenario> chosen;
  for (const auto& [info, overlay] : variants) {
    if (!opts.check_all_variants && info.name != opts.variant) continue;
    Diagnostics vd;
    NodePtr doc = apply_variant(root, info.name, *overlay);
    Decoder dec(vd, opts);
    if (info.name == opts.variant && !opts.overrides.empty())
      dec.set_preset_overrides(apply_overrides(*doc, opts.overrides, opts.override_marks, vd));
    Scenario vs = dec.decode(*doc);
    for (const auto& d : vd.items()) {
      if (!seen.insert(d.str()).second) continue;
      // A problem at a node of the base that only this variant brings about: say which variant. A problem with
      // an override is the command line's, in the variant it asked for.
      const bool as_written = d.path.rfind("variants.", 0) == 0 || d.mark.file == "--param";
      diags.add(d.mark, d.path, as_written ? d.message : "with variant '" + info.name + "': " + d.message);
    }
    if (info.name == opts.variant) chosen = std::move(vs);
  }
  return chosen;
}

/// A year set from outside (an institution's start or end) must be one the run steps on: between two steps it
/// acts as the next step's year, and a sweep's point would then be labelled with a year it did not run. (A file
/// may write any year; it is the analyst's own choice there.) Only the values an analyst wrote (--set, --param,
/// a design file's cell, Python's set=): a drawn uncertain value (after chosen_from) or a fit's trial (unmarked)
/// is a number the method chose.
void check_override_years(const Scenario& sc, const LoadOptions& opts, Diagnostics& diags) {
  if (sc.actors.empty() || sc.dt <= 0) return;
  const PathNames names = path_names(sc);
  const std::size_t written = std::min({opts.overrides.size(), opts.override_marks.size(), opts.chosen_from});
  for (std::size_t i = 0; i < written; ++i) {
    const auto& [text, value] = opts.overrides[i];
    std::vector<std::string> unused;
    const auto path = parse_value_path(text, names, PathUse::Override, unused);
    if (!path || !is_calendar_year(*path) || !between_run_years(sc, value)) continue;
    diags.add(opts.override_marks[i], text,
              format_number(value) + " falls between the years the run steps on (expected one of them: " +
                  run_years_text(sc) + ")");
  }
}

Scenario load_impl(const std::string& text, const std::string& file, const LoadOptions& opts);

/// Problems at the file's own places that only the --set values bring about (a gdp set below what the file's
/// milex needs: `base.yaml:21:12: actors.A.milex: 20 is 0.2 of gdp 100, above max_share 0.1`) read as the
/// file's fault. When the file loads without the --set values, a closing problem at --set says they are the cause.
void blame_set_values(const std::string& text, const std::string& file, const LoadOptions& opts,
                      Diagnostics& diags) {
  if (std::none_of(opts.override_marks.begin(), opts.override_marks.end(), is_set_mark) ||
      std::none_of(diags.items().begin(), diags.items().end(), [](const Diagnostic& d) { return d.mark.line > 0; }))
    return;
  LoadOptions without = opts;  // the other overrides (a sweep's point, a draw) kept, with their marks
  without.overrides.clear();
  without.override_marks.clear();
  without.chosen_from = static_cast<std::size_t>(-1);
  for (std::size_t k = 0; k < opts.overrides.size(); ++k) {
    const Mark mark = k < opts.override_marks.size() ? opts.override_marks[k] : Mark{"--param", 0, 0};
    if (is_set_mark(mark)) continue;
    if (k == opts.chosen_from) without.chosen_from = without.overrides.size();
    without.overrides.push_back(opts.overrides[k]);
    without.override_marks.push_back(mark);
  }
  try {
    load_impl(text, file, without);
  } catch (const ScenarioError&) {
    return;  // the file has problems of its own
  }
  diags.add(kSetMark, "",
            "the values set make the scenario invalid, as above (expected values that pass the file's checks)");
}

/// A relation's value given outside the file (--set or --param relations.USA-CHN.dialogue) is written where the file
/// gives it (relations.pairs.USA-CHN.dialogue, or CHN-USA): its problems are said at the path as it was given.
void name_overrides_as_given(const LoadOptions& opts, Diagnostics& diags) {
  const std::string written = "relations.pairs.";
  diags.edit_each([&](Diagnostic& d) {
    if (d.path.rfind(written, 0) != 0) return;
    const std::string as_path = canonical_value_path("relations." + d.path.substr(written.size()));
    for (std::size_t k = 0; k < opts.overrides.size(); ++k) {
      const Mark m = k < opts.override_marks.size() ? opts.override_marks[k] : Mark{"--param", 0, 0};
      if (m.file == d.mark.file && m.line == d.mark.line && m.col == d.mark.col &&
          canonical_value_path(opts.overrides[k].first) == as_path) {
        d.path = opts.overrides[k].first;
        return;
      }
    }
  });
}

Scenario load_impl(const std::string& text, const std::string& file, const LoadOptions& opts) {
  Diagnostics diags;
  std::vector<SourceFile> sources;
  NodePtr root = read_document(text, file, opts, diags, sources);
  Mark variants_mark{file, 1, 1};
  const Variants variants = root->is_map() ? take_variants(*root, diags, variants_mark) : Variants{};
  Scenario sc = decode_base(*root, variants, opts, diags);
  sc.sources = sources;
  std::optional<Scenario> chosen = decode_variants(*root, variants, opts, diags);
  if (!opts.variant.empty() && !chosen) {
    if (opts.variant_given_by.empty()) diags.add(variants_mark, "variants", unknown_variant(opts.variant, sc.variants));
    else diags.add(Mark{opts.variant_given_by, 0, 0}, "", unknown_variant(opts.variant, sc.variants));
  }
  if (diags.empty()) check_override_years(chosen ? *chosen : sc, opts, diags);
  name_overrides_as_given(opts, diags);
  if (!diags.empty()) blame_set_values(text, file, opts, diags);
  throw_in_file_order(diags, sources);
  if (opts.variant.empty()) return sc;
  chosen->variants = sc.variants;
  chosen->sources = sc.sources;
  chosen->variant = opts.variant;
  chosen->base = std::make_shared<const Scenario>(observed_world(*root, sc, opts));
  return std::move(*chosen);
}

}  // namespace

void add_drawn_values(LoadOptions& lo, const std::vector<std::pair<std::string, double>>& drawn) {
  lo.override_marks.resize(lo.overrides.size(), Mark{"--param", 0, 0});
  lo.chosen_from = lo.overrides.size();
  lo.override_marks.resize(lo.overrides.size() + drawn.size(), Mark{"--uncertain", 0, 0});
  lo.overrides.insert(lo.overrides.end(), drawn.begin(), drawn.end());
}

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
