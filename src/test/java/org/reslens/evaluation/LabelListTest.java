package org.reslens.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading labelled lists: columns by name, paths relative to the list, bad rows reported and skipped. */
class LabelListTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheCommittedSubsetThroughItsFolder() throws Exception {
        LabelList l = LabelList.read(Path.of("src/test/resources/evaluation"));
        assertThat(l.rows()).isEqualTo(32);
        assertThat(l.slices()).hasSize(32);
        assertThat(l.problems()).isEmpty();
        assertThat(l.slices().stream().filter(LabelledSlice::lesion)).hasSize(16)
                .allSatisfy(s -> assertThat(s.mask()).isPresent().get().satisfies(m -> assertThat(m).exists()));
        assertThat(l.slices()).allSatisfy(s -> assertThat(s.file()).exists());
    }

    @Test
    void findsColumnsByNameInAnyOrderWithQuotesBomAndCrLf() throws Exception {
        Path list = tmp.resolve("my list.csv");
        Files.writeString(list, "\uFEFFnote,Contrast,LABEL,file,diameter_mm,mask\r\n"
                + "\"a, quoted \"\"note\"\"\",0.2,1,sub/a.dcm,12.5,masks/a.png\r\n"
                + "\r\n"
                + "x,,0,/abs/b.dcm,,\r\n", StandardCharsets.UTF_8);
        LabelList l = LabelList.read(list);
        assertThat(l.problems()).isEmpty();
        assertThat(l.slices()).hasSize(2);
        LabelledSlice a = l.slices().get(0);
        assertThat(a.line()).isEqualTo(2);
        assertThat(a.lesion()).isTrue();
        assertThat(a.file()).isEqualTo(tmp.resolve("sub/a.dcm").toAbsolutePath().normalize());
        assertThat(a.mask()).contains(tmp.resolve("masks/a.png").toAbsolutePath().normalize());
        assertThat(a.diameterMm()).hasValue(12.5);
        assertThat(a.contrast()).hasValue(0.2);
        LabelledSlice b = l.slices().get(1);
        assertThat(b.line()).isEqualTo(4);
        assertThat(b.lesion()).isFalse();
        assertThat(b.file()).isEqualTo(Path.of("/abs/b.dcm"));
        assertThat(b.mask()).isEmpty();
        assertThat(b.diameterMm()).isEmpty();
    }

    @Test
    void badRowsBecomeProblemsWithTheirLineAndTheRestIsKept() throws Exception {
        Path list = tmp.resolve("labels.csv");
        Files.writeString(list, "file,label,diameter_mm,frame\n"
                + "ok.dcm,1,10,\n"
                + "bad-label.dcm,yes,10,\n"
                + "bad-number.dcm,1,ten,\n"
                + "short.dcm,1\n"
                + ",0,,\n"
                + "bad-frame.dcm,0,,-1\n"
                + "frame2.dcm,0,,2\n");
        LabelList l = LabelList.read(tmp);
        assertThat(l.rows()).isEqualTo(7);
        assertThat(l.slices()).extracting(LabelledSlice::listed).containsExactly("ok.dcm", "frame2.dcm");
        assertThat(l.slices().get(1).frame()).isEqualTo(2);
        assertThat(l.problems()).extracting(SliceFailure::line).containsExactly(3, 4, 5, 6, 7);
        assertThat(l.problems()).allSatisfy(p -> {
            assertThat(p.stage()).isEqualTo(SliceFailure.Stage.LIST);
            assertThat(p.kind()).isEqualTo("INVALID_ROW");
        });
        assertThat(l.problems().get(0).message()).contains("label must be 0 or 1");
        assertThat(l.problems().get(1).message()).contains("diameter_mm must be a number");
        assertThat(l.problems().get(2).message()).contains("expected 4 fields");
    }

    @Test
    void aListWithoutFileOrLabelColumnIsRefused() throws Exception {
        Path list = tmp.resolve("l.csv");
        Files.writeString(list, "slice_file,label\na.npy,1\n");
        assertThatThrownBy(() -> LabelList.read(list)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("no 'file' column")
                .extracting(e -> ((EvaluationException) e).reason())
                .isEqualTo(EvaluationException.Reason.INVALID_LIST);
        Files.writeString(list, "\n\n");
        assertThatThrownBy(() -> LabelList.read(list)).hasMessageContaining("empty");
    }

    @Test
    void aMissingListOrAFolderWithoutOneIsNotFound() {
        assertThatThrownBy(() -> LabelList.read(tmp)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("no labels.csv in folder")
                .extracting(e -> ((EvaluationException) e).reason())
                .isEqualTo(EvaluationException.Reason.LIST_NOT_FOUND);
        assertThatThrownBy(() -> LabelList.read(tmp.resolve("none.csv"))).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("no such list file");
    }
}
