package dev.dlt4j.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.source.rest.TestApi.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that drops the connection mid-page: the run fails cleanly, the next one loads every row exactly once. */
class DroppedConnectionTest {
    @TempDir
    Path tmp;

    @Test
    void theRunFailsCleanlyAndTheNextRunLoadsEachRowOnce() throws Exception {
        AtomicBoolean broken = new AtomicBoolean(true);
        try (TestApi api = new TestApi()) {
            api.on("/rows", (req, ex) -> {
                int offset = Integer.parseInt(req.query().get("offset"));
                if (offset == 2 && broken.get()) {
                    TestApi.dropMidPage(ex, "{\"items\":[{\"id\":3},{\"id\"");
                    return null;
                }
                return Reply.json("{\"items\":" + (offset >= 6 ? "[]" : "[{\"id\":" + (offset + 1) + "},{\"id\":"
                        + (offset + 2) + "}]") + "}");
            });
            Map<String, Object> settings = Map.of("client", Map.of("base_url", api.url()), "resources", List.of(
                    Map.of("name", "rows", "endpoint", Map.of("data_selector", "items",
                            "paginator", Map.of("type", "offset", "limit", 2, "total_path", "")))));
            // the retry settings come from the pipeline's configuration, as [runtime] keys from the environment
            Pipeline p = Loads.pipeline(tmp, "rest_drop", Map.of("RUNTIME__REQUEST_MAX_ATTEMPTS", "3",
                    "RUNTIME__REQUEST_BACKOFF_FACTOR", "0.01"));
            assertThatThrownBy(() -> p.run(RestApiSource.fromSettings("flaky", settings, p.config())))
                    .isInstanceOf(PipelineException.class)
                    .hasStackTraceContaining("GET " + api.url() + "/rows?offset=2&limit=2 (resource rows) failed after"
                            + " 3 attempts");
            assertThat(api.requests("/rows").stream().filter(s -> "2".equals(s.query().get("offset")))).hasSize(3);

            broken.set(false);
            p.run(RestApiSource.fromSettings("flaky", settings, p.config()));
            assertThat(Loads.column(tmp, "rest_drop", "select id from rest_data.rows order by id"))
                    .containsExactly("1", "2", "3", "4", "5", "6");
        }
    }
}
