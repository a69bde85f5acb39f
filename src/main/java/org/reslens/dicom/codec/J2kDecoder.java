package org.reslens.dicom.codec;

import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * A JPEG 2000 Part 1 codestream decoder (ISO/IEC 15444-1) for DICOM's transfer syntaxes 1.2.840.10008.1.2.4.90
 * and .91: tiles, layers, all five progression orders with POC, precincts, SOP/EPH, packed packet headers,
 * every code-block style of Part 1, the 5/3 and 9/7 wavelets, RCT and ICT, scalar quantisation and ROI max-shift.
 * Components must share the image grid (no subsampling); HTJ2K (Part 15) and Part 2 extensions are refused as
 * unsupported.
 *
 * <p>Output follows {@link DecodedImage}: unsigned values in {@code [0, 2^precision)}, the DC level shift undone
 * for unsigned components; signed components come as their two's complement bit pattern masked to the precision,
 * for the caller to sign-extend per Pixel Representation.
 */
public final class J2kDecoder {
    /** Below this many coded samples in a tile, fork/join overhead outweighs decoding code-blocks in parallel. */
    static final int PARALLEL_SAMPLES = 64 * 1024;

    private J2kDecoder() {
    }

    public static DecodedImage decode(byte[] data, int offset, int length, long maxSamples) throws DicomException {
        return decode(data, offset, length, maxSamples, PARALLEL_SAMPLES);
    }

    /**
     * As {@link #decode(byte[], int, int, long)}, decoding a tile's code-blocks on the common fork/join pool when
     * they hold at least {@code parallelMinSamples} samples (0: always, {@code Integer.MAX_VALUE}: never).
     */
    static DecodedImage decode(byte[] data, int offset, int length, long maxSamples, int parallelMinSamples)
            throws DicomException {
        if (data == null || offset < 0 || length < 0 || offset > data.length - length) {
            throw malformed("JPEG 2000 data range outside its buffer", Math.max(0, offset));
        }
        J2kCodestream cs = J2kCodestream.parse(data, offset, length, maxSamples);
        int width = cs.x1 - cs.x0;
        int height = cs.y1 - cs.y0;
        int nc = cs.components;
        int precision = 0;
        for (int p : cs.precision) {
            precision = Math.max(precision, p);
        }
        int n = width * height * nc;
        byte[] bytes = precision <= 8 ? new byte[n] : null;
        short[] shorts = precision > 8 ? new short[n] : null;
        for (int t = 0; t < cs.tiles.length; t++) {
            J2kCodestream.Tile source = cs.tiles[t];
            if (source == null) {
                throw truncated("JPEG 2000 codestream lacks tile " + t + " of " + cs.tiles.length, length);
            }
            J2kCodestream.Defaults globals = cs.globals(source);
            if (globals.progression < 0) {
                throw malformed("JPEG 2000 codestream without a COD segment", source.firstOffset);
            }
            J2kTile tile = new J2kTile(cs, t, source);
            J2kPackets.read(tile, globals, source);
            tile.reconstruct(parallelMinSamples);
            J2kOutput.write(cs, tile, globals.mct == 1, width, bytes, shorts);
        }
        return bytes != null ? DecodedImage.ofBytes(width, height, nc, precision, bytes)
                : DecodedImage.ofShorts(width, height, nc, precision, shorts);
    }

    static DicomException malformed(String detail, long at) {
        return new DicomException(ErrorKind.MALFORMED, detail, at);
    }

    static DicomException truncated(String detail, long at) {
        return new DicomException(ErrorKind.TRUNCATED, detail, at);
    }
}
