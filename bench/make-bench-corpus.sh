#!/usr/bin/env bash
# Makes the DICOM read benchmark corpus: one 512x512 signed 16-bit CT slice in five transfer syntaxes.
#
#   bench/make-bench-corpus.sh [out-dir]        (default: $RESLENS_BENCH_DIR or /tmp/reslens-bench)
#
# The corpus is generated, never committed. The slice is a smooth phantom (air, a soft-tissue body ellipse with
# organs, a bone ring, mild noise of about 10 HU) rather than white noise, so the lossless codecs compress it about
# as well as a real CT slice and their decode speed is representative. The pixels are deterministic (fixed seed).
#
# Needs: /usr/bin/python3 with numpy (Debian python3-numpy), dcmtk (dump2dcm, dcmconv, dcmcrle, dcmcjpeg, dcmcjpls),
# GDCM (gdcmconv) for JPEG 2000.
set -euo pipefail

out=${1:-${RESLENS_BENCH_DIR:-/tmp/reslens-bench}}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- pixels -------------------------------------------------------------------------------------------------------
/usr/bin/python3 - "$work/ct.raw" <<'PY'
import sys
import numpy as np

n = 512
rng = np.random.default_rng(20240611)
y, x = np.mgrid[0:n, 0:n].astype(np.float64)
cx, cy = n / 2, n / 2 + 10

def ellipse(ax, ay, ox=0.0, oy=0.0):
    return ((x - cx - ox) / ax) ** 2 + ((y - cy - oy) / ay) ** 2

hu = np.full((n, n), -1000.0)                                   # air
body = ellipse(220, 170)
hu[body <= 1] = 40.0                                            # soft tissue
hu[(body <= 1) & (body > 0.93)] = -90.0                         # subcutaneous fat rim
hu[ellipse(70, 90, -95, -10) <= 1] = -820.0                     # right lung
hu[ellipse(70, 90, 95, -10) <= 1] = -830.0                      # left lung
hu[ellipse(45, 40, 0, 20) <= 1] = 55.0                          # liver-ish organ
hu[ellipse(12, 12, 10, 5) <= 1] = 180.0                         # contrast-filled vessel
ring = ellipse(28, 26, 0, 95)
hu[(ring <= 1) & (ring > 0.55)] = 1000.0                        # vertebra cortex
hu[ring <= 0.55] = 300.0                                        # cancellous bone
hu[(np.abs(y - (cy + 175)) < 6) & (np.abs(x - cx) < 240)] = 20.0  # table

# Soften edges a little (a 5x5 box blur done with cumulative sums) as the scanner's PSF does.
def box(a, r=2):
    p = np.pad(a, r, mode="edge")
    c = p.cumsum(0).cumsum(1)
    c = np.pad(c, ((1, 0), (1, 0)))
    k = 2 * r + 1
    return (c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]) / (k * k)

hu = box(hu)
# Mild noise, slightly correlated as reconstruction kernels make it; air outside the body stays quieter.
noise = box(rng.normal(0.0, 30.0, (n, n)), 1)                   # sd ~10 HU after the 3x3 average
noise[body > 1.05] *= 0.3
hu = np.rint(hu + noise).clip(-1024, 3071).astype("<i2")
hu.tofile(sys.argv[1])
print(f"phantom: min {hu.min()} max {hu.max()} noise sd in tissue {hu[ellipse(30, 30, 0, -60) <= 1].std():.1f} HU",
      flush=True)
PY

# --- DICOM header ---------------------------------------------------------------------------------------------------
cat > "$work/ct.dump" <<DUMP
(0002,0001) OB 00\01
(0002,0002) UI =CTImageStorage
(0002,0003) UI [1.2.826.0.1.3680043.10.1234.9.1.1]
(0002,0010) UI =LittleEndianExplicit
(0008,0005) CS [ISO_IR 100]
(0008,0008) CS [ORIGINAL\PRIMARY\AXIAL]
(0008,0016) UI =CTImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.10.1234.9.1.1]
(0008,0020) DA [20240611]
(0008,0030) TM [101500]
(0008,0060) CS [CT]
(0008,0070) LO [ResLens Bench]
(0008,103e) LO [Bench phantom abdomen 5mm]
(0010,0010) PN [Bench^Phantom]
(0010,0020) LO [BENCH0001]
(0010,0030) DA [19700101]
(0010,0040) CS [O]
(0018,0050) DS [5.0]
(0018,0060) DS [120]
(0018,1151) IS [250]
(0018,1210) SH [STANDARD]
(0020,000d) UI [1.2.826.0.1.3680043.10.1234.9.2]
(0020,000e) UI [1.2.826.0.1.3680043.10.1234.9.3]
(0020,0010) SH [1]
(0020,0011) IS [2]
(0020,0013) IS [1]
(0020,0032) DS [-250.0\-250.0\-100.0]
(0020,0037) DS [1\0\0\0\1\0]
(0020,0052) UI [1.2.826.0.1.3680043.10.1234.9.4]
(0020,1041) DS [-100.0]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 512
(0028,0011) US 512
(0028,0030) DS [0.9765625\0.9765625]
(0028,0100) US 16
(0028,0101) US 16
(0028,0102) US 15
(0028,0103) US 1
(0028,1050) DS [40]
(0028,1051) DS [400]
(0028,1052) DS [0]
(0028,1053) DS [1]
(0028,1054) LO [HU]
(7fe0,0010) OW =$work/ct.raw
DUMP

dump2dcm --write-file "$work/ct.dump" "$work/base.dcm"

# --- transfer syntaxes ------------------------------------------------------------------------------------------------
dcmconv  --write-xfer-little      "$work/base.dcm" "$out/explicit-le.dcm"   # 1.2.840.10008.1.2.1
dcmcrle                            "$work/base.dcm" "$out/rle.dcm"           # 1.2.840.10008.1.2.5
dcmcjpeg --encode-lossless-sv1     "$work/base.dcm" "$out/jpeg-lossless.dcm" # 1.2.840.10008.1.2.4.70
dcmcjpls --encode-lossless         "$work/base.dcm" "$out/jpeg-ls.dcm"       # 1.2.840.10008.1.2.4.80
gdcmconv --j2k                     "$work/base.dcm" "$out/j2k.dcm"           # 1.2.840.10008.1.2.4.90 (lossless)

for f in explicit-le rle jpeg-lossless jpeg-ls j2k; do
    ts=$(dcmdump -Un -s +P 0002,0010 "$out/$f.dcm" | sed -E 's/.*\[([0-9.]+)\].*/\1/')
    printf '%-18s %8d bytes  %s\n' "$f.dcm" "$(stat -c %s "$out/$f.dcm")" "$ts"
done
