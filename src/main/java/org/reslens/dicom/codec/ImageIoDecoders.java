package org.reslens.dicom.codec;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
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
        return decode(data, off, len, maxSamples, "jpeg2000", n -> n.startsWith(JAI_J2K), "JPEG 2000", h.precision());
    }

    private static DecodedImage decode(byte[] data, int off, int len, long maxSamples, String format,
                                       Predicate<String> plugin, String what, int precisionHint)
            throws DicomException {
        ImageReader reader = reader(format, plugin, what);
        try (ImageInputStream iis = new MemoryCacheImageInputStream(new ByteArrayInputStream(data, off, len))) {
            reader.setInput(iis, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            if ((long) w * h > maxSamples) {
                throw new DicomException(ErrorKind.MALFORMED, what + " codestream declares " + w + "x" + h
                        + ", more than the image holds", off);
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
        } finally {
            reader.dispose();
        }
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
