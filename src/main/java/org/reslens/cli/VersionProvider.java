package org.reslens.cli;

import org.reslens.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code reslens --version}: the build (version, commit, build time, as Maven stamped them) and the Java runtime that
 * runs it, since an installed ResLens brings its own runtime and a support request should name both.
 */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {BuildInfo.current().describe(), javaRuntime()};
    }

    /** e.g. {@code Java 17.0.15+6 (OpenJDK 64-Bit Server VM, Debian) on Linux amd64}. */
    static String javaRuntime() {
        return "Java " + System.getProperty("java.runtime.version", System.getProperty("java.version"))
                + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor") + ") on "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }
}
