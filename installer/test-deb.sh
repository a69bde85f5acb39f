#!/usr/bin/env bash
# Installs the .deb that installer/build.sh made, checks the installed application, and removes it again:
#
#   installer/test-deb.sh [PACKAGE.deb]        (default: target/installer/reslens_*.deb)
#
# Runs as root (as CI does). Installs the package's missing Depends and xvfb with apt-get when they are absent.
# Checks: the files and the launcher options; the class-data-sharing archive postinst makes (mapped at start-up);
# `reslens --version`; `reslens screen` on the installed demo studies with no network, using the installed default
# model; the viewer under Xvfb up to a screenshot of its main window; that nothing was written into the installation,
# unpacked to the temp folder or to ~/.openjfx; and that `dpkg -r` removes it all.
# Any failed check ends the script with "FAIL: ..." and a non-zero status.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PREFIX=/opt/reslens
APPDIR=$PREFIX/lib/app
DESKTOP_FILE=/usr/share/applications/reslens-reslens.desktop
MIME_FILE=/usr/share/mime/packages/reslens-reslens-MimeInfo.xml

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
ok() {
    echo "ok: $*"
}
seconds_since() {
    awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }'
}

[ "$(id -u)" = 0 ] || fail "run as root (dpkg -i)"
DEB=${1:-$(ls target/installer/reslens_*.deb 2>/dev/null | head -1)}
[ -f "$DEB" ] || fail "no package: run installer/build.sh first"
EXPECTED_VERSION=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
[ -n "$EXPECTED_VERSION" ] || fail "cannot read the project version from pom.xml"

WORK=$(mktemp -d /tmp/reslens-deb-test.XXXXXX)
INSTALLED_BY_US=no
cleanup() {
    status=$?
    if [ "$INSTALLED_BY_US" = yes ] && dpkg-query -W -f='${Status}' reslens 2>/dev/null | grep -q installed; then
        echo "(removing reslens after the failure)" >&2
        dpkg -P reslens >/dev/null 2>&1 || true
    fi
    [ $status = 0 ] && rm -rf "$WORK" || echo "(outputs kept in $WORK)" >&2
}
trap cleanup EXIT

# --- install -----------------------------------------------------------------------------------------------------
missing=()
for dep in $(dpkg-deb -f "$DEB" Depends | tr ',' ' ') xvfb xauth; do
    dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q "ok installed" || missing+=("$dep")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing what the package and the viewer check need: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

t0=$(date +%s.%N)
INSTALLED_BY_US=yes
dpkg -i "$DEB" >"$WORK/dpkg-i.log" 2>&1 || { cat "$WORK/dpkg-i.log" >&2; fail "dpkg -i $DEB"; }
ok "dpkg -i $(basename "$DEB") in $(seconds_since "$t0") s ($(du -sm "$DEB" | cut -f1) MB package, $(du -sm $PREFIX | cut -f1) MB installed)"
[ "$(dpkg-query -W -f='${Status}' reslens)" = "install ok installed" ] || fail "reslens is not 'install ok installed'"
[ -s $APPDIR/reslens.jsa ] || { cat "$WORK/dpkg-i.log" >&2; fail "postinst made no CDS archive $APPDIR/reslens.jsa"; }

# --- files and launcher options ------------------------------------------------------------------------------------
[ "$(readlink /usr/bin/reslens)" = $PREFIX/bin/reslens ] || fail "/usr/bin/reslens is not a link to $PREFIX/bin/reslens"
for f in $PREFIX/bin/reslens $APPDIR/reslens.jar $APPDIR/native/libonnxruntime.so $APPDIR/native/libonnxruntime4j_jni.so \
    $APPDIR/models/brain-lesion-demo/metadata.json $APPDIR/models/brain-lesion-demo/model.onnx \
    $APPDIR/assets/demo/SYNTHETIC_MR_LESION $PREFIX/lib/reslens.png "$DESKTOP_FILE" "$MIME_FILE"; do
    [ -e "$f" ] || fail "$f is missing"
done
CFG=$APPDIR/reslens.cfg
LAUNCHER=$PREFIX/bin/reslens
[ "$(head -c 9 "$LAUNCHER")" = '#!/bin/sh' ] || fail "$LAUNCHER is not the shell launcher (jpackage's asks dpkg at every start)"
for option in '-XX:G1HeapRegionSize=8m' '-Donnxruntime.native.path=$APPDIR/native' '-Dreslens.home=$APPDIR' \
    '-XX:SharedArchiveFile=$APPDIR/reslens.jsa'; do
    grep -qxF "java-options=$option" "$CFG" || fail "$CFG lacks java-options=$option"
    grep -qF "\"$option\"" "$LAUNCHER" || fail "$LAUNCHER does not pass $option"
