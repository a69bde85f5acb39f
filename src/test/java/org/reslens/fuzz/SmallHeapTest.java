package org.reslens.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Allocation is bounded: the DICOM regression corpus of the fuzz targets plus {@link HostileInputs} (1 MB each:
 * lying lengths, huge Rows/Columns and Number of Frames over tiny data, a deflate bomb, deep nesting) are read in a
 * child JVM with {@code -Xmx64m}, which must exit cleanly with every input ending in a return or a DicomException,
 * each within the fuzz targets' time budget. A child process, because an OutOfMemoryError in this JVM would take the
 * rest of the test run with it, and because the heap limit must be small and certain.
 */
class SmallHeapTest {
    private static final String HEAP = "-Xmx64m";

    @Test
    void regressionCorpusAndHostileMegabyteInputsEndCleanlyIn64MiBHeap(@TempDir Path dir)
            throws IOException, InterruptedException, URISyntaxException {
        List<Path> inputs = new ArrayList<>(regressionCorpus(dir));
        for (Map.Entry<String, byte[]> e : HostileInputs.all().entrySet()) {
            Path p = dir.resolve(e.getKey() + ".dcm");
            Files.write(p, e.getValue());
            inputs.add(p);
        }

        SmallHeapChild.Outcome child = SmallHeapChild.run(dir, HEAP, SmallHeapReplay.class,
                inputs.stream().map(Path::toString).toList());
        String output = child.output();
        Map<String, Long> millisByFile = child.millisByFile();
        for (Path p : inputs) {
            String name = p.getFileName().toString();
            assertThat(millisByFile).as("outcome reported for %s; output:%n%s", name, output).containsKey(name);
            long budget = FuzzInvariants.timeBudgetMillis((int) Files.size(p));
            assertThat(millisByFile.get(name)).as("milliseconds for %s (%d bytes)", name, Files.size(p))
                    .isLessThanOrEqualTo(budget);
        }
    }

    /** The DICOM-shaped regression inputs: the reader targets' files, and the encapsulated target's as files. */
    private static List<Path> regressionCorpus(Path dir) throws IOException, URISyntaxException {
        Path root = Path.of(SmallHeapTest.class.getResource("DicomReaderFuzzTestInputs").toURI()).getParent();
        List<Path> out = new ArrayList<>();
        Path copies = Files.createDirectories(dir.resolve("corpus"));
        try (Stream<Path> s = Files.walk(root.resolve("DicomReaderFuzzTestInputs"))) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                // method directory + file name: the child reports by file name, which must be unique
                Path target = copies.resolve(p.getParent().getFileName() + "-" + p.getFileName());
                out.add(Files.copy(p, target));
            }
        }
        try (Stream<Path> s = Files.walk(root.resolve("EncapsulatedPixelDataFuzzTestInputs"))) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                byte[] data = Files.readAllBytes(p);
                if (data.length >= EncapsulatedPixelDataFuzzTest.HEADER) {
                    Path target = copies.resolve("fragmentTables-" + p.getFileName());
                    out.add(Files.write(target, EncapsulatedPixelDataFuzzTest.toDicom(data)));
                }
            }
        }
        return out;
    }
}
