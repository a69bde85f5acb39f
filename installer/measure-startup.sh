#!/usr/bin/env bash
# Measures how long the viewer takes from launch to its main window on screen, under Xvfb, for the installed
# launcher and, as the peer measured in the same run, the README's `java -jar target/reslens.jar`:
#
#   [ARGS=...] [NICE=-20] installer/measure-startup.sh [RUNS] [LAUNCHER]
#   (defaults: 5 runs, /opt/reslens/bin/reslens)
#
# Each run starts `LAUNCHER --demo` and `java -XX:G1HeapRegionSize=8m -jar target/reslens.jar --demo` in turn, polls
# the X server (xwininfo, every 10 ms) until a viewable top-level window titled "ResLens..." exists, notes the wall
# time and the CPU time the program has used by then, and closes the program. The first run of each warms the file
# cache and is reported but not counted. Needs Xvfb and xwininfo (x11-utils); not part of CI (timings on shared CI
# machines are noise); see docs/installer.md for figures.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-5}
LAUNCHER=${2:-/opt/reslens/bin/reslens}
# ARGS: what the viewer opens (default --demo; ARGS= for the empty window). NICE=-20 (root) runs both programs ahead
# of other work on a shared machine, which is closer to a quiet desktop.
read -r -a APP_ARGS <<<"${ARGS---demo}"
PRIORITY=()
[ -n "${NICE:-}" ] && PRIORITY=(nice -n "$NICE")
[ -x "$LAUNCHER" ] || { echo "no launcher $LAUNCHER: install the package first" >&2; exit 1; }
[ -f "$ROOT/target/reslens.jar" ] || { echo "no target/reslens.jar for the peer: mvn package first" >&2; exit 1; }
command -v xwininfo >/dev/null || { echo "xwininfo missing (apt-get install x11-utils)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/reslens-startup.XXXXXX)
DISPLAY_NUMBER=97
Xvfb ":$DISPLAY_NUMBER" -screen 0 1600x1000x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
cleanup() {
    kill "$XVFB_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
export DISPLAY=:$DISPLAY_NUMBER
for _ in $(seq 100); do xwininfo -root >/dev/null 2>&1 && break; sleep 0.05; done

# Seconds from start until a viewable "ResLens" window exists, and the CPU seconds used by then ("timeout" after 60 s).
time_to_window() {
    local start=$1 pid=$2 id
    while kill -0 "$pid" 2>/dev/null; do
        id=$(xwininfo -root -tree 2>/dev/null | awk '/"ResLens/ { print $1; exit }')
        if [ -n "$id" ] && xwininfo -id "$id" 2>/dev/null | grep -q IsViewable; then
            # wall seconds, then the CPU seconds the program had used (all threads; less sensitive to other load)
            awk -v s="$start" -v e="$(date +%s.%N)" -v hz="$(getconf CLK_TCK)" -v stat="$(cat /proc/$pid/stat)" \
                'BEGIN { n = split(stat, f, " "); printf "%.2f %.2f", e - s, (f[14] + f[15]) / hz }'
            return
        fi
        if awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { exit !(e - s > 60) }'; then
            echo "timeout"
            return
        fi
        sleep 0.01
    done
    echo "exited"
}

run_one() {
    local start pid t
    start=$(date +%s.%N)
    "${PRIORITY[@]}" "$@" "${APP_ARGS[@]}" >>"$WORK/app.log" 2>&1 &
    pid=$!
    t=$(time_to_window "$start" "$pid")
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "$t"
}

installed=()
peer=()
installed_cpu=()
peer_cpu=()
echo "viewer arguments: ${APP_ARGS[*]:-(none)}; priority: ${NICE:-default}; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 0 "$RUNS"); do
    a=$(run_one "$LAUNCHER")
    b=$(run_one java -XX:G1HeapRegionSize=8m -jar "$ROOT/target/reslens.jar")
    echo "run $i: installed ${a% *} s (CPU ${a#* } s), java -jar ${b% *} s (CPU ${b#* } s)$([ "$i" = 0 ] \
        && echo ' (warm-up, not counted)')"
    if [ "$i" != 0 ]; then
        installed+=("${a% *}")
        peer+=("${b% *}")
        installed_cpu+=("${a#* }")
        peer_cpu+=("${b#* }")
    fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
stats() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1; s += $1 } END { printf "median %.2f s, min %.2f s, max %.2f s, mean %.2f s", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR], s / NR }'
}
echo "installed launcher: wall $(stats "${installed[@]}"); CPU $(stats "${installed_cpu[@]}")"
echo "java -jar (peer):   wall $(stats "${peer[@]}"); CPU $(stats "${peer_cpu[@]}")"
