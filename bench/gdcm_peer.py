#!/usr/bin/python3
"""GDCM on the DICOM read benchmark corpus: the C++ peer that ResLens's reader is compared with.

    /usr/bin/python3 bench/gdcm_peer.py [--dir /tmp/reslens-bench] [--iterations 7] [--seconds 1] [--tsv]

Runs under Debian's python3-gdcm (hence /usr/bin/python3: a python3 earlier on PATH may lack the module). Measures,
on the files bench/make-bench-corpus.sh writes, with the page cache warm (a warm-up iteration reads every file first):

  header   gdcm.Reader.ReadUpToTag(PixelData, skiptags={PixelData}) on explicit-le.dcm: GDCM stops in front of
           Pixel Data without reading its value (checked: the stream stops ~1 KB into the file), the same work as
           ResLens's DicomFile.open.
  <kind>   each of explicit-le, rle, jpeg-lossless, jpeg-ls, j2k: the whole file read and its frame decoded, in
           two ways (below).

Every operation starts from the file name, as ResLens's benchmark does. Each figure is the median of --iterations
timed iterations of --seconds each, after one untimed warm-up iteration, like the JMH settings of run-dicom-bench.sh
(which also takes the median of JMH's iterations).

Two GDCM figures per decode, because the Python binding distorts the obvious one:
  getbuffer  ImageReader.Read() + GetImage().GetBuffer(), as a Python user calls it. GetBuffer() returns a Python
             str made with PyUnicode_DecodeUTF8(..., "surrogateescape") over the 512 KiB, which costs milliseconds
             (timed on its own in the "binding" row) and is no part of GDCM's C++ decode.
  cpp        the same decode kept inside C++: ImageReader.Read() + ImageChangeTransferSyntax to Explicit VR Little
             Endian (the codec decodes into a new Pixel Data element; the result is checked once against the
             native file). For explicit-le.dcm, already native, this is ImageReader.Read() alone: GDCM holds the
             bytes after reading, and GetBuffer would add only a 512 KiB memcpy (tens of us).
             This is the figure to compare ResLens with; it still includes a few SWIG calls (~1-3 us).
The header figure also includes those few SWIG calls.

Each case is timed in wall-clock time and in process CPU time (see measure()). Process, not thread, CPU time: GDCM
decodes JPEG 2000 through OpenJPEG with worker threads (on the 2-core machine: ~3.8 ms CPU on the calling thread,
~23 ms in all threads per frame), so its wall-clock JPEG 2000 figure profits from every free core while ResLens's
decoder uses one; the other codecs run on the calling thread alone.

--tsv prints one machine-readable line per case and method for run-dicom-bench.sh:
    case <TAB> method <TAB> wall_us_per_op <TAB> cpu_us_per_op <TAB> wall_min_us <TAB> wall_max_us
"""

import argparse
import os
import sys
import time

import gdcm  # Debian python3-gdcm

DECODED_BYTES = 512 * 512 * 2
KINDS = ["explicit-le", "rle", "jpeg-lossless", "jpeg-ls", "j2k"]
PIXEL_DATA = gdcm.Tag(0x7FE0, 0x0010)
NATIVE_TS = gdcm.TransferSyntax(gdcm.TransferSyntax.ExplicitVRLittleEndian)


def read_header(path):
    skip = gdcm.TagSetType()
    skip.insert(PIXEL_DATA)
    reader = gdcm.Reader()
    reader.SetFileName(path)
    if not reader.ReadUpToTag(PIXEL_DATA, skip):
        raise RuntimeError("GDCM cannot read the header of " + path)
    return reader


def decode(path):
    reader = gdcm.ImageReader()
    reader.SetFileName(path)
    if not reader.Read():
        raise RuntimeError("GDCM cannot read " + path)
    buf = reader.GetImage().GetBuffer()
    if len(buf) != DECODED_BYTES:
        raise RuntimeError("GDCM decoded %d bytes from %s, expected %d" % (len(buf), path, DECODED_BYTES))
    return buf


def decode_in_cpp(path, check_against=None):
    reader = gdcm.ImageReader()
    reader.SetFileName(path)
    if not reader.Read():
        raise RuntimeError("GDCM cannot read " + path)
    image = reader.GetImage()
    if image.GetTransferSyntax() == NATIVE_TS:
        out = image
    else:
        change = gdcm.ImageChangeTransferSyntax()
        change.SetTransferSyntax(NATIVE_TS)
        change.SetInput(image)
        if not change.Change():
            raise RuntimeError("GDCM cannot decode " + path)
        out = change.GetOutput()  # owned by `change`: used only while it is alive
    length = out.GetDataElement().GetVL()
    if check_against is not None and as_bytes(out.GetBuffer()) != check_against:
        raise RuntimeError("GDCM decodes %s to different samples" % path)
    return length


