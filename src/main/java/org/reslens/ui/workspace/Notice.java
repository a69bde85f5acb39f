package org.reslens.ui.workspace;

import java.util.List;

/**
 * A non-blocking message for the reader (shown as a notification that fades away), with optional details (shown on
 * request, e.g. the list of files that could not be read).
 */
public record Notice(Level level, String title, String text, List<String> details) {
    public enum Level { INFO, WARNING, ERROR }

    public Notice {
        if (level == null || title == null || text == null) {
            throw new IllegalArgumentException("level, title and text are required");
        }
        details = List.copyOf(details);
    }

    public static Notice info(String title, String text) {
        return new Notice(Level.INFO, title, text, List.of());
    }

    public static Notice warning(String title, String text) {
        return new Notice(Level.WARNING, title, text, List.of());
    }

    public static Notice error(String title, String text) {
        return new Notice(Level.ERROR, title, text, List.of());
    }
}
