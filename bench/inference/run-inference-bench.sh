#!/usr/bin/env bash
# Inference benchmark: ResLens (ONNX Runtime Java + one-pass Grad-CAM, JMH) next to PyTorch eager and autograd
# Grad-CAM on the same network, in one run.
#
#   bench/inference/run-inference-bench.sh [BUNDLE_DIR]     from the repository root; about 3 minutes on 2 cores
#
# BUNDLE_DIR defaults to models/brain-lesion-demo; when that does not exist, a stand-in (torchvision resnet18, random
# weights, 3x224x224) is exported to /tmp/reslens-bench/inference/resnet18 by bench/inference/export_standin.py.
#
# Steps: build (mvn -q -o test-compile, which runs JMH's annotation processor), run InferenceBenchmark with JMH,
# run bench/inference/pytorch_peer.py (/usr/bin/python3, Debian's python3-torch), print one table with the ratios
# the issue asks for: ORT single-slice latency and batch throughput against PyTorch eager, Grad-CAM overhead over
# inference (goal <= 5 %), and ResLens's score + Grad-CAM against autograd Grad-CAM (goal >= 3x faster).
#
# Environment (all optional):
#   RESLENS_BENCH_CP   a complete class path with compiled main + test classes (and JMH's META-INF/BenchmarkList)
#                      and all dependencies; when set, Maven is not run
#   JMH_OPTS           replaces the JMH settings (default: -f 1 -wi 4 -i 7 -w 1s -r 1s)
#   PEER_OPTS          replaces the PyTorch peer settings (default: --iterations 7 --seconds 1)
#   THREADS            intra-op threads on both sides (default: one per core); 1 is the fairer comparison on a
#                      loaded machine, where two threads per side contend with everything else
#   PAIRS              alternations of the paired Grad-CAM overhead measurement (default 2000)
#
# Both sides use the same number of intra-op threads; ResLens with spinning off (-Dreslens.bench.spinning=true in
# JMH_OPTS's -jvmArgsAppend turns it on). The machine may be shared: the table gives wall and process-CPU
# medians and the load average before and after; compare ratios from the same run, not absolute numbers across runs.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bundle=${1:-models/brain-lesion-demo}
jmh_opts=${JMH_OPTS:--f 1 -wi 4 -i 7 -w 1s -r 1s}
peer_opts=${PEER_OPTS:---iterations 7 --seconds 1}
threads=${THREADS:-$(nproc)}
pairs=${PAIRS:-2000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [[ ! -f "$bundle/metadata.json" ]]; then
    echo "== $bundle has no metadata.json: exporting the resnet18 stand-in" >&2
    bundle=/tmp/reslens-bench/inference/resnet18
    [[ -f "$bundle/metadata.json" ]] || /usr/bin/python3 bench/inference/export_standin.py "$bundle" >&2
fi

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
cp=$(bench_classpath)

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== ResLens: JMH $jmh_opts on $bundle" >&2
# shellcheck disable=SC2086
java -cp "$cp" org.openjdk.jmh.Main 'org\.reslens\.bench\.InferenceBenchmark\.' $jmh_opts \
    -jvmArgsAppend "-Dreslens.bench.model=$bundle -Dreslens.bench.threads=$threads -Xmx1g" \
    -rf json -rff "$tmp/jmh.json" >"$tmp/jmh.log" 2>&1 || true
if grep -q 'Unable to acquire the JMH lock' "$tmp/jmh.log"; then
    echo "another JMH run holds /tmp/jmh.lock: two benchmarks at once would spoil both; rerun when it ends" >&2
    exit 1
fi
grep -E '^(Benchmark|InferenceBenchmark)|<failure>|Exception|Error' "$tmp/jmh.log" | grep -v '^\s*at ' >&2 || true

echo "== ResLens: paired Grad-CAM overhead, $pairs alternations" >&2
java -Dreslens.bench.threads="$threads" -Xmx1g -cp "$cp" org.reslens.bench.InferenceBenchmark "$bundle" "$pairs" \
    2>/dev/null | grep '^paired' >"$tmp/paired.tsv" || true

echo "== PyTorch: bench/inference/pytorch_peer.py $peer_opts" >&2
# shellcheck disable=SC2086
/usr/bin/python3 bench/inference/pytorch_peer.py --bundle "$bundle" --batch 8 --threads "$threads" --tsv $peer_opts \
    >"$tmp/peer.tsv" 2> >(grep -v Warning >&2)
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
jv=$(java -version 2>&1 | head -1)
/usr/bin/python3 - "$tmp/jmh.json" "$tmp/peer.tsv" "$bundle" "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$cpu" "$jv" \
    "$load_start" "$load_end" "$threads" "$tmp/paired.tsv" <<'PY'
import json
import statistics
import sys

jmh_file, peer_file, bundle, date, nproc, cpu_model, java, load_start, load_end, threads, paired_file = sys.argv[1:12]
BATCH = 8

try:
    jmh = json.load(open(jmh_file))
except (OSError, ValueError):
    jmh = []
ours = {}
for r in jmh:
    name = r["benchmark"].rsplit(".", 1)[1]
    per = BATCH if name == "batch" else 1
    wall = [v / per for fork in r["primaryMetric"]["rawData"] for v in fork]  # ms per image
    sec = r.get("secondaryMetrics", {})
    cpu = []
    if "cpuNanos" in sec:
        for fn, fi in zip(sec["cpuNanos"]["rawData"], sec["images"]["rawData"]):
            cpu += [n / i / 1e6 for n, i in zip(fn, fi) if i]
    ours[name] = (statistics.median(wall), statistics.median(cpu) if cpu else None, min(wall), max(wall))

peer, network = {}, ""
for line in open(peer_file):
    parts = line.rstrip("\n").split("\t")
    if parts[0] == "#network":
        network = " ".join(parts[1:])
        continue
    peer[parts[0]] = tuple(float(v) for v in parts[1:])


def fmt(v):
    return "-" if v is None else f"{v:.3f}"


def ratio(a, b):
    return "-" if a is None or b is None else f"{a / b:.2f}"


print(f"\nInference benchmark, {date}; {nproc} cores, {cpu_model}; {java}; bundle {bundle}; {threads} intra-op"
      " thread(s) on both sides")
print(f"PyTorch peer: {network}")
print(f"Load average (1/5/15 min) before: {load_start}, after: {load_end} (above {nproc}: other work shared the CPUs).")
print("Per image, milliseconds: median of the iterations (wall range in brackets), and process CPU time.\n")
head = f"{'case':<34}{'ResLens wall':>24}{'CPU':>9}{'PyTorch wall':>14}{'CPU':>9}{'speed-up wall':>15}{'CPU':>7}"
print(head)
print("-" * len(head))
rows = [("single slice (score)", "single", "eager_single"),
        ("batch of 8, per slice", "batch", "eager_batch"),
        ("score + Grad-CAM vs autograd", "singleWithGradCam", "autograd_gradcam")]
for label, o, p in rows:
    r = ours.get(o)
    q = peer.get(p)
    wall = f"{r[0]:.3f} ({r[2]:.3f}-{r[3]:.3f})" if r else "FAILED"
    print(f"{label:<34}{wall:>24}{fmt(r and r[1]):>9}{fmt(q and q[0]):>14}{fmt(q and q[1]):>9}"
          f"{ratio(q and q[0], r and r[0]):>15}{ratio(q and q[1], r and r[1]):>7}")
g = ours.get("gradCamOnly")
s, sg = ours.get("single"), ours.get("singleWithGradCam")
print()
if g and s:
    print(f"Grad-CAM alone (from a prediction): {g[0]:.4f} ms wall, {fmt(g[1])} ms CPU"
          f" = {100 * g[0] / s[0]:.1f} % of a single-slice inference (goal <= 5 %)")
if s and sg:
    print(f"Score + Grad-CAM over score alone, consecutive JMH benchmarks (load drifts between them, see the paired"
          f" figure): {100 * (sg[0] / s[0] - 1):+.1f} % wall"
          + (f", {100 * (sg[1] / s[1] - 1):+.1f} % CPU" if sg[1] and s[1] else ""))
paired = None
try:
    for line in open(paired_file):
        parts = line.split("\t")
        paired = [float(v) for v in parts[1:4]] + [int(parts[4])]
except (OSError, ValueError, IndexError):
    paired = None
if paired:
    lo, fe, cam, n = paired
    print(f"Paired ({n} alternations, medians): logits only {lo:.3f} ms, with the feature map {fe:.3f} ms"
          f" ({100 * (fe / lo - 1):+.1f} %), Grad-CAM {cam:.3f} ms ({100 * cam / lo:.1f} %):"
          f" score + Grad-CAM costs {100 * ((fe + cam) / lo - 1):+.1f} % over the score alone (goal <= 5 %)")
if sg and peer.get("autograd_gradcam"):
    print(f"Autograd Grad-CAM / ResLens score + Grad-CAM: {peer['autograd_gradcam'][0] / sg[0]:.2f}x wall (goal >= 3x)")
if s and peer.get("eager_single"):
    print(f"PyTorch eager / ORT, single slice: {peer['eager_single'][0] / s[0]:.2f}x wall (goal > 1)")
missing = [n for n in ("single", "singleWithGradCam", "batch", "gradCamOnly") if n not in ours]
if missing:
    print("ResLens FAILED for: " + ", ".join(missing) + " (see the JMH log lines above)")
PY