def as_bytes(buf):
    """GetBuffer's str back to the bytes GDCM produced (the binding decoded them with surrogateescape)."""
    return buf.encode("utf-8", "surrogateescape")


def measure(op, iterations, seconds):
    """Times `iterations` iterations of about `seconds` each, after one untimed warm-up iteration that also warms the
    page cache and GDCM's lazily built tables. Returns (wall median, wall min, wall max, CPU median) in microseconds
    per call. Medians, not means, because on a shared machine an iteration that loses the CPU to another process
    would otherwise drag the figure; CPU time is the process's (all threads, in case a codec uses several), which
    other processes inflate far less than wall-clock time."""
    wall, cpu = [], []
    for i in range(iterations + 1):
        calls = 0
        cpu_start = time.process_time_ns()
        start = time.perf_counter_ns()
        deadline = start + int(seconds * 1e9)
        now = start
        while now < deadline:
            # Batches of 8 keep the clock reads out of the figure for the microsecond-scale header case.
            for _ in range(8):
                op()
            calls += 8
            now = time.perf_counter_ns()
        cpu_now = time.process_time_ns()
        if i > 0:
            wall.append((now - start) / 1000.0 / calls)
            cpu.append((cpu_now - cpu_start) / 1000.0 / calls)
    return median(wall), min(wall), max(wall), median(cpu)


def median(values):
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def mb_per_s(us):
    return DECODED_BYTES / us  # bytes per microsecond == MB/s (1 MB = 1e6 bytes)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default=os.environ.get("RESLENS_BENCH_DIR", "/tmp/reslens-bench"))
    ap.add_argument("--iterations", type=int, default=7)
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--tsv", action="store_true", help="machine-readable output for run-dicom-bench.sh")
    args = ap.parse_args()
    files = {k: os.path.join(args.dir, k + ".dcm") for k in KINDS}
    missing = [f for f in files.values() if not os.path.isfile(f)]
    if missing:
        sys.exit("missing %s: run bench/make-bench-corpus.sh first" % ", ".join(missing))

    # The comparison is only fair if GDCM decodes these files to the same samples: every lossless variant must
    # match the native file, by both paths.
    reference = as_bytes(decode(files["explicit-le"]))
    with open(files["explicit-le"], "rb") as f:
        if f.read()[-DECODED_BYTES:] != reference:
            sys.exit("GDCM's native decode differs from the file's Pixel Data")
    wrong = [kind for kind in KINDS if as_bytes(decode(files[kind])) != reference]
    if wrong:
        sys.exit("GDCM decodes different samples from " + ", ".join(wrong))
    for kind in KINDS:
        decode_in_cpp(files[kind], check_against=reference)

    rows = [("header", "reader") + measure(lambda: read_header(files["explicit-le"]), args.iterations, args.seconds),
            # The binding's str conversion of the 512 KiB result, on the real decoded content.
            ("binding", "conversion") + measure(lambda: reference.decode("utf-8", "surrogateescape"),
                                                args.iterations, args.seconds)]
    for kind in KINDS:
        path = files[kind]
        rows.append((kind, "getbuffer") + measure(lambda: decode(path), args.iterations, args.seconds))
        rows.append((kind, "cpp") + measure(lambda: decode_in_cpp(path), args.iterations, args.seconds))

    if args.tsv:
        # case, method, wall us/op (median), CPU us/op (median), wall min, wall max
        for case, method, wall, lo, hi, cpu in rows:
            print("%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f" % (case, method, wall, cpu, lo, hi))
        return
    print("GDCM %s via python3-gdcm; median of %d x %.1f s per case" % (gdcm.Version.GetVersion(), args.iterations,
                                                                       args.seconds))
    print("%-14s %-10s %12s %12s %10s %10s %16s" % ("case", "method", "wall us/op", "CPU us/op", "wall MB/s",
                                                    "CPU MB/s", "wall range us"))
    for case, method, wall, lo, hi, cpu in rows:
        per_frame = case in KINDS
        print("%-14s %-10s %12.1f %12.1f %10s %10s %16s" % (
            case, method, wall, cpu, "%.0f" % mb_per_s(wall) if per_frame else "-",
            "%.0f" % mb_per_s(cpu) if per_frame else "-", "%.0f-%.0f" % (lo, hi)))


if __name__ == "__main__":
    main()
