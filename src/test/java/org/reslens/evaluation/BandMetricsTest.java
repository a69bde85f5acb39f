package org.reslens.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Band membership at the edges, and a band's metrics from hand-made slice results. */
class BandMetricsTest {
    private static LabelledSlice lesion(double diameter, double contrast) {
        return new LabelledSlice(2, "x.dcm", Path.of("x.dcm"), 0, true, Optional.empty(), OptionalDouble.of(diameter),
                OptionalDouble.of(contrast));
    }

    private static LabelledSlice normal() {
        return new LabelledSlice(2, "n.dcm", Path.of("n.dcm"), 0, false, Optional.empty(), OptionalDouble.empty(),
                OptionalDouble.empty());
    }

    private static Localisation at(double distance, double mass) {
        return new Localisation(new Peak(0, 0, 0, 0), distance, mass, 0.5);
    }

    private static SliceResult result(LabelledSlice s, double score, Localisation loc) {
        double p = 1 / (1 + Math.exp(-score));
        return new SliceResult(s, p, score, Optional.empty(), Optional.ofNullable(loc));
    }

    @Test
    void bandsIncludeTheirLowerEdgeAndExcludeTheirUpperEdge() {
        assertThat(Band.GOAL.containsLesion(lesion(10, 0.15))).isTrue();
        assertThat(Band.GOAL.containsLesion(lesion(9.999, 0.5))).isFalse();
        assertThat(Band.GOAL.containsLesion(lesion(40, 0.1499))).isFalse();
        assertThat(Band.SIZES.get(1).containsLesion(lesion(5, 0.2))).isTrue();
        assertThat(Band.SIZES.get(1).containsLesion(lesion(10, 0.2))).isFalse();
        assertThat(Band.SIZES.get(3).containsLesion(lesion(40, 0.2))).isTrue();
        assertThat(Band.CONTRASTS.get(3).containsLesion(lesion(4, 0.6))).isTrue();
        assertThat(Band.CONTRASTS.get(0).containsLesion(lesion(4, 0.049))).isFalse();
    }

    @Test
    void aLesionWithoutSizeOrContrastIsOnlyInTheOverallBand() {
        LabelledSlice s = normal();
        LabelledSlice unknown = new LabelledSlice(3, "u.dcm", Path.of("u.dcm"), 0, true, Optional.empty(),
                OptionalDouble.empty(), OptionalDouble.empty());
        assertThat(Band.ALL.containsLesion(unknown)).isTrue();
        assertThat(Band.GOAL.containsLesion(unknown)).isFalse();
        assertThat(Band.SIZES).noneMatch(b -> b.containsLesion(unknown));
        assertThat(s.lesion()).isFalse();
    }

    @Test
    void aBandScoresItsLesionsAgainstEveryNormalSlice() {
        List<SliceResult> r = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            r.add(result(normal(), i, null));                  // normal scores 0..9: threshold 8 (index 8)
        }
        r.add(result(lesion(12, 0.2), 9, at(0, 0.5)));         // goal: above 8, pointing hit at 0 and 8 mm
        r.add(result(lesion(15, 0.4), 8, at(6, 0.1)));         // goal: ties the threshold; hit at 8 mm only
        r.add(result(lesion(30, 0.3), 3.5, null));             // goal: no mask, not localised
        r.add(result(lesion(4, 0.5), 20, at(100, 0)));         // not in the goal band (too small)
        EvaluationOptions o = EvaluationOptions.defaults();
        BandMetrics g = BandMetrics.of(Band.GOAL, r, o);
        assertThat(g.lesionSlices()).isEqualTo(3);
        assertThat(g.normalSlices()).isEqualTo(10);
        // 9 beats 9 normals and ties one (9.5); 8 beats 8, ties one (8.5); 3.5 beats 4: (9.5 + 8.5 + 4) / 30
        assertThat(g.rocAuc()).isEqualTo(22.0 / 30);
        assertThat(g.sensitivity()).isEqualTo(1.0 / 3);
        assertThat(g.thresholdProbability()).isCloseTo(1 / (1 + Math.exp(-8)), within(1e-15));
        assertThat(g.localisedSlices()).isEqualTo(2);
        assertThat(g.pointingGame()).containsEntry(0.0, 0.5).containsEntry(8.0, 1.0);
        assertThat(g.heatmapMassInMask()).isCloseTo(0.3, within(1e-15));
        BandMetrics all = BandMetrics.of(Band.ALL, r, o);
        assertThat(all.lesionSlices()).isEqualTo(4);
        assertThat(all.pointingGame()).containsEntry(8.0, 2.0 / 3);
    }

    @Test
    void aBandWithoutLesionsHasUndefinedMetrics() {
        List<SliceResult> r = List.of(result(normal(), 1, null), result(normal(), 2, null));
        BandMetrics b = BandMetrics.of(Band.SIZES.get(0), r, EvaluationOptions.defaults());
        assertThat(b.lesionSlices()).isZero();
        assertThat(b.normalSlices()).isEqualTo(2);
        assertThat(b.rocAuc()).isNaN();
        assertThat(b.sensitivity()).isNaN();
        assertThat(b.thresholdProbability()).isNaN();
        assertThat(b.pointingGame().get(0.0)).isNaN();
        assertThat(b.heatmapMassInMask()).isNaN();
    }
}
