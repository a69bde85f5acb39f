#!/usr/bin/env bash
# Builds the ResLens workstation installer with jlink + jpackage:
#
#   installer/build.sh [TYPE...]
#
# TYPE is app-image (always built) and, by platform, deb or rpm (Linux), msi or exe (Windows, from Git Bash, needs
# WiX 3 on PATH), dmg or pkg (macOS). Default: deb on Linux, msi on Windows, dmg on macOS. The packages land in
# target/installer/ (the app image in target/installer/image/). Expects target/reslens.jar and target/lib/ from
# `mvn package` (CI's `mvn verify` makes them) and runs `mvn -q -B package -DskipTests` itself when they are missing.
#
# Layout of the app (the folder jpackage calls $APPDIR, e.g. /opt/reslens/lib/app):
#   reslens.jar, lib/*.jar      the application and its libraries, on the class path (JavaFX is in the runtime)
#   native/                     ONNX Runtime's two native libraries, loaded from here (never unpacked to /tmp)
#   models/brain-lesion-demo/   the default model        } found through -Dreslens.home=$APPDIR
#   assets/demo/                the demo studies         }
#   reslens.classlist           (Linux) the classes a start of the viewer loads, recorded by this script; the .deb's
#   reslens.jsa                 postinst makes from it the class-data-sharing archive the launcher maps at start-up
# The runtime is jlinked: the JDK modules the code needs plus JavaFX made into jmods, so JavaFX's natives sit in
# the runtime's lib/ and are never unpacked to ~/.openjfx. See docs/installer.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=target/installer

# JDK modules the class path needs (jdeps over reslens.jar and target/lib, see docs/installer.md), plus
# jdk.charsets (GB18030, ISO 2022 and the other DICOM character sets beyond java.base's) and jdk.management
# (HeapCost reads G1's region size through HotSpotDiagnosticMXBean). JavaFX's own dependencies follow from its jmods.
MODULES=java.base,java.desktop,java.logging,java.management,java.sql,java.xml,jdk.charsets,jdk.management,jdk.unsupported,javafx.base,javafx.graphics,javafx.controls

# Options of every launcher. G1HeapRegionSize: the viewer's frame cache relies on 512x512 16-bit slices not being
# humongous objects. $APPDIR is expanded by the launcher to the installed app folder.
JAVA_OPTIONS=(
    --java-options '-XX:G1HeapRegionSize=8m'
    --java-options '-Donnxruntime.native.path=$APPDIR/native'
    --java-options '-Dreslens.home=$APPDIR'
    # ControlsFX finds a node's children reflectively; JavaFX is a named module in this runtime.
    --java-options '--add-opens=javafx.graphics/javafx.scene=ALL-UNNAMED'
)

die() {
    echo "installer/build.sh: $*" >&2
    exit 1
}

case "$(uname -s)" in
    Linux)
        PLATFORM=linux; JFX_CLASSIFIER=linux; ORT_NATIVE=linux-x64; PATH_SEP=:; DEFAULT_TYPES=deb
        [ "$(uname -m)" = aarch64 ] && { JFX_CLASSIFIER=linux-aarch64; ORT_NATIVE=linux-aarch64; }
        ;;
    Darwin)
        PLATFORM=mac; JFX_CLASSIFIER=mac; ORT_NATIVE=osx-x64; PATH_SEP=:; DEFAULT_TYPES=dmg
        [ "$(uname -m)" = arm64 ] && { JFX_CLASSIFIER=mac-aarch64; ORT_NATIVE=osx-aarch64; }
        ;;
    MINGW* | MSYS* | CYGWIN*)
        PLATFORM=win; JFX_CLASSIFIER=win; ORT_NATIVE=win-x64; PATH_SEP=';'; DEFAULT_TYPES=msi
        ;;
    *) die "unsupported platform $(uname -s)" ;;
esac
# Linux: the launcher maps an application class-data-sharing archive (AppCDS: the JDK's, JavaFX's and ResLens's
# classes pre-parsed, about 0.7 s of a 2.4 s start to the window). JDK 17 only accepts such an archive on the class
# path it was made for, so it cannot be built here: postinst makes it in the installed folder from reslens.classlist
# (below), and prerm deletes it. A missing or stale archive is ignored by the JVM (it then starts without CDS).
# Elsewhere the runtime's own archive (jlink --generate-cds-archive) is used: no install-time step there yet.
CDS_OPTIONS=()
JLINK_CDS=(--generate-cds-archive)
if [ "$PLATFORM" = linux ]; then
    CDS_OPTIONS=(--java-options '-XX:SharedArchiveFile=$APPDIR/reslens.jsa')
    JLINK_CDS=()
