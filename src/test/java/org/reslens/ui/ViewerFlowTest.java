package org.reslens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.imaging.VoiLut;
import org.reslens.ui.ai.HeatmapStyle;
import org.reslens.ui.ai.SeriesAnalysis;
import org.reslens.ui.viewport.RenderedFrame;
import org.reslens.ui.viewport.ViewportView;
import org.reslens.ui.viewport.ViewportViewModel;
import org.reslens.ui.workspace.Layout;
import org.reslens.ui.workspace.WorkspaceViewModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The main reading flows in the real window, headless (TestFX on Monocle): open a study, scroll with the keyboard and
 * the wheel, drag window/level, run the model and see its heatmap, toggle it with H. Uses the demo MR study when it
 * is there, else the CT fixture; the model is the bring-your-own fixture bundle (random weights, any modality).
 */
@ExtendWith(ApplicationExtension.class)
class ViewerFlowTest {
    @TempDir
    static Path home;

    private Viewer viewer;

    private Viewer start(FxRobot robot, Path input) throws Exception {
        return start(robot, input, true);
    }

    private Viewer start(FxRobot robot, Path input, boolean autoRunAi) throws Exception {
        Path models = home.resolve("models/byo-fixture");
        if (!Files.isDirectory(models)) {
            Files.createDirectories(models);
            Files.copy(Fixtures.BYO_MODEL.resolve("metadata.json"), models.resolve("metadata.json"));
            Files.copy(Fixtures.BYO_MODEL.resolve("resnet-gemm.onnx"), models.resolve("resnet-gemm.onnx"));
        }
        AppPaths paths = new AppPaths(home, home.resolve("config"));
        FxDriver.fx(() -> {
            viewer = Viewer.create(new ViewerOptions(List.of(input), false, autoRunAi, Layout.ONE, null), paths);
            viewer.show(new Stage());
        });
        WorkspaceViewModel ws = viewer.workspace();
        // The whole series, not the one-file preview shown while the folder is indexed.
        waitFor(30, () -> !ws.indexingProperty().get() && ws.activeViewport().frameProperty().get() != null);
        return viewer;
    }

    @AfterEach
    void close() {
        FxDriver.closeViewer(viewer);
    }

    private static Path study() {
        return Fixtures.demoPresent() ? Fixtures.DEMO_MR : Fixtures.SHUFFLED;
    }

