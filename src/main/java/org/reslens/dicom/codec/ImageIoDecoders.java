package org.reslens.dicom.codec;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Iterator;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.ErrorKind;

/**
 * Adapters to well-kept ImageIO plugins: TwelveMonkeys for JPEG baseline and lossless, jai-imageio for JPEG 2000.
 * The plugin's {@code Raster} is copied into a {@link DecodedImage} at once, so no AWT type leaves this class.
 */
public final class ImageIoDecoders {
    private static final String TWELVEMONKEYS = "com.twelvemonkeys.imageio.plugins.jpeg.";
    private static final String JAI_J2K = "com.github.jaiimageio.jpeg2000.";

    private ImageIoDecoders() {
    }

    /** JPEG baseline (8-bit DCT, colour delivered as RGB) or lossless (SOF3, 2 to 16 bits) through TwelveMonkeys. */
    public static DecodedImage decodeJpeg(byte[] data, int off, int len, long maxSamples) throws DicomException {
        return decode(data, off, len, maxSamples, "jpeg", n -> n.startsWith(TWELVEMONKEYS), "JPEG", -1);
    }

    /**
     * JPEG 2000 through jai-imageio. The codestream's own precision (SIZ) is returned so the caller can compare it
     * with Bits Stored; signed components come back as their two's-complement bit pattern in that precision.
     */
    public static DecodedImage decodeJpeg2000(byte[] data, int off, int len, long maxSamples) throws DicomException {
        Jpeg2000Header h = Jpeg2000Header.read(data, off, len);
        if ((long) h.width() * h.height() * h.components() > maxSamples) {
            throw new DicomException(ErrorKind.MALFORMED, "JPEG 2000 codestream declares " + h.width() + "x"
                    + h.height() + "x" + h.components() + ", more than the image holds", off);
        }
        Jpeg2000Precheck.check(data, off, len);
        return decode(data, off, len, maxSamples, "jpeg2000", n -> n.startsWith(JAI_J2K), "JPEG 2000", h.precision());
    }

    private static DecodedImage decode(byte[] data, int off, int len, long maxSamples, String format,
                                       Predicate<String> plugin, String what, int precisionHint)
            throws DicomException {
        ImageReader reader = reader(format, plugin, what);
        try (ImageInputStream iis = "jpeg2000".equals(format) ? new EofStrictInputStream(data, off, len)
                : new MemoryCacheImageInputStream(new ByteArrayInputStream(data, off, len))) {
            reader.setInput(iis, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            // Components count too: width x height alone let a 3-component stream decode to 3x the caller's bound.
            int bands = bands(reader);
            if ((long) w * h * bands > maxSamples) {
                throw new DicomException(ErrorKind.MALFORMED, what + " codestream declares " + w + "x" + h
                        + (bands > 1 ? "x" + bands : "") + ", more than the image holds", off);
            }
            Raster raster;
            if ("jpeg".equals(format)) {
                BufferedImage img = reader.read(0);
                raster = img.getRaster();
            } else {
                raster = reader.readRaster(0, null);
            }
            return copy(raster, precisionHint);
        } catch (DicomException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DicomException(ErrorKind.MALFORMED, what + " decoder failed: " + e.getMessage(), off, e);
        } catch (VirtualMachineError e) {
            throw e; // out of memory or stack: not a verdict on the data
        } catch (Error e) {
            // JJ2000 reports corrupt codestreams with a plain java.lang.Error ("Corrupted Bitstream: ..."); found by
            // fuzzing
            throw new DicomException(ErrorKind.MALFORMED, what + " decoder failed: " + e.getMessage(), off, e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The codestream for jai-imageio's JPEG 2000 reader. JJ2000 expects its input to throw EOFException at the end (it
     * stops a truncated codestream that way), but jai-imageio hands it {@code ImageInputStream.read()}, which returns
     * -1: the packet header bit reader then sees endless one bits and never returns (jai-imageio-jpeg2000 issue 7,
     * found here by fuzzing). Single-byte reads past the end therefore throw; bulk reads keep the usual contract.
     */
    static final class EofStrictInputStream extends ImageInputStreamImpl {
        private final byte[] data;
        private final int start;
        private final int length;

        EofStrictInputStream(byte[] data, int off, int len) {
            this.data = data;
            this.start = off;
            this.length = len;
        }

        @Override
        public int read() throws IOException {
            checkClosed();
            bitOffset = 0;
            if (streamPos >= length) {
                throw new EOFException("JPEG 2000 codestream read past its end (" + length + " bytes)");
            }
            return data[start + (int) streamPos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            checkClosed();
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            bitOffset = 0;
            if (len == 0) {
                return 0;
            }
            if (streamPos >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - streamPos);
            System.arraycopy(data, start + (int) streamPos, b, off, n);
            streamPos += n;
            return n;
        }

        @Override
        public long length() {
            return length;
        }
    }

    /** Samples per pixel the plugin will deliver, from its raw (or first offered) image type; 1 if it names none. */
    private static int bands(ImageReader reader) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        }
        return type == null ? 1 : type.getNumBands();
    }

    private static ImageReader reader(String format, Predicate<String> plugin, String what) throws DicomException {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        while (it.hasNext()) {
            ImageReader r = it.next();
            if (plugin.test(r.getClass().getName())) {
                return r;
            }
            r.dispose();
        }
        throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "no " + what + " decoder plugin on the class path",
                -1);
    }

    private static DecodedImage copy(Raster r, int precisionHint) {
        int w = r.getWidth();
        int h = r.getHeight();
        int c = r.getNumBands();
        int bits = 0;
        for (int b = 0; b < c; b++) {
            bits = Math.max(bits, r.getSampleModel().getSampleSize(b));
        }
        int precision = precisionHint > 0 ? precisionHint : Math.min(16, bits);
        int[] px = r.getPixels(r.getMinX(), r.getMinY(), w, h, (int[]) null);
        int mask = (1 << precision) - 1;
        if (precision <= 8 && r.getDataBuffer().getDataType() == DataBuffer.TYPE_BYTE) {
            byte[] out = new byte[px.length];
            for (int i = 0; i < px.length; i++) {
                out[i] = (byte) px[i];
            }
            return DecodedImage.ofBytes(w, h, c, precision, out);
        }
        if (precision <= 8) {
            byte[] out = new byte[px.length];
            for (int i = 0; i < px.length; i++) {
                out[i] = (byte) (px[i] & mask);
            }
            return DecodedImage.ofBytes(w, h, c, precision, out);
        }
        short[] out = new short[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = (short) (px[i] & mask);
        }
        return DecodedImage.ofShorts(w, h, c, precision, out);
    }
}
