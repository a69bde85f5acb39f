package org.reslens.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mask reader against PNGs written by other tools (Pillow for the committed masks, the JDK's ImageIO for other
 * bit depths), decoded independently by ImageIO here; and against damaged files, which must end in BAD_MASK.
 */
class MaskPngTest {
    private static final Path MASKS = Path.of("src/test/resources/evaluation/masks");

    @TempDir
    Path tmp;

    private static boolean[] viaImageIo(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(png));
        Raster r = img.getRaster();
        boolean[] in = new boolean[img.getWidth() * img.getHeight()];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                in[y * img.getWidth() + x] = r.getSample(x, y, 0) != 0;
            }
        }
        return in;
    }

    @Test
    void readsEveryCommittedMaskAsImageIoDoes() throws Exception {
        try (var files = Files.list(MASKS)) {
            for (Path f : files.sorted().toList()) {
                LesionMask m = MaskPng.read(f, 240, 240);
                assertThat(m.inside()).as(f.toString()).isEqualTo(viaImageIo(Files.readAllBytes(f)));
                assertThat(m.area()).as(f.toString()).isPositive();
            }
        }
    }

    private static byte[] pattern(int type, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, type);
        Random rnd = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean lesion = (x - 9) * (x - 9) + (y - 6) * (y - 6) < 20 || rnd.nextInt(13) == 0;
                img.getRaster().setSample(x, y, 0, lesion ? (type == BufferedImage.TYPE_USHORT_GRAY ? 256 : 1) : 0);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void readsOneEightAndSixteenBitGrayscaleWithEveryRowFilter() throws Exception {
        for (int type : new int[] {BufferedImage.TYPE_BYTE_BINARY, BufferedImage.TYPE_BYTE_GRAY,
                BufferedImage.TYPE_USHORT_GRAY}) {
            byte[] png = pattern(type, 21, 13);
            LesionMask m = MaskPng.decode(png, 21, 13);
            assertThat(m.inside()).as("type " + type).isEqualTo(viaImageIo(png));
            assertThat(m.area()).isBetween(20, 21 * 13 / 2);
        }
    }

    @Test
    void aMaskOfAnotherSizeThanTheSliceIsRefusedBeforeDecoding() throws Exception {
        Path f = MASKS.resolve(firstMask());
        assertThatThrownBy(() -> MaskPng.read(f, 256, 240)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("mask is 240 x 240, the slice 256 x 240");
    }

    @Test
    void colourPngsAndNonPngsAreRefused() throws Exception {
        BufferedImage rgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(rgb, "png", out);
        assertThatThrownBy(() -> MaskPng.decode(out.toByteArray(), 4, 4)).hasMessageContaining("colour type 2");
        assertThatThrownBy(() -> MaskPng.decode("GIF89a......".getBytes(), 4, 4))
                .hasMessageContaining("no PNG signature");
        Path missing = tmp.resolve("none.png");
        assertThatThrownBy(() -> MaskPng.read(missing, 4, 4)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("cannot read mask");
    }

    @Test
    void aDamagedChunkFailsItsCrc() throws Exception {
        byte[] png = Files.readAllBytes(MASKS.resolve(firstMask()));
        png[40] ^= 0x10;  // inside the first IDAT's data
        assertThatThrownBy(() -> MaskPng.decode(png, 240, 240)).hasMessageContaining("fails its CRC");
    }

    @Test
    void truncatedOrBitFlippedFilesEndInBadMaskAndNothingElse() throws Exception {
        byte[] png = Files.readAllBytes(MASKS.resolve(firstMask()));
        for (int n = 0; n < png.length; n++) {
            expectBadMask(Arrays.copyOf(png, n));
        }
        Random rnd = new Random(2024);
        for (int i = 0; i < 2000; i++) {
            byte[] b = png.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) {
                b[8 + rnd.nextInt(b.length - 8)] ^= (byte) (1 << rnd.nextInt(8));
            }
            fixCrcs(b);  // so that damage reaches the header checks, the inflater and the filters
            try {
                LesionMask m = MaskPng.decode(b, 240, 240);
                assertThat(m.inside()).hasSize(240 * 240);
            } catch (EvaluationException e) {
                assertThat(e.reason()).isEqualTo(EvaluationException.Reason.BAD_MASK);
            }
        }
    }

    private static void expectBadMask(byte[] b) {
        assertThatThrownBy(() -> MaskPng.decode(b, 240, 240)).as(b.length + " bytes")
                .isInstanceOf(EvaluationException.class);
    }

    /** Recomputes every chunk's CRC so that corrupted contents pass the CRC check. */
    private static void fixCrcs(byte[] b) {
        int pos = 8;
        while (pos + 12 <= b.length) {
            long len = ((b[pos] & 0xFFL) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8)
                    | (b[pos + 3] & 0xFF);
            if (len > b.length - pos - 12) {
                return;
            }
            CRC32 crc = new CRC32();
            crc.update(b, pos + 4, 4 + (int) len);
            int at = pos + 8 + (int) len;
            int v = (int) crc.getValue();
            b[at] = (byte) (v >>> 24);
            b[at + 1] = (byte) (v >>> 16);
            b[at + 2] = (byte) (v >>> 8);
            b[at + 3] = (byte) v;
            pos = at + 4;
        }
    }

    private static String firstMask() throws Exception {
        try (var files = Files.list(MASKS)) {
            return files.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
    }
}
