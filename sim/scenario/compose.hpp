#pragma once
// Composing the document a scenario is decoded from: a file and its `extends` chain, the variants split off
// and overlaid, and values set from the command line (overrides). Decoding is decoder.hpp's.
#include <string>
#include <utility>
#include <vector>

#include "decoder.hpp"
#include "statecraft/scenario/load.hpp"
#include "tree.hpp"

namespace statecraft::detail {

/// Loads one file's tree with its `extends` chain merged in (variants stay as written). Sets `failed` when
/// the chain cannot be followed: then the tree is incomplete and decoding it would only report noise.
NodePtr load_tree(const std::string& text, const std::string& file, Diagnostics& diags,
                  std::vector<std::string>& chain, std::vector<SourceFile>& sources, bool& failed,
                  const Limits& limits);

/// Splits `variants` off the document; checks their shape. `where` is set to the `variants:` key.
std::vector<std::pair<VariantInfo, NodePtr>> take_variants(Node& root, Diagnostics& diags, Mark& where);

/// The base document with one variant's overlay applied.
NodePtr apply_variant(const Node& base, const std::string& name, const Node& overlay);

/// Throws every diagnostic collected, in file order (the file asked for, then those it extends, each by
/// position), at most Diagnostics::kMaxReported of them and a count of the rest.
void throw_in_file_order(const Diagnostics& diags, const std::vector<SourceFile>& sources);

/// Writes each override's value into `doc` where a file gives it, so that the decoder checks it and derives
/// defaults from it exactly as from the file's own values. Paths are parsed against the document's ids; their
/// problems go to `diags` at marks[i] (where override i was given: --set, points.csv:LINE:COL), else at --param.
/// Returns the overrides of preset policies' coefficients, which no file can
/// write, for the decoder (Decoder::set_preset_overrides).
std::vector<PresetOverride> apply_overrides(Node& doc, const std::vector<std::pair<std::string, double>>& overrides,
                                            const std::vector<Mark>& marks, Diagnostics& diags);

/// The indices of the overrides whose paths name something `doc` has: the others name what only a variant
/// has (its own institution, say), which the document without that variant cannot take.
std::vector<std::size_t> overrides_found_in(const Node& doc,
                                            const std::vector<std::pair<std::string, double>>& overrides);

/// The pairs variant `name` targets (its `targets: [A-B, ...]`, kept out of the overlay), checked against the
/// scenario's actors; problems go to `diags`.
std::vector<std::pair<int, int>> variant_targets(const Scenario& sc, const std::string& name, const Node& overlay,
                                                 Diagnostics& diags);

}  // namespace statecraft::detail
