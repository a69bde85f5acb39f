package org.reslens.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.reslens.explain.PngWriter;
import org.reslens.inference.RuntimeOptions;
import org.reslens.study.StudyIndexer;
import org.reslens.ui.ai.AiPanelViewModel;
import org.reslens.ui.ai.ModelCatalog;
import org.reslens.ui.ai.OnnxAnalyzer;
import org.reslens.ui.browser.StudyBrowserViewModel;
import org.reslens.ui.series.FrameStore;
import org.reslens.ui.series.StackRef;
import org.reslens.ui.viewport.ViewportViewModel;
import org.reslens.ui.workspace.RecentStudies;
import org.reslens.ui.workspace.Shortcuts;
import org.reslens.ui.workspace.WorkspaceView;
import org.reslens.ui.workspace.WorkspaceViewModel;

/**
 * The composition root: creates the executors, the frame store, the model analyzer, every view model and view, and
 * wires them; nothing else in the UI creates threads or services. Tests and the frame probe build a viewer the same
 * way, with their own UI executor when they need one.
 */
public final class Viewer implements AutoCloseable {
    /** Decoding workers per viewport: the machine's cores, at most three. */
    static final int LOAD_WORKERS = Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors()));

    private final ViewerOptions options;
    private final AppPaths paths;
    private final List<ExecutorService> pools = new ArrayList<>();
    private final FrameStore store;
    private final OnnxAnalyzer analyzer;
    private final WorkspaceViewModel workspace;
    private final Shortcuts shortcuts;
    private final Executor load;
    private final Executor render;
    private final Executor ui;
    private volatile boolean warmedUp;
    private WorkspaceView view;

    private Viewer(ViewerOptions options, AppPaths paths, Executor ui, long cacheBudget) {
        this.options = options;
        this.paths = paths;
        ExecutorService load = pool("reslens-load", LOAD_WORKERS + 1, Thread.NORM_PRIORITY - 1);
        ExecutorService index = pool("reslens-index", Math.max(2, LOAD_WORKERS), Thread.NORM_PRIORITY - 1);
        ExecutorService render = pool("reslens-render", 1, Thread.NORM_PRIORITY);
        this.load = load;
        this.render = render;
        this.ui = ui;
        ExecutorService ai = pool("reslens-ai", 1, Thread.MIN_PRIORITY + 1);
        store = new FrameStore(cacheBudget);
        analyzer = new OnnxAnalyzer(store, RuntimeOptions.interactive());
        ViewportViewModel.Services vs = new ViewportViewModel.Services(store, load, render, ui, LOAD_WORKERS);
        List<ViewportViewModel> viewports = List.of(new ViewportViewModel(vs), new ViewportViewModel(vs),
                new ViewportViewModel(vs), new ViewportViewModel(vs));
        AiPanelViewModel aiPanel = new AiPanelViewModel(new ModelCatalog(List.of(paths.models())), analyzer, load,
                ai, ui);
        aiPanel.autoRunProperty().set(options.autoRunAi());
        StudyBrowserViewModel browser = new StudyBrowserViewModel(store, load, ui);
        workspace = new WorkspaceViewModel(new WorkspaceViewModel.Services(new StudyIndexer(index), load, ui,
                new RecentStudies(paths.recentFile())), browser, aiPanel, viewports);
        workspace.layoutProperty().set(options.layout());
        shortcuts = new Shortcuts(paths.shortcutsFile());
    }

    private ExecutorService pool(String name, int threads, int priority) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory f = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(priority);
            return t;
        };
        ExecutorService s = Executors.newFixedThreadPool(threads, f);
        pools.add(s);
        return s;
    }

    /** A viewer whose results come back on the FX thread. */
    public static Viewer create(ViewerOptions options, AppPaths paths) {
        return create(options, paths, Platform::runLater, FrameStore.defaultBudget());
    }

    public static Viewer create(ViewerOptions options, AppPaths paths, Executor ui, long cacheBudget) {
        return new Viewer(options, paths, ui, cacheBudget);
    }

    /** Builds the window's content (FX thread). */
    public WorkspaceView view() {
        if (view == null) {
            java.nio.file.Path demo = paths.demoStudy();
            view = new WorkspaceView(workspace, shortcuts, java.nio.file.Files.isDirectory(demo) ? demo : null);
        }
        return view;
    }

    /** Shows the window, loads the models and opens the command line's inputs. */
    public void show(Stage stage) {
        // Index and decode in the background while the window is built: results arrive through runLater later.
        start();
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(view(), Math.min(1600, screen.getWidth()), Math.min(1000, screen.getHeight()));
        scene.getStylesheets().add(Viewer.class.getResource("reslens.css").toExternalForm());
        view().install(scene);
        stage.setScene(scene);
        stage.setTitle("ResLens");
        workspace.activeProperty().addListener(o -> title(stage));
        workspace.viewports().forEach(v -> v.stackProperty().addListener(o -> title(stage)));
        stage.show();
        if (options.inputsWith(paths).isEmpty() && Boolean.parseBoolean(System.getProperty("reslens.warmup", "true"))) {
            // After the window's first frame, so the warm-up does not delay it.
            Platform.runLater(() -> Warmup.start(load, render, ui, rendered -> warmedUp = true));
        } else {
            warmedUp = true;
        }
        if (options.screenshot() != null) {
            screenshotWhenReady(scene, options.screenshot(), ok -> Platform.exit());
        }
    }

    /** Loads the models and opens the inputs (and the demo study when asked). */
    public void start() {
        workspace.ai().loadModels();
        List<Path> inputs = options.inputsWith(paths);
        if (!inputs.isEmpty()) {
            workspace.open(inputs);
        }
    }

    private void title(Stage stage) {
        StackRef s = workspace.activeViewport().stackProperty().get();
        stage.setTitle(s == null ? "ResLens" : "ResLens \u2014 "
                + org.reslens.ui.viewport.CornerText.patientName(s.patient().patientName()) + " \u2014 " + s.title());
    }

    /**
     * Saves the window as PNG once it has settled: nothing indexing, the active viewport showing a slice (when there
     * was something to open), the models loaded and no model running; after 120 s it saves whatever is shown.
     */
    public void screenshotWhenReady(Scene scene, Path file, Consumer<Boolean> done) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        int[] settled = {0};
        Timeline poll = new Timeline();
        poll.getKeyFrames().add(new KeyFrame(Duration.millis(250), e -> {
            boolean opened = options.inputsWith(paths).isEmpty()
                    || workspace.activeViewport().frameProperty().get() != null;
            boolean ready = opened && !workspace.indexingProperty().get() && workspace.ai().modelsLoadedProperty().get()
                    && !workspace.ai().runningProperty().get();
            settled[0] = ready ? settled[0] + 1 : 0;
            if (settled[0] >= 6 || System.nanoTime() > deadline) {
                poll.stop();
                boolean ok = save(scene, file);
                done.accept(ok);
            }
        }));
        poll.setCycleCount(Timeline.INDEFINITE);
        poll.play();
    }

    private static boolean save(Scene scene, Path file) {
        try {
            PngWriter.write(file, FxImages.pixels(scene.snapshot(null)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the start-up warm-up has finished (see {@link Warmup}); true at once when there was none (inputs on the
     * command line, or {@code -Dreslens.warmup=false}).
     */
    public boolean warmedUp() {
        return warmedUp;
    }

    public WorkspaceViewModel workspace() {
        return workspace;
    }

    public FrameStore store() {
        return store;
    }

    /** Stops the workers and closes model sessions. */
    @Override
    public void close() {
        pools.forEach(ExecutorService::shutdownNow);
        analyzer.close();
    }
}
