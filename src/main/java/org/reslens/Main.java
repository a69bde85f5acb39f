package org.reslens;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.reslens.cli.ReslensCommand;
import org.reslens.ui.ViewerLauncher;
import org.reslens.ui.ViewerOptions;
import picocli.CommandLine;

/**
 * Entry point of {@code reslens.jar}. A plain class (not a JavaFX {@code Application}) so the JavaFX jars may sit on
 * the class path without the module check.
 *
 * <p>{@code reslens <subcommand> ...} (and {@code --help}, {@code --version}) runs the command line; no arguments,
 * viewer options ({@code --demo}, {@code --layout}, ...) or files and folders open the viewer. An unknown first word
 * that is not an existing path goes to the command line, which reports it.
 */
public final class Main {
    private static final Set<String> CLI_OPTIONS = Set.of("-h", "--help", "-V", "--version");
    /**
     * The subcommands' names, written out so that opening the viewer never builds the command line's model (picocli
     * reflects over every command: 0.1-0.2 s of a start-up measured at 2-3 s); a test keeps it equal to picocli's.
     */
    static final Set<String> SUBCOMMANDS = Set.of("info", "index", "explain", "screen", "evaluate");

    private Main() {
    }

    public static void main(String[] args) {
        if (!opensViewer(args)) {
            System.exit(ReslensCommand.execute(args));
        }
        try {
            ViewerLauncher.launch(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("reslens: " + e.getMessage());
            System.err.println(ViewerOptions.USAGE);
            System.exit(2);
        }
        // Model runtimes may hold non-daemon threads; the window is closed, so end here.
        System.exit(0);
    }

    /** Whether these arguments open the viewer rather than a command-line tool. */
    public static boolean opensViewer(String[] args) {
        if (args.length == 0) {
            return true;
        }
        String first = args[0];
        if (CLI_OPTIONS.contains(first) || SUBCOMMANDS.contains(first)) {
            return false;
        }
        if (first.startsWith("--")) {
            return true;
        }
        try {
            return Files.exists(Path.of(first));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The subcommands as picocli knows them (for the test that keeps {@link #SUBCOMMANDS} in step). */
    static Set<String> picocliSubcommands() {
        return new CommandLine(new ReslensCommand()).getSubcommands().keySet();
    }
}