    private static void waitFor(int seconds, Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    @Test
    void openScrollAndDragWindowLevel(FxRobot robot) throws Exception {
        start(robot, study());
        ViewportViewModel vp = viewer.workspace().activeViewport();
        ViewportView view = viewer.view().viewportViews().get(0);
        assertThat(FxDriver.get(() -> view.imageView().getImage())).isNotNull();
        int start = FxDriver.get(() -> vp.sliceIndexProperty().get());
        assertThat(FxDriver.get(() -> view.cornerTexts()[2])).contains("Im " + (start + 1) + " /");
        assertThat(FxDriver.get(() -> view.orientationLetters())).containsExactly("A", "P", "R", "L");

        robot.clickOn(view.imageView());
        robot.type(KeyCode.DOWN);
        waitFor(10, () -> vp.frameProperty().get().sliceIndex() == start + 1);
        robot.type(KeyCode.UP, 2);
        waitFor(10, () -> vp.frameProperty().get().sliceIndex() == start - 1);
        robot.type(KeyCode.END);
        waitFor(10, () -> vp.sliceIndexProperty().get() == vp.sliceCountProperty().get() - 1);
        robot.type(KeyCode.HOME);
        waitFor(10, () -> vp.frameProperty().get().sliceIndex() == 0);
        // TestFX's UP sends a negative wheel delta, the direction that moves to the next slice.
        robot.scroll(3, javafx.geometry.VerticalDirection.UP);
        waitFor(10, () -> vp.sliceIndexProperty().get() == 3);
        assertThat(FxDriver.get(() -> view.cornerTexts()[2]))
                .contains("Im " + (vp.sliceIndexProperty().get() + 1) + " /");

        VoiLut.Window before = (VoiLut.Window) vp.frameProperty().get().voi();
        robot.moveTo(view.imageView()).press(MouseButton.PRIMARY).moveBy(90, 40).release(MouseButton.PRIMARY);
        waitFor(10, () -> !before.equals(vp.frameProperty().get().voi()));
        VoiLut.Window after = (VoiLut.Window) vp.frameProperty().get().voi();
        assertThat(after.width()).isGreaterThan(before.width());
        assertThat(after.center()).isGreaterThan(before.center());
        assertThat(FxDriver.get(() -> view.cornerTexts()[3])).contains(
                org.reslens.ui.viewport.WindowPreset.describe(after));

        robot.type(KeyCode.R);
        assertThat(FxDriver.get(() -> view.orientationLetters())).containsExactly("R", "L", "P", "A");
        robot.type(KeyCode.BACK_SPACE);
        waitFor(10, () -> vp.frameProperty().get().voi().equals(before));
    }

    @Test
    void holdingDownScrollsSteadilyStopsOnReleaseAndStopsAtTheLastSlice(FxRobot robot) throws Exception {
        start(robot, study(), false);
        ViewportViewModel vp = viewer.workspace().activeViewport();
        int n = FxDriver.get(() -> vp.sliceCountProperty().get());
        robot.clickOn(viewer.view().viewportViews().get(0).imageView());
        robot.type(KeyCode.HOME);
        waitFor(10, () -> vp.sliceIndexProperty().get() == 0);

        // A tap moves one slice.
        robot.type(KeyCode.DOWN);
        waitFor(10, () -> vp.sliceIndexProperty().get() == 1);
        // Held for about half a second (no keyboard auto-repeat here): the clock scrolls at 60 per second after
        // 180 ms, so about 20 slices; a loose lower bound, since a loaded machine may deliver the release late.
        robot.press(KeyCode.DOWN);
        FxDriver.sleep(500);
        robot.release(KeyCode.DOWN);
        int atRelease = FxDriver.get(() -> vp.sliceIndexProperty().get());
        assertThat(atRelease).isGreaterThanOrEqualTo(Math.min(n - 1, 10));
        FxDriver.sleep(300);
        assertThat(FxDriver.get(() -> vp.sliceIndexProperty().get())).as("stopped at once").isEqualTo(atRelease);

        // Held at the end: it stays on the last slice.
        robot.type(KeyCode.END);
        robot.press(KeyCode.DOWN);
        FxDriver.sleep(300);
        robot.release(KeyCode.DOWN);
        assertThat(FxDriver.get(() -> vp.sliceIndexProperty().get())).isEqualTo(n - 1);
        waitFor(10, () -> vp.frameProperty().get().sliceIndex() == n - 1);
    }

    @Test
    void helpAboutShowsTheBuildTheRuntimesTheModelAndTheDisclaimer(FxRobot robot) throws Exception {
        start(robot, study(), false);
        waitFor(30, () -> viewer.workspace().ai().modelsLoadedProperty().get());
        javafx.scene.control.MenuBar bar = robot.lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        FxDriver.fx(() -> bar.getMenus().stream().filter(m -> m.getText().equals("Help"))
                .flatMap(m -> m.getItems().stream()).filter(i -> "About ResLens".equals(i.getText()))
                .findFirst().orElseThrow().fire());
        javafx.stage.Window about = FxDriver.get(() -> javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof Stage s && "About ResLens".equals(s.getTitle())).findFirst().orElseThrow());
        String text = FxDriver.get(() -> about.getScene().getRoot().lookupAll(".label").stream()
                .map(l -> ((javafx.scene.control.Label) l).getText()).reduce("", (a, b) -> a + "\n" + b));
        assertThat(text).contains(org.reslens.BuildInfo.current().describe())
                .contains("Java " + Runtime.version())
                .contains("JavaFX " + System.getProperty("javafx.runtime.version"))
                .contains("Model: byo-fixture")
                .contains(org.reslens.ui.ai.AiPanelViewModel.DISCLAIMER);
        FxDriver.fx(() -> ((Stage) about).close());
    }

