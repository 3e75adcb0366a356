package dev.dlt4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline.dataset()} on PostgreSQL: rows streamed from the dataset's schema, SQL, errors. */
class PostgresDatasetTest {
    @RegisterExtension
    final PostgresDatasets datasets = new PostgresDatasets();

    @TempDir
    Path tmp;

    @Test
    void aTableStreamsItsRowsAndSqlNamesTablesUnqualified() {
        Pipeline p = datasets.pipeline(tmp, "cli_dataset").build();
        // more rows than one fetch, so the rows come in several round trips
        p.run(Resource.of("events", LongStream.range(0, 2500).mapToObj(i -> Map.<String, Object>of("id", i,
                "tags", List.of("t" + (i % 3)))).toList()));

        long sum;
        try (Stream<Map<String, Object>> rows = p.dataset().table("events").rows()) {
            sum = rows.mapToLong(r -> (Long) r.get("id")).sum();
        }
        assertThat(sum).isEqualTo(2499L * 2500 / 2);
        assertThat(p.dataset().query("SELECT value, count(*) AS n FROM events__tags GROUP BY value ORDER BY value")
                .fetchAll()).containsExactly(Map.of("value", "t0", "n", 834L), Map.of("value", "t1", "n", 833L),
                        Map.of("value", "t2", "n", 833L));
        assertThat(p.dataset().rowCounts()).containsEntry("events", 2500L);
    }

    @Test
    void aFailingQueryNamesTheDatasetAndTheServersMessageAndTheReaderRecovers() {
        Pipeline p = datasets.pipeline(tmp, "cli_dataset").build();
        p.run(Resource.of("events", List.of(Map.of("id", 1))));

        assertThatThrownBy(() -> p.dataset().query("select nope from events").fetchAll())
                .hasMessageStartingWith("query on dataset " + p.datasetName() + " at postgresql://")
                .hasMessageContaining("column \"nope\" does not exist")
                .hasMessageContaining("(SQL: select nope from events;");
        assertThat(p.dataset().table("events").fetchAll()).hasSize(1);
    }
}
