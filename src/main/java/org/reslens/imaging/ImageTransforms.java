package org.reslens.imaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.ImagePixel;
import org.reslens.dicom.Photometric;
import org.reslens.dicom.Tags;

/**
 * Everything a file says about turning one frame's stored values into display values, read once: the Modality LUT,
 * every VOI preset (each value pair of a multi-valued window, each VOI LUT Sequence item, in that order, with its
 * explanation), the presentation shape, the palette and the padding. For enhanced multi-frame objects the Pixel
 * Value Transformation and Frame VOI LUT functional groups of the frame (per-frame first, then shared) override the
 * top-level attributes.
 *
 * @param warnings presets the file offers but the standard does not allow (a zero width, say), which were skipped
 */
public record ImageTransforms(Photometric photometric, int bitsStored, boolean signed, ModalityLut modality,
                              List<VoiLut> voiPresets, PresentationLutShape presentation, Optional<PaletteLut> palette,
                              Optional<PixelPadding> padding, List<String> warnings) {

    public ImageTransforms {
        if (photometric == null || modality == null || presentation == null) {
            throw new IllegalArgumentException("photometric, modality and presentation are required");
        }
        voiPresets = List.copyOf(voiPresets);
        warnings = List.copyOf(warnings);
        if (photometric == Photometric.PALETTE_COLOR && palette.isEmpty()) {
            throw new IllegalArgumentException("PALETTE COLOR needs a palette");
        }
    }

    /** The file's default VOI: its first preset (the standard makes the first window pair the default). */
    public Optional<VoiLut> defaultVoi() {
        return voiPresets.isEmpty() ? Optional.empty() : Optional.of(voiPresets.get(0));
    }

    /**
     * Reads the transforms for frame {@code frameIndex} (0-based) of a file, including LUTs too large for the header
     * reader to keep in memory (a 65536-entry 16-bit table).
     */
    public static ImageTransforms read(DicomFile file, int frameIndex) throws DicomException {
        return read(file.dataset(), frameIndex, BulkReader.of(file));
    }

    /**
     * Reads the transforms for frame {@code frameIndex} (0-based) from a data set alone; a LUT whose data the header
     * reader left in the file (over 64 KiB) is then an IO error, so prefer {@link #read(DicomFile, int)}.
     */
    public static ImageTransforms read(Attributes ds, int frameIndex) throws DicomException {
        return read(ds, frameIndex, BulkReader.NONE);
    }

    private static ImageTransforms read(Attributes ds, int frameIndex, BulkReader bulk) throws DicomException {
        ImagePixel ip = ImagePixel.of(ds);
        Attributes modalitySource = functionalGroup(ds, frameIndex, Tags.PixelValueTransformationSequence);
        Attributes voiSource = functionalGroup(ds, frameIndex, Tags.FrameVOILUTSequence);
        ModalityLut modality = ModalityLutReader.read(modalitySource != null ? modalitySource : ds, ip.signed(), bulk);

        List<String> warnings = new ArrayList<>();
        List<VoiLut> presets = new ArrayList<>();
        Attributes windows = voiSource != null ? voiSource : ds;
        if (ip.photometric().isMonochrome()) {
            readWindows(windows, presets, warnings);
            List<Attributes> luts = windows.getSequence(Tags.VOILUTSequence);
            if (luts.isEmpty()) {
                luts = ds.getSequence(Tags.VOILUTSequence);
            }
            boolean firstSigned = ip.signed() || minModalityValue(modality, ip) < 0;
            for (Attributes item : luts) {
                LookupTable t = LookupTable.read(item, Tags.LUTDescriptor, Tags.LUTData, firstSigned, "VOI",
                        item.getString(Tags.LUTExplanation, "VOI LUT " + (presets.size() + 1)), bulk);
                presets.add(new VoiLut.Table(t));
            }
        }
        Optional<PaletteLut> palette = ip.photometric() == Photometric.PALETTE_COLOR
                ? Optional.of(PaletteLut.read(ds, ip.signed(), bulk)) : Optional.empty();
        return new ImageTransforms(ip.photometric(), ip.bitsStored(), ip.signed(), modality, presets,
                PresentationLutShape.resolve(ds, ip.photometric()), palette, PixelPadding.read(ds, ip.signed()),
                warnings);
    }

    private static void readWindows(Attributes ds, List<VoiLut> presets, List<String> warnings) {
        double[] centers = ds.getDoubles(Tags.WindowCenter);
        double[] widths = ds.getDoubles(Tags.WindowWidth);
        String[] explanations = ds.getStrings(Tags.WindowCenterWidthExplanation);
        VoiFunction function = VoiFunction.ofTerm(ds.getString(Tags.VOILUTFunction));
        if (centers.length != widths.length) {
            warnings.add("Window Center has " + centers.length + " values but Window Width " + widths.length
                    + "; the extra values are ignored");
        }
        int n = Math.min(centers.length, widths.length);
        for (int i = 0; i < n; i++) {
            String explanation = i < explanations.length && !explanations[i].isEmpty()
                    ? explanations[i] : "WINDOW " + (i + 1);
            if (!Double.isFinite(centers[i]) || !function.acceptsWidth(widths[i])) {
                warnings.add("window " + centers[i] + "/" + widths[i] + " (" + explanation + ") is not valid for "
                        + function + " and was skipped");
                continue;
            }
            presets.add(new VoiLut.Window(centers[i], widths[i], function, explanation));
        }
    }

    /** The first item of a functional group sequence for a frame: per-frame first, then shared; null if none. */
    static Attributes functionalGroup(Attributes ds, int frameIndex, int groupTag) {
        List<Attributes> perFrame = ds.getSequence(Tags.PerFrameFunctionalGroupsSequence);
        if (frameIndex >= 0 && frameIndex < perFrame.size()) {
            List<Attributes> g = perFrame.get(frameIndex).getSequence(groupTag);
            if (!g.isEmpty()) {
                return g.get(0);
            }
        }
        List<Attributes> shared = ds.getSequence(Tags.SharedFunctionalGroupsSequence);
        if (!shared.isEmpty()) {
            List<Attributes> g = shared.get(0).getSequence(groupTag);
            if (!g.isEmpty()) {
                return g.get(0);
            }
        }
        return null;
    }

    private static double minModalityValue(ModalityLut m, ImagePixel ip) {
        int bits = Math.min(ip.bitsStored(), 32);
        long min = ip.signed() ? -(1L << (bits - 1)) : 0;
        long max = ip.signed() ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
        return Math.min(m.apply(min), m.apply(max));
    }
}
