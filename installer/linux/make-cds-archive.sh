#!/bin/sh
# Makes the class-data-sharing archive (AppCDS) of an installed ResLens on Linux:
#
#   make-cds-archive.sh ROOT      (ROOT holds bin/reslens and lib/app, e.g. /opt/reslens)
#
# The archive holds the JDK's, JavaFX's and ResLens's classes pre-parsed and verified; the launcher maps it at every
# start (java-options=-XX:SharedArchiveFile=$APPDIR/reslens.jsa), which takes about 0.7 s off a 2.4 s launch to the
# viewer's window on a 2-core machine (docs/installer.md). JDK 17 accepts an archive only on the class path it was
# dumped with, so it is made where the app is installed: by postinst for the .deb, by installer/build.sh for its app
# image. The class list (lib/app/reslens.classlist, recorded by installer/build.sh from a start of the viewer) says
# what to archive; without it the runtime's default class list (JDK classes only) is used.
# The dump runs through the launcher itself, so the class path and Java options in the archive are exactly those of
# every later start. A failure leaves no archive: the JVM then starts without CDS (slower, not broken).
set -eu
ROOT=$1
APP="$ROOT/lib/app"
ARCHIVE="$APP/reslens.jsa"
LIST_OPTION=""
[ -f "$APP/reslens.classlist" ] && LIST_OPTION="-XX:SharedClassListFile=$APP/reslens.classlist"
rm -f "$ARCHIVE"
if ! log=$(JAVA_TOOL_OPTIONS="-Xshare:dump -XX:SharedArchiveFile=$ARCHIVE $LIST_OPTION" "$ROOT/bin/reslens" \
    --version 2>&1) || [ ! -s "$ARCHIVE" ]; then
    rm -f "$ARCHIVE"
    echo "make-cds-archive.sh: no class-data-sharing archive made (ResLens starts without it):" >&2
    printf '%s\n' "$log" | tail -5 >&2
    exit 1
fi
chmod 644 "$ARCHIVE"
