package org.reslens.ui.workspace;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.reslens.ui.ai.AiPanelView;
import org.reslens.ui.ai.ScoreStripView;
import org.reslens.ui.browser.StudyBrowserView;
import org.reslens.ui.viewport.ViewportView;
import org.reslens.ui.viewport.ViewportViewModel;
import org.reslens.ui.workspace.Shortcuts.Action;

/**
 * The main window: menus and toolbar on top, the study browser left, the viewports in the middle, the AI panel
 * right and a status line with indexing progress at the bottom. Files and folders dropped anywhere open.
 */
public final class WorkspaceView extends BorderPane {
    private final WorkspaceViewModel vm;
    private final Shortcuts shortcuts;
    private final List<ViewportView> viewportViews = new ArrayList<>();
    private final KeyImageExporter exporter;
    private final AiPanelView aiPanel;

    private final java.nio.file.Path demoStudy;

    /** @param demoStudy the bundled demo study for File ▸ Open demo study; null when the installation has none */
    public WorkspaceView(WorkspaceViewModel vm, Shortcuts shortcuts, java.nio.file.Path demoStudy) {
        this.vm = vm;
        this.shortcuts = shortcuts;
        this.demoStudy = demoStudy;
        this.exporter = new KeyImageExporter(vm);
        getStyleClass().add("workspace");
        for (int i = 0; i < vm.viewports().size(); i++) {
            int index = i;
            ViewportViewModel v = vm.viewports().get(i);
            viewportViews.add(new ViewportView(v, vm.measurements().get(i), vm.toolProperty(),
                    new ScoreStripView(v, vm.ai()), () -> vm.activate(index), () -> vm.toggleMaximised(index)));
        }
        aiPanel = new AiPanelView(vm.ai(), () -> vm.activeViewport().sliceIndexProperty().get(),
                i -> vm.activeViewport().scrollTo(i), deid -> exporter.export(activeView(), deid));
        vm.viewports().forEach(v -> v.sliceIndexProperty().addListener(o -> {
            if (v == vm.activeViewport()) {
                aiPanel.updateSliceScore();
            }
        }));
        ScrollPane aiScroll = new ScrollPane(aiPanel);
        aiScroll.setFitToWidth(true);
        aiScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        aiScroll.setMinWidth(300);
        ViewportGrid grid = new ViewportGrid(vm, viewportViews);
        StudyBrowserView browser = new StudyBrowserView(vm.browser());
        SplitPane split = new SplitPane(browser, grid, aiScroll);
        split.setDividerPositions(0.17, 0.80);
        SplitPane.setResizableWithParent(browser, false);
        SplitPane.setResizableWithParent(aiScroll, false);
        setTop(new VBox(menus(), new WorkspaceToolBar(vm, this::openFiles, this::openFolder)));
        setCenter(split);
        setBottom(statusBar());
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                vm.open(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        new NotificationPresenter(vm, this);
        for (String p : shortcuts.problems()) {
            vm.notify(Notice.warning("Keyboard shortcut ignored", p));
        }
    }

    /** Call once the view is in its scene: keys work everywhere in the window. */
    public void install(Scene scene) {
        new ShortcutHandler(vm, shortcuts).install(scene);
    }

    private HBox statusBar() {
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());
        status.setId("status");
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.indexProgressProperty());
        progress.visibleProperty().bind(vm.indexingProperty());
        Button cancel = new Button("Cancel");
        cancel.visibleProperty().bind(vm.indexingProperty());
        cancel.setOnAction(e -> vm.cancelOpen());
        Label memory = new Label();
        memory.getStyleClass().add("memory");
        javafx.animation.Timeline t = new javafx.animation.Timeline(new javafx.animation.KeyFrame(
                javafx.util.Duration.seconds(1), e -> {
                    var s = vm.viewports().get(0).store().stats();
                    memory.setText(String.format(java.util.Locale.ROOT, "Cache %d MB of %d MB \u00b7 %d slices",
                            s.retainedBytes() >> 20, s.budgetBytes() >> 20, s.entries()));
                }));
        t.setCycleCount(javafx.animation.Animation.INDEFINITE);
        t.play();
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(8, status, progress, cancel, grow, memory);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private MenuBar menus() {
        Menu file = new Menu("File");
        MenuItem open = item("Open files, DICOMDIR or zip\u2026", "Shortcut+O", this::openFiles);
        MenuItem folder = item("Open folder\u2026", "Shortcut+Shift+O", this::openFolder);
        Menu recent = new Menu("Open recent");
        vm.recent().addListener((ListChangeListener<RecentStudies.Entry>) c -> fillRecent(recent));
        fillRecent(recent);
        MenuItem export = item("Export key image\u2026", "Shortcut+E", () -> exporter.export(activeView(), false));
        MenuItem exportDeid = item("Export key image, de-identified\u2026", "Shortcut+Shift+E",
                () -> exporter.export(activeView(), true));
        MenuItem demo = item("Open demo study", null, () -> vm.open(List.of(demoStudy)));
        demo.setDisable(demoStudy == null);
        MenuItem close = item("Close all", null, vm::closeAll);
        MenuItem quit = item("Quit", "Shortcut+Q", () -> ((Stage) getScene().getWindow()).close());
        file.getItems().addAll(open, folder, recent, demo, new SeparatorMenuItem(), export, exportDeid,
                new SeparatorMenuItem(), close, quit);

        Menu view = new Menu("View");
        for (Layout l : Layout.values()) {
            view.getItems().add(item("Layout " + l.label(), null, () -> vm.layoutProperty().set(l)));
        }
        CheckMenuItem sync = new CheckMenuItem("Synchronised scrolling");
        sync.selectedProperty().bindBidirectional(vm.syncScrollProperty());
        CheckMenuItem ann = new CheckMenuItem("Annotations");
        ann.setSelected(true);
        ann.setOnAction(e -> vm.viewports().forEach(v -> v.annotationsVisibleProperty().set(ann.isSelected())));
        view.getItems().addAll(new SeparatorMenuItem(), sync, ann);

        Menu ai = new Menu("AI");
        ai.getItems().addAll(item("Run model on series", null, () -> vm.ai().run()),
                item("Cancel", null, () -> vm.ai().cancel()),
                item("Heatmap on/off (H)", null, () -> vm.ai().toggleHeatmap()),
                item("Next suspicious slice (N)", null, () -> vm.nextSuspicious(1)));
        Menu help = new Menu("Help");
        help.getItems().addAll(item("Keyboard shortcuts", "F1", this::showShortcuts), new SeparatorMenuItem(),
                item(AboutBox.TITLE, null, this::showAbout));
        return new MenuBar(file, view, ai, help);
    }

