package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Incremental;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.Transformer;
import dev.dlt4j.spi.Destination;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlt4j pipeline <name> info} shows a real timestamp cursor as its text (without dlt's
 * private-use type marker U+F027) and a per-parent cursor's last value per parent.
 */
class InfoCursorReviewTest {
    @TempDir
    Path tmp;

    private Pipeline shop() {
        return Pipeline.builder("shop").destination(Destination.named("duckdb:" + tmp.resolve("shop.duckdb")))
                .dataset("shop_data").pipelinesDir(tmp.resolve("pipelines")).build();
    }

    private CliRun info() {
        return CliRun.withInput("", "pipeline", "--pipelines-dir", tmp.resolve("pipelines").toString(), "shop", "info");
    }

    @Test
    void aTimestampCursorIsShownAsItsTextAndAPerParentCursorPerParent() {
        Resource orders = Resource.of("orders", List.of(Map.of("id", 1, "updated_at",
                Instant.parse("2024-05-02T10:00:00Z")))).incremental(Incremental.on("updated_at")
                        .initial(Instant.parse("2024-01-01T00:00:00Z")));
        Resource issues = Resource.of("issues", List.of(Map.of("number", 7), Map.of("number", 8)));
        Resource comments = Transformer.withContext("comments", issues, (issue, ctx) -> List.of(Map.of("id",
                ((Number) ((Map<?, ?>) issue).get("number")).intValue() * 10, "n",
                ((Number) ((Map<?, ?>) issue).get("number")).intValue() * 10)))
                .incremental(Incremental.on("n").perParent("number"));
        shop().run(Source.of("shop", orders, issues, comments));
        CliRun r = info();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("    cursor updated_at: last_value 2024-05-02T10:00:00+00:00\n")
                .doesNotContain("\uf027");
        assertThat(r.out()).contains("    cursor n (per parent): 7: last_value 70, 8: last_value 80\n");
    }
}
