package org.reslens.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.reslens.inference.InferenceException;
import org.reslens.inference.LoaderProbe;
import org.reslens.inference.ModelBundle;

/**
 * The child process of {@link ModelSmallHeapTest}: each argument is {@code <kind>:<path>}, where kind says which
 * loader target reads the file ({@code onnx}, {@code metadata}, {@code bundle}: as the fuzz targets do, through
 * {@link LoaderProbe} and {@link ModelBundleFuzzTest#load}; {@code folder}: {@link ModelBundle#load} of a bundle folder
 * and the bytes its session would get). Prints {@code OK <millis> <file> <outcome>} or {@code FAIL <millis> <file>
 * <throwable>} per argument and exits 0 only when every one ended in a return or an {@link InferenceException}.
 * Runs under {@code -Xmx64m}; an OutOfMemoryError is caught and reported like any other failure.
 */
public final class ModelSmallHeapReplay {
    private ModelSmallHeapReplay() {
    }

    public static void main(String[] args) throws IOException {
        ModelFuzzInvariants.warmUp();
        int failures = 0;
        for (String arg : args) {
            int colon = arg.indexOf(':');
            String kind = arg.substring(0, colon);
            Path file = Path.of(arg.substring(colon + 1));
            long start = System.nanoTime();
            String outcome;
            boolean ok = true;
            try {
                outcome = run(kind, file);
            } catch (InferenceException e) {
                outcome = e.reason() + ": " + e.getMessage();
            } catch (Throwable t) { // the point of this process is to report what escaped, errors included
                outcome = t.toString();
                ok = false;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            String line = outcome.replace('\n', ' ');
            System.out.println((ok ? "OK " : "FAIL ") + millis + " " + file.getFileName() + " "
                    + (line.length() > 300 ? line.substring(0, 300) + "..." : line));
            if (!ok) {
                failures++;
            }
        }
        System.out.flush();
        System.exit(failures == 0 ? 0 : 1);
    }

    private static String run(String kind, Path file) throws IOException, InferenceException {
        switch (kind) {
            case "onnx" -> {
                return "read: " + LoaderProbe.onnx(Files.readAllBytes(file));
            }
            case "metadata" -> {
                return "read: " + LoaderProbe.metadata(Files.readAllBytes(file)).postprocessing().classCount()
                        + " classes";
            }
            case "bundle" -> {
                return ModelBundleFuzzTest.load(Files.readAllBytes(file));
            }
            case "folder" -> {
                ModelBundle b = ModelBundle.load(file);
                return "loaded " + b + ", session model of " + LoaderProbe.sessionModel(b).length + " bytes";
            }
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
    }
}
