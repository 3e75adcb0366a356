package dev.dlt4j.source.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.source.rest.TestApi.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlt's scd2 options in a resource's write_disposition table, loaded into DuckDB and read back. */
class Scd2SettingsTest {
    @TempDir
    Path tmp;
    private TestApi api;
    private final AtomicReference<String> users = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        api = new TestApi();
        api.on("/users", (req, ex) -> Reply.json(users.get()));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Map<String, Object> settings(Object boundary) {
        return settings("9999-12-31", boundary);
    }

    private Map<String, Object> settings(Object active, Object boundary) {
        return Map.of("client", Map.of("base_url", api.url()), "resources", List.of(Map.of("name", "users",
                "endpoint", Map.of("path", "users", "paginator", "single_page"),
                "write_disposition", Map.of("disposition", "merge", "strategy", "scd2",
                        "validity_column_names", List.of("valid_from", "valid_to"),
                        "active_record_timestamp", active, "boundary_timestamp", boundary))));
    }

    @Test
    void theOptionsNameTheValidityColumnsAndSetTheirValues() {
        Pipeline p = Loads.pipeline(tmp, "rest_scd2");
        users.set("[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"}]");
        p.run(RestApiSource.fromSettings("api", settings("2024-01-01T00:00:00Z"), p.config()));
        users.set("[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"B\"}]");
        p.run(RestApiSource.fromSettings("api", settings("2024-02-01T00:00:00Z"), p.config()));

        assertThat(Loads.column(tmp, "rest_scd2", "select name || ' ' || strftime(valid_from AT TIME ZONE 'UTC',"
                + " '%Y-%m-%d') || ' ' || strftime(valid_to AT TIME ZONE 'UTC', '%Y-%m-%d') from rest_data.users"
                + " order by name")).containsExactly("B 2024-02-01 9999-12-31", "a 2024-01-01 9999-12-31",
                        "b 2024-01-01 2024-02-01");
    }

    @Test
    void settingsGivenAsAJavaMapMayHoldDateAndTimeObjects() {
        Pipeline p = Loads.pipeline(tmp, "rest_scd2_objects");
        users.set("[{\"id\":1,\"name\":\"a\"}]");
        p.run(RestApiSource.fromSettings("api", settings(java.time.LocalDate.of(9999, 12, 31),
                java.time.OffsetDateTime.parse("2024-01-01T02:00:00+02:00")), p.config()));

        assertThat(Loads.column(tmp, "rest_scd2_objects", "select strftime(valid_from AT TIME ZONE 'UTC',"
                + " '%Y-%m-%d %H:%M') || ' ' || strftime(valid_to AT TIME ZONE 'UTC', '%Y-%m-%d') from rest_data.users"))
                .containsExactly("2024-01-01 00:00 9999-12-31");
    }
}
