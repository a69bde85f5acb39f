package org.reslens.ui.browser;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.image.ImageView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.reslens.imaging.DisplayBuffer;
import org.reslens.study.NonImageObject;
import org.reslens.ui.FxImages;
import org.reslens.ui.series.StackRef;
import org.reslens.ui.viewport.CornerText;

/**
 * The study browser: a tree of patients, studies and stacks (with thumbnail, description, modality and slice count).
 * Double-click or Enter opens a stack in the active viewport; dragging one onto a viewport opens it there.
 */
public final class StudyBrowserView extends BorderPane {
    /** What a dragged stack carries: its {@link StackRef#key()}. */
    public static final DataFormat STACK_FORMAT = new DataFormat("application/x-reslens-stack");

    /** A tree row. */
    sealed interface Row permits PatientRow, StudyRow, StackRow, OtherRow {
    }

    record PatientRow(String text) implements Row {
    }

    record StudyRow(String text) implements Row {
    }

    record StackRow(StackRef stack) implements Row {
    }

    record OtherRow(String text) implements Row {
    }

    private final StudyBrowserViewModel vm;
    private final TreeView<Row> tree = new TreeView<>(new TreeItem<>());
    private final Map<String, TreeItem<Row>> patients = new HashMap<>();
    private final Label empty = new Label("No studies open");
    private final Map<String, javafx.scene.image.Image> images = new HashMap<>();

    public StudyBrowserView(StudyBrowserViewModel vm) {
        this.vm = vm;
        getStyleClass().add("study-browser");
        tree.setShowRoot(false);
        tree.setId("study-tree");
        tree.setCellFactory(t -> new RowCell());
        tree.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                openSelected();
                e.consume();
            }
        });
        empty.getStyleClass().add("placeholder");
        setCenter(new StackPane(tree, empty));
        setPrefWidth(270);
        vm.studies().addListener((ListChangeListener<StudyBrowserViewModel.StudyEntry>) c -> rebuild());
        vm.thumbnails().addListener((MapChangeListener<String, DisplayBuffer>) c -> tree.refresh());
        rebuild();
    }

    private javafx.scene.image.Image thumbnail(String key) {
        DisplayBuffer b = vm.thumbnails().get(key);
        if (b == null) {
            return null;
        }
        return images.computeIfAbsent(key, k -> FxImages.image(b));
    }

    private void openSelected() {
        TreeItem<Row> item = tree.getSelectionModel().getSelectedItem();
        if (item != null && item.getValue() instanceof StackRow s) {
            vm.open(s.stack());
        }
    }

    private void rebuild() {
        tree.getRoot().getChildren().clear();
        patients.clear();
        for (StudyBrowserViewModel.StudyEntry e : vm.studies()) {
            String pid = e.patient().patientId() + "|" + e.patient().patientName();
            TreeItem<Row> p = patients.computeIfAbsent(pid, k -> {
                TreeItem<Row> item = new TreeItem<>(new PatientRow(CornerText.patientName(e.patient().patientName())
                        + (e.patient().patientId() == null ? "" : "  \u00b7  " + e.patient().patientId())));
                item.setExpanded(true);
                tree.getRoot().getChildren().add(item);
                return item;
            });
            String date = CornerText.date(e.study().studyDate());
            String desc = e.study().studyDescription() == null ? "" : e.study().studyDescription();
            TreeItem<Row> s = new TreeItem<>(new StudyRow((date + "  " + desc).strip()));
            s.setExpanded(true);
            for (StackRef ref : e.stacks()) {
                s.getChildren().add(new TreeItem<>(new StackRow(ref)));
            }
            for (NonImageObject o : e.others()) {
                s.getChildren().add(new TreeItem<>(new OtherRow(o.kind().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' ') + (o.seriesDescription() == null ? "" : ": " + o.seriesDescription()))));
            }
            p.getChildren().add(s);
        }
        empty.setVisible(vm.studies().isEmpty());
    }

    private final class RowCell extends TreeCell<Row> {
        private final ImageView thumb = new ImageView();
        private final Label title = new Label();
        private final Label detail = new Label();
        private final HBox stackBox;

        RowCell() {
            title.getStyleClass().add("stack-title");
            detail.getStyleClass().add("stack-detail");
            StackPane frame = new StackPane(thumb);
            frame.getStyleClass().add("thumbnail");
            frame.setMinSize(Thumbnails.SIZE + 4, Thumbnails.SIZE + 4);
            frame.setPrefSize(Thumbnails.SIZE + 4, Thumbnails.SIZE + 4);
            stackBox = new HBox(8, frame, new VBox(2, title, detail));
            setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && getItem() instanceof StackRow s) {
                    vm.open(s.stack());
                }
            });
            setOnDragDetected(e -> {
                if (getItem() instanceof StackRow s) {
                    Dragboard db = startDragAndDrop(TransferMode.COPY);
                    ClipboardContent c = new ClipboardContent();
                    c.put(STACK_FORMAT, s.stack().key());
                    db.setContent(c);
                    if (thumb.getImage() != null) {
                        db.setDragView(thumb.getImage());
                    }
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(Row row, boolean isEmpty) {
            super.updateItem(row, isEmpty);
            getStyleClass().removeAll("patient-row", "study-row", "stack-row", "other-row");
            if (isEmpty || row == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            if (row instanceof PatientRow p) {
                show("patient-row", p.text());
            } else if (row instanceof StudyRow s) {
                show("study-row", s.text());
            } else if (row instanceof OtherRow o) {
                show("other-row", o.text());
            } else if (row instanceof StackRow s) {
                getStyleClass().add("stack-row");
                StackRef ref = s.stack();
                title.setText(ref.title());
                int n = ref.size();
                detail.setText(ref.modality() + "  \u00b7  " + n + (n == 1 ? " image" : " images")
                        + (ref.stack().localizer() ? "  \u00b7  localizer" : ""));
                thumb.setImage(thumbnail(ref.key()));
                setText(null);
                setGraphic(stackBox);
            }
        }

        private void show(String style, String text) {
            getStyleClass().add(style);
            setText(text);
            setGraphic(null);
        }
    }
}
