#pragma once
// SHA-256 of bytes, as lowercase hex (so `sha256sum FILE` can be compared with the manifest).
#include <string>
#include <string_view>

namespace statecraft {
std::string sha256_hex(std::string_view data);
}
