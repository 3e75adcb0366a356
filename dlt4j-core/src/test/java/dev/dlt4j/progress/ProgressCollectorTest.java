package dev.dlt4j.progress;

import dev.dlt4j.ProgressCollector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProgressCollectorTest {
    @Test
    void namesAndDltAliasesSelectACollector() {
        assertThat(ProgressCollector.named("none", "test").name()).isEqualTo("none");
        assertThat(ProgressCollector.named("", "test").name()).isEqualTo("none");
        assertThat(ProgressCollector.named(null, "test").name()).isEqualTo("none");
        assertThat(ProgressCollector.named("LOG", "test").name()).isEqualTo("log");
        // the test JVM has no terminal, so every bar name falls back to the log
        for (String bar : List.of("bar", "tqdm", "enlighten", "alive_progress")) {
            assertThat(ProgressCollector.named(bar, "test").name()).as(bar).isEqualTo("log");
        }
    }

    @Test
    void anUnknownNameIsRejectedWithWhereItWasSetAndTheAllowedValues() {
        assertThatThrownBy(() -> ProgressCollector.named("5", "the PROGRESS environment variable"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("progress '5' (set in the PROGRESS environment variable) is not valid; allowed values:"
                        + " none, log, bar (aliases of bar: tqdm, enlighten, alive_progress)");
    }

    @Test
    void logPrintsOnlyAfterThePeriodAndAlwaysAtTheEnd() {
        List<String> blocks = new ArrayList<>();
        ProgressCollector log = ProgressCollector.log(Duration.ofDays(1), blocks::add);
        log.begin("Load shop in 1.2");
        log.total("Jobs", 4);
        log.update("Jobs", 1);
        log.update("Jobs", 2);
        log.update("Jobs (Failed)", 1);
        assertThat(blocks).isEmpty();
        log.end();
        assertThat(blocks).hasSize(1);
        String block = blocks.get(0);
        assertThat(block.lines().toList().get(0)).hasSize(80).contains(" Load shop in 1.2 ").startsWith("---")
                .endsWith("---");
        assertThat(block).containsPattern("\nJobs: 3/4 \\(75\\.0%\\) \\| Time: [0-9.]+s \\| Rate: [0-9.]+/s\n")
                .containsPattern("\nJobs \\(Failed\\): 1 \\| Time: ")
                .containsPattern("\nMemory usage: (RSS [0-9.]+ MB \\| )?Heap used [0-9.]+ MB, committed [0-9.]+ MB"
                        + " \\| CPU usage: ([0-9.]+%|n/a) \\| Elapsed: [0-9.]+s\n");
        log.update("Jobs", 1); // after the stage ended: ignored
        assertThat(blocks).hasSize(1);
    }

    @Test
    void vmRssIsReadInBytes() {
        assertThat(SystemStats.parseVmRss(List.of("Name:\tjava", "VmRSS:\t  123456 kB", "Threads: 4")))
                .isEqualTo(OptionalLong.of(123456L * 1024));
        assertThat(SystemStats.parseVmRss(List.of("Name:\tjava"))).isEmpty();
    }

    @Test
    void rowTotalsBecomeIncrements() {
        List<String> blocks = new ArrayList<>();
        ProgressCollector log = ProgressCollector.log(Duration.ofDays(1), blocks::add);
        log.begin("Normalize s in 1");
        RowCountReporter reporter = new RowCountReporter(log);
        reporter.report(() -> java.util.Map.of("a", 10L));
        reporter.report(() -> java.util.Map.of("a", 25L, "a__b", 3L));
        log.end();
        assertThat(blocks.get(0)).contains("\na: 25 |", "\na__b: 3 |");
        new RowCountReporter(ProgressListener.NONE).report(() -> {
            throw new AssertionError("totals must not be read when progress is off");
        });
    }
}
