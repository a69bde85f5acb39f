package org.reslens.ui;

import java.util.List;
import javafx.application.Application;

/**
 * Starts the viewer from a plain {@code main} (not a JavaFX {@code Application} subclass, so the JavaFX jars may sit
 * on the class path without the launcher's module check). Blocks until the window closes.
 */
public final class ViewerLauncher {
    private ViewerLauncher() {
    }

    /**
     * @throws IllegalArgumentException when the arguments are wrong (before any window opens)
     */
    public static void launch(List<String> args) {
        ViewerOptions.parse(args);
        Application.launch(ReslensApp.class, args.toArray(String[]::new));
    }
}