    private void fillRecent(Menu recent) {
        recent.getItems().clear();
        for (RecentStudies.Entry e : vm.recent()) {
            recent.getItems().add(item(e.label(), null, () -> vm.openRecent(e)));
        }
        if (!vm.recent().isEmpty()) {
            recent.getItems().addAll(new SeparatorMenuItem(), item("Clear list", null, vm::clearRecent));
        }
        recent.setDisable(vm.recent().isEmpty());
    }

    private static MenuItem item(String text, String key, Runnable r) {
        MenuItem m = new MenuItem(text);
        if (key != null) {
            m.setAccelerator(KeyCombination.valueOf(key));
        }
        m.setOnAction(e -> r.run());
        return m;
    }

    private void showShortcuts() {
        TableView<Action> table = new TableView<>();
        TableColumn<Action, String> key = new TableColumn<>("Key");
        key.setCellValueFactory(c -> new ReadOnlyStringWrapper(shortcuts.key(c.getValue()).getDisplayText()));
        TableColumn<Action, String> what = new TableColumn<>("Action");
        what.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().help()));
        key.setPrefWidth(130);
        what.setPrefWidth(420);
        table.getColumns().add(key);
        table.getColumns().add(what);
        table.getItems().setAll(Action.values());
        Stage s = new Stage();
        s.initOwner(getScene().getWindow());
        s.setTitle("Keyboard shortcuts (mouse: wheel scrolls, Ctrl+wheel zooms, middle drag pans, right drag zooms)");
        s.setScene(new Scene(table, 580, 560));
        s.show();
    }

    /** The model the AI panel would run, else the bundled default, else the first listed. */
    private void showAbout() {
        org.reslens.ui.ai.ModelEntry m = vm.ai().selectedProperty().get();
        if (m == null) {
            m = vm.ai().models().stream().filter(org.reslens.ui.ai.ModelEntry::bundledDefault).findFirst()
                    .orElse(vm.ai().models().isEmpty() ? null : vm.ai().models().get(0));
        }
        AboutBox.show(getScene().getWindow(), AboutInfo.of(org.reslens.BuildInfo.current(), m));
    }

    private void openFiles() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open DICOM files, a DICOMDIR or a zip");
        List<File> files = fc.showOpenMultipleDialog(getScene().getWindow());
        if (files != null && !files.isEmpty()) {
            vm.open(files.stream().map(File::toPath).toList());
        }
    }

    private void openFolder() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a folder of DICOM files");
        File dir = dc.showDialog(getScene().getWindow());
        if (dir != null) {
            vm.open(List.of(dir.toPath()));
        }
    }

    private ViewportView activeView() {
        return viewportViews.get(vm.activeProperty().get());
    }

    public List<ViewportView> viewportViews() {
        return viewportViews;
    }

    public AiPanelView aiPanel() {
        return aiPanel;
    }

    /** Writes the active viewport as a PNG without asking (for the command line's screenshot option and tests). */
    public void saveKeyImage(java.nio.file.Path file, boolean deidentify, java.util.function.Consumer<Boolean> done) {
        exporter.write(activeView(), file, deidentify, done);
    }
}
