package org.reslens.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

@ExtendWith(ApplicationExtension.class)
class WarmupTest {
    @Test
    void theWarmUpRendersItsSyntheticSeriesAndLeavesNoFilesBehind() throws Exception {
        List<Path> before = warmupFolders();
        ExecutorService background = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            Warmup.start(background, background, Platform::runLater,
                    rendered -> done.complete(rendered && Platform.isFxApplicationThread()));
            assertThat(done.get(60, TimeUnit.SECONDS)).as("a slice rendered, reported on the UI thread").isTrue();
        } finally {
            background.shutdown();
            background.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(warmupFolders()).as("temporary folders left").isSubsetOf(before);
    }

    private static List<Path> warmupFolders() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("reslens-warmup")).toList();
        }
    }
}
