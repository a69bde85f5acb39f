# Sourced by the bench/run-*.sh scripts (from the repository root, after `set -euo pipefail`).
#
# bench_classpath: prints the class path of compiled main + test classes and all dependencies. RESLENS_BENCH_CP,
# when set, is used as it is and Maven is not run; otherwise `mvn -q -o test-compile` builds (which also runs JMH's
# annotation processor) and Maven lists the dependencies.
bench_classpath() {
    if [[ -n "${RESLENS_BENCH_CP:-}" ]]; then
        printf '%s\n' "$RESLENS_BENCH_CP"
        return
    fi
    local deps
    deps=$(mktemp)
    echo "== building (mvn -q -o test-compile)" >&2
    mvn -q -o test-compile >&2
    mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$deps" >/dev/null
    printf '%s\n' "target/test-classes:target/classes:$(cat "$deps")"
    rm -f "$deps"
}
