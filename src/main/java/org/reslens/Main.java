package org.reslens;

import org.reslens.cli.ReslensCommand;

/**
 * Entry point of {@code reslens.jar}. A plain class (not a JavaFX {@code Application}) so the JavaFX jars may sit on
 * the class path without the module check.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(ReslensCommand.execute(args));
    }
}