    @Test
    void runTheModelAndSeeTheHeatmapThenHideItWithH(FxRobot robot) throws Exception {
        start(robot, study());
        WorkspaceViewModel ws = viewer.workspace();
        ViewportViewModel vp = ws.activeViewport();
        // Auto-run is on: the preselected fixture model runs as soon as the series is open.
        waitFor(90, () -> ws.ai().currentProperty().get() != null && ws.ai().currentProperty().get().complete());
        SeriesAnalysis a = ws.ai().currentProperty().get();
        assertThat(a.done()).isEqualTo(vp.sliceCountProperty().get());
        assertThat(ws.ai().selectedProperty().get().name()).isEqualTo("byo-fixture");

        int[] plain = FxDriver.get(() -> vp.frameProperty().get().image().pixels().clone());
        // A threshold of 0 shows the map on every slice (the fixture's random weights give low probabilities).
        FxDriver.fx(() -> {
            HeatmapStyle s = ws.ai().styleProperty().get();
            ws.ai().styleProperty().set(new HeatmapStyle(true, s.colourMap(), 0.6, 0, 0, s.perSeriesScale()));
        });
        waitFor(10, () -> !Arrays.equals(plain, vp.frameProperty().get().image().pixels()));
        RenderedFrame withMap = FxDriver.get(() -> vp.frameProperty().get());
        assertThat(colouredPixels(withMap.image().pixels())).as("heat is coloured, the slice is gray").isPositive();

        robot.clickOn(viewer.view().viewportViews().get(0).imageView());
        robot.type(KeyCode.H);
        waitFor(10, () -> colouredPixels(vp.frameProperty().get().image().pixels()) == 0);
        robot.type(KeyCode.H);
        waitFor(10, () -> colouredPixels(vp.frameProperty().get().image().pixels()) > 0);

        robot.type(KeyCode.N);
        waitFor(10, () -> vp.sliceIndexProperty().get() != withMap.sliceIndex());

        // The score strip beside the scroll bar: a click near its bottom jumps near the last slice.
        javafx.scene.Node strip = robot.lookup(".score-strip").query();
        javafx.geometry.Bounds b = FxDriver.get(() -> strip.localToScreen(strip.getBoundsInLocal()));
        robot.clickOn(b.getMinX() + b.getWidth() / 2, b.getMaxY() - 2);
        waitFor(10, () -> vp.sliceIndexProperty().get() == vp.sliceCountProperty().get() - 1);

        // A de-identified key image with the heatmap burnt in.
        Path png = home.resolve("key.png");
        java.util.concurrent.CompletableFuture<Boolean> saved = new java.util.concurrent.CompletableFuture<>();
        FxDriver.fx(() -> viewer.view().saveKeyImage(png, true, saved::complete));
        assertThat(saved.get(30, TimeUnit.SECONDS)).isTrue();
        javafx.scene.image.Image img = new javafx.scene.image.Image(png.toUri().toString());
        assertThat(img.getWidth()).isGreaterThan(100);
        assertThat(colouredPixels(FxImages.pixels(img).pixels())).isPositive();
        assertThat(FxDriver.get(() -> viewer.view().viewportViews().get(0).cornerTexts()[0]))
                .as("the screen shows the patient again after the export").doesNotContain("De-identified");
    }

    @Test
    void aFolderWithBadFilesOpensWithOneNotification(FxRobot robot) throws Exception {
        start(robot, Fixtures.MIXED);
        WorkspaceViewModel ws = viewer.workspace();
        waitFor(10, () -> !ws.notices().isEmpty());
        assertThat(FxDriver.get(() -> ws.notices().size())).isEqualTo(1);
        FxDriver.fx(() -> ws.layoutProperty().set(Layout.TWO_BY_TWO));
        assertThat(FxDriver.get(() -> viewer.view().viewportViews().get(3).getParent())).isNotNull();
    }

    private static long colouredPixels(int[] argb) {
        return Arrays.stream(argb).filter(p -> {
            int r = p >> 16 & 0xFF;
            int g = p >> 8 & 0xFF;
            int b = p & 0xFF;
            return Math.abs(r - g) > 8 || Math.abs(g - b) > 8;
        }).count();
    }
}
