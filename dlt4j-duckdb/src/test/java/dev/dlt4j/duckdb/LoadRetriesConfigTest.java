package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.count;
import static dev.dlt4j.duckdb.DuckDbTesting.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [load] retry_attempts} and {@code retry_backoff} drive the loader's retries of transient failures. */
class LoadRetriesConfigTest {
    @TempDir
    Path tmp;

    private Pipeline.Builder flaky(String name, Map<String, String> env, int failures, Map<String, Integer> attempts) {
        return pipeline(tmp, name).projectDir(tmp).environment(env)
                .destination(new FaultyDestination(tmp.resolve(name + ".duckdb"), job -> {
                    if (attempts.merge(job.jobId(), 1, Integer::sum) <= failures) {
                        throw new IllegalStateException("connection reset (injected)");
                    }
                }));
    }

    private static Resource rows() {
        return Resource.of("good", List.of(Map.of("id", 1), Map.of("id", 2)));
    }

    @Test
    void retryAttemptsCapsTheAttemptsAtAJobThatKeepsFailing() {
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        Pipeline p = flaky("two", Map.of("LOAD__RETRY_ATTEMPTS", "2", "LOAD__RETRY_BACKOFF", "0"), 99, attempts)
                .build();
        assertThatThrownBy(() -> p.run(rows())).isInstanceOf(PipelineException.class)
                .hasMessageContaining("failed 2 times").hasMessageContaining("connection reset");
        assertThat(attempts.values()).containsOnly(2);
    }

    @Test
    void moreAttemptsLetAJobThroughThatFailsMoreOftenThanTheDefaultAllows() {
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        Instant start = Instant.now();
        Pipeline p = flaky("eight", Map.of("LOAD__RETRY_ATTEMPTS", "8", "LOAD__RETRY_BACKOFF", "0s"), 6, attempts)
                .build();
        p.run(rows());
        assertThat(attempts.values()).containsOnly(7);
        assertThat(count(tmp.resolve("eight.duckdb"), "eight_data.good")).isEqualTo(2);
        // six retries without backoff; with the default 50ms backoff they would wait 100+200+...+2000 ms
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theBackoffIsWaitedBetweenAttempts() {
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        Pipeline p = flaky("slow", Map.of("LOAD__RETRY_BACKOFF", "150ms"), 2, attempts).build();
        Instant start = Instant.now();
        p.run(rows());
        // retry 1 waits 300 ms, retry 2 waits 600 ms
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(attempts.values()).containsOnly(3);
    }
}
