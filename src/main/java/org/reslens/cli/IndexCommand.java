package org.reslens.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.reslens.study.CancellationToken;
import org.reslens.study.IndexCancelledException;
import org.reslens.study.IndexFailure;
import org.reslens.study.IndexListener;
import org.reslens.study.NonImageObject;
import org.reslens.study.Patient;
import org.reslens.study.Series;
import org.reslens.study.Slice;
import org.reslens.study.Stack;
import org.reslens.study.StackWarning;
import org.reslens.study.Study;
import org.reslens.study.StudyIndex;
import org.reslens.study.StudyIndexer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reslens index}: patients, studies, series and displayable stacks found under the given paths. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Index DICOM files, folders (recursively), DICOMDIRs and zip archives into patients, studies,"
                + " series and displayable stacks in slice order.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was read", "1:at least one file could not be read", "2:usage error"})
final class IndexCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON object per displayable stack per line (JSON Lines), then one"
            + " per unreadable file.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, folders, DICOMDIR files, zip archives.")
    List<Path> paths;

    @Override
    public Integer call() throws IndexCancelledException {
        StudyIndex index;
        ExecutorService pool = Executors.newFixedThreadPool(threads(), r -> {
            Thread t = new Thread(r, "reslens-index");
            t.setDaemon(true);
            return t;
        });
        try {
            index = new StudyIndexer(pool).index(paths, IndexListener.NONE, new CancellationToken());
        } finally {
            pool.shutdownNow();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, index);
        } else {
            printTree(out, index);
        }
        out.flush();
        return index.allOk() ? 0 : 1;
    }

    /** Header reads wait on storage as much as on the CPU, so a few more threads than cores help; more do not. */
    private static int threads() {
        return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors() * 2));
    }

    private static void printJson(PrintWriter out, StudyIndex index) {
        for (Patient p : index.patients()) {
            for (Study st : p.studies()) {
                for (Series se : st.series()) {
                    for (Stack stack : se.stacks()) {
                        out.println(Json.write(stackLine(p, st, se, stack)));
                    }
                }
            }
        }
        for (IndexFailure f : index.failures()) {
            out.println(Json.write(failureLine(f)));
        }
    }

    static Map<String, Object> stackLine(Patient p, Study st, Series se, Stack stack) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("patientID", p.patientId());
        m.put("patientName", p.patientName());
        m.put("studyInstanceUID", st.studyInstanceUid());
        m.put("studyDate", st.studyDate());
        m.put("seriesInstanceUID", se.seriesInstanceUid());
        m.put("seriesNumber", se.seriesNumber());
        m.put("modality", se.modality());
        m.put("seriesDescription", se.seriesDescription());
        m.put("rows", stack.rows());
        m.put("columns", stack.columns());
        m.put("frames", stack.frames());
        m.put("orderedBy", stack.orderedBy().name());
        m.put("sliceSpacing", stack.sliceSpacing() == null ? null : round(stack.sliceSpacing()));
        List<Object> warnings = new ArrayList<>();
        for (StackWarning w : stack.warnings()) {
            Map<String, Object> wm = new LinkedHashMap<>();
            wm.put("kind", w.kind().name());
            wm.put("message", w.message());
            warnings.add(wm);
        }
        m.put("warnings", warnings);
        List<Object> files = new ArrayList<>(stack.frames());
        for (Slice s : stack.slices()) {
            files.add(s.location().toString());
        }
        m.put("files", files);
        if (stack.multiFrame()) {
            m.put("frameNumbers", stack.slices().stream().mapToInt(Slice::frameNumber).toArray());
        }
        return m;
    }

    /** Positions are written with a few decimals; micrometre precision is all a spacing can honestly claim. */
    private static double round(double mm) {
        return Math.round(mm * 1e6) / 1e6;
    }

    static Map<String, Object> failureLine(IndexFailure f) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("kind", f.kind().name());
        err.put("message", f.message());
        if (f.offset() >= 0) {
            err.put("offset", f.offset());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", f.location().toString());
        m.put("ok", false);
        m.put("error", err);
        return m;
    }

    private static void printTree(PrintWriter out, StudyIndex index) {
        for (Patient p : index.patients()) {
            out.printf("Patient %s (ID %s)%n", text(p.patientName()), text(p.patientId()));
            for (Study st : p.studies()) {
                out.printf("  Study %s %s  %s%n", text(st.studyDate()), quoted(st.studyDescription()),
                        text(st.studyInstanceUid()));
                for (Series se : st.series()) {
                    out.printf("    Series %s %s %s  %s%n", se.seriesNumber() == null ? "-" : se.seriesNumber(),
                            text(se.modality()), quoted(se.seriesDescription()), text(se.seriesInstanceUid()));
                    for (Stack stack : se.stacks()) {
                        out.printf("      Stack %s: %d slice(s) %dx%d, ordered by %s%s%n", stack.label(),
                                stack.frames(), stack.columns(), stack.rows(), stack.orderedBy().description(),
                                stack.sliceSpacing() == null ? ""
                                        : String.format(Locale.ROOT, ", spacing %.3f mm", stack.sliceSpacing()));
                        for (StackWarning w : stack.warnings()) {
                            out.printf("        Warning %s: %s%n", w.kind(), w.message());
                        }
                    }
                }
                for (NonImageObject o : st.nonImageObjects()) {
                    out.printf("    %s %s %s  %s%n", o.kind(), text(o.modality()), quoted(o.seriesDescription()),
                            o.location());
                }
            }
        }
        if (!index.failures().isEmpty()) {
            out.println("Unreadable:");
            for (IndexFailure f : index.failures()) {
                out.printf("  %s: %s: %s%n", f.location(), f.kind(), f.message());
            }
        }
        out.printf("%d patient(s), %d stud(ies), %d series, %d stack(s), %d unreadable%n", index.patients().size(),
                index.studies().count(), index.series().count(), index.stacks().count(), index.failures().size());
    }

    private static String text(Object v) {
        return v == null ? "-" : v.toString();
    }

    private static String quoted(String v) {
        return v == null ? "-" : "\"" + v + "\"";
    }
}
