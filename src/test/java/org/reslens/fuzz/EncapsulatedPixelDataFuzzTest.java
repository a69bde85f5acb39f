package org.reslens.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.reslens.dicom.Crafted;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.VR;

/**
 * Encapsulated Pixel Data behind a fixed, valid header: the fuzzer controls the header's few numbers (transfer
 * syntax, frames, Rows, Columns, photometric, bits) and everything after the Pixel Data element header: Basic
 * Offset Table, fragment items, delimiters, the codestreams, and optionally an Extended Offset Table.
 *
 * <p>Input layout, so that seeds can be cut from the fixtures ({@link #input}):
 * <pre>
 * [0] transfer syntax (mod 5): RLE, JPEG baseline, JPEG lossless SV1, JPEG-LS lossless, JPEG 2000 lossless
 * [1] Number of Frames - 1 (0..127)
 * [2..3] Rows - 1, [4..5] Columns - 1 (little endian, low 10 bits)
 * [6] photometric (mod 7): MONOCHROME2, RGB, YBR_FULL, YBR_FULL_422, MONOCHROME1, YBR_RCT, YBR_ICT
 * [7] bit 0: Bits Allocated 16 (else 8); bits 1-3: Bits Allocated - Bits Stored; bit 4: signed
 * [8] bit 0: an Extended Offset Table (frames x 8 bytes) and its lengths (frames x 8 bytes) follow the header
 * [9..15] reserved
 * then the value of Pixel Data (7FE0,0010), written after an OB header of undefined length
 * </pre>
 */
class EncapsulatedPixelDataFuzzTest {
    static final int HEADER = 16;
    static final String[] SYNTAXES = {Crafted.RLE, Crafted.JPEG_BASELINE, Crafted.JPEG_LOSSLESS_SV1,
        Crafted.JPEG_LS, Crafted.JPEG_2000};
    static final Photometric[] PHOTOMETRICS = {Photometric.MONOCHROME2, Photometric.RGB, Photometric.YBR_FULL,
        Photometric.YBR_FULL_422, Photometric.MONOCHROME1, Photometric.YBR_RCT, Photometric.YBR_ICT};

    @FuzzTest(maxDuration = "4m")
    void fragmentTables(byte[] data) {
        if (data.length < HEADER) {
            return;
        }
        byte[] file = toDicom(data);
        FuzzInvariants.expectReturnOrDicomException(file.length,
                () -> FuzzInvariants.readEverything(file, "encapsulated.dcm"));
    }

    /** The Part 10 file an input describes. */
    static byte[] toDicom(byte[] data) {
        String ts = SYNTAXES[(data[0] & 0xFF) % SYNTAXES.length];
        int frames = 1 + (data[1] & 0x7F);
        int rows = 1 + (((data[2] & 0xFF) | (data[3] & 0xFF) << 8) & 0x3FF);
        int columns = 1 + (((data[4] & 0xFF) | (data[5] & 0xFF) << 8) & 0x3FF);
        Photometric photometric = PHOTOMETRICS[(data[6] & 0xFF) % PHOTOMETRICS.length];
        int bitsAllocated = (data[7] & 1) != 0 ? 16 : 8;
        int bitsStored = Math.max(1, bitsAllocated - ((data[7] >> 1) & 7));
        int signed = (data[7] >> 4) & 1;
        boolean eot = (data[8] & 1) != 0;
        int p = HEADER;

        Crafted out = Crafted.part10(ts);
        int spp = photometric.samplesPerPixel();
        out.us(0x00280002, spp);
        out.text(0x00280004, VR.CS, photometric.term());
        if (spp == 3) {
            out.us(0x00280006, 0);
        }
        out.text(0x00280008, VR.IS, Integer.toString(frames));
        out.us(0x00280010, rows).us(0x00280011, columns);
        out.us(0x00280100, bitsAllocated).us(0x00280101, bitsStored).us(0x00280102, bitsStored - 1);
        out.us(0x00280103, signed);
        if (eot && data.length >= p + 16L * frames) {
            out.explicit(0x7FE00001, VR.OV, Arrays.copyOfRange(data, p, p + 8 * frames));
            out.explicit(0x7FE00002, VR.OV, Arrays.copyOfRange(data, p + 8 * frames, p + 16 * frames));
            p += 16 * frames;
        }
        out.explicitHeader(0x7FE00010, VR.OB, Crafted.UNDEFINED);
        out.raw(Arrays.copyOfRange(data, p, data.length));
        return out.bytes();
    }

    /**
     * The input that describes a file with these facts and this Pixel Data value; EOT arrays are given with their
     * lengths or null.
     */
    static byte[] input(int tsIndex, int frames, int rows, int columns, int photometricIndex, int bitsAllocated,
                        int bitsStored, boolean signed, byte[] eot, byte[] eotLengths, byte[] pixelDataValue) {
        byte[] h = new byte[HEADER];
        h[0] = (byte) tsIndex;
        h[1] = (byte) (frames - 1);
        h[2] = (byte) (rows - 1);
        h[3] = (byte) ((rows - 1) >>> 8);
        h[4] = (byte) (columns - 1);
        h[5] = (byte) ((columns - 1) >>> 8);
        h[6] = (byte) photometricIndex;
        h[7] = (byte) ((bitsAllocated == 16 ? 1 : 0) | ((bitsAllocated - bitsStored) << 1) | (signed ? 16 : 0));
        h[8] = (byte) (eot != null ? 1 : 0);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(h);
        if (eot != null) {
            b.writeBytes(eot);
            b.writeBytes(eotLengths);
        }
        b.writeBytes(pixelDataValue);
        return b.toByteArray();
    }
}
