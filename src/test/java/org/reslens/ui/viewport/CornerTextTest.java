package org.reslens.ui.viewport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reslens.imaging.VoiLut;
import org.reslens.ui.Fixtures;
import org.reslens.ui.series.SeriesHeader;
import org.reslens.ui.series.StackRef;

class CornerTextTest {
    @Test
    void cornersShowPatientStudySliceAndDisplayState() {
        StackRef s = Fixtures.firstStack(Fixtures.SHUFFLED);
        CornerText t = CornerText.of(new CornerText.Input(s, new SeriesHeader("1.2.3", "HEAD", "19700101", "O",
                "Fixture Hospital"), 2, VoiLut.window(40, 400), 1.5, true,
                ViewGeometry.DEFAULT.rotated(1).flippedHorizontally(), false));
        assertThat(t.topLeft()).contains("Fixture, Alpha", "ID STUDY-FIX-1", "DOB 1970-01-01", "Fixture Hospital");
        assertThat(t.topRight()).contains("2026-01-01 12:00", "Study 1", "CT", "Shuffled names");
        assertThat(t.bottomLeft()).contains("Im 3 / 6", "Loc 5.0 mm", "Px 0.50 x 0.50 mm");
        assertThat(t.bottomRight()).contains("W 400 L 40", "Zoom 150%", "Rot 90", "Flip H", "Inverted");
    }

    @Test
    void deidentifiedCornersLeaveOutNamesIdsDatesAndInstitution() {
        StackRef s = Fixtures.firstStack(Fixtures.SHUFFLED);
        CornerText t = CornerText.of(new CornerText.Input(s, new SeriesHeader("1.2.3", null, "19700101", "O",
                "Fixture Hospital"), 0, null, 1, false, ViewGeometry.DEFAULT, true));
        String all = String.join("\n", t.topLeft(), t.topRight(), t.bottomLeft(), t.bottomRight());
        assertThat(all).doesNotContain("Fixture, Alpha", "STUDY-FIX-1", "1970", "2026", "Fixture Hospital")
                .contains("De-identified", "Im 1 / 6");
    }

    @Test
    void personNamesAndDatesAreFormattedForReading() {
        assertThat(CornerText.patientName("DOE^JOHN^^DR")).isEqualTo("DOE, JOHN");
        assertThat(CornerText.patientName("Yamada^Tarou=山田^太郎")).isEqualTo("Yamada, Tarou");
        assertThat(CornerText.patientName(null)).isEqualTo("(no name)");
        assertThat(CornerText.date("20240131")).isEqualTo("2024-01-31");
    }
}
