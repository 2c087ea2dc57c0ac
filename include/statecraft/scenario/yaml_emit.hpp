#pragma once
// Writing YAML: a document built as a tree and written by yaml-cpp's emitter (sim/scenario/yaml_emit.cpp,
// which with yaml_decode.cpp is the yaml boundary: no other file includes yaml-cpp).
#include <string>
#include <vector>

namespace statecraft {

/// A YAML document of nested block mappings: keys in the order they were first set, scalar leaves with an
/// optional comment at the end of their line. Scalars that would not read back as the same text are quoted.
class YamlTree {
 public:
  /// Sets the scalar at `path`, making the mappings on the way; replaces whatever was at `path`.
  void set(const std::vector<std::string>& path, const std::string& scalar, const std::string& comment = "");

  /// The document after `header`, each of its lines written as a comment; it ends with a line end.
  std::string emit(const std::vector<std::string>& header = {}) const;

 private:
  friend struct YamlTreeEmitter;
  // Keys and children side by side: std::vector allows an incomplete element type, std::pair does not
  // (clang's libstdc++ checks), so the children cannot be pairs.
  std::vector<std::string> keys_;
  std::vector<YamlTree> children_;
  std::string scalar_, comment_;
  bool leaf_ = false;

  YamlTree& at(const std::string& key);
};

}  // namespace statecraft
