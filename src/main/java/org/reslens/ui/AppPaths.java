package org.reslens.ui;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where ResLens finds what it ships (the bundled models and demo studies) and where it keeps the user's settings.
 * Shipped files are looked up from {@code -Dreslens.home}, else upwards from the application jar (an installed app
 * image, or {@code target/} of a source checkout), else the working directory. User settings live in
 * {@code -Dreslens.config.dir}, else {@code $XDG_CONFIG_HOME/reslens}, else {@code ~/.config/reslens}: never in the
 * installation.
 */
public record AppPaths(Path home, Path config) {
    /** The demo study the README opens. */
    public static final String DEMO_STUDY = "assets/demo/SYNTHETIC_MR_LESION";

    public static AppPaths locate() {
        return new AppPaths(findHome(), configDirectory());
    }

    public Path models() {
        return home.resolve("models");
    }

    public Path demoStudy() {
        return home.resolve(DEMO_STUDY);
    }

    public Path recentFile() {
        return config.resolve("recent.json");
    }

    public Path shortcutsFile() {
        return config.resolve("shortcuts.properties");
    }

    static Path findHome() {
        String prop = System.getProperty("reslens.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        List<Path> candidates = new ArrayList<>();
        String appPath = System.getProperty("jpackage.app-path");
        if (appPath != null) {
            Path p = Path.of(appPath).toAbsolutePath().getParent();
            if (p != null && p.getParent() != null) {
                candidates.add(p.getParent().resolve("lib").resolve("app"));
                candidates.add(p.getParent());
            }
        }
        try {
            Path code = Path.of(AppPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code.getParent(); p != null && candidates.size() < 8; p = p.getParent()) {
                candidates.add(p);
            }
        } catch (URISyntaxException | RuntimeException e) {
            // No code source (an unusual class loader): the working directory below still works.
        }
        candidates.add(Path.of("").toAbsolutePath());
        for (Path c : candidates) {
            if (Files.isDirectory(c.resolve("models")) || Files.isDirectory(c.resolve("assets").resolve("demo"))) {
                return c;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    static Path configDirectory() {
        String prop = System.getProperty("reslens.config.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("reslens");
    }
}
