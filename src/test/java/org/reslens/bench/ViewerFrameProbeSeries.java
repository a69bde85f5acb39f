package org.reslens.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * The probe's test series: {@code n} axial CT slices of 512x512 signed 16-bit pixels (a head-sized ellipse of soft
 * tissue with a skull ring and 8 HU noise, deterministic), written once as uncompressed explicit VR little endian
 * Part 10 files with the handful of attributes a viewer needs. A benchmark input, not a test fixture: it is far too
 * large to commit, and the probe measures the viewer, not the writer.
 */
final class ViewerFrameProbeSeries {
    static final int SIZE = 512;

    private ViewerFrameProbeSeries() {
    }

    /** Writes the series into {@code dir} unless a complete one is there already. */
    static Path ensure(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        Path last = dir.resolve(String.format(Locale.ROOT, "CT%04d.dcm", n));
        if (Files.isRegularFile(last) && Files.isRegularFile(dir.resolve("CT0001.dcm"))) {
            return dir;
        }
        Random rng = new Random(2024);
        for (int k = 1; k <= n; k++) {
            Files.write(dir.resolve(String.format(Locale.ROOT, "CT%04d.dcm", k)), slice(k, n, rng));
        }
        return dir;
    }

    private static byte[] slice(int k, int n, Random rng) throws IOException {
        short[] px = new short[SIZE * SIZE];
        double z = (k - n / 2.0) / (n / 2.0);
        double scale = Math.sqrt(Math.max(0.05, 1 - z * z));
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double dx = (x - 256) / (200.0 * scale);
                double dy = (y - 256) / (240.0 * scale);
                double r = Math.sqrt(dx * dx + dy * dy);
                double hu = r > 1 ? -1000 : r > 0.92 ? 900 : 35 + 10 * Math.sin(x / 9.0) * Math.cos(y / 13.0);
                px[y * SIZE + x] = (short) Math.round(hu + 1024 + rng.nextGaussian() * 8);
            }
        }
        String study = "2.25.1111";
        String series = "2.25.2222";
        String sop = "2.25.3333" + k;
        ByteArrayOutputStream ds = new ByteArrayOutputStream();
        str(ds, 0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2");
        str(ds, 0x00080018, "UI", sop);
        str(ds, 0x00080020, "DA", "20260101");
        str(ds, 0x00080060, "CS", "CT");
        str(ds, 0x0008103E, "LO", "Probe 300 x 512");
        str(ds, 0x00100010, "PN", "PROBE^SERIES");
        str(ds, 0x00100020, "LO", "PROBE-1");
        str(ds, 0x00180050, "DS", "1");
        str(ds, 0x0020000D, "UI", study);
        str(ds, 0x0020000E, "UI", series);
        str(ds, 0x00200011, "IS", "1");
        str(ds, 0x00200013, "IS", Integer.toString(k));
        str(ds, 0x00200032, "DS", "-180\\-180\\" + k);
        str(ds, 0x00200037, "DS", "1\\0\\0\\0\\1\\0");
        str(ds, 0x00200052, "UI", "2.25.4444");
        us(ds, 0x00280002, 1);
        str(ds, 0x00280004, "CS", "MONOCHROME2");
        us(ds, 0x00280010, SIZE);
        us(ds, 0x00280011, SIZE);
        str(ds, 0x00280030, "DS", "0.703125\\0.703125");
        us(ds, 0x00280100, 16);
        us(ds, 0x00280101, 16);
        us(ds, 0x00280102, 15);
        us(ds, 0x00280103, 1);
        str(ds, 0x00281050, "DS", "40");
        str(ds, 0x00281051, "DS", "400");
        str(ds, 0x00281052, "DS", "-1024");
        str(ds, 0x00281053, "DS", "1");
        ByteBuffer pixels = ByteBuffer.allocate(px.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        pixels.asShortBuffer().put(px);
        header(ds, 0x7FE00010, "OW", pixels.capacity());
        ds.write(pixels.array());

        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        ByteArrayOutputStream group = new ByteArrayOutputStream();
        header(group, 0x00020001, "OB", 2);
        group.write(new byte[] {0, 1});
        str(group, 0x00020002, "UI", "1.2.840.10008.5.1.4.1.1.2");
        str(group, 0x00020003, "UI", sop);
        str(group, 0x00020010, "UI", "1.2.840.10008.1.2.1");
        header(meta, 0x00020000, "UL", 4);
        meta.write(le32(group.size()));
        meta.write(group.toByteArray());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(new byte[128]);
        file.write("DICM".getBytes(StandardCharsets.US_ASCII));
        file.write(meta.toByteArray());
        file.write(ds.toByteArray());
        return file.toByteArray();
    }

    private static void str(ByteArrayOutputStream out, int tag, String vr, String value) throws IOException {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        int len = v.length + (v.length % 2);
        header(out, tag, vr, len);
        out.write(v);
        if (len > v.length) {
            out.write(vr.equals("UI") ? 0 : ' ');
        }
    }

    private static void us(ByteArrayOutputStream out, int tag, int value) throws IOException {
        header(out, tag, "US", 2);
        out.write(value & 0xFF);
        out.write(value >> 8 & 0xFF);
    }

    private static void header(ByteArrayOutputStream out, int tag, String vr, int length) throws IOException {
        out.write(tag >> 16 & 0xFF);
        out.write(tag >> 24 & 0xFF);
        out.write(tag & 0xFF);
        out.write(tag >> 8 & 0xFF);
        out.write(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OB") || vr.equals("OW")) {
            out.write(new byte[2]);
            out.write(le32(length));
        } else {
            out.write(length & 0xFF);
            out.write(length >> 8 & 0xFF);
        }
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }
}
