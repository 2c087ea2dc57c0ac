#pragma once
// Text from a user (a path, a variant's name, a YAML key) made safe to print on one line of a terminal: the
// command line's messages (sim/cli/stderr_line.hpp) and the library's few warnings of its own go through it.
#include <string>
#include <string_view>

namespace statecraft {

/// `text` with every control character written as C writes it: below 0x20 and DEL as \n, \r, \t, else \xNN;
/// the C1 controls U+0080 to U+009F as \u0080 to \u009f; the invisible format characters (zero-width spaces
/// and joiners, U+2028 and U+2029, the direction marks and overrides, the byte order mark) as \u200b and so on;
/// a byte that is not part of well-formed UTF-8 as \xNN (a terminal may take 0x9b alone as ESC [). Other UTF-8
/// (names in any script) is kept as it is.
std::string printable(std::string_view text);

/// A text of several lines, each made printable: its line ends are kept, every other control character is
/// escaped as printable does (the tables of describe, explain and params, which show a scenario's names).
std::string printable_lines(std::string_view text);

/// The columns a terminal gives a printable text (printable's output): one per character, two for the wide
/// characters of East Asian scripts (Han, Hangul, kana, full-width forms), none for combining accents and the
/// vowels and final consonants of conjoining Hangul, so that tables of names line up ("中国" is four columns,
/// "Ça va" five, not the six bytes).
std::size_t display_width(std::string_view text);

}  // namespace statecraft
