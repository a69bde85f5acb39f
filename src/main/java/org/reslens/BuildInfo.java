package org.reslens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What build this is: version, source commit and build time, stamped by Maven into {@code build.properties} at
 * package time. Shown by {@code reslens --version} and the viewer's About box, so a support request can name the
 * exact build. Values the build could not stamp (a run from an IDE's classes) read {@code "dev"} or {@code "unknown"}.
 */
public record BuildInfo(String version, String commit, String buildTime) {
    private static final String RESOURCE = "build.properties";

    public BuildInfo {
        version = orElse(version, "dev");
        commit = orElse(commit, "unknown");
        buildTime = orElse(buildTime, "unknown");
    }

    /** The build of the running code. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the application jar", e);
        }
        String version = p.getProperty("version");
        if (version == null) {
            version = BuildInfo.class.getPackage().getImplementationVersion();
        }
        return new BuildInfo(version, p.getProperty("commit"), p.getProperty("buildTime"));
    }

    /** One line, e.g. {@code ResLens 0.1.0 (commit b14e1ab, built 2026-11-28T05:40:00Z)}. */
    public String describe() {
        return "ResLens " + version + " (commit " + commit + ", built " + buildTime + ")";
    }

    private static String orElse(String value, String fallback) {
        // An unfiltered resource still holds the Maven placeholder: treat it as not stamped.
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
    }
}
