#!/usr/bin/env bash
# Builds everything with AddressSanitizer and UndefinedBehaviorSanitizer (CMake option STATECRAFT_SANITIZE)
# into build-asan/ and runs the whole ctest suite under them: any memory error, leak or undefined behaviour
# aborts the test that hit it. Needs the packages of tools/setup.sh (run it first on a fresh machine).
#
#   tools/sanitize.sh            configure, build, run every test
#   tools/sanitize.sh -R Corpus  extra arguments go to ctest (here: only the tests matching Corpus)
#
# Environment: BUILD_DIR (default build-asan), BUILD_TYPE (default RelWithDebInfo), JOBS (default: the number
# of cores). Warnings are not errors here (g++ warns falsely under -fsanitize); the ordinary build checks them.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$here/build-asan}
build_type=${BUILD_TYPE:-RelWithDebInfo}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" -DSTATECRAFT_SANITIZE=ON \
  -DSTATECRAFT_WERROR=OFF -DSTATECRAFT_BUILD_TESTS=ON -DSTATECRAFT_BUILD_BENCH=OFF >/dev/null
cmake --build "$build_dir" -j "$jobs"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$here/tests/sanitizers/lsan.supp:print_suppressions=0

# Open MPI leaks by design, from components it unloads before LeakSanitizer looks: only a full unwind names
# the library, to match the suppressions. A full unwind slows every allocation ninefold, so it is switched on
# for processes started by mpirun only, through a wrapper put first on the PATH.
if real_mpirun=$(command -v mpirun); then
  mkdir -p "$build_dir/sanitizer-path"
  cat >"$build_dir/sanitizer-path/mpirun" <<WRAPPER
#!/bin/sh
ASAN_OPTIONS="\$ASAN_OPTIONS:fast_unwind_on_malloc=0" exec "$real_mpirun" "\$@"
WRAPPER
  chmod +x "$build_dir/sanitizer-path/mpirun"
  export PATH="$build_dir/sanitizer-path:$PATH"
fi

ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" "$@"
