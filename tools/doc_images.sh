#!/usr/bin/env bash
# Remakes the example figures in docs/img/ (docs/plots.md, docs/tutorial.md, README.md) from the bundled
# Asia-Pacific scenario and the tutorial's docs/examples/islands.yaml, with the commands those pages show.
#
#   tools/doc_images.sh
#
# Environment: STATECRAFT (default build/statecraft), OUT (default out/doc_images: the statecraft outputs),
# DPI (default 80: small PNGs for the repository).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
sc=${STATECRAFT:-build/statecraft}
out=${OUT:-out/doc_images}
dpi=${DPI:-80}
img=docs/img
fig=$out/figures  # plot.py writes here, then the small palette copies go to docs/img
ap=scenarios/asia_pacific_2012.yaml
plot() { /usr/bin/python3 tools/plot.py "$@" --dpi "$dpi"; }
mkdir -p "$img" "$out" "$fig"

# The runs (docs/plots.md lists the same commands with out/ in place of $out/).
"$sc" run $ap --out "$out/asia_pacific_2012" --force
"$sc" run $ap --runs 200 --metric relations.USA-CHN.tension --out "$out/ens200" --force
"$sc" compare $ap --runs 200 --out "$out/compare" --force
"$sc" compare $ap --runs 200 --uncertain --explain --out "$out/compare_uncertain" --force
"$sc" sweep $ap --param actors.CHN.growth=0.02:0.08:7 --runs 20 --out "$out/sweep" --force
"$sc" sweep $ap --param actors.CHN.growth=0.02:0.08 --param parameters.trust.forgetting=0.05:0.4 \
  --design sobol --samples 64 --runs 4 --out "$out/sobol" --force

plot trends "$out/asia_pacific_2012" --metric relations.USA-CHN.tension --metric relations.CHN-JPN.tension \
  --metric region.mean_tension --out $fig/trends-run.png
plot trends "$out/asia_pacific_2012" --metric 'actors.*.milex' --out $fig/trends-actors.png
plot trends "$out/ens200" --metric relations.USA-CHN.tension --out $fig/trends-ensemble.png
plot trends "$out/compare" --metric region.mean_tension \
  --variants status_quo,patchwork,all_security_community,all_balance_of_power --out $fig/trends-compare.png
plot compare "$out/compare" --out $fig/compare.png
plot why "$out/compare_uncertain" --out $fig/why.png
plot sensitivity "$out/compare_uncertain" --out $fig/sensitivity.png
plot drivers "$out/asia_pacific_2012" --pair USA-CHN --from 2012 --to 2032 --out $fig/drivers.png
plot drivers "$out/asia_pacific_2012" --pair CHN-USA --quantity trust --from 2012 --to 2032 \
  --out $fig/drivers-trust.png
plot matrix "$out/asia_pacific_2012" --year 2030 --out $fig/matrix.png
plot network "$out/asia_pacific_2012" --year 2030 --out $fig/network.png
plot sweep "$out/sweep" --param actors.CHN.growth --outcome cumulative_risk --out $fig/sweep.png
plot sobol "$out/sobol" --outcome tension_final --out $fig/sobol.png

# The tutorial (docs/tutorial.md).
isl=docs/examples/islands.yaml
"$sc" run $isl --out "$out/islands" --force
"$sc" compare $isl --runs 200 --metric relations.NOR-SOU.tension --out "$out/islands_compare" --force
plot trends "$out/islands_compare" --metric relations.NOR-SOU.tension --out $fig/tutorial-trends.png
plot compare "$out/islands_compare" --out $fig/tutorial-compare.png
plot drivers "$out/islands" --pair NOR-SOU --out $fig/tutorial-drivers.png
"$sc" run $isl --variant hotline --out "$out/islands_hotline" --force
plot drivers "$out/islands_hotline" --pair SOU-NOR --quantity trust --out $fig/tutorial-drivers-trust.png

# Small files for the repository: 64-colour palette PNGs (python3-pil comes with python3-matplotlib).
/usr/bin/python3 - "$fig" "$img" <<'PY'
import glob, os, sys
from PIL import Image
for src in sorted(glob.glob(os.path.join(sys.argv[1], "*.png"))):
    f = os.path.join(sys.argv[2], os.path.basename(src))
    im = Image.open(src).convert("RGB")
    im.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(f, optimize=True)
    print(f"{f}: {im.size[0]}x{im.size[1]}, {os.path.getsize(f) // 1024} KiB")
PY
