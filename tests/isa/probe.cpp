// A probe of the model's kernels compiled for one instruction set (tests/CMakeLists.txt gives the flags):
// prints the kernels' digest and whether a * b + c was fused here. A program of its own, because linked
// into the test binary the linker would keep one copy of each inline kernel for every instruction set.
#include <cstdio>

#include "kernel_digest.hpp"

int main() {
  std::printf("%s %d\n", statecraft::isa::kernel_digest().c_str(), statecraft::isa::contracts_multiply_add() ? 1 : 0);
  return 0;
}
