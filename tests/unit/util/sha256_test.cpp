// SHA-256 (sim/util/sha256.cpp) against the FIPS 180-2 examples and the NIST CAVS short messages, and around
// the padding boundaries: a message of 55 bytes still takes one padded block, 56 to 64 take two (the 0x80
// byte and the 8-byte length no longer fit), and the same again one block further. The state digests rest on
// this function, so a wrong padding would silently hash different bytes alike.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <utility>

#include "statecraft/util/sha256.hpp"

namespace statecraft {
namespace {

TEST(Sha256, FipsExamples) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),  // 448 bits
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                       "mnopqrstnopqrstu"),  // 896 bits
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256, OneMillionAs) {
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/// The first n bytes of "abcdefghijklmnopqrstuvwxyz" repeated.
std::string alphabet(std::size_t n) {
  std::string s(n, ' ');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 26);
  return s;
}

TEST(Sha256, LengthsAroundThePaddingBoundaries) {
  // Each value from: yes abcdefghijklmnopqrstuvwxyz | tr -d '\n' | head -c N | sha256sum
  const std::pair<std::size_t, const char*> cases[] = {
      {1, "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"},
      {54, "ff44b236434f4d03d1a3b8bce65d3b89750afdc2591f85c9b1d8d77e116ea9e0"},
      {55, "595615dbe4f0f407ae397d08b4c2cb870cb9b0e11937416f950c5160acf9c005"},
      {56, "784f623b787495078e93ff28a25b581df0584055a7e71d8cd90c454716b92f51"},
      {57, "808f0738aa4401bdee842e5a15a7baad5809f976d8eb6f9bd2683cebd2e8d671"},
      {63, "5ca3e1ef5207490eac01a795e5cc94d59582a5118bf9534665c8668d87aa647c"},
      {64, "2fcd5a0d60e4c941381fcc4e00a4bf8be422c3ddfafb93c809e8d1e2bfffae8e"},
      {65, "1b3cd1877ab2f2f19f7be001722554f336cb799df0329de0bb4c118dc6abc06d"},
      {111, "11166d480c33d5cf2023d33251a2e024a4e9436cb3f061d99a1908fd1111c829"},
      {112, "43b9d01284b7170bc99bce5d032307646c76361e98da0f82360cc81884893852"},
      {119, "faef67da856d6fd9c8d12f9ed0a4fefd3cf0ce085ab43e2907418d457e3c354b"},
      {120, "c9512b08619c19fbb503c7da6b46ef20301e5f7a7a5f43989182398536f5c5c8"},
      {127, "1b9907986f18ddc2b37e18be502d82d69d6e18bb9dff9e16f2aceea7d88cb933"},
      {128, "6c05be2c4268843ae47e68e611277ce62c02153f2f4d2e1e2a1a4b44f766cf74"},
      {129, "cd6bba8374324cbcc0c296b94f35299c0b9820393116358ac3afaf091a4955a5"},
      {1000, "915e53a44c18b19bb06ba5b3f5fcaf1dc4651e8404c63425cfc6174e74659d87"},
  };
  for (const auto& [n, want] : cases) EXPECT_EQ(sha256_hex(alphabet(n)), want) << n << " bytes";
}

TEST(Sha256, EveryByteValue) {
  // Bytes 0 to 255 in order: zeros, 0x80 (the padding byte itself) and bytes above 127 hash as bytes, not
  // as signed chars. From: python3 -c "import sys; sys.stdout.buffer.write(bytes(range(256)))" | sha256sum
  std::string bytes(256, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i);
  EXPECT_EQ(sha256_hex(bytes), "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
}

}  // namespace
}  // namespace statecraft
