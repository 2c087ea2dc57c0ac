#include "statecraft/output/csv.hpp"

#include <charconv>
#include <cmath>

namespace statecraft {

std::string fmt(double x) {
  if (x == 0) return "0";
  char buf[40];
  auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 10);
  return std::string(buf, res.ptr);
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace statecraft
