package org.reslens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code reslens screen}: exit codes, usage errors, progress output (terminal and log), and what it prints. */
class ScreenCommandTest {
    static final String CORPUS = "src/test/resources/screening/corpus";
    static final String MODEL = "src/test/resources/screening/model";

    @TempDir
    static Path tmp;
    static String previousCache;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void cacheInTemp() {
        previousCache = System.getProperty("reslens.cache.dir");
        System.setProperty("reslens.cache.dir", tmp.resolve("cache").toString());
    }

    @AfterAll
    static void restore() {
        if (previousCache == null) {
            System.clearProperty("reslens.cache.dir");
        } else {
            System.setProperty("reslens.cache.dir", previousCache);
        }
    }

    /** Runs the command with the handlers {@link ReslensCommand#execute} installs. */
    static Run screen(Boolean terminal, String... args) {
        ScreenCommand command = new ScreenCommand();
        command.terminal = terminal;
        command.configFolder = tmp.resolve("config");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ReslensCommand.configure(new CommandLine(command), new PrintWriter(out, true),
                new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void exitsWithOneWhenAStudyIsFlaggedAndLogsEachStudyWhenNotOnATerminal() {
        Path out = tmp.resolve("flagged");
        Run r = screen(false, CORPUS, "--out", out.toString(), "--model", MODEL, "--workers", "1",
                "--model-threads", "1");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("Screened 3 studies (0 from an earlier run): 1 flagged at threshold 0.5")
                .contains("1 model thread(s), 1 worker(s)").contains("problem(s) listed in errors.csv")
                .contains("not for clinical use");
        assertThat(r.err()).contains("Screening 3 studies").contains("study 3/3").contains("FLAGGED")
                .doesNotContain("\r");
        assertThat(out.resolve("results.csv")).exists();
        assertThat(out.resolve("results.json")).exists();
        assertThat(out.resolve("report.html")).exists();
        assertThat(out.resolve("errors.csv")).exists();
    }

    @Test
    void exitsWithZeroWhenNothingIsFlaggedAndWritesOnlyTheFormatsAsked() {
        Path out = tmp.resolve("clear");
        Run r = screen(false, CORPUS + "/normal", CORPUS + "/ct", "--out", out.toString(), "--model", MODEL,
                "--format", "json", "--threshold", "0.9");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).as("default: one model thread per core")
                .contains(Runtime.getRuntime().availableProcessors() + " model thread(s)");
        assertThat(out.resolve("results.json")).exists();
        assertThat(out.resolve("errors.csv")).exists();
        assertThat(out.resolve("results.csv")).doesNotExist();
        assertThat(out.resolve("report.html")).doesNotExist();
    }

    @Test
    void drawsAProgressBarWithRateAndEtaOnATerminal() {
        Run r = screen(true, CORPUS, "--out", tmp.resolve("tty").toString(), "--model", MODEL);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("\r[").contains("slices/s").contains("ETA").contains("flagged 1");
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        assertThat(screen(false, CORPUS, "--out", tmp.resolve("u1").toString(), "--model", MODEL, "--threshold",
                "1.5").code()).isEqualTo(2);
        assertThat(screen(false, CORPUS, "--out", tmp.resolve("u2").toString(), "--model", MODEL, "--format",
                "pdf").err()).contains("--format");
        assertThat(screen(false, CORPUS, "--model", MODEL).code()).isEqualTo(2);
        assertThat(screen(false, CORPUS, "--out", tmp.resolve("u3").toString(), "--workers", "0").code())
                .isEqualTo(2);
        Run threads = screen(false, CORPUS, "--out", tmp.resolve("u4").toString(), "--model-threads", "0");
        assertThat(threads.code()).isEqualTo(2);
        assertThat(threads.err()).contains("--model-threads must be within 1..256");
        Run inside = screen(false, CORPUS, "--out", CORPUS + "/lesion/out", "--model", MODEL);
        assertThat(inside.code()).isEqualTo(2);
        assertThat(inside.err()).contains("inside the input folder");
        assertThat(Path.of(CORPUS, "lesion", "out")).doesNotExist();
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("something.txt"), "x");
        assertThat(screen(false, CORPUS, "--out", full.toString(), "--model", MODEL).err()).contains("not empty");
    }

    @Test
    void aModelThatCannotBeLoadedExitsWithThree() {
        Run r = screen(false, CORPUS, "--out", tmp.resolve("nomodel").toString(), "--model",
                tmp.resolve("no-such-model").toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("does not exist");
    }

    @Test
    void helpNamesEveryOptionAndTheExitCodes() {
        Run r = screen(false, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--out", "--model", "--threshold", "--format", "--deidentify", "--resume",
                "--workers", "--model-threads", "--dicom-results", "1   done, at least one study flagged");
    }
}
