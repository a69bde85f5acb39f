#!/usr/bin/env bash
# A screening benchmark corpus of realistic slices: COPIES copies of each demo MR study (48 slices of 240 x 240,
# JPEG Lossless and RLE as committed in assets/demo), each copy with its own patient ID and study, series and
# instance UIDs (dcmodify from dcmtk), so they index as separate studies:
#
#   bench/make-demo-corpus.sh [COPIES] [DIR]        (defaults: 20 copies = 1,920 slices, /tmp/reslens-bench/demo-corpus)
#
# Then: java ... -Dcorpus=DIR org.reslens.bench.ScreeningBenchmark ...  (see bench/run-screening-bench.sh: CORPUS=DIR)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
copies=${1:-20}
dir=${2:-/tmp/reslens-bench/demo-corpus}
command -v dcmodify >/dev/null || { echo "dcmodify missing (apt-get install dcmtk)" >&2; exit 1; }
# A 2.25 UID from a hash of a name: the same copy gets the same study and series UIDs on every run.
uid() {
    echo "2.25.$(printf '%s' "$1" | sha256sum | cut -c1-30 | python3 -c 'import sys; print(int(sys.stdin.read().strip(), 16))')"
}
rm -rf "$dir"
mkdir -p "$dir"
for k in $(seq 1 "$copies"); do
    for study in SYNTHETIC_MR_LESION SYNTHETIC_MR_NORMAL; do
        out="$dir/$(printf '%s_%03d' "$study" "$k")"
        cp -r "$root/assets/demo/$study" "$out"
        # study and series UIDs stable per copy (uid above); -gin: new instance UIDs
        dcmodify -nb -q -m "(0010,0020)=BENCH-$k-$study" -m "(0020,000d)=$(uid "$out/study")" \
            -m "(0020,000e)=$(uid "$out/series")" -gin "$out"/*.dcm
    done
done
echo "$(find "$dir" -name '*.dcm' | wc -l) slices in $dir"
