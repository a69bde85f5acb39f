package org.reslens.ui.viewport;

import javafx.animation.AnimationTimer;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollBar;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Affine;
import org.reslens.ui.FxImages;
import org.reslens.ui.measure.MeasurementLayer;
import org.reslens.ui.measure.MeasurementsViewModel;
import org.reslens.ui.series.StackRef;

/**
 * One viewport on screen: the slice (a wrapped pooled buffer, placed by one affine transform), measurements,
 * annotations, a loading bar, and at the right the score strip (when the AI panel supplies one) and the slice scroll
 * bar. All logic lives in {@link ViewportViewModel}; this class only binds and draws.
 */
public final class ViewportView extends BorderPane {
    private final ViewportViewModel vm;
    private final Pane stage = new Pane();
    private final ImageView imageView = new ImageView();
    private final Affine affine = new Affine();
    private final AnnotationLayer annotations = new AnnotationLayer();
    private final MeasurementLayer measures;
    private final Label message = new Label();
    private final ScrollBar scroll = new ScrollBar();
    private final ProgressBar progress = new ProgressBar();
    private final FxImages.Surfaces surfaces = new FxImages.Surfaces();
    private final AnimationTimer pulse;
    private boolean syncingScroll;
    private boolean deidentified;

    /**
     * @param onActivate    a press or wheel in the viewport makes it the active one
     * @param onDoubleClick a double-click (maximise or restore it in a multi-viewport layout)
     */
    public ViewportView(ViewportViewModel vm, MeasurementsViewModel measurements, ObjectProperty<Tool> tool,
                        Node sideStrip, Runnable onActivate, Runnable onDoubleClick) {
        this.vm = vm;
        getStyleClass().add("viewport");
        imageView.getTransforms().add(affine);
        imageView.setSmooth(true);
        imageView.setPreserveRatio(false);
        measures = new MeasurementLayer(measurements, vm::transform);
        message.getStyleClass().add("viewport-message");
        message.setMouseTransparent(true);
        progress.getStyleClass().add("load-progress");
        progress.setMouseTransparent(true);
        progress.setMaxWidth(Double.MAX_VALUE);

        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(stage.widthProperty());
        clip.heightProperty().bind(stage.heightProperty());
        stage.setClip(clip);
        stage.getStyleClass().add("viewport-stage");
        stage.getChildren().addAll(imageView, measures);
        StackPane centre = new StackPane(stage, annotations, message, progress);
        StackPane.setAlignment(progress, javafx.geometry.Pos.BOTTOM_CENTER);
        annotations.prefWidthProperty().bind(stage.widthProperty());
        setCenter(centre);
        stage.setMinSize(0, 0);
        centre.setMinSize(0, 0);

        scroll.setOrientation(Orientation.VERTICAL);
        scroll.setFocusTraversable(false);
        scroll.getStyleClass().add("slice-scroll");
        HBox right = sideStrip == null ? new HBox(scroll) : new HBox(sideStrip, scroll);
        right.getStyleClass().add("viewport-side");
        setRight(right);

        new ViewportInput(vm, measurements, tool, onActivate, onDoubleClick).install(stage);
        tool.addListener((o, a, t) -> stage.setCursor(cursor(t)));
        stage.setCursor(cursor(tool.get()));
        bind();
        pulse = new AnimationTimer() {
            @Override
            public void handle(long now) {
                // Key presses are stamped with System.nanoTime(); the pulse's own clock may run on another base.
                vm.pulse(System.nanoTime());
            }
        };
        sceneProperty().addListener((o, a, b) -> {
            if (b != null) {
                pulse.start();
            } else {
                pulse.stop();
            }
        });
    }

    private static javafx.scene.Cursor cursor(Tool t) {
        return switch (t) {
            case PAN -> javafx.scene.Cursor.MOVE;
            case ZOOM -> javafx.scene.Cursor.V_RESIZE;
            case DISTANCE, RECTANGLE, ELLIPSE -> javafx.scene.Cursor.CROSSHAIR;
            default -> javafx.scene.Cursor.DEFAULT;
        };
    }

