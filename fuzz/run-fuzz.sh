#!/usr/bin/env bash
# The longer fuzzing run (see fuzz/README.md): every Jazzer @FuzzTest in turn, in fuzzing mode, with a time
# budget per target. Without JAZZER_FUZZ the same tests run as quick regression tests inside `mvn verify`.
#
#   fuzz/run-fuzz.sh                         all targets, 5 minutes each
#   FUZZ_SECONDS=1800 fuzz/run-fuzz.sh       half an hour each
#   fuzz/run-fuzz.sh CodecFuzzTest#jpegLs    one target (Class#method, class in org.reslens.fuzz)
#   fuzz/run-fuzz.sh ModelMetadataFuzzTest#metadataJson OnnxModelFuzzTest#onnxGraph OnnxGraphFuzzTest#graphEdits \
#                    ModelBundleFuzzTest#bundle           the model loader's targets only
#
# Environment: FUZZ_SECONDS (per target, default 300), FUZZ_TIMEOUT (seconds before one input counts as a hang,
# default 30), MVN (default mvn), MVN_ARGS (extra Maven arguments, e.g. -o).
# A libFuzzer dictionary in fuzz/dicts/<Class>_<method>.dict (keys, operator names) is passed when it exists.
# Output: target/fuzz/<Class>_<method>.log per target and target/fuzz/summary.txt. Crashing inputs are written by
# Jazzer into src/test/resources/org/reslens/fuzz/<Class>Inputs/<method>/crash-*: commit them with the fix, and they
# run in every `mvn verify` from then on. The growing corpus lives in .cifuzz-corpus/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${FUZZ_SECONDS:-300}
INPUT_TIMEOUT=${FUZZ_TIMEOUT:-30}
MVN=${MVN:-mvn}
read -r -a EXTRA <<< "${MVN_ARGS:-}"

ALL_TARGETS=(
  DicomReaderFuzzTest#headerParsing
  DicomReaderFuzzTest#fullRead
  SequenceNestingFuzzTest#nestedSequences
  EncapsulatedPixelDataFuzzTest#fragmentTables
  CodecFuzzTest#rle
  CodecFuzzTest#jpegLs
  CodecFuzzTest#jpegDct
  CodecFuzzTest#jpegLossless
  CodecFuzzTest#imageIoJpeg
  CodecFuzzTest#imageIoJpeg2000
  CharacterSetFuzzTest#decode
  ModelMetadataFuzzTest#metadataJson
  OnnxModelFuzzTest#onnxGraph
  OnnxGraphFuzzTest#graphEdits
  ModelBundleFuzzTest#bundle
)
if [ "$#" -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

# Full stack traces for every exception, also the ones HotSpot would throw preallocated and traceless once hot:
# FuzzInvariants tells a reader bug from a plugin failure by where the exception was thrown. JDK_JAVA_OPTIONS
# reaches the JVM surefire forks whatever argLine the pom sets.
export JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:-} -XX:-OmitStackTraceInFastThrow"

mkdir -p target/fuzz
"$MVN" -q "${EXTRA[@]}" test-compile

summary=target/fuzz/summary.txt
printf '%-46s %12s %8s %8s  %s\n' target executions cov ft findings > "$summary"
status=0
for t in "${TARGETS[@]}"; do
  log="target/fuzz/${t/\#/_}.log"
  dict="fuzz/dicts/${t/\#/_}.dict"
  dict_arg=()
  if [ -f "$dict" ]; then dict_arg=(-Djazzer.internal.arg.3=-dict="$PWD/$dict"); fi
  echo "== $t: ${SECONDS_PER_TARGET}s, log $log"
  # Only one @FuzzTest can fuzz per JVM, hence one surefire run per target. jazzer.internal.arg.N are libFuzzer
  # arguments (Jazzer 0.24 reads them as JUnit configuration parameters); they come after the annotation's
  # maxDuration, so this budget wins.
  set +e
  JAZZER_FUZZ=1 "$MVN" "${EXTRA[@]}" surefire:test -Dtest="org.reslens.fuzz.$t" \
    -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.internal.arg.0=fake_argv0 \
    -Djazzer.internal.arg.1=-max_total_time="$SECONDS_PER_TARGET" \
    -Djazzer.internal.arg.2=-timeout="$INPUT_TIMEOUT" ${dict_arg[@]+"${dict_arg[@]}"} > "$log" 2>&1
  rc=$?
  set -e
  last=$(grep -a -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1 || true)
  execs=$(grep -a -E '^Done [0-9]+ runs' "$log" | sed -nE 's/^Done ([0-9]+) runs.*/\1/p' | tail -1)
  [ -n "$execs" ] || execs=$(sed -nE 's/^#([0-9]+)[[:space:]].*/\1/p' <<< "$last")
  cov=$(sed -nE 's/.* cov: ([0-9]+) .*/\1/p' <<< "$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+) .*/\1/p' <<< "$last")
  findings=$(grep -a -c 'Test unit written to' "$log" || true)
  printf '%-46s %12s %8s %8s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$findings" >> "$summary"
  if [ "$rc" -ne 0 ] || [ "$findings" != "0" ]; then
    status=1
    grep -a -E 'Test unit written to|FuzzTestFindingException|Caused by' "$log" | head -5 || true
  fi
done
cat "$summary"
exit "$status"
