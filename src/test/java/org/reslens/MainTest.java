package org.reslens;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void theWrittenOutSubcommandsAreExactlyPicoclis() {
        assertThat(Main.SUBCOMMANDS).containsExactlyInAnyOrderElementsOf(Main.picocliSubcommands());
    }

    @Test
    void everySubcommandGoesToTheCommandLine() {
        for (String name : Main.picocliSubcommands()) {
            assertThat(Main.opensViewer(new String[] {name, "--help"})).as(name).isFalse();
        }
    }
}
