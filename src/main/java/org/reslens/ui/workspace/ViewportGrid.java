package org.reslens.ui.workspace;

import java.io.File;
import java.util.List;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import org.reslens.ui.browser.StudyBrowserView;
import org.reslens.ui.viewport.ViewportView;

/**
 * The viewports in their layout (1x1, 1x2, 2x2), the active one outlined. A stack dragged from the browser opens in
 * the viewport it is dropped on; files and folders dropped anywhere open as a new study.
 */
final class ViewportGrid extends GridPane {
    private final WorkspaceViewModel vm;
    private final List<ViewportView> views;

    ViewportGrid(WorkspaceViewModel vm, List<ViewportView> views) {
        this.vm = vm;
        this.views = views;
        getStyleClass().add("viewport-grid");
        setHgap(2);
        setVgap(2);
        for (int i = 0; i < views.size(); i++) {
            int index = i;
            ViewportView v = views.get(i);
            v.setOnDragOver(e -> dragOver(e));
            v.setOnDragDropped(e -> dropped(e, index));
        }
        vm.layoutProperty().addListener(o -> arrange());
        vm.maximisedProperty().addListener(o -> arrange());
        vm.activeProperty().addListener(o -> highlight());
        arrange();
    }

    private void arrange() {
        Layout l = vm.layoutProperty().get();
        int alone = vm.maximisedProperty().get();
        if (alone >= 0) {
            l = Layout.ONE;
        }
        getChildren().clear();
        getRowConstraints().clear();
        getColumnConstraints().clear();
        for (int c = 0; c < l.columns; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / l.columns);
            cc.setHgrow(Priority.ALWAYS);
            getColumnConstraints().add(cc);
        }
        for (int r = 0; r < l.rows; r++) {
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(100.0 / l.rows);
            rc.setVgrow(Priority.ALWAYS);
            getRowConstraints().add(rc);
        }
        for (int i = 0; i < l.viewports(); i++) {
            ViewportView v = views.get(alone >= 0 ? alone : i);
            v.setMinSize(0, 0);
            add(v, i % l.columns, i / l.columns);
        }
        highlight();
    }

    private void highlight() {
        for (int i = 0; i < views.size(); i++) {
            views.get(i).setActive(i == vm.activeProperty().get() && vm.layoutProperty().get().viewports() > 1);
        }
    }

    private static void dragOver(DragEvent e) {
        Dragboard db = e.getDragboard();
        if (db.hasContent(StudyBrowserView.STACK_FORMAT) || db.hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        }
    }

    private void dropped(DragEvent e, int index) {
        Dragboard db = e.getDragboard();
        boolean ok = false;
        if (db.hasContent(StudyBrowserView.STACK_FORMAT)) {
            vm.activate(index);
            vm.openStack((String) db.getContent(StudyBrowserView.STACK_FORMAT), index);
            ok = true;
        } else if (db.hasFiles()) {
            vm.activate(index);
            vm.open(db.getFiles().stream().map(File::toPath).toList());
            ok = true;
        }
        e.setDropCompleted(ok);
        e.consume();
    }
}
