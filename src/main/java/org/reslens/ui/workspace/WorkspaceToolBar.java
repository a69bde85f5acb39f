package org.reslens.ui.workspace;

import java.util.Locale;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import org.reslens.imaging.VoiLut;
import org.reslens.ui.viewport.RenderedFrame;
import org.reslens.ui.viewport.Tool;
import org.reslens.ui.viewport.ViewportViewModel;
import org.reslens.ui.viewport.WindowPreset;

/**
 * The toolbar: open, layout, mouse tool, window presets and numeric window entry for the active viewport, the view
 * operations, cine and synchronised scrolling. Follows whichever viewport is active.
 */
final class WorkspaceToolBar extends ToolBar {
    private final WorkspaceViewModel vm;
    private final ComboBox<WindowPreset> presets = new ComboBox<>();
    private final TextField center = new TextField();
    private final TextField width = new TextField();
    private final ToggleButton play = new ToggleButton("\u25b6 Cine");
    private final Spinner<Integer> fps = new Spinner<>(1, 60, 15);
    private ViewportViewModel bound;
    private final ChangeListener<RenderedFrame> frameListener = (o, a, f) -> showWindow(f);
    private final InvalidationListener cineListener = o -> play.setSelected(
            bound != null && bound.navigation().cinePlayingProperty().get());
    private boolean updating;

    WorkspaceToolBar(WorkspaceViewModel vm, Runnable openFiles, Runnable openFolder) {
        this.vm = vm;
        getStyleClass().add("main-toolbar");
        Button open = new Button("Open\u2026");
        open.setOnAction(e -> openFiles.run());
        Button folder = new Button("Folder\u2026");
        folder.setOnAction(e -> openFolder.run());

        ToggleGroup layouts = new ToggleGroup();
        getItems().addAll(open, folder, new Separator());
        for (Layout l : Layout.values()) {
            ToggleButton b = new ToggleButton(l.label());
            b.setToggleGroup(layouts);
            b.setUserData(l);
            b.setSelected(vm.layoutProperty().get() == l);
            b.setOnAction(e -> vm.layoutProperty().set(l));
            vm.layoutProperty().addListener((o, x, y) -> b.setSelected(y == l));
            getItems().add(b);
        }
        getItems().add(new Separator());
        ToggleGroup tools = new ToggleGroup();
        for (Tool t : Tool.values()) {
            ToggleButton b = new ToggleButton(t.label());
            b.setToggleGroup(tools);
            b.setSelected(vm.toolProperty().get() == t);
            b.setOnAction(e -> vm.toolProperty().set(t));
            vm.toolProperty().addListener((o, x, y) -> b.setSelected(y == t));
            getItems().add(b);
        }
        getItems().add(new Separator());

        presets.setPromptText("Window preset");
        presets.setId("window-presets");
        presets.setPrefWidth(190);
        presets.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(WindowPreset p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : label(p));
            }
        });
        // A menu of windows rather than a state: after applying, the prompt shows again (the window itself is in
        // the fields beside it and in the corner).
        presets.setOnAction(e -> {
            WindowPreset p = presets.getValue();
            if (!updating && p != null && bound != null) {
                bound.applyPreset(p);
                updating = true;
                javafx.application.Platform.runLater(() -> {
                    presets.getSelectionModel().clearSelection();
                    updating = false;
                });
            }
        });
        center.setPrefColumnCount(5);
        width.setPrefColumnCount(5);
        center.setId("window-center");
        width.setId("window-width");
        center.setTooltip(new Tooltip("Window level (centre); Enter applies"));
        width.setTooltip(new Tooltip("Window width; Enter applies"));
        center.setOnAction(e -> applyNumbers());
        width.setOnAction(e -> applyNumbers());
        getItems().addAll(presets, new Label("L"), center, new Label("W"), width, new Separator());

        Button invert = action("Invert", "I", () -> bound.toggleInvert());
        Button rotate = action("\u21bb 90\u00b0", "R", () -> bound.rotate(1));
        Button flip = action("Flip \u2194", "X", () -> bound.flipHorizontal());
        Button fit = action("Fit", "F", () -> bound.fit());
        Button one = action("1:1", "Z", () -> bound.actualSize());
        Button reset = action("Reset", "Backspace", () -> bound.reset());
        play.setOnAction(e -> bound.navigation().setCinePlaying(play.isSelected(), System.nanoTime()));
        fps.setPrefWidth(70);
        fps.setTooltip(new Tooltip("Cine frames per second"));
        fps.valueProperty().addListener((o, a, b) -> vm.viewports().forEach(v -> v.navigation().cineFpsProperty()
                .set(b)));
        CheckBox sync = new CheckBox("Sync");
        sync.setTooltip(new Tooltip("Scroll viewports of the same frame of reference together (S)"));
        sync.selectedProperty().bindBidirectional(vm.syncScrollProperty());
        getItems().addAll(invert, rotate, flip, fit, one, reset, new Separator(), play, fps, new Label("fps"),
                new Separator(), sync);

        vm.activeProperty().addListener(o -> bind());
        vm.viewports().forEach(v -> v.stackProperty().addListener(o -> {
            if (v == bound) {
                bind();
            }
        }));
        bind();
    }

    private Button action(String text, String key, Runnable r) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(text + " (" + key + ")"));
        b.setOnAction(e -> {
            if (bound != null) {
                r.run();
            }
        });
        b.setFocusTraversable(false);
        return b;
    }

    private void bind() {
        if (bound != null) {
            bound.frameProperty().removeListener(frameListener);
            bound.navigation().cinePlayingProperty().removeListener(cineListener);
        }
        bound = vm.activeViewport();
        bound.frameProperty().addListener(frameListener);
        bound.navigation().cinePlayingProperty().addListener(cineListener);
        updating = true;
        presets.setItems(bound.presets());
        updating = false;
        play.setSelected(bound.navigation().cinePlayingProperty().get());
        showWindow(bound.frameProperty().get());
    }

    private void showWindow(RenderedFrame f) {
        VoiLut v = f == null ? null : f.voi();
        boolean editable = v instanceof VoiLut.Window;
        center.setDisable(f != null && !f.monochrome());
        width.setDisable(f != null && !f.monochrome());
        if (editable && !center.isFocused() && !width.isFocused()) {
            VoiLut.Window w = (VoiLut.Window) v;
            center.setText(format(w.center()));
            width.setText(format(w.width()));
        }
    }

    private static String format(double v) {
        return Math.abs(v - Math.rint(v)) < 0.05 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** "2  Brain  W 80 L 40": the shortcut digit, the name and the values. */
    private String label(WindowPreset p) {
        String key;
        if (p.kind() == WindowPreset.Kind.AUTO) {
            key = "0";
        } else {
            int i = presets.getItems().stream().filter(x -> x.kind() != WindowPreset.Kind.AUTO).toList().indexOf(p);
            key = i >= 0 && i < 9 ? Integer.toString(i + 1) : " ";
        }
        String values = p.voi() == null ? "" : "  " + WindowPreset.describe(p.voi());
        return key + "  " + p.name() + values;
    }

    private void applyNumbers() {
        try {
            double c = Double.parseDouble(center.getText().strip().replace(',', '.'));
            double w = Double.parseDouble(width.getText().strip().replace(',', '.'));
            if (bound != null) {
                bound.setWindow(c, w);
            }
        } catch (NumberFormatException e) {
            vm.notify(Notice.warning("Window not changed", "Level and width must be numbers."));
        }
        if (getScene() != null) {
            getScene().getRoot().requestFocus();
        }
    }
}
