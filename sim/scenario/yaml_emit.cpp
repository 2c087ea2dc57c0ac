// Writes a YamlTree with yaml-cpp's emitter: block mappings indented by two, `key: value  # comment`, and
// quotes wherever a scalar would otherwise read back differently (a path with ": " or " #", "null", "~").
#include "statecraft/scenario/yaml_emit.hpp"

#include <yaml-cpp/emitter.h>
#include <yaml-cpp/emittermanip.h>

namespace statecraft {

YamlTree& YamlTree::at(const std::string& key) {
  for (std::size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] == key) return children_[i];
  keys_.push_back(key);
  children_.emplace_back();
  return children_.back();
}

void YamlTree::set(const std::vector<std::string>& path, const std::string& scalar, const std::string& comment) {
  YamlTree* n = this;
  for (const auto& p : path) n = &n->at(p);
  n->keys_.clear();
  n->children_.clear();
  n->leaf_ = true;
  n->scalar_ = scalar;
  n->comment_ = comment;
}

struct YamlTreeEmitter {
  static void mapping(YAML::Emitter& out, const YamlTree& t) {
    out << YAML::BeginMap;
    for (std::size_t i = 0; i < t.keys_.size(); ++i) {
      const YamlTree& v = t.children_[i];
      out << YAML::Key << t.keys_[i] << YAML::Value;
      if (!v.leaf_) {
        mapping(out, v);
        continue;
      }
      out << v.scalar_;
      if (!v.comment_.empty()) out << YAML::Comment(v.comment_);
    }
    out << YAML::EndMap;
  }
};

std::string YamlTree::emit(const std::vector<std::string>& header) const {
  YAML::Emitter out;
  // One comment of several lines: the emitter starts each with "# ", and puts the document right after.
  std::string lines;
  for (const auto& h : header) lines += (lines.empty() ? "" : "\n") + h;
  if (!header.empty()) out << YAML::Comment(lines);
  YamlTreeEmitter::mapping(out, *this);
  return std::string(out.c_str()) + "\n";
}

}  // namespace statecraft
