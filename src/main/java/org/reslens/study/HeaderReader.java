package org.reslens.study;

import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.ErrorKind;
import org.reslens.dicom.ImagePixel;
import org.reslens.dicom.PixelDataInfo;
import org.reslens.dicom.Tags;
import org.reslens.dicom.TransferSyntax;

/** Turns one header-only read into an {@link InstanceHeader}. */
final class HeaderReader {
    private HeaderReader() {
    }

    /**
     * The object's summary; MALFORMED when it has Pixel Data but no usable Image Pixel module, or announces more
     * frames than its Pixel Data can hold (a header must not make the index allocate per frame beyond the input).
     *
     * @param inputSize the size in bytes of the file or entry, asked only for encapsulated Pixel Data
     */
    static InstanceHeader read(DicomFile df, Location location, InstanceHeader.OrderKey order, LongSupplier inputSize)
            throws DicomException {
        Attributes ds = df.dataset();
        List<SliceAttributes> frames = List.of();
        int rows = 0;
        int columns = 0;
        int frameCount = 0;
        if (df.pixelData().isPresent()) {
            ImagePixel ip = df.imagePixel();
            rows = ip.rows();
            columns = ip.columns();
            frameCount = ip.frames();
            checkFrameCount(ip, df.pixelData().get(), inputSize);
            frames = FunctionalGroups.resolve(ds, frameCount);
        }
        return new InstanceHeader(order, location, ds.getString(Tags.PatientID), ds.getString(Tags.PatientName),
                ds.getString(Tags.StudyInstanceUID), ds.getString(Tags.StudyDate), ds.getString(Tags.StudyTime),
                ds.getString(Tags.StudyDescription), ds.getString(Tags.AccessionNumber),
                ds.getString(Tags.SeriesInstanceUID), integer(ds, Tags.SeriesNumber), ds.getString(Tags.Modality),
                ds.getString(Tags.SeriesDescription), df.sopClassUid(), ds.getString(Tags.SOPInstanceUID),
                integer(ds, Tags.InstanceNumber), acquisitionSeconds(ds), isLocalizer(ds), echo(ds), rows, columns,
                frameCount > 1 || ds.contains(Tags.PerFrameFunctionalGroupsSequence),
                df.transferSyntax() != TransferSyntax.UNKNOWN, frames);
    }

    private static void checkFrameCount(ImagePixel ip, PixelDataInfo pd, LongSupplier inputSize)
            throws DicomException {
        long frames = ip.frames();
        if (pd.encapsulated()) {
            // Every frame takes at least one fragment item, and an item header alone is 8 bytes.
            long available = inputSize.getAsLong() - pd.valueOffset();
            if (frames > available / 8) {
                throw new DicomException(ErrorKind.MALFORMED, "Number of Frames " + frames + " cannot fit in the "
                        + Math.max(0, available) + " bytes after the start of Pixel Data", pd.valueOffset());
            }
        } else {
            long bitsPerFrame = ip.pixelsPerFrame() * ip.samplesPerPixel() * ip.bitsAllocated();
            if (frames > pd.length() * 8 / bitsPerFrame) {
                throw new DicomException(ErrorKind.MALFORMED, "Pixel Data of " + pd.length() + " bytes is too short"
                        + " for " + frames + " frame(s) of " + ip.columns() + "x" + ip.rows() + "x"
                        + ip.samplesPerPixel() + " samples of " + ip.bitsAllocated() + " bits", pd.valueOffset());
            }
        }
    }

    private static Integer integer(Attributes ds, int tag) {
        var v = ds.getInt(tag);
        return v.isPresent() ? v.getAsInt() : null;
    }

    private static boolean isLocalizer(Attributes ds) {
        for (String v : ds.getStrings(Tags.ImageType)) {
            if (v.trim().toUpperCase(Locale.ROOT).equals("LOCALIZER")) {
                return true;
            }
        }
        return false;
    }

    private static String echo(Attributes ds) {
        String[] values = ds.getStrings(Tags.EchoNumbers);
        return values.length == 0 ? null : String.join("\\", values);
    }

    /** Acquisition Date/Time, else Content Date/Time; a missing date counts as day 0 so times still order. */
    private static Double acquisitionSeconds(Attributes ds) {
        Double t = DicomTime.seconds(ds.getString(Tags.AcquisitionDate), ds.getString(Tags.AcquisitionTime));
        return t != null ? t : DicomTime.seconds(ds.getString(Tags.ContentDate), ds.getString(Tags.ContentTime));
    }
}
