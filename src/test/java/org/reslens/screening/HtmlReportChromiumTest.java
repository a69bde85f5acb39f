package org.reslens.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.inference.ModelSessions;
import org.reslens.study.CancellationToken;

/**
 * report.html as a browser shows it: opened from disk in headless Chromium (Debian package {@code chromium}), with
 * networking off, and read back from the rendered DOM: the ranked rows in order, every key image loaded (from the
 * files beside the report), the model's status stated. Skipped where Chromium is not installed.
 */
class HtmlReportChromiumTest {
    @TempDir
    static Path tmp;
    static ModelSessions sessions;
    static Path out;

    @BeforeAll
    static void screen() throws Exception {
        sessions = Fixtures.sessions(tmp.resolve("cache"));
        out = tmp.resolve("out");
        new Screening(sessions, tmp.resolve("config")).run(ScreeningOptions.defaults(List.of(Fixtures.CORPUS), out,
                Fixtures.MODEL), ScreeningListener.NONE, new CancellationToken());
    }

    @AfterAll
    static void close() {
        sessions.close();
    }

    static String chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            if (Fixtures.installed(name)) {
                return name;
            }
        }
        return null;
    }

    /** Runs headless Chromium on the report with the given extra arguments; returns its stdout. */
    static String browse(String... args) throws Exception {
        String browser = chromium();
        assumeTrue(browser != null, "Chromium is not installed (apt-get install -y chromium)");
        List<String> cmd = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium")));
        cmd.addAll(List.of(args));
        cmd.add(out.resolve("report.html").toUri().toString());
        Path stdout = tmp.resolve("chromium.out");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(tmp.resolve("chromium.err").toFile()).directory(tmp.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish in 120 s");
        }
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    @Test
    void theRenderedWorklistListsStudiesByRankWithTheirKeyImagesLoaded() throws Exception {
        String dom = browse("--dump-dom", "--virtual-time-budget=5000");
        assertThat(dom).contains("id=\"worklist\"");
        List<String> ranks = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        Matcher m = Pattern.compile("<tr class=\"(study[^\"]*)\" data-rank=\"([^\"]*)\"[^>]*>(.*?)</tr>",
                Pattern.DOTALL).matcher(dom);
        while (m.find()) {
            ranks.add(m.group(2));
            rows.add(m.group(1) + " " + m.group(3));
        }
        assertThat(ranks).containsExactly("1", "2", "");
        assertThat(rows.get(0)).startsWith("study flagged").contains("FIX-0001").contains("FLAGGED");
        assertThat(rows.get(1)).startsWith("study ").doesNotContain("flagged").contains("FIX-0002");
        assertThat(rows.get(2)).contains("FIX-0003").contains("not accepted");

        Matcher img = Pattern.compile("<img [^>]*>").matcher(dom);
        List<String> images = new ArrayList<>();
        while (img.find()) {
            images.add(img.group());
        }
        assertThat(images).hasSize(4);
        assertThat(images).allSatisfy(i -> assertThat(i).contains("data-loaded=\"yes\""));
        assertThat(images.get(0)).contains("class=\"key\"");
        assertThat(images.get(1)).contains("class=\"heatmap\"");
        assertThat(dom).contains("Demonstration only, not for clinical use")
                .contains("class 'lesion'").contains("id=\"problems\"");
    }

    @Test
    void theReportRendersToAScreenshot() throws Exception {
        browse("--screenshot=" + tmp.resolve("report.png"), "--window-size=1400,1000",
                "--virtual-time-budget=5000");
        Path shot = tmp.resolve("report.png");
        assertThat(shot).exists();
        Fixtures.Png png = Fixtures.pngAnyFilter(shot);
        assertThat(png.width()).isEqualTo(1400);
        // The flagged row's pink background is somewhere on the page.
        boolean pink = false;
        for (int v : png.argb()) {
            if ((v & 0xFFFFFF) == 0xFDE2E2) {
                pink = true;
                break;
            }
        }
        assertThat(pink).isTrue();
    }
}
