package org.reslens.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.inference.ModelBundle;
import org.reslens.inference.ModelSession;
import org.reslens.inference.RuntimeOptions;

/**
 * The evaluator with the real default model and ONNX Runtime on the committed subset (src/test/resources/evaluation,
 * made by models/training/export_test_dicom.py --subset): worker threads change nothing, and bad rows and files are
 * reported and never stop the run.
 */
class EvaluatorTest {
    private static final Path BUNDLE = Path.of("models/brain-lesion-demo");
    private static final Path SUBSET = Path.of("src/test/resources/evaluation");
    private static final Path NATIVE = Path.of("src/test/resources/dicom/native");
    private static ModelSession session;
    private static ExecutorService pool;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open(@TempDir Path cache) throws Exception {
        assumeTrue(Files.isRegularFile(BUNDLE.resolve("metadata.json")), "the default model is not in this checkout");
        session = ModelSession.open(ModelBundle.load(BUNDLE), RuntimeOptions.batch().withSpinning(false)
                .withCacheDirectory(cache));
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void close() {
        if (session != null) {
            session.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void workerThreadsAndBatchSizeDoNotChangeTheResults() throws Exception {
        LabelList list = LabelList.read(SUBSET);
        EvaluationOptions o = EvaluationOptions.defaults();
        EvaluationReport inline = new Evaluator(session, o, Runnable::run).run(list, EvaluationListener.NONE);
        EvaluationReport pooled = new Evaluator(session, o, pool).run(list, EvaluationListener.NONE);
        EvaluationReport batched = new Evaluator(session, o.withBatchSize(16), pool).run(list, EvaluationListener.NONE);
        assertThat(inline.results()).hasSize(32);
        assertThat(inline.failures()).isEmpty();
        for (int i = 0; i < 32; i++) {
            SliceResult a = inline.results().get(i);
            assertThat(pooled.results().get(i)).isEqualTo(a);
            SliceResult b = batched.results().get(i);
            assertThat(b.slice()).isEqualTo(a.slice());
            assertThat(b.probability()).isCloseTo(a.probability(), within(1e-5));
            assertThat(b.localisation().isPresent()).isEqualTo(a.slice().lesion());
        }
        assertThat(inline.all().lesionSlices()).isEqualTo(16);
        assertThat(inline.all().normalSlices()).isEqualTo(16);
        assertThat(inline.bySize()).extracting(BandMetrics::lesionSlices).containsExactly(4, 4, 4, 4);
        assertThat(inline.byContrast()).extracting(BandMetrics::lesionSlices).containsExactly(4, 4, 4, 4);
        assertThat(inline.all().rocAuc()).isEqualTo(pooled.all().rocAuc());
    }

    @Test
    void badRowsAndFilesAreReportedAndTheRestIsEvaluated() throws Exception {
        Path good = SUBSET.resolve("dicom/00001.dcm").toAbsolutePath();
        Path goodMask = SUBSET.resolve("masks/00001.png").toAbsolutePath();
        Path truncated = tmp.resolve("truncated.dcm");
        Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(good), 3000));
        Path text = Files.writeString(tmp.resolve("notes.dcm"), "not a DICOM file\n");
        Path smallMask = tmp.resolve("small.png");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", smallMask.toFile());
        List<String> rows = new ArrayList<>(List.of("file,label,mask,diameter_mm,contrast,frame",
                good + ",1," + goodMask + ",21.7,0.18,",                              // 2 evaluated
                tmp.resolve("missing.dcm") + ",0,,,,",                                // 3 READ IO
                truncated + ",0,,,,",                                                 // 4 READ TRUNCATED/MALFORMED
                text + ",0,,,,",                                                      // 5 READ NOT_DICOM
                good + ",1," + smallMask + ",21.7,0.18,",                             // 6 MASK BAD_MASK
                NATIVE.resolve("ct_s16.dcm").toAbsolutePath() + ",0,,,,",             // 7 PREPARE NOT_ACCEPTED
                good + ",0,,,,1",                                                     // 8 READ NO_SUCH_FRAME
                good + ",maybe,,,,",                                                  // 9 LIST INVALID_ROW
                NATIVE.resolve("mr_u12.dcm").toAbsolutePath() + ",0,,,,",             // 10 evaluated, with a note
                good + ",1,,21.7,0.18,"));                                            // 11 evaluated, no mask
        Path list = Files.write(tmp.resolve("labels.csv"), rows);
        EvaluationReport r = new Evaluator(session, EvaluationOptions.defaults(), pool)
                .run(LabelList.read(list), EvaluationListener.NONE);
        assertThat(r.listedRows()).isEqualTo(10);
        assertThat(r.results()).extracting(s -> s.slice().line()).containsExactly(2, 10, 11);
        Map<Integer, SliceFailure> byLine = r.failures().stream()
                .collect(Collectors.toMap(SliceFailure::line, Function.identity()));
        assertThat(byLine).containsOnlyKeys(3, 4, 5, 6, 7, 8, 9);
        assertThat(byLine.get(3).stage()).isEqualTo(SliceFailure.Stage.READ);
        assertThat(byLine.get(3).kind()).isEqualTo("IO");
        assertThat(byLine.get(4).stage()).isEqualTo(SliceFailure.Stage.READ);
        assertThat(byLine.get(4).kind()).isIn("TRUNCATED", "MALFORMED");
        assertThat(byLine.get(5).kind()).isEqualTo("NOT_DICOM");
        assertThat(byLine.get(6).stage()).isEqualTo(SliceFailure.Stage.MASK);
        assertThat(byLine.get(6).kind()).isEqualTo("BAD_MASK");
        assertThat(byLine.get(6).message()).contains("mask is 8 x 8, the slice 240 x 240");
        assertThat(byLine.get(7).stage()).isEqualTo(SliceFailure.Stage.PREPARE);
        assertThat(byLine.get(7).kind()).isEqualTo("NOT_ACCEPTED");
        assertThat(byLine.get(8).kind()).isEqualTo("NO_SUCH_FRAME");
        assertThat(byLine.get(9).stage()).isEqualTo(SliceFailure.Stage.LIST);
        assertThat(r.failures()).extracting(SliceFailure::line).isSorted();
        assertThat(r.results().get(0).localisation()).isPresent();
        assertThat(r.results().get(2).localisation()).isEmpty();
        assertThat(r.results().get(2).peak()).isPresent();
        assertThat(r.notes()).containsKeys(
                "lesion slice without a mask: in AUC and sensitivity, not in the pointing game or mass");
        assertThat(r.notes().keySet()).anySatisfy(n -> assertThat(n).contains("Body Part Examined is empty"));
        assertThat(r.all().lesionSlices()).isEqualTo(2);
        assertThat(r.all().localisedSlices()).isEqualTo(1);
        assertThat(r.all().normalSlices()).isEqualTo(1);
    }
}
