// The model's kernels give the same bits whatever the build's instruction set: probe programs compiled
// for baseline x86-64 (SSE2), AVX2, x86-64-v3 (AVX2 and FMA) and x86-64-v4 (AVX-512) print the digest of
// their results (tests/isa/kernel_digest.hpp), which must equal this binary's. The FMA build must also
// not have fused a * b + c (the project builds with -ffp-contract=off), and a control built with
// contraction allowed must differ, which shows that the comparison can fail.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "../../isa/kernel_digest.hpp"

#ifdef STATECRAFT_ISA_PROBES

namespace statecraft {
namespace {

struct ProbeResult {
  std::string digest;
  int contracted = -1;
};

ProbeResult run_probe(const char* path) {
  ProbeResult r;
  FILE* pipe = popen(path, "r");
  if (pipe == nullptr) return r;
  char digest[65] = {};
  if (std::fscanf(pipe, "%64s %d", digest, &r.contracted) == 2) r.digest = digest;
  pclose(pipe);
  return r;
}

void expect_same_bits(const char* path) {
  const ProbeResult r = run_probe(path);
  ASSERT_EQ(r.digest.size(), 64u) << path << " printed no digest";
  EXPECT_EQ(r.digest, isa::kernel_digest()) << path;
  EXPECT_EQ(r.contracted, 0) << path << " fused a * b + c: -ffp-contract=off did not reach it";
}

TEST(PacketMathIsa, BaselineSse2BuildGivesTheseBits) {
  EXPECT_FALSE(isa::contracts_multiply_add());
  expect_same_bits(STATECRAFT_ISA_PROBE_SSE2);
}

TEST(PacketMathIsa, Avx2BuildGivesTheSameBits) {
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "this CPU has no AVX2";
  expect_same_bits(STATECRAFT_ISA_PROBE_AVX2);
}

TEST(PacketMathIsa, FmaBuildGivesTheSameBitsAndFusesNothing) {
  if (!__builtin_cpu_supports("x86-64-v3")) GTEST_SKIP() << "this CPU is not x86-64-v3 (AVX2, FMA)";
  expect_same_bits(STATECRAFT_ISA_PROBE_FMA);
}

TEST(PacketMathIsa, Avx512BuildGivesTheSameBits) {
  if (!__builtin_cpu_supports("x86-64-v4")) GTEST_SKIP() << "this CPU is not x86-64-v4 (AVX-512)";
  expect_same_bits(STATECRAFT_ISA_PROBE_AVX512);
}

TEST(PacketMathIsa, AnFmaBuildThatContractsWouldDiffer) {
  if (!__builtin_cpu_supports("x86-64-v3")) GTEST_SKIP() << "this CPU is not x86-64-v3 (AVX2, FMA)";
  const ProbeResult r = run_probe(STATECRAFT_ISA_PROBE_FMA_CONTRACTED);
  ASSERT_EQ(r.digest.size(), 64u) << "the control printed no digest";
  EXPECT_EQ(r.contracted, 1);
  EXPECT_NE(r.digest, isa::kernel_digest()) << "fused multiply-adds left the kernels' bits unchanged: the "
                                                "comparison above could not detect them";
}

}  // namespace
}  // namespace statecraft

#endif
