#include "statecraft/util/printable.hpp"

#include <algorithm>
#include <cstdio>

namespace statecraft {

namespace {

/// The length of the well-formed UTF-8 sequence at the start of `s` (1 to 4), or 0 if it is not one.
std::size_t utf8_length(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto continues = [&](std::size_t i) { return i < s.size() && (b(i) & 0xc0) == 0x80; };
  const unsigned char lead = b(0);
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return continues(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    if (!continues(1) || !continues(2)) return 0;
    if ((lead == 0xe0 && b(1) < 0xa0) || (lead == 0xed && b(1) > 0x9f)) return 0;  // overlong, or a surrogate
    return 3;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    if (!continues(1) || !continues(2) || !continues(3)) return 0;
    if ((lead == 0xf0 && b(1) < 0x90) || (lead == 0xf4 && b(1) > 0x8f)) return 0;  // overlong, or past U+10FFFF
    return 4;
  }
  return 0;
}

/// The code point of the well-formed UTF-8 sequence of `n` bytes (utf8_length) at the start of `s`.
char32_t code_point(std::string_view s, std::size_t n) {
  const auto b = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(s[i])); };
  if (n == 1) return b(0);
  char32_t c = b(0) & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
  for (std::size_t i = 1; i < n; ++i) c = (c << 6) | (b(i) & 0x3f);
  return c;
}

/// Characters that take no place on screen or move what follows: zero-width spaces and joiners, the line and
/// paragraph separators, the marks and overrides of direction (U+202E turns the rest of a line around: "Trojan
/// Source"), and the byte order mark. Printed as they are, they misalign tables and can disguise a name.
bool invisible(char32_t c) {
  return (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) ||
         c == 0xfeff;
}

void append_hex(std::string& out, const char* format, unsigned value) {
  char hex[8];
  std::snprintf(hex, sizeof hex, format, value);
  out += hex;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto u = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_length(text.substr(i));
    if (n == 0) {  // not UTF-8: a byte a terminal may take as an 8-bit control (0x9b is ESC [)
      append_hex(out, "\\x%02x", u);
      ++i;
    } else if (n == 2 && u == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0) {  // U+0080 to U+009F
      append_hex(out, "\\u%04x", static_cast<unsigned char>(text[i + 1]));
      i += 2;
    } else if (n == 3 && invisible(code_point(text.substr(i), 3))) {  // a format character: shown by its number
      append_hex(out, "\\u%04x", static_cast<unsigned>(code_point(text.substr(i), 3)));
      i += 3;
    } else if (n > 1 || (u >= 0x20 && u != 0x7f)) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      if (u == '\n') out += "\\n";
      else if (u == '\r') out += "\\r";
      else if (u == '\t') out += "\\t";
      else append_hex(out, "\\x%02x", u);
      ++i;
    }
  }
  return out;
}

namespace {

/// Columns of one code point, as wcwidth gives them for the scripts a scenario's names are likely in (Unicode's
/// East Asian Wide and Fullwidth blocks; the combining diacritical marks).
int columns(char32_t c) {
  // Combining marks, and the vowels and final consonants of conjoining Hangul, which join the syllable's
  // leading consonant (two columns) into one syllable.
  if ((c >= 0x0300 && c <= 0x036f) || (c >= 0x1160 && c <= 0x11ff) || (c >= 0x1ab0 && c <= 0x1aff) ||
      (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f))
    return 0;
  const bool wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) ||
                    (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
                    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
                    (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);
  return wide ? 2 : 1;
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = std::max<std::size_t>(1, utf8_length(text.substr(i)));  // a stray byte: one column
    width += static_cast<std::size_t>(columns(code_point(text.substr(i), n)));
    i += n;
  }
  return width;
}

std::string printable_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    out += printable(text.substr(start, end - start));
    if (end == text.size()) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace statecraft
