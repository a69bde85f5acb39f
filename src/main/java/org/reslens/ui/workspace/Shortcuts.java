package org.reslens.ui.workspace;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * The keyboard map: every action with its default key, overridable per user in {@code shortcuts.properties} in the
 * configuration folder ({@code ACTION=KeyCombination}, e.g. {@code HEATMAP=Shift+H}; a bad line is reported and
 * ignored). Slice keys scroll continuously while held.
 */
public final class Shortcuts {
    /** What a key can do, with its default key and the words for the help table. */
    public enum Action {
        NEXT_SLICE("Down", "Next slice (hold to scroll)"),
        PREVIOUS_SLICE("Up", "Previous slice (hold to scroll)"),
        NEXT_SLICE_ALT("Right", "Next slice (hold to scroll)"),
        PREVIOUS_SLICE_ALT("Left", "Previous slice (hold to scroll)"),
        PAGE_DOWN("Page Down", "Ten per cent of the stack forward"),
        PAGE_UP("Page Up", "Ten per cent of the stack back"),
        FIRST_SLICE("Home", "First slice"),
        LAST_SLICE("End", "Last slice"),
        CINE("P", "Play or pause cine"),
        AUTO_WINDOW("0", "Automatic window"),
        PRESET_1("1", "Window preset 1 (the file's first, else the modality's first)"),
        PRESET_2("2", "Window preset 2"),
        PRESET_3("3", "Window preset 3"),
        PRESET_4("4", "Window preset 4"),
        PRESET_5("5", "Window preset 5"),
        PRESET_6("6", "Window preset 6"),
        PRESET_7("7", "Window preset 7"),
        PRESET_8("8", "Window preset 8"),
        PRESET_9("9", "Window preset 9"),
        FILE_WINDOW("O", "The file's own window"),
        FIT("F", "Fit to viewport"),
        ACTUAL_SIZE("Z", "1:1 (one image pixel per screen pixel)"),
        ROTATE_RIGHT("R", "Rotate 90\u00b0 clockwise"),
        ROTATE_LEFT("Shift+R", "Rotate 90\u00b0 counter-clockwise"),
        FLIP_HORIZONTAL("X", "Flip left-right"),
        FLIP_VERTICAL("Y", "Flip top-bottom"),
        INVERT("I", "Invert grey scale"),
        RESET("Backspace", "Reset zoom, pan, rotation, flips, window and inversion"),
        ANNOTATIONS("T", "Show or hide annotations"),
        SYNC("S", "Synchronised scrolling on or off"),
        TOOL_WINDOW("L", "Tool: window/level"),
        TOOL_PAN("M", "Tool: pan"),
        TOOL_ZOOM("Q", "Tool: zoom"),
        TOOL_DISTANCE("D", "Tool: distance"),
        TOOL_RECTANGLE("G", "Tool: rectangle ROI"),
        TOOL_ELLIPSE("E", "Tool: ellipse ROI"),
        DELETE_MEASUREMENT("Delete", "Delete the slice's last measurement"),
        CANCEL("Esc", "Stop drawing; stop cine"),
        HEATMAP("H", "Heatmap on or off"),
        NEXT_SUSPICIOUS("N", "Next suspicious slice"),
        PREVIOUS_SUSPICIOUS("Shift+N", "Previous suspicious slice"),
        RUN_AI("Shortcut+R", "Run the model on the active series"),
        LAYOUT_1("Alt+1", "Layout 1\u00d71"),
        LAYOUT_2("Alt+2", "Layout 1\u00d72"),
        LAYOUT_4("Alt+4", "Layout 2\u00d72");

        final String defaultKey;
        final String help;

        Action(String defaultKey, String help) {
            this.defaultKey = defaultKey;
            this.help = help;
        }

        public String help() {
            return help;
        }

        /** Held keys scroll continuously. */
        public int holdDirection() {
            return switch (this) {
                case NEXT_SLICE, NEXT_SLICE_ALT -> 1;
                case PREVIOUS_SLICE, PREVIOUS_SLICE_ALT -> -1;
                default -> 0;
            };
        }
    }

    private final Map<Action, KeyCombination> keys = new EnumMap<>(Action.class);
    private final List<String> problems = new ArrayList<>();

    /** The defaults, overridden by {@code file} when it exists. */
    public Shortcuts(Path file) {
        for (Action a : Action.values()) {
            keys.put(a, KeyCombination.valueOf(a.defaultKey));
        }
        if (file != null && Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                problems.add(file + ": " + e.getMessage());
            }
            for (String name : p.stringPropertyNames()) {
                String key = p.getProperty(name).strip();
                try {
                    if (key.isEmpty()) {
                        throw new IllegalArgumentException("no key given");
                    }
                    keys.put(Action.valueOf(name.strip()), KeyCombination.valueOf(key));
                } catch (RuntimeException e) {
                    // KeyCombination.valueOf throws more than IllegalArgumentException on odd text.
                    problems.add(file.getFileName() + ": " + name + "=" + p.getProperty(name) + " ignored ("
                            + e.getMessage() + ")");
                }
            }
        }
    }

    /** The action a key press stands for, or null. */
    public Action match(KeyEvent e) {
        for (Map.Entry<Action, KeyCombination> k : keys.entrySet()) {
            if (k.getValue().match(e)) {
                return k.getKey();
            }
        }
        return null;
    }

    public KeyCombination key(Action a) {
        return keys.get(a);
    }

    /** Lines of the settings file that could not be used. */
    public List<String> problems() {
        return List.copyOf(problems);
    }
}
