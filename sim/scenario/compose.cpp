// Files and `extends` chains, and variants: the documents the decoder reads.
#include "compose.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <tuple>

#include "decoder.hpp"
#include "statecraft/scenario/sections.hpp"
#include "statecraft/util/file.hpp"
#include "statecraft/util/sha256.hpp"

namespace statecraft::detail {
namespace {

std::string display_join(const std::string& from_file, const std::string& rel) {
  namespace fs = std::filesystem;
  fs::path p(rel);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(from_file).parent_path() / p).lexically_normal().string();
}

/// What a node is, for messages: its text if it is a scalar, else its kind.
std::string describe(const Node& n) {
  // A short scalar is quoted; a long one (a text file, /etc/passwd) is not echoed into a one-line message.
  if (n.is_scalar() && n.scalar.size() > 40) return "a single text of " + std::to_string(n.scalar.size()) + " bytes";
  if (n.is_scalar()) return "'" + n.scalar + "'";
  return detail::kind_name(n);
}

detail::ParseLimits parse_limits(const Limits& l) {
  return detail::ParseLimits{l.file_bytes, l.nesting, l.nodes, l.how_to_raise("file-size"), l.how_to_raise("nesting"),
                             l.how_to_raise("nodes")};
}

/// Why the file `parent` cannot be extended from here (a cycle, a chain too long), or empty.
std::string chain_problem(const std::string& parent, const std::string& canonical, const std::vector<std::string>& chain,
                          const std::vector<SourceFile>& sources, const Limits& limits) {
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    std::string cycle;
    for (const auto& s : sources) cycle += s.path + " -> ";
    return "a cycle: " + cycle + parent + " (expected a chain of files that ends)";
  }
  if (static_cast<int>(chain.size()) >= limits.extends)
    return "a chain longer than " + std::to_string(limits.extends) +
           " files (expected at most that; raise it with " + limits.how_to_raise("extends") + ")";
  return {};
}

/// Why the extended file cannot be read, or empty.
std::string read_problem(const FileText& f, const std::string& parent) {
  // Past the limit the text is cut one byte over it, and the parser reports the file as too large.
  if (f.status == FileStatus::Ok || f.status == FileStatus::TooLarge) return {};
  if (f.status == FileStatus::NotRegular) return "'" + parent + "' " + not_regular_message(f.kind, "a scenario file");
  if (f.status == FileStatus::Unreadable) return "cannot read '" + parent + "' (expected a readable scenario file)";
  return "no such file '" + parent + "' (expected the path of a scenario file, relative to this one)";
}

/// An entry of `uncertain:` in `overlay` replaces the base's entry of the same path whole (its distribution,
/// not merged key by key with the base's): the base's is dropped before the merge.
void replace_uncertain_entries(Node& base, const Node& overlay) {
  const Node* over = overlay.get("uncertain");
  Entry* mine = nullptr;
  for (auto& e : base.map)
    if (e.key == "uncertain") mine = &e;
  if (!over || !over->is_map() || !mine || !mine->value->is_map()) return;
  auto copy = detail::clone(*mine->value);
  std::erase_if(copy->map, [&](const Entry& e) { return over->get(e.key) != nullptr; });
  mine->value = copy;
}

/// `outcomes.better` says which end of the `outcomes.rank_by` beside it is better: a file that names its own
/// rank_by without a better does not take the extended file's, which was said of another outcome (it would turn
/// the ranking of, say, tension_final upside down). A better alone in the child is of the inherited rank_by.
void drop_better_of_another_rank_by(Node& base, const Node& overlay) {
  const Node* over = overlay.get("outcomes");
  if (!over || !over->is_map() || !over->get("rank_by") || over->get("better")) return;
  for (auto& e : base.map)
    if (e.key == "outcomes" && e.value->is_map()) {
      auto copy = detail::clone(*e.value);
      std::erase_if(copy->map, [](const Entry& o) { return o.key == "better"; });
      e.value = copy;
    }
}

/// `child` merged onto `base`: the child's values win; `extends` itself is consumed.
NodePtr merge_onto(const Node& base, const Node& child_root) {
  auto without_extends = [](Node& n) {
    n.map.erase(std::remove_if(n.map.begin(), n.map.end(), [](const Entry& e) { return e.key == "extends"; }),
                n.map.end());
  };
  Node child = child_root;
  without_extends(child);
  NodePtr merged = detail::clone(base);
  without_extends(*merged);
  replace_uncertain_entries(*merged, child);
  drop_better_of_another_rank_by(*merged, child);
  detail::merge_into(*merged, child, {"events"});
  merged->mark = child_root.mark;
  return merged;
}

}  // namespace

