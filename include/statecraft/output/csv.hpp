#pragma once
// Plain CSV writing helpers shared by every output file.
#include <ostream>
#include <string>
#include <string_view>

namespace statecraft {

/// A number as written in every CSV: up to 10 significant digits, no locale, "-0" written as "0".
std::string fmt(double x);

/// A CSV field, quoted when it holds a comma, quote or newline.
std::string csv_field(std::string_view s);

}  // namespace statecraft
