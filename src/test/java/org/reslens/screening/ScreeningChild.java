package org.reslens.screening;

import java.nio.file.Path;
import java.util.List;
import org.reslens.inference.ModelSessions;
import org.reslens.study.CancellationToken;

/**
 * A screening in a JVM of its own, for {@link ScreeningResumeTest} to kill with {@code destroyForcibly} (SIGKILL)
 * mid-run. Prints "DONE n" as each study's results are written and then waits a little, so the parent can choose
 * its moment. Arguments: corpus out model config cache.
 */
public final class ScreeningChild {
    private ScreeningChild() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        Path out = Path.of(args[1]);
        try (ModelSessions sessions = Fixtures.sessions(Path.of(args[4]))) {
            ScreeningOptions o = ScreeningOptions.defaults(List.of(corpus), out, Path.of(args[2]))
                    .withDicomResults(true).withThreshold(0.3).withWorkers(1);
            new Screening(sessions, Path.of(args[3])).run(o, new ScreeningListener() {
                @Override
                public void studyDone(StudyResult result, ScreeningProgress progress) {
                    System.out.println("DONE " + progress.studiesDone());
                    System.out.flush();
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, new CancellationToken());
        }
        System.out.println("FINISHED");
    }
}
