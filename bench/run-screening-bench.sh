#!/usr/bin/env bash
# Screening benchmark: `reslens screen` end to end against pure inference of the same slices (issue #6's ratio,
# goal >= 0.90), and the heap on a 20,000-file input, in one JVM per part.
#
#   bench/run-screening-bench.sh [throughput|memory|all] [MODEL_DIR]    from the repository root
#
# throughput (default): 100 studies of 20 synthetic 64 x 64 MR slices; 1 untimed warm-up round, then ROUNDS rounds
#   of end to end, pure inference with scores only, and pure inference with every feature map; every end-to-end run
#   is compared with the pure runs just before and after it. About 2 minutes on an idle 2-core machine.
# memory: 2,000 and 20,000 files under -Xmx256m; live heap (a full GC every 2 s), committed heap and peak RSS.
#   About 5 minutes; the corpora (about 240 MB for 20,000 files) are generated once into the work dir and reused.
#
# Environment (all optional):
#   RESLENS_BENCH_CP    a complete class path with compiled main + test classes and all dependencies; when set,
#                       Maven is not run
#   RESLENS_BENCH_DIR   work folder (default /tmp/reslens-bench/screening; corpora are kept there and reused)
#   ROUNDS, WARMUP      timed and untimed rounds (default 3 and 1)
#   STUDIES             studies of 20 slices per throughput round (default 100: 2,000 slices, about 4 s end to end,
#                       where the JIT's warm-up of the pipeline still shows; 500: 10,000 slices, an overnight-like
#                       run in which it has settled, about 1 minute per round)
#   WORKERS, BATCH      the screening's worker threads and batch size (default: half the cores, 8)
#   INTRA_OP            ONNX Runtime's intra-op threads for both sides (default: one per core); fewer than the cores
#                       stands for a machine on which the model leaves cores free for reading and decoding
#   CORPUS              a folder to measure throughput on instead of the generated 64 x 64 corpus, e.g. the
#                       realistic slices of bench/make-demo-corpus.sh (240 x 240, JPEG Lossless and RLE)
#   THREADS=true        CPU time by thread (ONNX Runtime's native threads, the pipeline's, the JIT's, GC) per phase
#
# The machine may be shared: each round prints the load average; compare ratios from the same run, not absolute
# figures across runs. The default model is models/brain-lesion-demo; without it, make the stand-in with
# `/usr/bin/python3 src/test/fixtures/screening/make_screening_fixtures.py --bench-model`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mode=${1:-throughput}
model=${2:-models/brain-lesion-demo}
dir=${RESLENS_BENCH_DIR:-/tmp/reslens-bench/screening}

# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
cp=$(bench_classpath)

props=(-Drounds="${ROUNDS:-3}" -Dwarmup="${WARMUP:-1}" -Dthreads="${THREADS:-false}")
[[ -n "${CORPUS:-}" ]] && props+=(-Dcorpus="$CORPUS")
[[ -n "${WORKERS:-}" ]] && props+=(-Dworkers="$WORKERS")
[[ -n "${BATCH:-}" ]] && props+=(-Dbatch="$BATCH")
[[ -n "${INTRA_OP:-}" ]] && props+=(-DintraOpThreads="$INTRA_OP")

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $mode == throughput || $mode == all ]]; then
    java -Xmx512m "${props[@]}" -cp "$cp" org.reslens.bench.ScreeningBenchmark "$model" "$dir" 20000 "${STUDIES:-100}" \
        throughput
fi
if [[ $mode == memory || $mode == all ]]; then
    java -Xmx256m -XX:G1HeapRegionSize=8m "${props[@]}" -cp "$cp" org.reslens.bench.ScreeningBenchmark "$model" \
        "$dir" 20000 100 memory
fi
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