done
grep -v '^#' "$LAUNCHER" | grep -q 'dpkg\|rpm' && fail "$LAUNCHER calls a package manager"
for module in jdk.charsets jdk.management javafx.controls java.desktop; do
    grep -q "^MODULES=.*\b$module\b" $PREFIX/lib/runtime/release || fail "the runtime lacks $module"
done
ls $APPDIR/lib | grep -q '^javafx' && fail "JavaFX jars on the class path (JavaFX belongs in the runtime)"
jar tf "$(ls $APPDIR/lib/onnxruntime-*.jar)" | grep -q '^ai/onnxruntime/native/.' \
    && fail "the ONNX Runtime jar still carries native libraries"
grep -q '^MimeType=application/dicom' "$DESKTOP_FILE" || fail "$DESKTOP_FILE has no application/dicom"
grep -q "^Exec=$PREFIX/bin/reslens" "$DESKTOP_FILE" || fail "$DESKTOP_FILE does not start $PREFIX/bin/reslens"
grep -q 'pattern="\*\.dcm"' "$MIME_FILE" || fail "$MIME_FILE does not map *.dcm"
ok "files, launcher script and its options, runtime modules, desktop entry and .dcm association"

# --- runs as a fresh user, from a folder without models/ (so only the installed copies can be found) -------------
# Java takes user.home from the password database, not from $HOME: JAVA_TOOL_OPTIONS (read by the JVM under any
# launcher) points it at the fresh home, and java.io.tmpdir (where ONNX Runtime would unpack its libraries) at a
# folder of this test, so that other programs' files in /tmp cannot confuse the checks.
export HOME=$WORK/home
export JAVA_TOOL_OPTIONS="-Duser.home=$HOME -Djava.io.tmpdir=$WORK/tmp"
unset XDG_CONFIG_HOME XDG_CACHE_HOME XDG_DATA_HOME
mkdir -p "$HOME" "$WORK/tmp"
cd "$WORK"
sleep 0.05
touch "$WORK/marker"

version=$(reslens --version) || fail "reslens --version exited with $?"
echo "$version" | sed 's/^/    /'
[[ "$version" == "ResLens $EXPECTED_VERSION (commit "* ]] || fail "--version does not start with 'ResLens $EXPECTED_VERSION (commit'"
[[ "$version" == *"built 20"* ]] || fail "--version has no build time"
[[ "$version" == *"Java 17"* ]] || fail "--version does not name the Java 17 runtime"
if git -C "$ROOT" rev-parse --short=7 HEAD >/dev/null 2>&1; then
    commit=$(git -C "$ROOT" rev-parse --short=7 HEAD)
    # (a described commit may read v1.2.0-3-g<commit> once there are tags)
    [[ "$version" == *"(commit "*"$commit"* ]] || fail "--version does not name commit $commit"
fi
ok "reslens --version"

# Character sets: ISO 2022 (Japanese) and GB18030 names from the committed fixtures, decoded by the jlinked runtime
# (C.UTF-8 so that Java prints them as UTF-8 whatever the CI locale).
names=$(LC_ALL=C.UTF-8 reslens info --dump "$ROOT/src/test/resources/dicom/charset/iso2022_jp.dcm" \
    "$ROOT/src/test/resources/dicom/charset/gb18030.dcm" | grep '(0010,0010)') || fail "reslens info --dump failed"
[[ "$names" == *"山田^太郎"* ]] || fail "the ISO 2022 IR 87 name was not decoded: $names"
[[ "$names" == *"王^小东"* ]] || fail "the GB18030 name was not decoded: $names"
ok "reslens info decodes ISO 2022 IR 87 and GB18030 names"

NO_NET=()
if unshare -n true 2>/dev/null; then
    NO_NET=(unshare -n)
else
    echo "note: unshare -n is not permitted here; reslens screen runs with the network present"
fi
t0=$(date +%s.%N)
set +e
"${NO_NET[@]}" reslens screen "$APPDIR/assets/demo" --out "$WORK/screen" >"$WORK/screen.out" 2>"$WORK/screen.err"
rc=$?
set -e
screen_s=$(seconds_since "$t0")
if [ $rc != 0 ] && [ $rc != 1 ]; then
    cat "$WORK/screen.out" "$WORK/screen.err" >&2
    fail "reslens screen exited with $rc"
fi
for f in results.csv results.json report.html errors.csv; do
    [ -s "$WORK/screen/$f" ] || fail "reslens screen wrote no $f"
