#!/usr/bin/env bash
# Fuzzes the scenario loader with libFuzzer (tests/fuzz/fuzz_scenario.cpp) for SECONDS seconds (default 60):
# configures a clang build with STATECRAFT_FUZZ in build-fuzz/, builds the target, first replays the saved
# regression cases (tests/scenarios/fuzz_regressions/), then fuzzes from a seed corpus of the bundled and the
# invalid scenarios. Exits non-zero on any finding: a crash, a sanitizer report, a timeout (over 10 s on one
# input), memory over 2 GB, or an exception other than ScenarioError escaping the loader.
#
#   tools/fuzz.sh          fuzz for 60 seconds
#   tools/fuzz.sh 600      fuzz for ten minutes
#   tools/fuzz.sh 0        build and replay the regressions and seeds only
#
# Findings are written to build-fuzz/findings/ (crash-*, timeout-*, oom-*, leak-*); the corpus grown so far is
# kept in build-fuzz/corpus/ for the next run (neither is committed). See docs/testing.md for how a finding
# becomes a regression case. Environment: BUILD_DIR (default build-fuzz), CXX (default clang++-14 or clang++),
# JOBS (default: the number of cores).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: tools/fuzz.sh [SECONDS]" >&2; exit 2; }
build_dir=${BUILD_DIR:-$here/build-fuzz}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
cxx=${CXX:-}
if [[ -z $cxx ]]; then
  for c in clang++-14 clang++; do
    if command -v "$c" >/dev/null; then cxx=$c; break; fi
  done
fi
if [[ -z $cxx ]]; then
  echo "statecraft fuzz: clang++ not found (tools/setup.sh installs clang and libclang-rt-14-dev)" >&2
  exit 1
fi

cmake -S "$here" -B "$build_dir" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSTATECRAFT_FUZZ=ON -DSTATECRAFT_WERROR=OFF -DSTATECRAFT_BUILD_TESTS=OFF -DSTATECRAFT_BUILD_BENCH=OFF \
  -DSTATECRAFT_MPI=OFF >/dev/null
cmake --build "$build_dir" -j "$jobs" --target fuzz_scenario
fuzzer=$build_dir/tests/fuzz/fuzz_scenario

# The loader follows `extends` relative to "fuzz.yaml", so run from an empty directory of our own.
work=$build_dir/work
findings=$build_dir/findings
seeds=$build_dir/seeds
corpus=$build_dir/corpus
rm -rf "$work" "$findings" "$seeds"
mkdir -p "$work" "$findings" "$seeds" "$corpus"
cp "$here"/scenarios/*.yaml "$here"/tests/scenarios/invalid/*.yaml "$seeds"/
regressions=()
if [[ -d $here/tests/scenarios/fuzz_regressions ]]; then
  while IFS= read -r -d '' f; do regressions+=("$f"); done \
    < <(find "$here/tests/scenarios/fuzz_regressions" -type f ! -name '*.md' -print0 | sort -z)
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# Readable stacks in reports: clang's runtimes need llvm-symbolizer (package llvm-14).
for s in /usr/lib/llvm-14/bin/llvm-symbolizer "$(command -v llvm-symbolizer || true)"; do
  if [[ -n $s && -x $s ]]; then export ASAN_SYMBOLIZER_PATH=$s; break; fi
done
common=(-max_len=65536 -timeout=10 -rss_limit_mb=2048 -dict="$here/tests/fuzz/scenario.dict"
        -artifact_prefix="$findings/")

status=0
cd "$work"
if ((${#regressions[@]})); then
  echo "statecraft fuzz: replaying ${#regressions[@]} regression case(s)"
  "$fuzzer" "${common[@]}" "${regressions[@]}" </dev/null >"$build_dir/regressions.log" 2>&1 || {
    status=$?
    cat "$build_dir/regressions.log" >&2
  }
fi
if ((status == 0)); then
  if ((seconds > 0)); then
    echo "statecraft fuzz: fuzzing the scenario loader for ${seconds} s (log: $build_dir/fuzz.log)"
    run=(-max_total_time="$seconds")
  else
    echo "statecraft fuzz: replaying the seed corpus (log: $build_dir/fuzz.log)"
    run=(-runs=0)
  fi
  "$fuzzer" "${common[@]}" "${run[@]}" -print_final_stats=1 "$corpus" "$seeds" \
    </dev/null >"$build_dir/fuzz.log" 2>&1 || status=$?
fi

shopt -s nullglob
found=("$findings"/*)
if ((status != 0 || ${#found[@]})); then
  [[ -f $build_dir/fuzz.log ]] && tail -n 80 "$build_dir/fuzz.log" >&2
  echo "statecraft fuzz: FAILED (exit $status); findings:" >&2
  for f in "${found[@]}"; do echo "  $f" >&2; done
  echo "reproduce: (cd $work && $fuzzer FILE); see docs/testing.md" >&2
  exit 1
fi
grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$build_dir/fuzz.log" || true
echo "statecraft fuzz: no findings"
