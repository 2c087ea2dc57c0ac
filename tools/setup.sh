#!/usr/bin/env bash
# Sets up a fresh Debian machine for Statecraft: installs the packages it needs (as root, or with sudo),
# configures and builds. Safe to run again: it installs only what is missing and rebuilds incrementally.
#
#   tools/setup.sh            install, configure, build into build/
#   tools/setup.sh --no-build only install the packages
#   tools/setup.sh --dev      also the fuzzing and sanitizer toolchains (clang, llvm) of tools/fuzz.sh and
#                             tools/sanitize.sh, and the headless chromium that opens the HTML reports in
#                             their test (plot_report_browser, skipped without it), which .ci/run uses; the
#                             options go together in any order
#
# Environment: BUILD_DIR (default build), BUILD_TYPE (default Release), STATECRAFT_WERROR (default ON),
# JOBS (default: the number of cores).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$here/build}
build_type=${BUILD_TYPE:-Release}
werror=${STATECRAFT_WERROR:-ON}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

build=1
dev=0
for arg in "$@"; do
  case $arg in
    --no-build) build=0 ;;
    --dev) dev=1 ;;
    *) echo "statecraft setup: error: unknown option '$arg' (expected --no-build or --dev)" >&2; exit 2 ;;
  esac
done

packages=(
  g++ cmake make pkg-config
  libboost-dev libboost-random-dev libboost-math-dev libboost-graph-dev
  libeigen3-dev libyaml-cpp-dev libcli11-dev libnlopt-cxx-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libboost-mpi-dev libboost-serialization-dev openmpi-bin libopenmpi-dev
  python3-matplotlib python3-pandas python3-numpy
  python3-yaml  # tools/fuzz_dynamics.py reads the seed scenarios; tests/tools/test_schema.py the bundled ones
  python3-jsonschema  # tests/tools/test_schema.py checks them against `statecraft schema`
  # The Python module (python/, docs/python.md), built with pybind11 for Debian's python3; its tests run the
  # tutorial notebook with nbclient on an ipykernel kernel.
  python3-dev pybind11-dev python3-pybind11 python3-nbclient python3-ipykernel
)
if ((dev)); then
  # tools/fuzz.sh: clang with libFuzzer and its sanitizer runtimes (libclang-rt, only recommended by clang, so
  # named here), and llvm-symbolizer for readable stacks. tools/sanitize.sh uses g++'s libasan and libubsan.
  packages+=(clang-14 libclang-rt-14-dev llvm-14)
  # Headless, renders the HTML reports in their test (tests/plot, plot_report_browser): 290 MB installed, with
  # more for its libraries, too much for a user's setup; the test is skipped where it is missing.
  packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    sudo=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  else
    echo "statecraft setup: these Debian packages are missing; install them as root, then run again:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "statecraft setup: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

((build)) || exit 0

cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" -DSTATECRAFT_WERROR="$werror" >/dev/null
cmake --build "$build_dir" -j "$jobs"
