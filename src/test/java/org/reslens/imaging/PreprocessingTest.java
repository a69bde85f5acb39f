package org.reslens.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reslens.imaging.PreprocessStep.NormalizeIntensity;
import org.reslens.imaging.PreprocessStep.RepeatChannel;
import org.reslens.imaging.PreprocessStep.Resize;
import org.reslens.imaging.PreprocessStep.ScaleIntensityRange;
import org.reslens.imaging.PreprocessStep.ScaleIntensityRangePercentiles;

/** The preprocessing JSON contract: typed steps, defaults, and errors that name the step and field. */
class PreprocessingTest {
    static final String CONTRACT = """
            [{"name": "ScaleIntensityRangePercentiles", "lower": 1.0, "upper": 99.0, "b_min": 0.0, "b_max": 1.0,
              "clip": true},
             {"name": "Resize", "spatial_size": [192, 192], "mode": "bilinear", "align_corners": false,
              "aspect": "stretch"}]""";

    @Test
    void theSharedContractExampleParsesToTypedSteps() throws Exception {
        Preprocessing p = Preprocessing.parse(CONTRACT);
        assertThat(p.steps()).containsExactly(
                new ScaleIntensityRangePercentiles(1, 99, 0, 1, true),
                new Resize(192, 192, Resize.Mode.BILINEAR, false, Resize.Aspect.STRETCH));
    }

    @Test
    void optionalFieldsTakeTheirDefaults() throws Exception {
        Preprocessing p = Preprocessing.parse("""
                [{"name": "ScaleIntensityRange", "a_min": -160, "a_max": 240, "b_min": 0, "b_max": 1},
                 {"name": "NormalizeIntensity"},
                 {"name": "NormalizeIntensity", "subtrahend": null, "divisor": 2.5},
                 {"name": "RepeatChannel", "repeats": 3},
                 {"name": "Resize", "spatial_size": [224, 200], "mode": "area", "aspect": "pad"}]""");
        assertThat(p.steps()).containsExactly(
                new ScaleIntensityRange(-160, 240, 0, 1, false),
                new NormalizeIntensity(OptionalDouble.empty(), OptionalDouble.empty()),
                new NormalizeIntensity(OptionalDouble.empty(), OptionalDouble.of(2.5)),
                new RepeatChannel(3),
                new Resize(224, 200, Resize.Mode.AREA, false, Resize.Aspect.PAD));
    }

    @Test
    void canonicalJsonReadsBackEqual() throws Exception {
        Preprocessing p = Preprocessing.of(new ScaleIntensityRangePercentiles(0.5, 99.5, -1, 1, false),
                new NormalizeIntensity(OptionalDouble.of(3), OptionalDouble.empty()), new RepeatChannel(2),
                new Resize(7, 9, Resize.Mode.BILINEAR, true, Resize.Aspect.PAD));
        assertThat(Preprocessing.parse(p.toJson())).isEqualTo(p);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"Resize\"}                                                           | not valid|must be a JSON array",
            "[{\"lower\": 1}]                                                                 | no name|has no \"name\"",
            "[{\"name\": \"Blur\"}]                                                           | unknown step|unknown step name",
            "[{\"name\": \"RepeatChannel\", \"repeats\": 2, \"axis\": 0}]                     | unknown field|unknown field \"axis\"",
            "[{\"name\": \"ScaleIntensityRange\", \"a_min\": 0, \"a_max\": 1, \"b_min\": 0}]  | missing field|\"b_max\" must be a number",
            "[{\"name\": \"ScaleIntensityRange\", \"a_min\": \"0\", \"a_max\": 1, \"b_min\": 0, \"b_max\": 1}] | string number|\"a_min\" must be a number",
            "[{\"name\": \"Resize\", \"spatial_size\": [192], \"mode\": \"bilinear\"}]       | one size|must be [height, width]",
            "[{\"name\": \"Resize\", \"spatial_size\": [19.5, 20], \"mode\": \"bilinear\"}]  | fractional size|must be an integer",
            "[{\"name\": \"Resize\", \"spatial_size\": [0, 20], \"mode\": \"bilinear\"}]     | zero size|not within",
            "[{\"name\": \"Resize\", \"spatial_size\": [20, 20]}]                             | no mode|\"mode\" must be",
            "[{\"name\": \"Resize\", \"spatial_size\": [20, 20], \"mode\": \"bicubic\"}]     | bicubic|\"mode\" must be",
            "[{\"name\": \"Resize\", \"spatial_size\": [20, 20], \"mode\": \"nearest\", \"align_corners\": true}] | align nearest|align_corners only",
            "[{\"name\": \"Resize\", \"spatial_size\": [20, 20], \"mode\": \"area\", \"aspect\": \"crop\"}] | crop|\"aspect\" must be",
            "[{\"name\": \"Resize\", \"spatial_size\": [2, 2], \"mode\": \"area\"}, {\"name\": \"Resize\", \"spatial_size\": [2, 2], \"mode\": \"area\"}] | two resizes|at most one Resize",
            "[{\"name\": \"NormalizeIntensity\", \"divisor\": 0}]                            | zero divisor|must not be 0",
            "[{\"name\": \"ScaleIntensityRangePercentiles\", \"lower\": 99, \"upper\": 1, \"b_min\": 0, \"b_max\": 1}] | reversed percentiles|lower <= upper",
            "[{\"name\": \"RepeatChannel\", \"repeats\": 0}]                                 | zero repeats|not within",
            "[{\"name\": \"ScaleIntensityRange\", \"a_min\": 0, \"a_max\": 1, \"b_min\": 0, \"b_max\": 1, \"clip\": 1}] | numeric clip|must be true or false",
            "[1, 2]                                                                           | not objects|not a JSON object",
            "[{\"name\": \"Resize\",                                                          | broken JSON|not valid JSON",
    })
    void invalidDescriptionsAreRejectedWithTheReason(String json, String label, String reason) {
        assertThatThrownBy(() -> Preprocessing.parse(json)).isInstanceOfSatisfying(ImagingException.class, e -> {
            assertThat(e.reason()).isEqualTo(ImagingException.Reason.INVALID_PREPROCESSING);
            assertThat(e.getMessage()).contains(reason.strip());
            assertThat(e.userMessage()).isNotBlank();
        });
    }

    @Test
    void errorsNameTheStep() {
        assertThatThrownBy(() -> Preprocessing.parse("[{\"name\": \"RepeatChannel\", \"repeats\": 1}, "
                + "{\"name\": \"RepeatChannel\", \"repeat\": 2}]"))
                .hasMessageContaining("step 2 (RepeatChannel)");
    }
}
