package org.reslens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.TreeCell;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.ui.series.StackRef;
import org.reslens.ui.viewport.ViewportView;
import org.reslens.ui.workspace.Layout;
import org.reslens.ui.workspace.WorkspaceViewModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** Dragging a series from the study browser onto a viewport, in the real window with the real mouse (TestFX). */
@ExtendWith(ApplicationExtension.class)
class DragSeriesTest {
    @TempDir
    Path home;

    private Viewer viewer;

    @AfterEach
    void close() {
        FxDriver.closeViewer(viewer);
    }

    @Test
    void aSeriesDraggedFromTheBrowserOpensInTheViewportItIsDroppedOn(FxRobot robot) throws Exception {
        AppPaths paths = new AppPaths(home, home.resolve("config"));
        FxDriver.fx(() -> {
            // Windows left open (stages, notification pop-ups) are closed: Monocle's drag-and-drop loop breaks when
            // another window lies under the pointer (see below). Maven runs this class in a JVM of its own (pom.xml).
            for (javafx.stage.Window w : List.copyOf(javafx.stage.Window.getWindows())) {
                w.hide();
            }
            viewer = Viewer.create(new ViewerOptions(List.of(Fixtures.SHARED), false, false, Layout.ONE_BY_TWO, null),
                    paths);
            Stage stage = new Stage();
            viewer.show(stage);
            stage.toFront();
        });
        WorkspaceViewModel ws = viewer.workspace();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !ws.indexingProperty().get()
                && ws.viewports().get(1).frameProperty().get() != null
                && ws.viewports().get(0).frameProperty().get() != null);
        StackRef left = FxDriver.get(() -> ws.viewports().get(0).stackProperty().get());
        StackRef right = FxDriver.get(() -> ws.viewports().get(1).stackProperty().get());
        assertThat(right.key()).isNotEqualTo(left.key());

        // The browser row of the series shown on the left, dragged onto the right viewport (not the active one).
        assertThat(FxDriver.get(() -> ws.activeProperty().get())).isZero();
        Node row = FxDriver.get(() -> robot.lookup(".stack-title").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.Label l && l.getText().equals(left.title()))
                .map(DragSeriesTest::cell).findFirst().orElseThrow());
        ViewportView target = viewer.view().viewportViews().get(1);
        // The pointer moves inside this window first. Otherwise Monocle may still think it lies over a window of an
        // earlier test in this JVM, and its drag-and-drop loop then sends "drag leave" to a view that never had "drag
        // enter" (a NullPointerException inside glass).
        robot.moveTo(target).moveTo(row);
        robot.drag(row, MouseButton.PRIMARY).dropTo(target);

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> left.key().equals(
                ws.viewports().get(1).stackProperty().get().key()));
        assertThat(FxDriver.get(() -> ws.activeProperty().get())).as("the drop target becomes active").isEqualTo(1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> ws.viewports().get(1).frameProperty().get() != null);
        assertThat(FxDriver.get(() -> ws.viewports().get(0).stackProperty().get().key())).isEqualTo(left.key());
    }

    private static Node cell(Node n) {
        Node c = n;
        while (c != null && !(c instanceof TreeCell<?>)) {
            c = c.getParent();
        }
        return c;
    }
}
