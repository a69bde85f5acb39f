package org.reslens.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import org.reslens.study.IndexCancelledException;
import org.reslens.study.Patient;
import org.reslens.study.Series;
import org.reslens.study.Study;
import org.reslens.study.StudyIndex;
import org.reslens.study.StudyIndexer;
import org.reslens.ui.series.StackRef;

/** Test inputs: the study fixtures (made by src/test/fixtures/make-study-fixtures.sh) and the demo studies. */
public final class Fixtures {
    public static final Executor DIRECT = Runnable::run;
    public static final Path STUDY = Path.of("src/test/resources/study");
    /** Six 8x8 CT slices (12-bit, rescale -1024, window 40/400, 0.5 mm pixels, z = 0..12.5). */
    public static final Path SHUFFLED = STUDY.resolve("shuffled");
    /** Two CT series of one frame of reference: series 4 at z = 0, 3, 6; series 5 at z = 0, 4, 8, 12. */
    public static final Path SHARED = STUDY.resolve("shared");
    /** Two good CT slices, an SR, a KO, a truncated slice and three files that are not DICOM at all. */
    public static final Path MIXED = STUDY.resolve("mixed");
    public static final Path DEMO = Path.of("assets/demo");
    public static final Path DEMO_MR = DEMO.resolve("SYNTHETIC_MR_LESION");
    public static final Path BYO_MODEL = Path.of("src/test/resources/inference/byo");

    private Fixtures() {
    }

    public static StudyIndex index(Path... inputs) {
        try {
            return new StudyIndexer(DIRECT).index(List.of(inputs));
        } catch (IndexCancelledException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every stack of an index, in index order. */
    public static List<StackRef> stacks(StudyIndex index) {
        return index.patients().stream().flatMap((Patient p) -> p.studies().stream().flatMap((Study st) ->
                st.series().stream().flatMap((Series se) -> java.util.stream.IntStream.range(0, se.stacks().size())
                        .mapToObj(i -> new StackRef(p, st, se, se.stacks().get(i), i)))))
                .toList();
    }

    public static StackRef firstStack(Path input) {
        return stacks(index(input)).get(0);
    }

    public static boolean demoPresent() {
        return Files.isDirectory(DEMO_MR);
    }
}
