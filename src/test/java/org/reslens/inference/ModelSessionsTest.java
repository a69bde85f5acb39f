package org.reslens.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer and a batch share one session per model. */
class ModelSessionsTest {
    @TempDir
    Path cache;

    @Test
    void theSameBundleLoadedTwiceSharesOneSession() throws Exception {
        try (ModelSessions sessions = new ModelSessions(RuntimeOptions.interactive().withCacheDirectory(cache))) {
            ModelSession viewer = sessions.session(ModelBundle.load(ByoFixture.DIR));
            ModelSession batch = sessions.session(ModelBundle.load(ByoFixture.model("gemm")));
            assertThat(batch).isSameAs(viewer);
            ModelSession other = sessions.session(ModelBundle.load(ByoFixture.model("matmul")));
            assertThat(other).isNotSameAs(viewer);
            assertThat(sessions.size()).isEqualTo(2);
            sessions.release(ModelBundle.load(ByoFixture.model("matmul")));
            assertThat(sessions.size()).isEqualTo(1);
            assertThatThrownBy(() -> other.predict(ByoFixture.load().input(0))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closingClosesEverySession() throws Exception {
        ModelSessions sessions = new ModelSessions(RuntimeOptions.interactive().withoutCache());
        ModelSession s = sessions.session(ModelBundle.load(ByoFixture.DIR));
        sessions.close();
        assertThatThrownBy(() -> s.predict(ByoFixture.load().input(0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sessions.session(ModelBundle.load(ByoFixture.DIR)))
                .isInstanceOf(IllegalStateException.class);
    }
}
