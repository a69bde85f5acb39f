package org.reslens.ui.ai;

import java.io.File;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import javafx.beans.InvalidationListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.reslens.explain.ColourMap;
import org.reslens.ui.FxImages;

/**
 * The AI panel at the right of the window: model, run and cancel, progress, scores, suspicious-slice navigation, the
 * heatmap controls with its colour bar, key-image export, and what the model explains and is for. Binds to
 * {@link AiPanelViewModel}; navigation and export are handed to the workspace, which knows the active viewport.
 */
public final class AiPanelView extends VBox {
    private final AiPanelViewModel vm;
    private final IntSupplier currentSlice;
    private final Label scores = new Label();
    private final Label sliceScore = new Label();
    private final Label explained = new Label();
    private final Label purpose = new Label();
    private final ImageView colourBar = new ImageView();

    /**
     * @param currentSlice the active viewport's slice index
     * @param jump         moves the active viewport to a slice
     * @param export       exports the active viewport as a key image; the argument says whether to de-identify
     */
    public AiPanelView(AiPanelViewModel vm, IntSupplier currentSlice, IntConsumer jump, Consumer<Boolean> export) {
        this.vm = vm;
        this.currentSlice = currentSlice;
        getStyleClass().add("ai-panel");
        setSpacing(8);
        setPadding(new Insets(10));
        setPrefWidth(290);

        Label title = new Label("AI assistant");
        title.getStyleClass().add("panel-title");
        Label disclaimer = new Label(AiPanelViewModel.DISCLAIMER);
        disclaimer.getStyleClass().add("disclaimer");
        disclaimer.setWrapText(true);

        ComboBox<ModelEntry> models = new ComboBox<>(vm.models());
        models.valueProperty().bindBidirectional(vm.selectedProperty());
        models.setMaxWidth(Double.MAX_VALUE);
        models.setId("model-choice");
        HBox.setHgrow(models, Priority.ALWAYS);
        Button add = new Button("Add\u2026");
        add.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        add.setTooltip(new Tooltip("Add a model bundle (metadata.json)"));
        add.setOnAction(e -> addModel());
        Button run = new Button("Run");
        run.setId("run-ai");
        run.setDefaultButton(false);
        run.setOnAction(e -> vm.run());
        run.disableProperty().bind(vm.runningProperty());
        Button cancel = new Button("Cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        CheckBox auto = new CheckBox("Run on open");
        auto.selectedProperty().bindBidirectional(vm.autoRunProperty());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        status.getStyleClass().add("ai-status");

        Button prev = new Button("\u25b2 Prev");
        prev.setTooltip(new Tooltip("Previous suspicious slice (Shift+N)"));
        prev.setOnAction(e -> vm.nextSuspicious(currentSlice.getAsInt(), -1).ifPresent(jump::accept));
        Button next = new Button("Next suspicious \u25bc");
        next.setId("next-suspicious");
        next.setTooltip(new Tooltip("Next suspicious slice (N)"));
        next.setOnAction(e -> vm.nextSuspicious(currentSlice.getAsInt(), 1).ifPresent(jump::accept));

        Label mapTitle = new Label("Heatmap (Grad-CAM)");
        mapTitle.getStyleClass().add("section-title");
        HeatmapControls controls = new HeatmapControls(vm);

        CheckBox deid = new CheckBox("De-identify");
        deid.setSelected(true);
        Button exportButton = new Button("Export key image\u2026");
        exportButton.setOnAction(e -> export.accept(deid.isSelected()));

        scores.getStyleClass().add("ai-scores");
        scores.setWrapText(true);
        sliceScore.getStyleClass().add("ai-slice-score");
        explained.setWrapText(true);
        purpose.setWrapText(true);
        purpose.getStyleClass().add("ai-purpose");
        getChildren().addAll(title, disclaimer, new HBox(6, models, add), new HBox(6, run, cancel, auto), progress,
                status, scores, sliceScore, new HBox(6, prev, next), mapTitle, controls, colourBarBox(),
                explained, new HBox(6, exportButton, deid), purpose);

        InvalidationListener refresh = o -> refresh();
        vm.currentProperty().addListener(refresh);
        vm.styleProperty().addListener(refresh);
        vm.selectedProperty().addListener(refresh);
        vm.stackProperty().addListener(refresh);
        refresh();
    }

    private BorderPane colourBarBox() {
        Label low = new Label("0");
        Label high = new Label("1");
        low.getStyleClass().add("small");
        high.getStyleClass().add("small");
        colourBar.setFitWidth(200);
        colourBar.setFitHeight(12);
        BorderPane p = new BorderPane(colourBar);
        p.setLeft(low);
        p.setRight(high);
        BorderPane.setMargin(colourBar, new Insets(0, 4, 0, 4));
        return p;
    }

    private void addModel() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Add a model bundle: choose its metadata.json");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Model metadata", "metadata.json", "*.json"));
        File f = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (f != null) {
            vm.addModel(f.toPath());
        }
    }

    /** Updates scores, the explained class, the purpose text and the colour bar. */
    public void refresh() {
        HeatmapStyle style = vm.styleProperty().get();
        colourBar.setImage(FxImages.image(style.colourMap().bar(200, 12, false)));
        SeriesAnalysis a = vm.currentProperty().get();
        double t = style.probabilityThreshold();
        if (a == null || a.done() == 0) {
            scores.setText(a == null ? "No results for this series." : "Waiting for the first slices\u2026");
            sliceScore.setText("");
        } else {
            int peak = a.peakSlice().orElse(0);
            double study = vm.studyScore();
            scores.setText(String.format(Locale.ROOT, "Series score %.2f (peak: slice %d)%nStudy score %.2f%n"
                            + "Suspicious (p \u2265 %.2f): %d of %d slices%s", a.seriesScore(), peak + 1, study, t,
                    a.suspiciousCount(t), a.size(), a.complete() ? "" : a.cancelled() ? " (cancelled)" : " so far"));
            updateSliceScore();
        }
        ModelEntry m = vm.selectedProperty().get();
        if (m == null || m.bundle() == null) {
            explained.setText("");
            purpose.setText("");
        } else {
            explained.setText("Explains class \u201c" + m.explainedClassName() + "\u201d (" + m.bundle().explainedClass()
                    + ") of " + String.join(" / ", m.bundle().postprocessing().classNames())
                    + ": Grad-CAM on its raw logit; colour = evidence for that class.");
            String use = m.bundle().metadata().intendedUse();
            String desc = m.bundle().metadata().description();
            purpose.setText((desc == null ? "" : desc + "\n") + "Intended use: " + (use == null || use.isBlank()
                    ? "not stated" : use));
        }
    }

    /** The score of the slice on screen; call when the active viewport's slice changes. */
    public void updateSliceScore() {
        SeriesAnalysis a = vm.currentProperty().get();
        SliceScore s = a == null ? null : a.slice(currentSlice.getAsInt());
        String name = a == null ? "" : a.explainedClassName();
        sliceScore.setText(s == null ? "" : String.format(Locale.ROOT, "This slice: p(%s) = %.3f", name,
                s.probability()));
    }

    /** The heatmap's toggle, opacity, colour map, thresholds and scale; follows the style set elsewhere (H key). */
    static final class HeatmapControls extends GridPane {
        private final CheckBox show = new CheckBox("Show (H)");
        private final ComboBox<ColourMap> map = new ComboBox<>();
        private final Slider opacity = slider();
        private final Slider threshold = slider();
        private final Slider floor = slider();
        private final RadioButton perSeries = new RadioButton("per series");
        private final RadioButton perSlice = new RadioButton("per slice");
        private boolean updating;

        HeatmapControls(AiPanelViewModel vm) {
            setHgap(6);
            setVgap(4);
            show.setId("heatmap-toggle");
            map.getItems().setAll(ColourMap.values());
            map.setConverter(new javafx.util.StringConverter<>() {
                @Override
                public String toString(ColourMap m) {
                    return m == null ? "" : m.term();
                }

                @Override
                public ColourMap fromString(String t) {
                    return ColourMap.ofTerm(t);
                }
            });
            ToggleGroup scale = new ToggleGroup();
            perSeries.setToggleGroup(scale);
            perSlice.setToggleGroup(scale);
            threshold.setId("probability-threshold");
            show(vm.styleProperty().get());
            Runnable push = () -> {
                if (!updating) {
                    vm.styleProperty().set(new HeatmapStyle(show.isSelected(), map.getValue(), opacity.getValue(),
                            threshold.getValue(), floor.getValue(), perSeries.isSelected()));
                }
            };
            show.selectedProperty().addListener(o -> push.run());
            map.valueProperty().addListener(o -> push.run());
            opacity.valueProperty().addListener(o -> push.run());
            threshold.valueProperty().addListener(o -> push.run());
            floor.valueProperty().addListener(o -> push.run());
            scale.selectedToggleProperty().addListener(o -> push.run());
            vm.styleProperty().addListener((o, a, b) -> show(b));
            addRow(0, show, map);
            addRow(1, new Label("Opacity"), opacity);
            addRow(2, new Label("Show from p \u2265"), threshold);
            addRow(3, new Label("Hide heat <"), floor);
            addRow(4, new Label("Scale"), new HBox(6, perSeries, perSlice));
            threshold.setTooltip(new Tooltip("No map on slices whose probability is below this; also what counts as"
                    + " suspicious"));
            floor.setTooltip(new Tooltip("Heat below this fraction of the scale stays transparent"));
        }

        private void show(HeatmapStyle s) {
            updating = true;
            try {
                show.setSelected(s.visible());
                map.setValue(s.colourMap());
                opacity.setValue(s.opacity());
                threshold.setValue(s.probabilityThreshold());
                floor.setValue(s.heatFloor());
                (s.perSeriesScale() ? perSeries : perSlice).setSelected(true);
            } finally {
                updating = false;
            }
        }

        private static Slider slider() {
            Slider s = new Slider(0, 1, 0);
            s.setBlockIncrement(0.05);
            s.setPrefWidth(150);
            return s;
        }
    }
}
