package org.reslens.imaging;

import java.util.Arrays;

/** An 8-bit gray image, row-major; {@code pixels} is owned by the buffer once given (not copied, for speed). */
public record GrayBuffer(int width, int height, byte[] pixels) implements DisplayBuffer {

    public GrayBuffer {
        BufferOps.checkSize(width, height);
        if (pixels == null || pixels.length != width * height) {
            throw new IllegalArgumentException("gray buffer " + width + "x" + height + " needs " + width * height
                    + " bytes");
        }
    }

    /** The gray value (0..255) at column {@code x}, row {@code y}. */
    public int gray(int x, int y) {
        return pixels[y * width + x] & 0xFF;
    }

    @Override
    public GrayBuffer resize(int newWidth, int newHeight, Interpolation interpolation) {
        BufferOps.checkSize(newWidth, newHeight);
        float[] out = Resampler.resample(Resampler.bytes(pixels, width), interpolation.kernel(width, newWidth),
                interpolation.kernel(height, newHeight));
        byte[] b = new byte[out.length];
        for (int i = 0; i < out.length; i++) {
            b[i] = (byte) BufferOps.toByte(out[i]);
        }
        return new GrayBuffer(newWidth, newHeight, b);
    }

    @Override
    public GrayBuffer rotate90(int quarterTurns) {
        int turns = Math.floorMod(quarterTurns, 4);
        if (turns == 0) {
            return new GrayBuffer(width, height, pixels.clone());
        }
        int w = turns == 2 ? width : height;
        int h = turns == 2 ? height : width;
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[BufferOps.rotatedIndex(x, y, width, height, turns)] = pixels[y * width + x];
            }
        }
        return new GrayBuffer(w, h, out);
    }

    @Override
    public GrayBuffer flipHorizontal() {
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            int base = y * width;
            for (int x = 0; x < width; x++) {
                out[base + width - 1 - x] = pixels[base + x];
            }
        }
        return new GrayBuffer(width, height, out);
    }

    @Override
    public GrayBuffer flipVertical() {
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            System.arraycopy(pixels, y * width, out, (height - 1 - y) * width, width);
        }
        return new GrayBuffer(width, height, out);
    }

    @Override
    public GrayBuffer invert() {
        byte[] out = new byte[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ~pixels[i];
        }
        return new GrayBuffer(width, height, out);
    }

    /** The same pixels as opaque ARGB. */
    public ArgbBuffer toArgb() {
        int[] out = new int[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ArgbBuffer.gray(pixels[i] & 0xFF);
        }
        return new ArgbBuffer(width, height, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrayBuffer g && g.width == width && g.height == height && Arrays.equals(g.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pixels) * 31 + width;
    }

    @Override
    public String toString() {
        return "GrayBuffer[" + width + "x" + height + "]";
    }
}