    private void bind() {
        stage.widthProperty().addListener(o -> sizeChanged());
        stage.heightProperty().addListener(o -> sizeChanged());
        vm.frameProperty().addListener((o, a, f) -> {
            if (f == null) {
                imageView.setImage(null);
            } else {
                imageView.setImage(surfaces.show(f.image()));
                vm.frameShown(f);
            }
            refresh();
        });
        InvalidationListener redraw = o -> refresh();
        vm.geometryProperty().addListener(redraw);
        vm.headerProperty().addListener(redraw);
        vm.annotationsVisibleProperty().addListener(redraw);
        vm.loadingProperty().addListener(o -> updateMessage());
        vm.problemProperty().addListener(o -> updateMessage());
        vm.stackProperty().addListener((o, a, s) -> stackChanged(s));
        vm.sliceIndexProperty().addListener((o, a, b) -> {
            syncingScroll = true;
            scroll.setValue(b.intValue());
            syncingScroll = false;
        });
        scroll.valueProperty().addListener((o, a, b) -> {
            if (!syncingScroll) {
                vm.scrollTo((int) Math.round(b.doubleValue()));
            }
        });
        InvalidationListener loaded = o -> updateProgress();
        vm.loadedCountProperty().addListener(loaded);
        vm.sliceCountProperty().addListener(loaded);
        stackChanged(vm.stackProperty().get());
    }

    private void stackChanged(StackRef s) {
        int n = s == null ? 1 : s.size();
        syncingScroll = true;
        scroll.setMin(0);
        scroll.setMax(Math.max(0, n - 1));
        scroll.setVisibleAmount(Math.max(1, (n - 1) / 12.0));
        scroll.setUnitIncrement(1);
        scroll.setBlockIncrement(Math.max(1, n / 10));
        scroll.setValue(vm.sliceIndexProperty().get());
        scroll.setDisable(n <= 1);
        syncingScroll = false;
        updateProgress();
        updateMessage();
        refresh();
    }

    private void sizeChanged() {
        vm.setViewSize(stage.getWidth(), stage.getHeight());
        refresh();
    }

    /** Places the image and redraws measurements and annotations for the current state. */
    private void refresh() {
        ViewTransform t = vm.transform();
        affine.setToTransform(t.mxx(), t.mxy(), t.tx(), t.myx(), t.myy(), t.ty());
        measures.redraw();
        annotations.update(vm.cornerText(deidentified), vm.orientationLabels(), vm.scaleBar(),
                vm.annotationsVisibleProperty().get());
        updateMessage();
    }

    private void updateMessage() {
        String text;
        if (vm.stackProperty().get() == null) {
            text = "Drop DICOM files, folders, a DICOMDIR or a zip here\nor use File \u25b8 Open";
        } else if (!vm.problemProperty().get().isEmpty() && vm.frameProperty().get() == null) {
            text = vm.problemProperty().get();
        } else if (vm.loadingProperty().get() && vm.frameProperty().get() == null) {
            text = "Loading\u2026";
        } else {
            text = "";
        }
        message.setText(text);
        message.setVisible(!text.isEmpty());
    }

    private void updateProgress() {
        int n = vm.sliceCountProperty().get();
        int done = vm.loadedCountProperty().get();
        progress.setVisible(n > 1 && done < n);
        progress.setProgress(n == 0 ? 0 : (double) done / n);
    }

    /** Marks this viewport as the one the keyboard and the panels act on. */
    public void setActive(boolean active) {
        if (active) {
            if (!getStyleClass().contains("active")) {
                getStyleClass().add("active");
            }
        } else {
            getStyleClass().remove("active");
        }
    }

    /**
     * The viewport's image area as shown (image, overlay, measurements, annotations), for key-image export; with
     * {@code deidentify} the corners leave out names, IDs, dates and the institution.
     */
    public javafx.scene.image.WritableImage snapshot(boolean deidentify) {
        deidentified = deidentify;
        refresh();
        Node area = getCenter();
        area.applyCss();
        if (area instanceof javafx.scene.Parent p) {
            p.layout();
        }
        try {
            return area.snapshot(null, null);
        } finally {
            deidentified = false;
            refresh();
        }
    }

    public ViewportViewModel viewModel() {
        return vm;
    }

    /** The corner texts and orientation letters as shown (for tests). */
    public String[] cornerTexts() {
        return annotations.corners();
    }

    public String[] orientationLetters() {
        return annotations.letters();
    }

    public ImageView imageView() {
        return imageView;
    }
}