NodePtr load_tree(const std::string& text, const std::string& file, Diagnostics& diags,
                  std::vector<std::string>& chain, std::vector<SourceFile>& sources, bool& failed,
                  const Limits& limits) {
  sources.push_back(SourceFile{file, sha256_hex(text)});
  NodePtr root = detail::parse_yaml(text, file, diags, parse_limits(limits));
  if (!root || !root->is_map()) return root;
  const Entry* ext = root->entry("extends");
  if (!ext) return root;
  const Node& ev = *ext->value;
  failed = true;  // until the base is merged
  if (!ev.is_scalar() || ev.scalar.empty()) {
    diags.add(ev.mark, "extends", "got " + describe(ev) + " (expected the path of a scenario file, relative to this one)");
    return root;
  }
  const std::string parent = display_join(file, ev.scalar);
  std::error_code ec;
  const auto canonical_path = std::filesystem::weakly_canonical(parent, ec);
  const std::string canonical = ec ? parent : canonical_path.string();
  std::string problem = chain_problem(parent, canonical, chain, sources, limits);
  const FileText pfile = problem.empty() ? read_regular_file(parent, limits.file_bytes) : FileText{};
  if (problem.empty()) problem = read_problem(pfile, parent);
  if (!problem.empty()) {
    diags.add(ev.mark, "extends", problem);
    return root;
  }
  chain.push_back(canonical);
  bool base_failed = false;
  NodePtr base = load_tree(pfile.text, parent, diags, chain, sources, base_failed, limits);
  chain.pop_back();
  if (!base || base_failed) return root;
  if (!base->is_map()) {
    diags.add(ev.mark, "extends",
              "'" + parent + "' is " + (base->is_null() ? "empty" : describe(*base)) +
                  " (expected a scenario: a mapping with scenario, actors and the other sections)");
    return root;
  }
  failed = false;
  return merge_onto(*base, *root);
}

