package org.reslens.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reslens.ui.workspace.Layout;

/**
 * The viewer's command line: inputs to open and a few switches.
 *
 * <pre>
 *   reslens [--demo] [--no-ai] [--layout 1x1|1x2|2x2] [--screenshot FILE.png] [FILE|FOLDER|DICOMDIR|ZIP ...]
 * </pre>
 *
 * @param demo       open the bundled demo study (with the inputs, if any)
 * @param autoRunAi  run the preselected model when a series opens (default on)
 * @param screenshot when set: once the first series is on screen and the model has finished, save the window as PNG
 *                   and exit (for documentation and checks)
 */
public record ViewerOptions(List<Path> inputs, boolean demo, boolean autoRunAi, Layout layout, Path screenshot) {
    public static final String USAGE = "Usage: reslens [--demo] [--no-ai] [--layout 1x1|1x2|2x2] "
            + "[--screenshot FILE.png] [FILE|FOLDER|DICOMDIR|ZIP ...]";

    public ViewerOptions {
        inputs = List.copyOf(inputs);
    }

    /** @throws IllegalArgumentException with a message for the user when an option is wrong */
    public static ViewerOptions parse(List<String> args) {
        List<Path> inputs = new ArrayList<>();
        boolean demo = false;
        boolean ai = true;
        Layout layout = Layout.ONE;
        Path screenshot = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--demo" -> demo = true;
                case "--no-ai" -> ai = false;
                case "--layout" -> layout = layout(value(args, ++i, a));
                case "--screenshot" -> screenshot = Path.of(value(args, ++i, a));
                case "--" -> {
                    for (int k = i + 1; k < args.size(); k++) {
                        inputs.add(Path.of(args.get(k)));
                    }
                    i = args.size();
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    inputs.add(Path.of(a));
                }
            }
        }
        return new ViewerOptions(inputs, demo, ai, layout, screenshot);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static Layout layout(String s) {
        return switch (s) {
            case "1x1", "1" -> Layout.ONE;
            case "1x2", "2" -> Layout.ONE_BY_TWO;
            case "2x2", "4" -> Layout.TWO_BY_TWO;
            default -> throw new IllegalArgumentException("--layout takes 1x1, 1x2 or 2x2, not " + s);
        };
    }

    /** What to open: the inputs, and the demo study when asked for. */
    public List<Path> inputsWith(AppPaths paths) {
        List<Path> all = new ArrayList<>();
        if (demo) {
            all.add(paths.demoStudy());
        }
        all.addAll(inputs);
        return all;
    }
}
