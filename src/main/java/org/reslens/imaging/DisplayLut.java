package org.reslens.imaging;

import org.reslens.dicom.PixelFrame;

/**
 * The whole grayscale chain, stored value to 8-bit display value (Modality LUT, VOI LUT, presentation inversion),
 * precomputed once per combination as one table so that rendering a frame is one lookup per pixel. Immutable and
 * safe to share between threads; build a new one when the window changes.
 *
 * <p>The chain is evaluated in double precision and quantised once at the end: {@code y} in 0..255 from the VOI
 * stage, {@code 255 - y} when inverted, then rounded half up.
 *
 * <p>For stored values of up to 16 bits the table has 65536 entries indexed by the value's 16-bit two's-complement
 * pattern, which every 8- or 16-bit sample maps into without a range check; entries for values outside Bits Stored
 * (which a decoded frame never holds) repeat the nearest end. 32-bit frames are evaluated pixel by pixel.
 *
 * <p>The table is built on first need. A 16-bit frame of fewer than {@value #SMALL_FRAME} pixels rendered before that
 * (a key image, a thumbnail: one frame per LUT) is rendered through a table over only the stored values it holds, of
 * the same {@link #displayValue} entries, so it does not pay for 65,536 evaluations.
 */
public final class DisplayLut {
    private final int bitsStored;
    private final boolean signed;
    private final ModalityLut modality;
    private final VoiLut voi;
    private final boolean inverted;
    /** Frames with fewer pixels than this go through a table of their own values until the full one exists. */
    static final int SMALL_FRAME = 16384;

    /** The full table, built on first need (a racing second build makes the same bytes). */
    private volatile byte[] table;

    private DisplayLut(int bitsStored, boolean signed, ModalityLut modality, VoiLut voi, boolean inverted) {
        this.bitsStored = bitsStored;
        this.signed = signed;
        this.modality = modality;
        this.voi = voi;
        this.inverted = inverted;
    }

    /**
     * @param bitsStored Bits Stored of the frames this LUT renders (1..32)
     * @param signed     Pixel Representation 1
     * @param inverted   show the minimum white: the image's Presentation LUT Shape, combined with the user's
     *                   invert toggle by the caller
     */
    public static DisplayLut build(int bitsStored, boolean signed, ModalityLut modality, VoiLut voi,
                                   boolean inverted) {
        if (bitsStored < 1 || bitsStored > 32) {
            throw new IllegalArgumentException("Bits Stored " + bitsStored + " not within 1..32");
        }
        if (modality == null || voi == null) {
            throw new IllegalArgumentException("modality and VOI stages are required");
        }
        return new DisplayLut(bitsStored, signed, modality, voi, inverted);
    }

    /** A LUT for frames like {@code frame}. */
    public static DisplayLut forFrame(PixelFrame frame, ModalityLut modality, VoiLut voi, boolean inverted) {
        return build(frame.bitsStored(), frame.signed(), modality, voi, inverted);
    }

    private byte[] table() {
        byte[] t = table;
        if (t == null) {
            t = buildTable();
            table = t;
        }
        return t;
    }

    /** Whether the full table was built (for tests). */
    boolean tableBuilt() {
        return table != null;
    }

    private byte[] buildTable() {
        byte[] t = new byte[65536];
        long min = minStored();
        long max = maxStored();
        for (long v = min; v <= max; v++) {
            t[(int) (v & 0xFFFF)] = (byte) displayValue(v);
        }
        // Values outside Bits Stored never occur in a decoded frame; give them the nearest end rather than zero.
        byte low = t[(int) (min & 0xFFFF)];
        byte high = t[(int) (max & 0xFFFF)];
        long span = max - min + 1;
        if (span < 65536) {
            // The unused patterns run from max+1 up to min-1 (mod 2^16); split them between the two ends.
            long unused = 65536 - span;
            for (long k = 0; k < unused; k++) {
                t[(int) ((max + 1 + k) & 0xFFFF)] = k < unused / 2 ? high : low;
            }
        }
        return t;
    }

    private long minStored() {
        return signed ? -(1L << (bitsStored - 1)) : 0;
    }

    private long maxStored() {
        return signed ? (1L << (bitsStored - 1)) - 1 : (1L << bitsStored) - 1;
    }

    /** The display value (0..255) of one stored value, computed from the stages (not from the table). */
    public int displayValue(long stored) {
        double y = voi.apply(modality.apply(stored), 0, 255);
        if (inverted) {
            y = 255 - y;
        }
        long r = (long) Math.floor(y + 0.5);
        return (int) Math.max(0, Math.min(255, r));
    }

    public ModalityLut modality() {
        return modality;
    }

    public VoiLut voi() {
        return voi;
    }

    public boolean inverted() {
        return inverted;
    }

    public int bitsStored() {
        return bitsStored;
    }

    public boolean signed() {
        return signed;
    }

