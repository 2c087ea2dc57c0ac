#!/usr/bin/env bash
# Regenerates tests/golden/<case>/ from the cases in tests/golden/cases.txt with build/statecraft.
# Only for an intended change of behaviour: review `git diff tests/golden` before committing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${STATECRAFT:-build/statecraft}
while read -r name file variant; do
  [[ -z $name || $name == \#* ]] && continue
  tmp=$(mktemp -d)
  "$bin" run "$file" ${variant:+--variant "$variant"} --out "$tmp/out" >/dev/null
  rm -rf "tests/golden/$name"
  mkdir -p "tests/golden/$name"
  for f in actors.csv pairs.csv region.csv events.csv; do
    cp "$tmp/out/$f" "tests/golden/$name/$f"
  done
  # drivers.csv grows with the square of the actors: kept for the small scenarios only (under 1 MB).
  if (( $(stat -c %s "$tmp/out/drivers.csv") < 1000000 )); then
    cp "$tmp/out/drivers.csv" "tests/golden/$name/drivers.csv"
  fi
  rm -rf "$tmp"
  echo "updated tests/golden/$name"
done < tests/golden/cases.txt
