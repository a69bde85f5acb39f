package org.reslens.imaging;

import java.util.Arrays;

/** A 32-bit ARGB image, row-major ({@code 0xAARRGGBB}); {@code pixels} is owned by the buffer once given. */
public record ArgbBuffer(int width, int height, int[] pixels) implements DisplayBuffer {

    public ArgbBuffer {
        BufferOps.checkSize(width, height);
        if (pixels == null || pixels.length != width * height) {
            throw new IllegalArgumentException("ARGB buffer " + width + "x" + height + " needs " + width * height
                    + " pixels");
        }
    }

    /** Opaque gray. */
    public static int gray(int v) {
        return 0xFF000000 | v << 16 | v << 8 | v;
    }

    /** Opaque colour from 0..255 components. */
    public static int rgb(int r, int g, int b) {
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    public int argb(int x, int y) {
        return pixels[y * width + x];
    }

    @Override
    public ArgbBuffer resize(int newWidth, int newHeight, Interpolation interpolation) {
        BufferOps.checkSize(newWidth, newHeight);
        AxisKernel kx = interpolation.kernel(width, newWidth);
        AxisKernel ky = interpolation.kernel(height, newHeight);
        int[] out = new int[newWidth * newHeight];
        for (int shift = 0; shift < 32; shift += 8) {
            int s = shift;
            float[] channel = Resampler.resample(new Resampler.RowSource() {
                @Override
                void read(int y, float[] row) {
                    int base = y * width;
                    for (int x = 0; x < width; x++) {
                        row[x] = (pixels[base + x] >>> s) & 0xFF;
                    }
                }
            }, kx, ky);
            for (int i = 0; i < out.length; i++) {
                out[i] |= BufferOps.toByte(channel[i]) << s;
            }
        }
        return new ArgbBuffer(newWidth, newHeight, out);
    }

    @Override
    public ArgbBuffer rotate90(int quarterTurns) {
        int turns = Math.floorMod(quarterTurns, 4);
        if (turns == 0) {
            return new ArgbBuffer(width, height, pixels.clone());
        }
        int w = turns == 2 ? width : height;
        int h = turns == 2 ? height : width;
        int[] out = new int[pixels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[BufferOps.rotatedIndex(x, y, width, height, turns)] = pixels[y * width + x];
            }
        }
        return new ArgbBuffer(w, h, out);
    }

    @Override
    public ArgbBuffer flipHorizontal() {
        int[] out = new int[pixels.length];
        for (int y = 0; y < height; y++) {
            int base = y * width;
            for (int x = 0; x < width; x++) {
                out[base + width - 1 - x] = pixels[base + x];
            }
        }
        return new ArgbBuffer(width, height, out);
    }

    @Override
    public ArgbBuffer flipVertical() {
        int[] out = new int[pixels.length];
        for (int y = 0; y < height; y++) {
            System.arraycopy(pixels, y * width, out, (height - 1 - y) * width, width);
        }
        return new ArgbBuffer(width, height, out);
    }

    @Override
    public ArgbBuffer invert() {
        int[] out = new int[pixels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = pixels[i] ^ 0x00FFFFFF;
        }
        return new ArgbBuffer(width, height, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArgbBuffer g && g.width == width && g.height == height && Arrays.equals(g.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pixels) * 31 + width;
    }

    @Override
    public String toString() {
        return "ArgbBuffer[" + width + "x" + height + "]";
    }
}
