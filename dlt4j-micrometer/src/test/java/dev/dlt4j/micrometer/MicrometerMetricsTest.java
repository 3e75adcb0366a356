package dev.dlt4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real runs into DuckDB, measured in a {@link SimpleMeterRegistry}. */
class MicrometerMetricsTest {
    @TempDir
    Path tmp;

    private Pipeline pipeline(SimpleMeterRegistry registry) {
        return Pipeline.builder("metered").destination("duckdb:///" + tmp.resolve("m.duckdb"))
                .dataset("metered_data").pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp)
                .environment(Map.of()).listener(MicrometerMetrics.of(registry)).build();
    }

    private static Resource orders() {
        return Resource.of("orders", List.of(
                Map.of("id", 1, "items", List.of(Map.of("sku", "a"), Map.of("sku", "b"))),
                Map.of("id", 2, "items", List.of(Map.of("sku", "c"))),
                Map.of("id", 3, "items", List.of())));
    }

    @Test
    void countsRowsFilesAndTimesPerStepAndTable() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Pipeline p = pipeline(registry);
        p.run(Source.of("shop", orders()));
        p.run(Source.of("shop", orders()));

        assertThat(registry.get("dlt4j.rows").tags("pipeline", "metered", "step", "extract", "table", "orders")
                .counter().count()).isEqualTo(6);
        assertThat(registry.get("dlt4j.rows").tags("step", "normalize", "table", "orders").counter().count())
                .isEqualTo(6);
        assertThat(registry.get("dlt4j.rows").tags("step", "normalize", "table", "orders__items").counter().count())
                .isEqualTo(6);
        assertThat(registry.get("dlt4j.files").tags("step", "load").counter().count()).isEqualTo(4); // 2 tables × 2 runs
        assertThat(registry.get("dlt4j.packages").tags("step", "load").counter().count()).isEqualTo(2);
        for (String step : List.of("extract", "normalize", "load")) {
            Timer t = registry.get("dlt4j.step.duration").tags("pipeline", "metered", "step", step, "outcome", "success")
                    .timer();
            assertThat(t.count()).as(step).isEqualTo(2);
            assertThat(t.totalTime(TimeUnit.NANOSECONDS)).as(step).isPositive();
        }
        assertThat(registry.find("dlt4j.jobs.failed").counter()).isNull();
        // what the counters say is what the destination holds
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("m.duckdb"));
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM metered_data.orders__items")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(6);
        }
    }

    @Test
    void aListenerThatThrowsNeitherFailsTheRunNorStopsTheNextListener() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Pipeline p = Pipeline.builder("metered").destination("duckdb:///" + tmp.resolve("m.duckdb"))
                .dataset("metered_data").pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(Map.of())
                .listener(new dev.dlt4j.PipelineListener() {
                    @Override
                    public void stepFinished(String pipelineName, dev.dlt4j.StepTrace step) {
                        throw new IllegalStateException("a broken listener");
                    }
                })
                .listener(MicrometerMetrics.of(registry)).build();
        p.run(Source.of("shop", orders()));
        assertThat(registry.get("dlt4j.rows").tags("step", "extract", "table", "orders").counter().count()).isEqualTo(3);
    }

    @Test
    void aFailedStepIsTimedAsFailure() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Resource broken = Resource.fromIterator("broken", () -> List.<Object>of(Map.of("id", 1)).stream()
                .map(x -> {
                    throw new IllegalStateException("the source broke");
                }).iterator());
        assertThatThrownBy(() -> pipeline(registry).run(Source.of("shop", broken))).hasMessageContaining("the source broke");
        assertThat(registry.get("dlt4j.step.duration").tags("step", "extract", "outcome", "failure").timer().count())
                .isEqualTo(1);
        assertThat(registry.find("dlt4j.rows").counters()).isEmpty();
    }
}
