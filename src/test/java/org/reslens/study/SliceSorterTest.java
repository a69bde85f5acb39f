package org.reslens.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spacing statistics over positions along the normal, where the fixtures cannot cover every case cheaply. */
class SliceSorterTest {
    private static Double spacing(List<StackWarning> warnings, double... along) {
        return SliceSorter.spacing(along, 0.01, warnings);
    }

    @Test
    void spacingIsTheMedianOfDistinctStepsAveragingTheMiddleTwo() {
        List<StackWarning> w = new ArrayList<>();
        assertThat(spacing(w, 0, 1, 2, 3.01, 4.03)).isEqualTo(1.005, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(w).isEmpty(); // steps within 2 % of the spacing are regular
    }

    @Test
    void duplicatesDoNotCountTowardsTheSpacing() {
        List<StackWarning> w = new ArrayList<>();
        assertThat(spacing(w, 0, 0, 0, 3, 6)).isEqualTo(3.0);
        assertThat(w).extracting(StackWarning::kind).containsExactly(StackWarning.Kind.DUPLICATE_POSITION);
        assertThat(w.get(0).message()).startsWith("2 pair(s)");
    }

    @Test
    void noSpacingWithoutTwoDistinctPositions() {
        List<StackWarning> w = new ArrayList<>();
        assertThat(spacing(w, 5)).isNull();
        assertThat(w).isEmpty();
        assertThat(spacing(w, 5, 5.001)).isNull();
        assertThat(w).extracting(StackWarning::kind).containsExactly(StackWarning.Kind.DUPLICATE_POSITION);
    }

    @Test
    void aGapCountsTheSlicesItProbablyLostAndLongListsAreShortened() {
        List<StackWarning> w = new ArrayList<>();
        assertThat(spacing(w, 0, 1, 2, 6, 7, 8, 12, 13, 17, 18, 22)).isEqualTo(1.0);
        assertThat(w).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(StackWarning.Kind.GAP);
            assertThat(g.message()).startsWith("4 gap(s) (spacing 1 mm): 4 mm between slices 3 and 4 (about 3"
                    + " missing)").endsWith("; ...");
        });
    }

    @Test
    void millimetresAreWrittenWithoutTrailingZeros() {
        assertThat(SliceSorter.mm(2.0)).isEqualTo("2");
        assertThat(SliceSorter.mm(2.5)).isEqualTo("2.5");
        assertThat(SliceSorter.mm(-0.0001)).isEqualTo("0");
        assertThat(SliceSorter.mm(4.8296291)).isEqualTo("4.83");
    }
}
