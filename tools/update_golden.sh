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
  for f in actors.csv pairs.csv region.csv events.csv drivers.csv; do
    cp "$tmp/out/$f" "tests/golden/$name/$f"
  done
  rm -rf "$tmp"
  echo "updated tests/golden/$name"
done < tests/golden/cases.txt
