package org.reslens.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a replay class in a child JVM with a small heap (see {@link SmallHeapTest} for why a child) and reads the
 * outcome lines it prints, {@code OK <millis> <file name> ...}. Fails the test when the child does not finish within
 * 5 minutes or exits with a non-zero status.
 */
final class SmallHeapChild {
    /** The child's whole output and the milliseconds it reported per file name. */
    record Outcome(String output, Map<String, Long> millisByFile) {
    }

    private SmallHeapChild() {
    }

    static Outcome run(Path dir, String heap, Class<?> replay, List<String> arguments)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, heap, "-XX:+UseSerialGC",
                "-XX:-OmitStackTraceInFastThrow",
                "-cp", System.getProperty("java.class.path"), replay.getName()));
        command.addAll(arguments);
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = child.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("child finished within 5 minutes; output so far:%n%s", output).isTrue();
        assertThat(child.exitValue()).as("child exit status; output:%n%s", output).isZero();

        Map<String, Long> millisByFile = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] f = line.split(" ", 4);
            if (f.length >= 3 && f[0].equals("OK")) {
                millisByFile.put(f[2], Long.parseLong(f[1]));
            }
        }
        return new Outcome(output, millisByFile);
    }
}
