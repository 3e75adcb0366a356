package dev.dlt4j.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.progress.ProgressListener;
import dev.dlt4j.spi.LoadJob;
import dev.dlt4j.storage.JobCount;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Rows and bytes move inside a job that is loading, by the share the destination reports, and never go back. */
class LoadProgressTest {
    /** Counters as a collector would hold them. */
    static class Recorded implements ProgressListener {
        final Map<String, Long> counts = new ConcurrentHashMap<>();
        final Map<String, Long> totals = new ConcurrentHashMap<>();

        @Override
        public void update(String counter, long increment) {
            counts.merge(counter, increment, Long::sum);
        }

        @Override
        public void total(String counter, long total) {
            totals.put(counter, total);
        }
    }

    /** A job whose run is elsewhere; it reports the share set in {@code fraction}. */
    static final class Running implements LoadJob {
        volatile OptionalDouble fraction = OptionalDouble.empty();

        @Override
        public long run() {
            return 0;
        }

        @Override
        public void commit() {
        }

        @Override
        public void abort() {
        }

        @Override
        public OptionalDouble fractionDone() {
            return fraction;
        }
    }

    @Test
    void aLongJobMovesTheRowsAndBytesWhileItLoads() {
        Recorded shown = new Recorded();
        Running big = new Running();
        Running small = new Running();
        try (LoadProgress p = LoadProgress.start(shown, Map.of("a", new JobCount(1000, 4000),
                "b", new JobCount(200, 1000)), "1.2")) {
            p.running(big, new JobCount(1000, 4000));
            p.report();
            assertThat(shown.totals).isEqualTo(Map.of("Rows", 1200L, "Bytes", 5000L));
            assertThat(shown.counts).isEmpty(); // the destination cannot tell yet

            big.fraction = OptionalDouble.of(0.25);
            p.report();
            assertThat(shown.counts).isEqualTo(Map.of("Rows", 250L, "Bytes", 1000L));

            big.fraction = OptionalDouble.of(0.1); // a destination's estimate went back: the bar does not
            p.report();
            assertThat(shown.counts).isEqualTo(Map.of("Rows", 250L, "Bytes", 1000L));

            p.ended(big, true);
            p.running(small, new JobCount(200, 1000));
            p.ended(small, false); // failed: its retry counts again
            assertThat(shown.counts).isEqualTo(Map.of("Rows", 1000L, "Bytes", 4000L));
        }
    }

    @Test
    void withProgressOffNothingIsStartedOrShown() {
        Recorded none = new Recorded() {
            @Override
            public boolean isOff() {
                return true;
            }
        };
        try (LoadProgress p = LoadProgress.start(none, Map.of("a", new JobCount(10, 10)), "1.2")) {
            Running job = new Running();
            job.fraction = OptionalDouble.of(1);
            p.running(job, new JobCount(10, 10));
            p.ended(job, true);
            assertThat(none.counts).isEmpty();
            assertThat(none.totals).isEmpty();
        }
    }
}
