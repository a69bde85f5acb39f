package org.reslens.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.codec.DecodedImage;
import org.reslens.dicom.codec.ImageIoDecoders;
import org.reslens.dicom.codec.JpegDctDecoder;
import org.reslens.dicom.codec.JpegLosslessDecoder;
import org.reslens.dicom.codec.JpegLsDecoder;
import org.reslens.dicom.codec.RleDecoder;

/**
 * Each codec on its own, fed the codestream directly (no DICOM around it), seeded with the codec fixtures and the
 * codestreams of the DICOM fixtures. Our decoders must fail with {@link DicomException} only; the ImageIO plugins
 * may throw anything, and {@link ImageIoDecoders} must wrap it (what it wrapped is tallied by
 * {@link ThirdPartyFailures}).
 */
class CodecFuzzTest {
    /** The most samples the harness, as the caller, accepts from one codestream (8 MiB at 16 bits). */
    static final long MAX_SAMPLES = 4L << 20;

    @AfterAll
    static void printPluginFailures() {
        String summary = ThirdPartyFailures.summary();
        if (!summary.isEmpty()) {
            System.err.println("ImageIO plugin failures wrapped into DicomException:\n" + summary);
        }
    }

    /**
     * RLE Lossless. Layout: [0..1] Rows - 1, [2..3] Columns - 1 (little endian, low 10 bits), [4] bit 0: three
     * samples (else one), bits 1-2: bytes per sample 1, 2, 4 (3 reads as 1); then the RLE frame (header and segments).
     */
    @FuzzTest(maxDuration = "4m")
    void rle(byte[] data) {
        if (data.length < 5) {
            return;
        }
        int rows = 1 + (((data[0] & 0xFF) | (data[1] & 0xFF) << 8) & 0x3FF);
        int columns = 1 + (((data[2] & 0xFF) | (data[3] & 0xFF) << 8) & 0x3FF);
        int samples = (data[4] & 1) != 0 ? 3 : 1;
        int width = switch ((data[4] >> 1) & 3) {
            case 1 -> 2;
            case 2 -> 4;
            default -> 1;
        };
        byte[] frame = Arrays.copyOfRange(data, 5, data.length);
        int expected = rows * columns * samples;
        FuzzInvariants.expectReturnOrDicomException(data.length, () -> {
            int length = switch (width) {
                case 1 -> RleDecoder.decode8(frame, 0, frame.length, rows, columns, samples).length;
                case 2 -> RleDecoder.decode16(frame, 0, frame.length, rows, columns, samples).length;
                default -> RleDecoder.decode32(frame, 0, frame.length, rows, columns, samples).length;
            };
            if (length != expected) {
                throw new AssertionError("RLE decoded " + length + " samples for " + rows + "x" + columns + "x"
                        + samples);
            }
        });
    }

    @FuzzTest(maxDuration = "4m")
    void jpegLs(byte[] data) {
        FuzzInvariants.expectReturnOrDicomException(data.length,
                () -> checkImage(JpegLsDecoder.decode(data, 0, data.length, MAX_SAMPLES)));
    }

    /** The 12-bit (and 8-bit) DCT decoder, with its frame-header reader. */
    @FuzzTest(maxDuration = "4m")
    void jpegDct(byte[] data) {
        FuzzInvariants.expectReturnOrDicomException(data.length, () -> {
            JpegDctDecoder.readFrameInfo(data, 0, data.length);
            checkImage(JpegDctDecoder.decode(data, 0, data.length, MAX_SAMPLES));
        });
    }

    /** Lossless JPEG (SOF3), our own decoder since TwelveMonkeys was replaced for it. */
    @FuzzTest(maxDuration = "4m")
    void jpegLossless(byte[] data) {
        FuzzInvariants.expectReturnOrDicomException(data.length,
                () -> checkImage(JpegLosslessDecoder.decode(data, 0, data.length, MAX_SAMPLES)));
    }

    /** JPEG 2000 Part 1, our own decoder since jai-imageio was replaced for it (seeded with jai's inputs). */
    @FuzzTest(maxDuration = "4m")
    void j2k(byte[] data) {
        FuzzInvariants.expectReturnOrDicomException(data.length,
                () -> checkImage(org.reslens.dicom.codec.J2kDecoder.decode(data, 0, data.length, MAX_SAMPLES)));
    }

    @FuzzTest(maxDuration = "4m")
    void imageIoJpeg(byte[] data) {
        DicomException e = FuzzInvariants.expectReturnOrDicomException(data.length,
                () -> checkImage(ImageIoDecoders.decodeJpeg(data, 0, data.length, MAX_SAMPLES)));
        if (e != null) {
            ThirdPartyFailures.record("TwelveMonkeys JPEG", e);
        }
    }

    @FuzzTest(maxDuration = "4m")
    void imageIoJpeg2000(byte[] data) {
        DicomException e = FuzzInvariants.expectReturnOrDicomException(data.length,
                () -> checkImage(ImageIoDecoders.decodeJpeg2000(data, 0, data.length, MAX_SAMPLES)));
        if (e != null) {
            ThirdPartyFailures.record("jai-imageio JPEG 2000", e);
        }
    }

    /** DecodedImage validates its own array length; what is left to check is the caller's bound. */
    private static void checkImage(DecodedImage img) {
        long samples = (long) img.width() * img.height() * img.components();
        if (samples > MAX_SAMPLES) {
            throw new AssertionError("decoder returned " + samples + " samples, more than the " + MAX_SAMPLES
                    + " allowed");
        }
    }
}
