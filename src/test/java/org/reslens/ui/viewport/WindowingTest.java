package org.reslens.ui.viewport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reslens.imaging.VoiFunction;
import org.reslens.imaging.VoiLut;

class WindowingTest {
    private static final VoiLut.Window BRAIN = new VoiLut.Window(40, 80, VoiFunction.LINEAR, "BRAIN");

    @Test
    void draggingRightWidensAndDraggingDownRaisesTheLevel() {
        VoiLut.Window w = WindowDrag.apply(BRAIN, 30, 15, WindowDrag.Speed.NORMAL);
        assertThat(w.width()).isGreaterThan(80);
        assertThat(w.center()).isGreaterThan(40);
        assertThat(w.function()).isEqualTo(VoiFunction.LINEAR);
    }

    @Test
    void fineIsFiveTimesSlowerThanNormalAndCoarseFiveTimesFaster() {
        double normal = WindowDrag.apply(BRAIN, 100, 0, WindowDrag.Speed.NORMAL).width() - 80;
        double fine = WindowDrag.apply(BRAIN, 100, 0, WindowDrag.Speed.FINE).width() - 80;
        double coarse = WindowDrag.apply(BRAIN, 100, 0, WindowDrag.Speed.COARSE).width() - 80;
        assertThat(fine).isCloseTo(normal / 5, within(1e-9));
        assertThat(coarse).isCloseTo(normal * 5, within(1e-9));
    }

    @Test
    void widthNeverDropsBelowOne() {
        assertThat(WindowDrag.apply(BRAIN, -100000, 0, WindowDrag.Speed.COARSE).width()).isEqualTo(1.0);
    }

    @Test
    void ctGetsTheStandardPresetsAfterTheFilesAndAutoLast() {
        List<WindowPreset> p = WindowPreset.forSlice("CT", null);
        assertThat(p).extracting(WindowPreset::name).startsWith("Brain", "Subdural", "Stroke", "Bone", "Lung",
                "Abdomen", "Liver", "Mediastinum");
        assertThat(p.get(p.size() - 1).kind()).isEqualTo(WindowPreset.Kind.AUTO);
        assertThat(p.get(0).voi()).isEqualTo(new VoiLut.Window(40, 80, VoiFunction.LINEAR, "BRAIN"));
        assertThat(WindowPreset.forSlice("MR", null)).containsExactly(WindowPreset.AUTO);
    }

    @Test
    void windowsAreDescribedAsWidthAndLevel() {
        assertThat(WindowPreset.describe(BRAIN)).isEqualTo("W 80 L 40");
        assertThat(WindowPreset.describe(new VoiLut.Window(-600.5, 1500, VoiFunction.LINEAR, ""))).isEqualTo(
                "W 1500 L -600");
        assertThat(WindowPreset.describe(new VoiLut.Window(2.25, 10.5, VoiFunction.LINEAR, ""))).isEqualTo(
                "W 10.5 L 2.3");
    }

    @Test
    void scaleBarPicksTheLongestRoundLengthWithinAQuarterOfTheWidth() {
        ScaleBar b = ScaleBar.fit(0.5, 800); // 400 mm across, a quarter is 100 mm
        assertThat(b.millimetres()).isEqualTo(100.0);
        assertThat(b.pixels()).isEqualTo(200.0);
        assertThat(b.label()).isEqualTo("10 cm");
        assertThat(ScaleBar.fit(0.1, 800).label()).isEqualTo("20 mm");
        assertThat(ScaleBar.fit(Double.NaN, 800)).isNull();
    }
}