fi
TYPES=("$@")
[ ${#TYPES[@]} -gt 0 ] || TYPES=($DEFAULT_TYPES)

if [ -n "${JAVA_HOME:-}" ]; then
    JDK_BIN="$JAVA_HOME/bin"
else
    command -v jlink >/dev/null || die "no jlink on PATH and no JAVA_HOME: a full JDK 17+ is needed"
    JDK_BIN=$(dirname "$(readlink -f "$(command -v jlink)")")
    JAVA_HOME=$(dirname "$JDK_BIN")
fi
for tool in jar jmod jlink jpackage; do
    [ -x "$JDK_BIN/$tool" ] || [ -x "$JDK_BIN/$tool.exe" ] || die "$JDK_BIN/$tool missing: a full JDK 17+ is needed"
done
[ -d "$JAVA_HOME/jmods" ] || die "$JAVA_HOME/jmods missing (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless)"

if [ ! -f target/reslens.jar ] || [ ! -d target/lib ]; then
    echo "target/reslens.jar missing: running mvn package" >&2
    mvn -q -B package -DskipTests
fi

# Version from the stamped build.properties (jpackage wants digits only: 0.1.0-SNAPSHOT is packaged as 0.1.0).
rm -rf "$OUT"
mkdir -p "$OUT"/{jmods,input/lib,input/native,input/models,input/assets,image,work/props}
(cd "$OUT/work/props" && "$JDK_BIN/jar" xf "$ROOT/target/reslens.jar" org/reslens/build.properties)
VERSION=$(sed -n 's/^version=//p' "$OUT/work/props/org/reslens/build.properties" | tr -d '\r')
APP_VERSION=$(printf '%s' "$VERSION" | sed -E 's/^([0-9]+(\.[0-9]+){0,2}).*/\1/')
[[ "$APP_VERSION" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || die "cannot derive a numeric version from '$VERSION'"

JFX_VERSION=$(ls target/lib | sed -n "s/^javafx-graphics-\(.*\)-$JFX_CLASSIFIER\.jar$/\1/p" | head -1)
[ -n "$JFX_VERSION" ] || die "target/lib has no javafx-graphics-*-$JFX_CLASSIFIER.jar: build with mvn on this platform"
ORT_JAR=$(ls target/lib/onnxruntime-*.jar | head -1)

step() {
    printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

# 1. JavaFX's platform jars as jmods: classes and resources in one, the native libraries in the jmod's lib section,
#    so jlink places them in the runtime's lib/ (bin\ on Windows) where JavaFX loads them directly.
step "JavaFX $JFX_VERSION ($JFX_CLASSIFIER) as jmods"
for module in base graphics controls; do
    dir="$OUT/work/javafx.$module"
    mkdir -p "$dir/classes" "$dir/libs"
    (cd "$dir/classes" && "$JDK_BIN/jar" xf "$ROOT/target/lib/javafx-$module-$JFX_VERSION-$JFX_CLASSIFIER.jar")
    find "$dir/classes" -maxdepth 1 -type f \( -name '*.so' -o -name '*.dll' -o -name '*.dylib' \) \
        -exec mv {} "$dir/libs/" \;
    rm -rf "$dir/classes/META-INF"
    "$JDK_BIN/jmod" create --module-version "$JFX_VERSION" --class-path "$dir/classes" --libs "$dir/libs" \
        "$OUT/jmods/javafx.$module.jmod"
done

# 2. The runtime. --generate-cds-archive (not on Linux, see CDS_OPTIONS) writes the class-data-sharing archive of the
#    runtime's own classes (a faster start); debug attributes, headers and man pages are left out.
step "jlink runtime: $MODULES"
"$JDK_BIN/jlink" --module-path "$JAVA_HOME/jmods$PATH_SEP$OUT/jmods" --add-modules "$MODULES" \
    --strip-debug --no-header-files --no-man-pages ${JLINK_CDS[@]+"${JLINK_CDS[@]}"} --output "$OUT/runtime"

# 3. The application folder.
step "application folder"
cp target/reslens.jar "$OUT/input/"
for jar in target/lib/*.jar; do
    case "$(basename "$jar")" in
        javafx-*) ;;                                # in the runtime
        onnxruntime-*) ;;                           # below, without its natives
        *) cp "$jar" "$OUT/input/lib/" ;;
    esac
done
# ONNX Runtime: the jar without its native/ folder (about 70 MB of libraries for five platforms) on the class path,
# this platform's libraries unpacked into native/ (found there through -Donnxruntime.native.path).
ort="$OUT/work/onnxruntime"
mkdir -p "$ort"
(cd "$ort" && "$JDK_BIN/jar" xf "$ROOT/$ORT_JAR")
[ -d "$ort/ai/onnxruntime/native/$ORT_NATIVE" ] || die "$ORT_JAR has no natives for $ORT_NATIVE"
find "$ort/ai/onnxruntime/native/$ORT_NATIVE" -maxdepth 1 -type f -exec cp {} "$OUT/input/native/" \;
rm -rf "$ort/ai/onnxruntime/native"
mv "$ort/META-INF/MANIFEST.MF" "$OUT/work/onnxruntime.MF"
"$JDK_BIN/jar" --create --file "$OUT/input/lib/$(basename "$ORT_JAR")" --manifest "$OUT/work/onnxruntime.MF" -C "$ort" .
mkdir -p "$OUT/input/models" "$OUT/input/assets"
cp -R models/brain-lesion-demo "$OUT/input/models/"
cp -R assets/demo "$OUT/input/assets/"
# Linux: the script postinst runs to make the CDS archive (see CDS_OPTIONS).
[ "$PLATFORM" = linux ] && cp installer/linux/make-cds-archive.sh "$OUT/input/"

# 4. The app image: launcher, runtime and application folder.
NAME=reslens
[ "$PLATFORM" = linux ] || NAME=ResLens
case "$PLATFORM" in
    linux) ICON=installer/icon/reslens.png ;;
    win) ICON=installer/icon/reslens.ico ;;
    mac) ICON=installer/icon/reslens.icns ;;
esac
COMMON=(--name "$NAME" --app-version "$APP_VERSION" --vendor "ResLens"
    --description "DICOM workstation with explainable AI (demonstration model: not for clinical use)"
    --copyright "ResLens contributors")
PLATFORM_IMAGE=()
if [ "$PLATFORM" = win ]; then
    # ResLens.exe has no console (the viewer); reslens-cli.exe is the same program with one, for commands.
    PLATFORM_IMAGE=(--add-launcher reslens-cli=installer/windows/cli-launcher.properties)
elif [ "$PLATFORM" = mac ]; then
    PLATFORM_IMAGE=(--mac-package-identifier org.reslens.workstation --mac-package-name ResLens)
fi
step "jpackage app-image ($NAME $APP_VERSION, from $VERSION)"
"$JDK_BIN/jpackage" --type app-image "${COMMON[@]}" --input "$OUT/input" --main-jar reslens.jar \
    --main-class org.reslens.Main --runtime-image "$OUT/runtime" "${JAVA_OPTIONS[@]}" \
    ${CDS_OPTIONS[@]+"${CDS_OPTIONS[@]}"} --icon "$ICON" \
    ${PLATFORM_IMAGE[@]+"${PLATFORM_IMAGE[@]}"} --dest "$OUT/image"
IMAGE="$OUT/image/$NAME"
[ "$PLATFORM" = mac ] && IMAGE="$OUT/image/$NAME.app"

# 4a. Linux: a shell launcher in place of jpackage's. JDK 17's Linux launcher runs `rpm -qf`, `dpkg -S` and `dpkg -L`
#     twice at every start to find its own library (0.25 s of a 0.5 s `reslens --version` here; strace shows the
#     commands), so bin/reslens becomes a script that starts the runtime's java with exactly the JVM arguments jpackage's
#     launcher passes: the options of lib/app/reslens.cfg with $APPDIR expanded, -Djpackage.app-version and
#     -Djpackage.app-path, and its class path, in the same order (the CDS archive needs the same class path).
if [ "$PLATFORM" = linux ]; then
    step "bin/reslens: a shell launcher generated from lib/app/reslens.cfg"
    cfg="$IMAGE/lib/app/reslens.cfg"
    [ -x "$IMAGE/lib/runtime/bin/java" ] || die "the app image's runtime has no bin/java"
    {
        echo '#!/bin/sh'
        echo '# ResLens launcher, generated by installer/build.sh from lib/app/reslens.cfg (see docs/installer.md). It'
        echo '# replaces jpackage'"'"'s launcher, which asks dpkg and rpm which package owns it at every start.'
        echo 'bin=$(dirname "$(readlink -f "$0")")'
        echo 'root=$(dirname "$bin")'
        echo 'APPDIR="$root/lib/app"'
        echo 'exec "$root/lib/runtime/bin/java" \'
        printf '    "%s" \\
' "-Djpackage.app-version=$APP_VERSION"
        sed -n 's/^java-options=//p' "$cfg" | grep -v '^-Djpackage.app-version=' | while IFS= read -r option; do
            printf '    "%s" \\
' "$option"
        done
        printf '    "%s" \\
' '-Djpackage.app-path=$bin/reslens'
        printf '    -cp "%s" \\
' "$(sed -n 's/^app.classpath=//p' "$cfg" | paste -sd:)"
        printf '    %s "$@"
' "$(sed -n 's/^app.mainclass=//p' "$cfg")"
    } >"$OUT/work/reslens.sh"
    install -m 755 "$OUT/work/reslens.sh" "$IMAGE/bin/reslens"
fi

# 4b. Linux: the class list for the install-time archive, recorded by starting the app image's viewer on the demo
#     study up to its screenshot (under Xvfb when there is no display), with a throw-away home and temp folder. Class
#     names only: the list is the same wherever the app is installed. Without a display the list is left out and
#     postinst archives the runtime's default class list (JDK classes only).
CLASSLIST="$IMAGE/lib/app/reslens.classlist"
if [ "$PLATFORM" = linux ]; then
    step "class list for the CDS archive (the viewer started on the demo study)"
    scratch="$OUT/work/classlist-run"
    mkdir -p "$scratch/home" "$scratch/tmp"
    DISPLAY_RUN=()
    [ -n "${DISPLAY:-}" ] || DISPLAY_RUN=(xvfb-run -a -s "-screen 0 1600x1000x24")
    if [ -n "${DISPLAY:-}" ] || command -v xvfb-run >/dev/null; then
        if JAVA_TOOL_OPTIONS="-XX:DumpLoadedClassList=$ROOT/$CLASSLIST -Duser.home=$ROOT/$scratch/home -Djava.io.tmpdir=$ROOT/$scratch/tmp" \
            timeout 300 ${DISPLAY_RUN[@]+"${DISPLAY_RUN[@]}"} "$IMAGE/bin/reslens" --demo --screenshot "$scratch/viewer.png" \
            >"$scratch/run.log" 2>&1 && [ -s "$CLASSLIST" ]; then
            echo "    $(grep -vc '^#' "$CLASSLIST") classes and lambda forms" >&2
        else
            rm -f "$CLASSLIST"
            echo "    warning: the viewer run failed (see $scratch/run.log): no class list, postinst will archive" \
                "the JDK's classes only" >&2
        fi
    else
        echo "    warning: no display and no xvfb-run: no class list, postinst will archive the JDK's classes only" >&2
    fi
fi

# 5. Packages, made from the app image.
for type in "${TYPES[@]}"; do
    case "$PLATFORM:$type" in
        *:app-image) continue ;;
        linux:deb | linux:rpm)
            PACKAGE=(--linux-package-name reslens --linux-shortcut --linux-menu-group "Graphics;MedicalSoftware;"
                --linux-app-category science --linux-deb-maintainer "ResLens maintainers <reslens@example.org>"
                --resource-dir installer/linux --file-associations installer/linux/dicom-association.properties) ;;
        win:msi | win:exe)
            PACKAGE=(--win-menu --win-menu-group ResLens --win-shortcut --win-dir-chooser
                --win-upgrade-uuid 6f1c3c1e-3b0e-4f1d-9a55-2d1f5e2c7a10
                --file-associations installer/windows/dicom-association.properties) ;;
        mac:dmg | mac:pkg)
            PACKAGE=(--file-associations installer/mac/dicom-association.properties) ;;
        *) die "package type $type is not built on $PLATFORM" ;;
    esac
    step "jpackage $type"
    "$JDK_BIN/jpackage" --type "$type" "${COMMON[@]}" --app-image "$IMAGE" --icon "$ICON" "${PACKAGE[@]}" \
        --dest "$OUT"
done

# 6. Linux: the archive for the app image itself, where it lies (built after the packages, which must not carry it:
#    it is only valid at this path), by the same script that postinst runs.
if [ "$PLATFORM" = linux ]; then
    step "CDS archive for the app image in $IMAGE"
    sh "$IMAGE/lib/app/make-cds-archive.sh" "$IMAGE" || echo "    warning: no CDS archive for the app image" >&2
fi

step "done"
du -sh "$OUT/runtime" "$IMAGE" >&2
find "$OUT" -maxdepth 1 -type f \( -name '*.deb' -o -name '*.rpm' -o -name '*.msi' -o -name '*.exe' \
    -o -name '*.dmg' -o -name '*.pkg' \) -exec ls -l {} + >&2