done
first=$(awk -F, '$1 == "study" && $2 == "1" { print $6 }' "$WORK/screen/results.csv")
[ "$first" = DEMO-0001 ] || fail "the lesion study DEMO-0001 does not rank first (rank 1: '$first')"
model_sha=$(sha256sum "$APPDIR/models/brain-lesion-demo/model.onnx" | cut -d' ' -f1)
grep -q "\"sha256\" : \"$model_sha\"" "$WORK/screen/results.json" || fail "results.json does not name the installed model"
sed 's/^/    /' "$WORK/screen.out"
ok "reslens screen on the installed demo studies, ${NO_NET[*]:-with network}: DEMO-0001 ranks first, installed model used ($screen_s s)"

command -v xvfb-run >/dev/null || fail "xvfb-run missing (apt-get install xvfb xauth)"
t0=$(date +%s.%N)
set +e
# -Xshare:on: the JVM refuses to start unless it maps the installed class-data-sharing archive.
JAVA_TOOL_OPTIONS="$JAVA_TOOL_OPTIONS -Xshare:on -Xlog:class+load=info:file=$WORK/class-load.log" \
    timeout 180 xvfb-run -a -s "-screen 0 1600x1000x24" reslens --demo --screenshot "$WORK/viewer.png" >"$WORK/viewer.log" 2>&1
rc=$?
set -e
[ $rc = 0 ] && [ -s "$WORK/viewer.png" ] || { cat "$WORK/viewer.log" >&2; fail "the viewer did not save its screenshot (status $rc)"; }
viewer_s=$(seconds_since "$t0")
env -u JAVA_TOOL_OPTIONS java "$ROOT/installer/test/PngCheck.java" "$WORK/viewer.png" 800 600 200 500 | sed 's/^/    /' \
    || fail "the screenshot $WORK/viewer.png looks empty or shows no heatmap"
ok "viewer under Xvfb: main window with the demo study and the AI result, screenshot after $viewer_s s"
loaded=$(grep -c ' source: ' "$WORK/class-load.log")
shared=$(grep -c ' source: shared objects file' "$WORK/class-load.log")
grep -q '^\[.*org\.reslens\.ui\.Viewer source: shared objects file' "$WORK/class-load.log" \
    || fail "the viewer's classes did not come from the class-data-sharing archive"
[ $((shared * 100)) -ge $((loaded * 80)) ] || fail "only $shared of $loaded classes came from the CDS archive"
ok "class-data-sharing archive made by postinst and mapped: $shared of $loaded classes of the viewer run shared"

# --- what the runs wrote ---------------------------------------------------------------------------------------------
written=$(find $PREFIX -newer "$WORK/marker" | head -5)
[ -z "$written" ] || fail "the runs wrote into the installation: $written"
[ ! -e "$HOME/.openjfx" ] || fail "JavaFX unpacked its libraries into ~/.openjfx"
unpacked=$(find "$WORK/tmp" \( -name '*.so' -o -name '*onnxruntime*' -o -name '*javafx*' \) | head -5)
[ -z "$unpacked" ] || fail "native libraries unpacked into java.io.tmpdir: $unpacked"
# (GTK keeps its settings cache in ~/.cache/dconf: not ResLens's doing.)
others=$(cd "$HOME" && find . -mindepth 2 -maxdepth 2 ! -path './.config/reslens' ! -path './.cache/reslens' \
    ! -path './.cache/dconf')
[ -z "$others" ] || fail "the runs wrote outside ~/.config/reslens and ~/.cache/reslens: $others"
ls "$HOME"/.cache/reslens/onnx/*.onnx >/dev/null 2>&1 || fail "no optimised model cached in ~/.cache/reslens/onnx"
[ -s "$HOME/.config/reslens/recent.json" ] || fail "the viewer kept no recent-studies list in ~/.config/reslens"
ok "user files only in ~/.config/reslens and ~/.cache/reslens; nothing in $PREFIX, the temp folder or ~/.openjfx"

# --- removal -----------------------------------------------------------------------------------------------------
cd "$ROOT"
dpkg -r reslens >"$WORK/dpkg-r.log" 2>&1 || { cat "$WORK/dpkg-r.log" >&2; fail "dpkg -r reslens"; }
INSTALLED_BY_US=no
for f in $PREFIX /usr/bin/reslens "$DESKTOP_FILE" "$MIME_FILE"; do
    [ ! -e "$f" ] && [ ! -L "$f" ] || fail "$f is still there after dpkg -r"
done
ok "dpkg -r removed $PREFIX, /usr/bin/reslens, the desktop entry and the MIME type"
# A package with maintainer scripts stays known to dpkg as 'config-files' until purged; purge to leave no trace.
dpkg -P reslens >/dev/null 2>&1 || fail "dpkg -P reslens"
echo "installer/test-deb.sh: all checks passed (screen $screen_s s, viewer to screenshot $viewer_s s)"
