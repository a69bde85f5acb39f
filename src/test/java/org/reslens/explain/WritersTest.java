package org.reslens.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.imaging.ArgbBuffer;
import org.reslens.inference.Npy;

/** The NPY and PNG writers, read back by independent readers (ImageIO in the test only; numpy's format rules). */
class WritersTest {
    @TempDir
    Path tmp;

    @Test
    void npyFilesReadBackWithTheirShapeAndValues() throws Exception {
        float[] data = {0, 1.5f, -2, Float.MIN_VALUE, 7, 8};
        Path f = tmp.resolve("a.npy");
        NpyWriter.writeFloat32(f, new int[] {2, 3}, data);
        Npy back = Npy.read(f);
        assertThat(back.shape()).containsExactly(2, 3);
        assertThat(back.floats()).containsExactly(data);
        byte[] bytes = java.nio.file.Files.readAllBytes(f);
        int headerEnd = 10 + ((bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8);
        assertThat(headerEnd % 64).as("numpy aligns the data to 64 bytes").isZero();
        NpyWriter.writeFloat32(tmp.resolve("b.npy"), new int[] {6}, data);
        assertThat(Npy.read(tmp.resolve("b.npy")).shape()).containsExactly(6);
    }

    @Test
    void opaqueImagesAreWrittenAsRgbAndGrayOnesAsGrayWithTheSamePixels() throws Exception {
        int w = 29;
        int h = 7;
        int[] colour = new int[w * h];
        int[] gray = new int[w * h];
        for (int i = 0; i < colour.length; i++) {
            colour[i] = 0xFF000000 | (i * 13 % 256) << 16 | (i * 31 % 256) << 8 | (i % 256);
            gray[i] = 0xFF000000 | (i * 7 % 256) * 0x010101;
        }
        for (int[] px : new int[][] {colour, gray}) {
            byte[] png = PngWriter.encode(new ArgbBuffer(w, h, px));
            assertThat(png[8 + 8 + 9] & 0xFF).as("IHDR colour type").isEqualTo(px == gray ? 0 : 2);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // (ImageIO's getRGB converts a gray PNG as linear gray to sRGB; the samples are what is stored)
                    int got = px == gray ? 0xFF000000 | img.getRaster().getSample(x, y, 0) * 0x010101
                            : img.getRGB(x, y);
                    assertThat(got).as("pixel %d,%d", x, y).isEqualTo(px[y * w + x]);
                }
            }
        }
    }

    @Test
    void pngFilesDecodeToTheSamePixelsIncludingAlpha() throws Exception {
        int w = 37;
        int h = 11;
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * 7 % 256) << 24 | (i * 13 % 256) << 16 | (i * 31 % 256) << 8 | (i % 256);
        }
        byte[] png = PngWriter.encode(new ArgbBuffer(w, h, px));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img.getWidth()).isEqualTo(w);
        assertThat(img.getHeight()).isEqualTo(h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertThat(img.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(px[y * w + x]);
            }
        }
    }
}