namespace {

/// Checks one variant's overlay: its keys, description and all_actors. An empty overlay is the base itself
/// (status_quo:). Returns its info and overlay, or nothing when it is reported.
std::optional<std::pair<VariantInfo, NodePtr>> check_variant(const Entry& e, Diagnostics& diags) {
  const std::string path = "variants." + e.key;
  VariantInfo info{e.key, "", {}};
  if (const std::string why = plain_name_problem(e.key, "out/NAME_VARIANT"); !why.empty()) {
    diags.add(e.key_mark, path, why);
    return std::nullopt;
  }
  if (e.value->is_null()) {
    auto empty = std::make_shared<Node>();
    empty->kind = Node::Kind::Map;
    empty->mark = e.key_mark;
    return std::make_pair(info, empty);
  }
  if (!e.value->is_map()) {
    diags.add(e.value->mark, path, "got " + describe(*e.value) + " (expected a mapping that overlays the scenario)");
    return std::nullopt;
  }
  const std::vector<std::string> allowed = key_names(variant_keys());
  bool ok = true;
  for (const auto& k : e.value->map) {
    if (std::find(allowed.begin(), allowed.end(), k.key) != allowed.end()) continue;
    std::string near = closest_match(k.key, allowed);
    diags.add(k.key_mark, path + "." + k.key,
              "unknown key '" + k.key + "'" +
                  (near.empty() ? " (expected one of: " + join(allowed) + ")" : " (did you mean '" + near + "'?)"));
    ok = false;
  }
  if (const Node* d = e.value->get("description")) {
    if (d->is_scalar()) {
      info.description = d->scalar;
    } else {
      diags.add(d->mark, path + ".description", "got " + describe(*d) + " (expected a string)");
      ok = false;
    }
  }
  if (const Node* aa = e.value->get("all_actors"); aa && !aa->is_map()) {
    diags.add(aa->mark, path + ".all_actors", "got " + describe(*aa) + " (expected a mapping merged into every actor)");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return std::make_pair(info, e.value);
}

}  // namespace

std::vector<std::pair<VariantInfo, NodePtr>> take_variants(Node& root, Diagnostics& diags, Mark& where) {
  std::vector<std::pair<VariantInfo, NodePtr>> out;
  auto it = std::find_if(root.map.begin(), root.map.end(), [](const Entry& e) { return e.key == "variants"; });
  if (it == root.map.end()) return out;
  NodePtr vs = it->value;
  where = it->key_mark;
  root.map.erase(it);
  if (!vs->is_map()) {
    diags.add(vs->mark, "variants", "got " + describe(*vs) + " (expected a mapping of variant names to overlays)");
    return out;
  }
  for (const auto& e : vs->map)
    if (auto variant = check_variant(e, diags)) out.push_back(std::move(*variant));
  return out;
}

NodePtr apply_variant(const Node& base, const std::string& name, const Node& overlay) {
  NodePtr doc = detail::clone(base);
  NodePtr ov = detail::clone(overlay, name);
  ov->map.erase(std::remove_if(ov->map.begin(), ov->map.end(),
                               [](const Entry& e) { return e.key == "description" || e.key == "targets"; }),
                ov->map.end());
  auto aa = std::find_if(ov->map.begin(), ov->map.end(),
                         [](const Entry& e) { return e.key == "all_actors"; });
  if (aa != ov->map.end()) {
    NodePtr all = aa->value;
    Mark all_mark = aa->key_mark;
    ov->map.erase(aa);
    const Node* actors = doc->get("actors");
    if (actors && actors->is_map()) {
      auto every = std::make_shared<Node>();
      every->kind = Node::Kind::Map;
      every->mark = all->mark;
      every->variant = name;
      for (const auto& a : actors->map)
        every->map.push_back(Entry{a.key, all_mark, detail::clone(*all, name, true)});
      Node wrapper;
      wrapper.kind = Node::Kind::Map;
      wrapper.map.push_back(Entry{"actors", all_mark, every});
      detail::merge_into(*doc, wrapper, {});
    }
  }
  replace_uncertain_entries(*doc, *ov);
  detail::merge_into(*doc, *ov, {"events"});
  return doc;
}

void throw_in_file_order(const Diagnostics& diags, const std::vector<SourceFile>& sources) {
  if (diags.empty()) return;
  std::vector<Diagnostic> all = diags.items();
  auto rank = [&](const std::string& f) {
    for (std::size_t i = 0; i < sources.size(); ++i)
      if (sources[i].path == f) return i;
    return sources.size();
  };
  std::stable_sort(all.begin(), all.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    return std::make_tuple(rank(a.mark.file), a.mark.line, a.mark.col) <
           std::make_tuple(rank(b.mark.file), b.mark.line, b.mark.col);
  });
  if (all.size() > Diagnostics::kMaxReported) all.resize(Diagnostics::kMaxReported);
  const std::size_t rest = diags.size() - all.size();
  throw ScenarioError(std::move(all), rest);
}

/// The pairs a variant targets (`targets: [A-B, ...]`), checked against the scenario's actors.
std::vector<std::pair<int, int>> variant_targets(const Scenario& sc, const std::string& name, const Node& overlay,
                                                 Diagnostics& diags) {
  std::vector<std::pair<int, int>> out;
  const Node* t = overlay.get("targets");
  if (!t) return out;
  const std::string path = "variants." + name + ".targets";
  if (!t->is_seq() || t->seq.empty()) {
    diags.add(t->mark, path, (t->is_seq() ? std::string("an empty list") : "got " + describe(*t)) +
                                 " (expected a list of pairs such as [USA-CHN, CHN-JPN])");
    return out;
  }
  for (std::size_t k = 0; k < t->seq.size(); ++k) {
    const Node& p = *t->seq[k];
    const std::string at = path + "[" + std::to_string(k) + "]";
    const std::size_t dash = p.is_scalar() ? p.scalar.find('-') : std::string::npos;
    const int a = dash == std::string::npos ? -1 : sc.actor_index(p.scalar.substr(0, dash));
    const int b = dash == std::string::npos ? -1 : sc.actor_index(p.scalar.substr(dash + 1));
    if (a < 0 || b < 0 || a == b) {
      diags.add(p.mark, at, "'" + (p.is_scalar() ? p.scalar : describe(p)) +
                                "' is not a pair of this scenario (expected two different actor ids joined by '-')");
      continue;
    }
    const std::pair<int, int> pair{std::min(a, b), std::max(a, b)};
    if (std::find(out.begin(), out.end(), pair) != out.end()) {
      diags.add(p.mark, at, "'" + p.scalar + "' is given twice (expected each pair once)");
      continue;
    }
    out.push_back(pair);
  }
  return out;
}


}  // namespace statecraft::detail
