package org.reslens.ui;

import static org.reslens.ui.FxDriver.fx;
import static org.reslens.ui.FxDriver.get;
import static org.reslens.ui.FxDriver.sleep;
import static org.reslens.ui.FxDriver.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.reslens.explain.ColourMap;
import org.reslens.explain.PngWriter;
import org.reslens.ui.ai.HeatmapStyle;
import org.reslens.ui.measure.MeasurementsViewModel;
import org.reslens.ui.viewport.ViewportViewModel;
import org.reslens.ui.viewport.WindowDrag;
import org.reslens.ui.workspace.Layout;
import org.reslens.ui.workspace.WorkspaceViewModel;

/**
 * Drives the real window through a reading session and saves a screenshot after each step, to look at:
 * <pre>
 *   xvfb-run -a -s "-screen 0 1600x1000x24" java -cp ... org.reslens.ui.ScreenshotTour OUT_DIR [THRESHOLD]
 * </pre>
 * Uses the demo studies under assets/demo (run from the repository root, or set -Dreslens.home).
 */
public final class ScreenshotTour {
    private ScreenshotTour() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/tour");
        double threshold = args.length > 1 ? Double.parseDouble(args[1]) : HeatmapStyle.DEFAULT.probabilityThreshold();
        Files.createDirectories(out);
        CompletableFuture<Viewer> started = new CompletableFuture<>();
        Platform.startup(() -> {
            AppPaths paths = AppPaths.locate();
            Viewer v = Viewer.create(new ViewerOptions(List.of(paths.demoStudy()), false, true, Layout.ONE, null), paths);
            v.show(new Stage());
            started.complete(v);
        });
        Viewer viewer = started.get();
        WorkspaceViewModel ws = viewer.workspace();
        try {
            waitFor("first slice", 30, () -> ws.activeViewport().frameProperty().get() != null);
            waitFor("AI done", 120, () -> ws.ai().modelsLoadedProperty().get() && !ws.ai().runningProperty().get()
                    && ws.ai().currentProperty().get() != null && ws.ai().currentProperty().get().complete());
            if (threshold != HeatmapStyle.DEFAULT.probabilityThreshold()) {
                fx(() -> {
                    HeatmapStyle s = ws.ai().styleProperty().get();
                    ws.ai().styleProperty().set(new HeatmapStyle(true, s.colourMap(), s.opacity(), threshold,
                            s.heatFloor(), s.perSeriesScale()));
                });
            }
            shot(viewer, out.resolve("01-demo-ai.png"));

            ViewportViewModel vp = ws.activeViewport();
            fx(() -> {
                vp.beginWindowDrag();
                vp.dragWindow(-60, -30, WindowDrag.Speed.NORMAL);
                vp.endWindowDrag();
                vp.zoomAt(1.8, 420, 330);
                MeasurementsViewModel m = ws.activeMeasurements();
                m.begin(MeasurementsViewModel.Shape.DISTANCE, 70, 60);
                m.finish(110, 75);
                m.begin(MeasurementsViewModel.Shape.ELLIPSE, 125, 120);
                m.finish(150, 140);
                ws.ai().styleProperty().set(new HeatmapStyle(true, ColourMap.VIRIDIS, 0.35,
                        ws.ai().styleProperty().get().probabilityThreshold(), 0.3, true));
            });
            shot(viewer, out.resolve("02-window-zoom-measure.png"));

            fx(() -> {
                vp.reset();
                ws.ai().styleProperty().set(HeatmapStyle.DEFAULT);
                ws.open(List.of(AppPaths.locate().home().resolve("assets/demo")));
            });
            waitFor("all demo studies", 60, () -> ws.browser().stacks().size() >= 4 && !ws.indexingProperty().get());
            fx(() -> ws.layoutProperty().set(Layout.TWO_BY_TWO));
            waitFor("four viewports", 30, () -> ws.viewports().stream().allMatch(v -> v.frameProperty().get() != null));
            waitFor("AI idle", 120, () -> !ws.ai().runningProperty().get());
            fx(() -> {
                for (ViewportViewModel v : ws.viewports()) {
                    if (!"CT".equals(v.stackProperty().get().modality())) {
                        continue;
                    }
                    ws.activate(ws.viewports().indexOf(v));
                    v.presets().stream().filter(p -> p.name().equals("Brain")).findFirst().ifPresent(v::applyPreset);
                    // The phantom's bleed: 22 mm across, 72 HU, centred at patient (R 24, A 2, H 8) mm.
                    v.navigation().goToLocation(8);
                    var a = v.currentAttributes();
                    double ix = (-24 - a.position().x()) / a.pixelSpacing().betweenColumns();
                    double iy = (-2 - a.position().y()) / a.pixelSpacing().betweenRows();
                    MeasurementsViewModel m = ws.measurements().get(ws.viewports().indexOf(v));
                    m.begin(MeasurementsViewModel.Shape.ELLIPSE, ix - 7, iy - 7);
                    m.finish(ix + 7, iy + 7);
                }
            });
            shot(viewer, out.resolve("03-layout-2x2-ct-roi.png"));
            fx(() -> ((javafx.scene.control.ComboBox<?>) viewer.view().getScene().lookup("#window-presets")).show());
            shot(viewer, out.resolve("04-ct-presets.png"));
            fx(() -> ((javafx.scene.control.ComboBox<?>) viewer.view().getScene().lookup("#window-presets")).hide());

            // Help > About, over the 2x2 layout.
            fx(() -> {
                javafx.scene.control.MenuBar bar = (javafx.scene.control.MenuBar) viewer.view().getScene()
                        .lookup(".menu-bar");
                bar.getMenus().stream().filter(m -> m.getText().equals("Help")).flatMap(m -> m.getItems().stream())
                        .filter(i -> "About ResLens".equals(i.getText())).findFirst().orElseThrow().fire();
            });
            shot(viewer, out.resolve("05-about.png"));
            fx(() -> javafx.stage.Window.getWindows().stream()
                    .filter(w -> w instanceof Stage st && "About ResLens".equals(st.getTitle())).toList()
                    .forEach(w -> ((Stage) w).close()));

            // A folder of 1,000 broken files and one good series: one notification, its details on request.
            Path broken = Files.createTempDirectory("reslens-broken");
            BrokenFolderTest.writeBrokenFiles(broken);
            try (var files = Files.list(AppPaths.locate().home().resolve("assets/demo/SYNTHETIC_MR_LESION"))) {
                for (Path g : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(g, broken.resolve("good-" + g.getFileName()));
                }
            }
            fx(() -> {
                ws.closeAll();
                ws.layoutProperty().set(Layout.ONE);
                ws.open(List.of(broken));
            });
            waitFor("the broken folder", 120, () -> !ws.indexingProperty().get()
                    && ws.activeViewport().frameProperty().get() != null && !ws.notices().isEmpty());
            shot(viewer, out.resolve("06-broken-folder.png"));
            try (var files = Files.list(broken)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(broken);
        } finally {
            fx(() -> {
                viewer.close();
                Platform.exit();
            });
        }
    }

    /** The whole screen, popups (notifications) included, through JavaFX's robot. */
    private static void shot(Viewer viewer, Path file) throws Exception {
        sleep(800);
        var pixels = get(() -> {
            javafx.geometry.Rectangle2D r = javafx.stage.Screen.getPrimary().getBounds();
            javafx.scene.image.WritableImage img = new javafx.scene.robot.Robot().getScreenCapture(null, r, false);
            return FxImages.pixels(img);
        });
        PngWriter.write(file, pixels);
    }
}
