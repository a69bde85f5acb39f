package org.reslens.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.reslens.dicom.DicomException;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.ErrorKind;
import org.reslens.dicom.ImagePixel;
import org.reslens.dicom.PixelFrame;
import org.reslens.dicom.Tags;
import org.reslens.dicom.TransferSyntax;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code reslens info}: what each file is, optionally with decoded pixel statistics. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe DICOM files: transfer syntax, image geometry, and with --pixels the decoded values.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file was read", "1:at least one file could not be read", "2:usage error"})
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON object per file per line (JSON Lines), in the order given.")
    boolean json;

    @Option(names = "--pixels", description = "Decode every frame and report min, max and sum of stored values.")
    boolean pixels;

    @Option(names = "--dump", description = "Also print every attribute (readable mode only).")
    boolean dump;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "DICOM files to describe.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean allOk = true;
        for (Path file : files) {
            Map<String, Object> result = describe(file);
            allOk &= Boolean.TRUE.equals(result.get("ok"));
            if (json) {
                out.println(Json.write(result));
            } else {
                printReadable(out, file, result);
            }
            out.flush();
        }
        return allOk ? 0 : 1;
    }

    Map<String, Object> describe(Path file) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", file.toString());
        try {
            DicomFile df = DicomFile.open(file);
            r.put("ok", true);
            r.put("transferSyntaxUID", df.transferSyntaxUid());
            r.put("sopClassUID", df.sopClassUid());
            r.put("modality", df.dataset().getString(Tags.Modality));
            if (df.pixelData().isEmpty()) {
                for (String k : List.of("rows", "columns", "frames", "samplesPerPixel", "photometricInterpretation",
                        "bitsAllocated", "bitsStored", "pixelRepresentation")) {
                    r.put(k, null);
                }
            } else {
                ImagePixel ip = df.imagePixel();
                r.put("rows", ip.rows());
                r.put("columns", ip.columns());
                r.put("frames", ip.frames());
                r.put("samplesPerPixel", ip.samplesPerPixel());
                r.put("photometricInterpretation", ip.photometric().term());
                r.put("bitsAllocated", ip.bitsAllocated());
                r.put("bitsStored", ip.bitsStored());
                r.put("pixelRepresentation", ip.pixelRepresentation());
                if (df.transferSyntax() == TransferSyntax.UNKNOWN) {
                    throw new DicomException(ErrorKind.UNSUPPORTED_TRANSFER_SYNTAX, "transfer syntax "
                            + df.transferSyntaxUid() + " is not decoded by ResLens", -1).withFile(file);
                }
                if (pixels) {
                    PixelFrame.Stats stats = null;
                    for (int f = 0; f < ip.frames(); f++) {
                        PixelFrame.Stats s = df.readFrame(f).stats();
                        stats = stats == null ? s : stats.merge(s);
                    }
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("min", stats.min());
                    p.put("max", stats.max());
                    p.put("sum", stats.sum());
                    r.put("pixels", p);
                }
            }
            if (!df.warnings().isEmpty()) {
                r.put("warnings", df.warnings());
            }
            if (dump && !json) {
                r.put("_dump", AttributeDump.dump(df));
            }
        } catch (DicomException e) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("kind", e.kind().name());
            err.put("message", e.detailMessage());
            if (e.offset() >= 0) {
                err.put("offset", e.offset());
            }
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put("file", file.toString());
            failed.put("ok", false);
            failed.put("error", err);
            return failed;
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static void printReadable(PrintWriter out, Path file, Map<String, Object> r) {
        out.println(file);
        if (!Boolean.TRUE.equals(r.get("ok"))) {
            Map<String, Object> err = (Map<String, Object>) r.get("error");
            out.println("  ERROR " + err.get("kind") + ": " + err.get("message"));
            return;
        }
        out.println("  Transfer syntax: " + r.get("transferSyntaxUID"));
        out.println("  SOP class:       " + r.get("sopClassUID"));
        out.println("  Modality:        " + r.get("modality"));
        if (r.get("rows") != null) {
            out.printf("  Image:           %s x %s, %s frame(s), %s sample(s)/pixel, %s%n", r.get("columns"),
                    r.get("rows"), r.get("frames"), r.get("samplesPerPixel"), r.get("photometricInterpretation"));
            out.printf("  Bits:            allocated %s, stored %s, %s%n", r.get("bitsAllocated"), r.get("bitsStored"),
                    Integer.valueOf(1).equals(r.get("pixelRepresentation")) ? "signed" : "unsigned");
        } else {
            out.println("  Image:           none (no Pixel Data)");
        }
        if (r.get("pixels") instanceof Map<?, ?> p) {
            out.printf("  Stored values:   min %s, max %s, sum %s%n", p.get("min"), p.get("max"), p.get("sum"));
        }
        if (r.get("warnings") instanceof List<?> w) {
            for (Object s : w) {
                out.println("  Warning: " + s);
            }
        }
        if (r.get("_dump") instanceof String d) {
            out.print(d);
        }
    }
}
