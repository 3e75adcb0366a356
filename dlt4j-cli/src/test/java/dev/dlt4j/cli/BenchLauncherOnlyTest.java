package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code bench} is the bench module's; this jar lists it and says how to run it. */
class BenchLauncherOnlyTest {
    @Test
    void helpListsBench() {
        CliRun r = CliRun.of("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("bench").contains("dlt4j-bench");
    }

    @Test
    void benchStartedFromThisJarSaysToUseTheLauncherScript() {
        CliRun r = CliRun.of("bench", "flat-pages", "--repeat", "1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("'bench flat-pages --repeat 1' is not part of this jar")
                .contains("./dlt4j bench flat-pages --repeat 1").contains("dlt4j-bench");
    }
}
