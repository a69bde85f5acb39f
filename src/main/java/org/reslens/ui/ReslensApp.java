package org.reslens.ui;

import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: builds the {@link Viewer} from the command line and shows it. */
public final class ReslensApp extends Application {
    private Viewer viewer;

    @Override
    public void start(Stage stage) {
        ViewerOptions options = ViewerOptions.parse(getParameters().getRaw());
        viewer = Viewer.create(options, AppPaths.locate());
        viewer.show(stage);
    }

    @Override
    public void stop() {
        if (viewer != null) {
            viewer.close();
        }
    }
}
