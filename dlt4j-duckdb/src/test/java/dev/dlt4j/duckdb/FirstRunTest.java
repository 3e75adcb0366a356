package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first run (no local state) into a DuckDB file that does not exist has no stored state to
 * restore: it does not open the database before extracting, so it neither waits for DuckDB's first
 * connection nor leaves an empty database file when extract fails.
 */
class FirstRunTest {
    @TempDir
    Path tmp;

    @Test
    void aFirstRunWhoseExtractFailsLeavesNoDatabaseFile() {
        Pipeline p = DuckDbTesting.pipeline(tmp, "first").build();
        Resource failing = Resource.fromIterator("orders", () -> new Iterator<Object>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                throw new IllegalStateException("the API is down");
            }
        });

        assertThatThrownBy(() -> p.run(failing)).hasMessageContaining("the API is down");
        assertThat(tmp.resolve("first.duckdb")).doesNotExist();
    }

    @Test
    void aDuckDbFileThatDoesNotExistIsCertainlyEmptyAndOneThatDoesIsAsked() throws Exception {
        Pipeline p = DuckDbTesting.pipeline(tmp, "first").build();
        p.run(Resource.of("orders", List.of(Map.of("id", 1))));
        assertThat(tmp.resolve("first.duckdb")).exists();

        // a second pipeline without local state restores the first one's state from the existing file
        Pipeline again = Pipeline.builder("first").destination(DuckDbDestination.at(tmp.resolve("first.duckdb")))
                .dataset("first_data").pipelinesDir(tmp.resolve("other-pipelines")).build();
        again.run(Resource.of("orders", List.of(Map.of("id", 2))));
        assertThat(Files.exists(tmp.resolve("other-pipelines").resolve("first"))).isTrue();
        assertThat(DuckDbTesting.query(tmp.resolve("first.duckdb"), "SELECT count(*) AS n FROM first_data._dlt_loads"))
                .containsExactly(Map.of("n", 2L));
    }
}
