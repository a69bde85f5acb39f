package org.reslens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.ui.viewport.ViewportViewModel;
import org.reslens.ui.workspace.Layout;
import org.reslens.ui.workspace.Notice;
import org.reslens.ui.workspace.WorkspaceViewModel;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * Issue 8: the viewer survives a folder of 1,000 broken files next to one good series. The broken files are made at
 * test time from the repository's DICOM fixtures and fuzz seeds, deterministically: zero bytes, not DICOM at all, a
 * DICM preamble followed by random bytes, a header whose element length runs past the end of the file, and files cut
 * off inside their header. Each one is checked to be refused by {@link DicomFile#open} (else it is mutated again), so
 * the count the viewer must report is exactly 1,000.
 */
@ExtendWith(ApplicationExtension.class)
class BrokenFolderTest {
    private static final int BROKEN = 1000;

    @TempDir
    Path home;
    @TempDir
    Path folder;

    private Viewer viewer;

    @AfterEach
    void close() {
        if (viewer != null) {
            FxDriver.fx(() -> {
                for (Window w : List.copyOf(Window.getWindows())) {
                    if (w instanceof Stage s) {
                        s.close();
                    }
                }
                viewer.close();
            });
        }
    }

    @Test
    void aThousandBrokenFilesBecomeOneSummaryAndTheGoodSeriesOpens() throws Exception {
        List<String> kinds = writeBrokenFiles(folder);
        for (Mutation m : Mutation.values()) {
            assertThat(kinds.stream().filter(m.name()::equals).count()).as("files broken by %s", m).isGreaterThan(50);
        }
        List<Path> good;
        try (Stream<Path> s = Files.list(Fixtures.SHUFFLED)) {
            good = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path g : good) {
            Files.copy(g, folder.resolve("good-" + g.getFileName()));
        }

        List<Throwable> escaped = Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> escaped.add(e));
        Thread.UncaughtExceptionHandler fxBefore = FxDriver.get(() -> Thread.currentThread()
                .getUncaughtExceptionHandler());
        FxDriver.fx(() -> Thread.currentThread().setUncaughtExceptionHandler((t, e) -> escaped.add(e)));
        AppPaths paths = new AppPaths(home, home.resolve("config"));
        FxDriver.fx(() -> {
            viewer = Viewer.create(new ViewerOptions(List.of(), false, false, Layout.ONE, null), paths);
            viewer.show(new Stage());
        });
        WorkspaceViewModel ws = viewer.workspace();
        ViewportViewModel vp = ws.activeViewport();
        // Watched from the open on (building the window itself may take seconds on a loaded machine).
        FxWatch watch = new FxWatch();
        try {
            FxDriver.fx(() -> ws.open(List.of(folder)));
            FxDriver.waitFor("the index and the good series", 180, () -> !ws.indexingProperty().get()
                    && vp.stackProperty().get() != null && vp.frameProperty().get() != null);

            // The good series is open and on screen.
            assertThat(FxDriver.get(() -> vp.sliceCountProperty().get())).isEqualTo(good.size());
            assertThat(FxDriver.get(() -> viewer.view().viewportViews().get(0).imageView().getImage())).isNotNull();
            assertThat(FxDriver.get(() -> ws.browser().stacks())).hasSize(1);

            // Exactly one notice, naming the count, with every file in its details.
            List<Notice> notices = FxDriver.get(() -> List.copyOf(ws.notices()));
            assertThat(notices).singleElement().satisfies(n -> {
                assertThat(n.title()).isEqualTo(BROKEN + " files could not be opened");
                assertThat(n.text()).contains("The other files were opened.");
                assertThat(n.details()).hasSize(BROKEN).allSatisfy(d -> assertThat(d).contains("broken-"));
            });
            assertThat(FxDriver.get(() -> ws.statusProperty().get()))
                    .contains("1 series, " + good.size() + " images, " + BROKEN + " files not readable");

            // One notification on screen; its Details button lists the files in a window of their own.
            List<Button> details = FxDriver.get(() -> lookupAll(".notification-bar .button").stream()
                    .filter(b -> b instanceof Button x && "Details".equals(x.getText())).map(b -> (Button) b).toList());
            assertThat(lookupCount(".notification-bar")).as("notifications shown").isEqualTo(1);
            assertThat(details).hasSize(1);
            FxDriver.fx(() -> details.get(0).fire());
            String listed = FxDriver.get(() -> Window.getWindows().stream()
                    .filter(w -> w instanceof Stage s && s.getTitle() != null && s.getTitle().startsWith(BROKEN + " "))
                    .map(w -> ((TextArea) w.getScene().getRoot()).getText()).findFirst().orElse(""));
            assertThat(listed.lines().filter(l -> l.contains("broken-"))).hasSize(BROKEN);

            // The FX thread kept answering (a generous bound: this checks for a freeze, not for speed) and nothing
            // escaped to an uncaught-exception handler.
            long worst = watch.worstMillis();
            assertThat(worst).as("longest wait for the FX thread: %d ms", worst).isLessThan(5000);
            assertThat(escaped).isEmpty();
        } finally {
            watch.stop();
            Thread.setDefaultUncaughtExceptionHandler(before);
            FxDriver.fx(() -> Thread.currentThread().setUncaughtExceptionHandler(fxBefore));
        }
    }

    private static List<Node> lookupAll(String selector) {
        List<Node> out = new ArrayList<>();
        for (Window w : Window.getWindows()) {
            if (w.isShowing() && w.getScene() != null) {
                out.addAll(w.getScene().getRoot().lookupAll(selector));
            }
        }
        return out;
    }

    private static long lookupCount(String selector) {
        return FxDriver.get(() -> (long) lookupAll(selector).size());
    }

    /** Posts a probe to the FX thread every 20 ms and keeps the longest time one waited to run. */
    private static final class FxWatch {
        private final AtomicLong worst = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::run, "fx-watch");

        FxWatch() {
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                long posted = System.nanoTime();
                java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
                Platform.runLater(ran::countDown);
                try {
                    ran.await();
                    worst.accumulateAndGet((System.nanoTime() - posted) / 1_000_000, Math::max);
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long worstMillis() {
            return worst.get();
        }

        void stop() {
            running = false;
            thread.interrupt();
        }
    }

    // ---- the broken files ----

    /** Writes {@link #BROKEN} files into {@code dir}; returns the kind of each. */
    static List<String> writeBrokenFiles(Path dir) throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (Path root : List.of(Path.of("src/test/resources/dicom"), Path.of("src/test/resources/org/reslens/fuzz"))) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    if (Files.size(p) <= 1 << 20) {
                        seeds.add(Files.readAllBytes(p));
                    }
                }
            }
        }
        assertThat(seeds).as("fixtures to mutate").hasSizeGreaterThan(20);
        Random rnd = new Random(20261128L);
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < BROKEN; i++) {
            Path file = dir.resolve(String.format(Locale.ROOT, "broken-%04d.dcm", i));
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            String kind = null;
            for (int attempt = 0; attempt < 8 && kind == null; attempt++) {
                Mutation m = Mutation.values()[(i + attempt) % Mutation.values().length];
                Files.write(file, m.apply(seed, rnd));
                if (refused(file)) {
                    kind = m.name();
                }
            }
            if (kind == null) {
                Files.write(file, new byte[0]);
                kind = Mutation.EMPTY.name();
            }
            kinds.add(kind);
        }
        return kinds;
    }

    /** Refused by the reader, and not mistaken for a zip archive by its first bytes. */
    private static boolean refused(Path file) throws IOException {
        byte[] head = new byte[2];
        try (var in = Files.newInputStream(file)) {
            if (in.read(head) == 2 && head[0] == 'P' && head[1] == 'K') {
                return false;
            }
        }
        try {
            DicomFile.open(file);
            return false;
        } catch (DicomException e) {
            return true;
        }
    }

    private enum Mutation {
        EMPTY {
            @Override
            byte[] apply(byte[] seed, Random rnd) {
                return new byte[0];
            }
        },
        NOT_DICOM {
            @Override
            byte[] apply(byte[] seed, Random rnd) {
                String text = "Patient list exported " + rnd.nextInt(100000) + "\n"
                        + "name,id,date\n".repeat(1 + rnd.nextInt(40));
                return text.getBytes(StandardCharsets.US_ASCII);
            }
        },
        RANDOM_AFTER_PREAMBLE {
            @Override
            byte[] apply(byte[] seed, Random rnd) {
                byte[] b = new byte[132 + 16 + rnd.nextInt(4096)];
                rnd.nextBytes(b);
                Arrays.fill(b, 0, 128, (byte) 0);
                System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, b, 128, 4);
                return b;
            }
        },
        LYING_LENGTH {
            /** A Part 10 seed with one File Meta element's length claiming far more bytes than the file has. */
            @Override
            byte[] apply(byte[] seed, Random rnd) {
                byte[] b = seed.clone();
                if (b.length < 132 + 12 || b[128] != 'D' || b[129] != 'I' || b[130] != 'C' || b[131] != 'M') {
                    return RANDOM_AFTER_PREAMBLE.apply(seed, rnd);
                }
                // Walk the explicit-VR little-endian meta group and lie in a random element's length field.
                List<int[]> lengths = new ArrayList<>();
                int pos = 132;
                while (pos + 8 <= b.length && (b[pos] & 0xFF) == 0x02 && b[pos + 1] == 0) {
                    String vr = new String(b, pos + 4, 2, StandardCharsets.US_ASCII);
                    boolean longForm = List.of("OB", "OW", "OF", "SQ", "UT", "UN").contains(vr);
                    int len;
                    if (longForm) {
                        if (pos + 12 > b.length) {
                            break;
                        }
                        lengths.add(new int[] {pos + 8, 4});
                        len = (b[pos + 8] & 0xFF) | (b[pos + 9] & 0xFF) << 8 | (b[pos + 10] & 0xFF) << 16
                                | (b[pos + 11] & 0x7F) << 24;
                        pos += 12 + len;
                    } else {
                        lengths.add(new int[] {pos + 6, 2});
                        len = (b[pos + 6] & 0xFF) | (b[pos + 7] & 0xFF) << 8;
                        pos += 8 + len;
                    }
                }
                if (lengths.isEmpty()) {
                    return RANDOM_AFTER_PREAMBLE.apply(seed, rnd);
                }
                int[] at = lengths.get(rnd.nextInt(lengths.size()));
                if (at[1] == 4) {
                    b[at[0]] = (byte) 0xF0;
                    b[at[0] + 1] = (byte) 0xFF;
                    b[at[0] + 2] = (byte) 0xFF;
                    b[at[0] + 3] = (byte) 0x7F;
                } else {
                    b[at[0]] = (byte) 0xFE;
                    b[at[0] + 1] = (byte) 0xFF;
                }
                // Keep the lie past the end of the file.
                return Arrays.copyOf(b, Math.min(b.length, at[0] + 4 + rnd.nextInt(64)));
            }
        },
        TRUNCATED {
            /** Cut inside the header, before the pixel data the header read would stop at. */
            @Override
            byte[] apply(byte[] seed, Random rnd) {
                int end = pixelDataTag(seed);
                if (end <= 1) {
                    end = Math.max(1, seed.length / 2);
                }
                return Arrays.copyOf(seed, 1 + rnd.nextInt(end));
            }
        };

        abstract byte[] apply(byte[] seed, Random rnd);

        private static int pixelDataTag(byte[] b) {
            for (int i = 0; i + 3 < b.length; i++) {
                boolean little = (b[i] & 0xFF) == 0xE0 && (b[i + 1] & 0xFF) == 0x7F && (b[i + 2] & 0xFF) == 0x10
                        && b[i + 3] == 0;
                boolean big = (b[i] & 0xFF) == 0x7F && (b[i + 1] & 0xFF) == 0xE0 && b[i + 2] == 0
                        && (b[i + 3] & 0xFF) == 0x10;
                if (little || big) {
                    return i;
                }
            }
            return b.length;
        }
    }
}
