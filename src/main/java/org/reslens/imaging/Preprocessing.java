package org.reslens.imaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A model's preprocessing, the contract shared with the Python training code: a JSON array of steps, run in order.
 *
 * <pre>
 * [{"name": "ScaleIntensityRangePercentiles", "lower": 1.0, "upper": 99.0, "b_min": 0.0, "b_max": 1.0, "clip": true},
 *  {"name": "Resize", "spatial_size": [192, 192], "mode": "bilinear", "align_corners": false, "aspect": "stretch"}]
 * </pre>
 *
 * Steps and fields ({@code clip} defaults to false, {@code align_corners} to false, {@code aspect} to "stretch";
 * every other field is required; unknown names and fields are errors, so a typo cannot silently change the model's
 * input):
 * <ul>
 * <li>{@code ScaleIntensityRangePercentiles} {lower, upper, b_min, b_max, clip}</li>
 * <li>{@code ScaleIntensityRange} {a_min, a_max, b_min, b_max, clip}</li>
 * <li>{@code NormalizeIntensity} {subtrahend, divisor}, each optional (absent or null: the image mean / population
 * standard deviation)</li>
 * <li>{@code RepeatChannel} {repeats}</li>
 * <li>{@code Resize} {spatial_size: [height, width], mode: "nearest" | "bilinear" | "area", align_corners,
 * aspect: "stretch" | "pad"}; at most one Resize per description</li>
 * </ul>
 */
public record Preprocessing(List<PreprocessStep> steps) {

    public Preprocessing {
        steps = List.copyOf(steps);
        long resizes = steps.stream().filter(s -> s instanceof PreprocessStep.Resize).count();
        if (resizes > 1) {
            throw new IllegalArgumentException("at most one Resize step, got " + resizes);
        }
    }

    public static Preprocessing of(PreprocessStep... steps) {
        return new Preprocessing(List.of(steps));
    }

    /** Parses the JSON array; INVALID_PREPROCESSING naming the step and field when it does not conform. */
    public static Preprocessing parse(String json) throws ImagingException {
        return PreprocessingJson.parse(json);
    }

    public static Preprocessing parse(InputStream json) throws ImagingException {
        try {
            return parse(new String(json.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ImagingException(ImagingException.Reason.INVALID_PREPROCESSING,
                    "cannot read preprocessing description: " + e.getMessage(), e);
        }
    }

    /** The canonical JSON form (all fields written), which {@link #parse(String)} reads back to an equal value. */
    public String toJson() {
        return PreprocessingJson.write(this);
    }
}
