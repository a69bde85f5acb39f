package org.reslens.dicom.write;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs dcmtk tools on written files; tests skip (not fail) where a tool is not installed. */
final class Tools {
    record Result(int exit, String stdout, String stderr) {
    }

    private Tools() {
    }

    static boolean installed(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }

    static Result run(String... command) throws IOException, InterruptedException {
        assumeTrue(installed(command[0]), command[0] + " is not installed (Debian package dcmtk)");
        File out = File.createTempFile("tool", ".out");
        File err = File.createTempFile("tool", ".err");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectOutput(out).redirectError(err)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command[0] + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
