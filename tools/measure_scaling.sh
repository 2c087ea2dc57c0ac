#!/usr/bin/env bash
# Reproduces the figures of docs/performance.md, "Two jobs and MPI" and "The uncertain mode": wall time, user
# and system CPU of whole `statecraft` processes, each case repeated and alternated so that a change of load
# falls on both sides alike, with the load average printed before each. Run it on an idle machine (uptime
# under 0.5 on 2 cores): wall-time ratios mean nothing when other processes share the cores.
#
#   tools/measure_scaling.sh                 every case, 3 repetitions
#   REPS=5 tools/measure_scaling.sh threads  one group: threads, mpi or uncertain
#
# On a machine others share, RT=1 (as root) runs the measured processes under the real-time FIFO policy
# (chrt -f 50): they take the cores before everyone else's, as on an idle machine (the kernel still leaves 5%
# of each second to the others; nothing here spins, so nothing is starved for long). The load printed is then
# everyone's, not what the measured processes saw.
#
# Environment: BIN (default build/statecraft), REPS (default 3), RT (default: none), RUNS_RUN (default 20000, `run --runs`),
# RUNS_COMPARE (default 1000, `compare` of all 17 variants), RUNS_MPI (default 4000), RUNS_UNCERTAIN
# (default 200, over 20), OUT (scratch directory, default a new one under /tmp, removed at the end).
# Prints one line per process: case, wall s, user s, sys s; then per case the medians and the ratios.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${BIN:-$here/build/statecraft}
reps=${REPS:-3}
runs_run=${RUNS_RUN:-20000}
runs_compare=${RUNS_COMPARE:-1000}
runs_mpi=${RUNS_MPI:-4000}
runs_uncertain=${RUNS_UNCERTAIN:-200}
scenario=$here/scenarios/asia_pacific_2012.yaml
out=${OUT:-$(mktemp -d /tmp/statecraft_scaling.XXXXXX)}
mkdir -p "$out"
log=$out/times.txt
mpirun=(mpirun --allow-run-as-root --oversubscribe)
: > "$log"

# One measured process: NAME COMMAND...; its output goes to $out/NAME.
measure() {
  local name=$1
  shift
  local rt=()
  [ -n "${RT:-}" ] && rt=(chrt -f 50)
  "${rt[@]}" /usr/bin/time -o "$out/time" -f "%e %U %S" "$@" --out "$out/$name" --force > /dev/null 2> /dev/null
  echo "$name $(tail -1 "$out/time")" | tee -a "$log"
}

# Medians of wall, user and sys of a case.
median_of() {
  awk -v n="$1" '$1 == n { w[++k] = $2; u[k] = $3; s[k] = $4 }
    function med(a, k,   i, j, t) { for (i = 1; i <= k; ++i) for (j = i + 1; j <= k; ++j) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                   return a[int((k + 1) / 2)] }
    END { if (k) printf "%s %s %s\n", med(w, k), med(u, k), med(s, k) }' "$log"
}

# NAME_A NAME_B ITEMS_A ITEMS_B: the medians, A's wall over B's, and the CPU (user + sys) per item of each.
report() {
  local a b
  read -r aw au as <<< "$(median_of "$1")"
  read -r bw bu bs <<< "$(median_of "$2")"
  awk -v a="$1" -v b="$2" -v aw="$aw" -v au="$au" -v as="$as" -v bw="$bw" -v bu="$bu" -v bs="$bs" -v ia="$3" -v ib="$4" \
    'BEGIN { printf "%-22s wall %6.2f s  cpu %6.2f s  %7.1f us of cpu an item\n", a, aw, au + as, 1e6 * (au + as) / ia
             printf "%-22s wall %6.2f s  cpu %6.2f s  %7.1f us of cpu an item\n", b, bw, bu + bs, 1e6 * (bu + bs) / ib
             printf "%s / %s: wall %.2f times, cpu an item %.3f times\n\n", a, b, aw / bw, ((au + as) / ia) / ((bu + bs) / ib) }'
}

load() { echo "# load: $(cut -d' ' -f1-3 /proc/loadavg)"; }

variants=$("$bin" compare "$scenario" --runs 2 --out "$out/list" --force | awk '/^ +[0-9]+ /{ n++ } END { print n }')

threads() {
  for ((r = 0; r < reps; ++r)); do
    load
    measure run_jobs1 "$bin" run "$scenario" --runs "$runs_run" --jobs 1
    measure run_jobs2 "$bin" run "$scenario" --runs "$runs_run" --jobs 2
    measure compare_jobs1 "$bin" compare "$scenario" --runs "$runs_compare" --jobs 1
    measure compare_jobs2 "$bin" compare "$scenario" --runs "$runs_compare" --jobs 2
  done
  report run_jobs1 run_jobs2 "$runs_run" "$runs_run"
  report compare_jobs1 compare_jobs2 $((runs_compare * variants)) $((runs_compare * variants))
}

mpi() {
  for ((r = 0; r < reps; ++r)); do
    load
    measure mpi_np1 "${mpirun[@]}" -np 1 "$bin" compare "$scenario" --runs "$runs_mpi" --jobs 1
    measure mpi_np2 "${mpirun[@]}" -np 2 "$bin" compare "$scenario" --runs "$runs_mpi" --jobs 1
    measure mpi_threads2 "$bin" compare "$scenario" --runs "$runs_mpi" --jobs 2
  done
  report mpi_np1 mpi_np2 $((runs_mpi * variants)) $((runs_mpi * variants))
  for f in compare_summary.csv compare_robust.csv compare_trends.csv compare_runs.csv; do
    cmp "$out/mpi_np1/$f" "$out/mpi_np2/$f" && cmp "$out/mpi_np1/$f" "$out/mpi_threads2/$f"
  done
  echo "mpi: -np 1, -np 2 and --jobs 2 wrote the same bytes"
}

# The marginal CPU of a run, so that loading (which --uncertain does more of: it checks two runs per variant
# against the loader) is left out: (cpu at RUNS_UNCERTAIN + 20 runs - cpu at 20 runs) / RUNS_UNCERTAIN.
uncertain() {
  for ((r = 0; r < reps; ++r)); do
    load
    for mode in plain uncertain; do
      flag=()
      [ "$mode" = uncertain ] && flag=(--uncertain)
      measure "${mode}_small" "$bin" compare "$scenario" --runs 20 --jobs 1 "${flag[@]}"
      measure "${mode}_large" "$bin" compare "$scenario" --runs $((runs_uncertain + 20)) --jobs 1 "${flag[@]}"
    done
  done
  for mode in plain uncertain; do
    read -r _ su ss <<< "$(median_of "${mode}_small")"
    read -r _ lu ls <<< "$(median_of "${mode}_large")"
    awk -v m="$mode" -v su="$su" -v ss="$ss" -v lu="$lu" -v ls="$ls" -v n=$((runs_uncertain * variants)) \
      'BEGIN { printf "%-10s %7.1f us of cpu a run (marginal), %.2f s of cpu for 20 runs\n", m, 1e6 * (lu + ls - su - ss) / n, su + ss }'
  done | tee "$out/uncertain.txt"
  awk 'NR == 1 { p = $2 } NR == 2 { printf "uncertain / plain: %.3f times a run\n", $2 / p }' "$out/uncertain.txt"
}

echo "# $bin, $variants variants, $reps repetitions, $(nproc) cores"
for group in "${@:-threads mpi uncertain}"; do
  for g in $group; do "$g"; done
done
[ -n "${OUT:-}" ] || rm -rf "$out"
