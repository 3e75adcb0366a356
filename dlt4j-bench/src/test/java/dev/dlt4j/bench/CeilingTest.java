package dev.dlt4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.bench.Variant.Dataset;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CeilingTest {
    @TempDir
    Path tmp;

    @Test
    void flatRowsAreIngestedByEveryReader() throws Exception {
        Ceiling.prepare(Dataset.FLAT, 1_000, tmp.resolve("data"));

        Map<String, Double> seconds = Ceiling.measure(Dataset.FLAT, tmp.resolve("data"), tmp.resolve("db"));

        assertThat(seconds).containsOnlyKeys("read_parquet", "read_csv", "read_json");
        assertThat(seconds.values()).allMatch(s -> s > 0);
        for (String f : new String[] {"parquet", "csv", "json"}) {
            assertThat(Ceiling.rowsIn(tmp.resolve("db").resolve(f + ".duckdb"))).as(f).isEqualTo(1_000);
        }
    }

    @Test
    void nestedRowsHaveNoCsvReader() throws Exception {
        Ceiling.prepare(Dataset.NESTED, 200, tmp.resolve("data"));

        Map<String, Double> seconds = Ceiling.measure(Dataset.NESTED, tmp.resolve("data"), tmp.resolve("db"));

        assertThat(seconds).containsOnlyKeys("read_parquet", "read_json");
        assertThat(Ceiling.rowsIn(tmp.resolve("db").resolve("parquet.duckdb"))).isEqualTo(200);
        assertThat(Ceiling.rowsIn(tmp.resolve("db").resolve("json.duckdb"))).isEqualTo(200);
    }

    @Test
    void dataIsWrittenOnceAndReused() throws Exception {
        Path data = tmp.resolve("data");
        Ceiling.prepare(Dataset.FLAT, 100, data);
        long written = java.nio.file.Files.getLastModifiedTime(data.resolve("data.parquet")).toMillis();

        Ceiling.prepare(Dataset.FLAT, 100, data);

        assertThat(java.nio.file.Files.getLastModifiedTime(data.resolve("data.parquet")).toMillis())
                .isEqualTo(written);
    }
}
