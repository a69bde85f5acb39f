package org.reslens.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.reslens.dicom.DicomException;

/**
 * The child process of {@link SmallHeapTest}: reads each file given on the command line the way the full-read fuzz
 * target does (parse, Image Pixel module, frames within the caller's budget) and prints one line per file:
 * {@code OK <millis> <file> <outcome>} or {@code FAIL <millis> <file> <throwable>}. Exits 0 only when every file
 * ended in a return or a {@link DicomException}. Runs under {@code -Xmx64m}; an OutOfMemoryError is caught and
 * reported like any other failure so that the parent learns which input caused it.
 */
public final class SmallHeapReplay {
    private SmallHeapReplay() {
    }

    public static void main(String[] args) throws IOException {
        int failures = 0;
        for (String arg : args) {
            Path file = Path.of(arg);
            byte[] data = Files.readAllBytes(file);
            long start = System.nanoTime();
            String outcome;
            boolean ok = true;
            try {
                int frames = FuzzInvariants.readEverything(data, file.getFileName().toString());
                outcome = "read, " + frames + " frame(s) decoded";
            } catch (DicomException e) {
                outcome = e.kind() + ": " + e.detailMessage();
            } catch (Throwable t) { // the point of this process is to report what escaped, errors included
                data = null;
                outcome = t.toString();
                ok = false;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println((ok ? "OK " : "FAIL ") + millis + " " + file.getFileName() + " "
                    + outcome.replace('\n', ' '));
            if (!ok) {
                failures++;
            }
        }
        System.out.flush();
        System.exit(failures == 0 ? 0 : 1);
    }
}
