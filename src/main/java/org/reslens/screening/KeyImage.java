package org.reslens.screening;

/**
 * The key image of a study: its top slice rendered with the file's window, without and with the Grad-CAM heatmap,
 * at full size and as thumbnails. Paths are relative to the output folder (forward slashes).
 *
 * @param heatmapShown false when the heatmap was left out (probability below the threshold, or no Grad-CAM for the
 *                     model): the "with heatmap" images then show the slice alone, and {@code note} says why
 */
public record KeyImage(String plain, String overlay, String plainThumbnail, String overlayThumbnail,
                       boolean heatmapShown, String note) {
}