    private void check(PixelFrame f, int dstLength) {
        if (f.samplesPerPixel() != 1) {
            throw new IllegalArgumentException("grayscale rendering needs one sample per pixel, frame has "
                    + f.samplesPerPixel());
        }
        if (f.bitsStored() != bitsStored || f.signed() != signed) {
            throw new IllegalArgumentException("LUT built for " + bitsStored + (signed ? "-bit signed" : "-bit unsigned")
                    + ", frame is " + f.bitsStored() + (f.signed() ? "-bit signed" : "-bit unsigned"));
        }
        if (dstLength < f.sampleCount()) {
            throw new IllegalArgumentException("destination holds " + dstLength + " pixels, frame has "
                    + f.sampleCount());
        }
    }

    /** Renders into a new 8-bit gray buffer. */
    public GrayBuffer renderGray(PixelFrame f) {
        byte[] out = new byte[f.rows() * f.columns()];
        renderGray(f, out);
        return new GrayBuffer(f.columns(), f.rows(), out);
    }

    /** Renders into {@code dst} (row by row, at least rows x columns long), so a viewer can reuse one buffer. */
    public void renderGray(PixelFrame f, byte[] dst) {
        check(f, dst.length);
        OwnTable own = ownTable(f);
        if (own != null) {
            short[] s = f.shorts();
            for (int i = 0; i < s.length; i++) {
                dst[i] = own.entries[value(s[i]) - own.lo];
            }
        } else if (perPixel(f)) {
            int n = f.sampleCount();
            for (int i = 0; i < n; i++) {
                dst[i] = (byte) displayValue(f.sample(i));
            }
        } else if (f.shorts() != null) {
            byte[] t = table();
            short[] s = f.shorts();
            for (int i = 0; i < s.length; i++) {
                dst[i] = t[s[i] & 0xFFFF];
            }
        } else {
            byte[] t = table();
            byte[] b = f.bytes();
            int mask = signed ? 0xFFFF : 0xFF;
            for (int i = 0; i < b.length; i++) {
                dst[i] = t[b[i] & mask];
            }
        }
    }

    /** Renders into a new opaque ARGB buffer (gray in all three colours). */
    public ArgbBuffer renderArgb(PixelFrame f) {
        int[] out = new int[f.rows() * f.columns()];
        renderArgb(f, out);
        return new ArgbBuffer(f.columns(), f.rows(), out);
    }

    /** Renders into {@code dst} as opaque ARGB. */
    public void renderArgb(PixelFrame f, int[] dst) {
        check(f, dst.length);
        OwnTable own = ownTable(f);
        if (own != null) {
            short[] s = f.shorts();
            for (int i = 0; i < s.length; i++) {
                dst[i] = ArgbBuffer.gray(own.entries[value(s[i]) - own.lo] & 0xFF);
            }
        } else if (perPixel(f)) {
            int n = f.sampleCount();
            for (int i = 0; i < n; i++) {
                dst[i] = ArgbBuffer.gray(displayValue(f.sample(i)));
            }
        } else if (f.shorts() != null) {
            byte[] t = table();
            short[] s = f.shorts();
            for (int i = 0; i < s.length; i++) {
                dst[i] = ArgbBuffer.gray(t[s[i] & 0xFFFF] & 0xFF);
            }
        } else {
            byte[] t = table();
            byte[] b = f.bytes();
            int mask = signed ? 0xFFFF : 0xFF;
            for (int i = 0; i < b.length; i++) {
                dst[i] = ArgbBuffer.gray(t[b[i] & mask] & 0xFF);
            }
        }
    }

    /** A 16-bit sample as the stored value it holds (two's complement when signed). */
    private int value(short v) {
        return signed ? v : v & 0xFFFF;
    }

    /** Frames without a table lookup: 32-bit samples (and Bits Stored over 16), each evaluated. */
    private boolean perPixel(PixelFrame f) {
        return f.shorts() == null && f.bytes() == null || bitsStored > 16;
    }

    /** {@code entries[v - lo]} is the display value of stored value {@code v}, for the values one frame holds. */
    private record OwnTable(int lo, byte[] entries) {
    }

    /**
     * The table of a small 16-bit frame's own values while the full table is not built (see the class comment);
     * null when the frame goes through the full table or pixel by pixel.
     */
    private OwnTable ownTable(PixelFrame f) {
        short[] s = f.shorts();
        if (s == null || table != null || f.sampleCount() >= SMALL_FRAME || bitsStored > 16) {
            return null;
        }
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (short x : s) {
            int v = value(x);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (s.length == 0) {
            lo = 0;
            hi = 0;
        }
        byte[] entries = new byte[hi - lo + 1];
        for (int v = lo; v <= hi; v++) {
            entries[v - lo] = (byte) displayValue(v);
        }
        return new OwnTable(lo, entries);
    }
}
