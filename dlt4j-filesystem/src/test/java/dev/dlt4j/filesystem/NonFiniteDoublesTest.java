package dev.dlt4j.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.LoaderFileFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NaN and the infinities in a double column are read back as doubles by a reader that infers
 * types from the files (DuckDB's read_json / read_csv / read_parquet with no hints), in every
 * file format: a string "NaN" would make the whole column text.
 */
class NonFiniteDoublesTest {
    @TempDir
    Path tmp;

    @Test
    void everyFormatKeepsADoubleColumnWithNanAndInfinityADoubleColumn() {
        for (LoaderFileFormat format : List.of(LoaderFileFormat.JSONL, LoaderFileFormat.CSV,
                LoaderFileFormat.PARQUET)) {
            Path lake = tmp.resolve(format.extension());
            Pipeline p = Pipeline.builder("doubles").destination(FilesystemDestination.at(lake).withFormat(format))
                    .dataset("data").pipelinesDir(tmp.resolve("pipelines_" + format.extension())).build();
            p.run(Resource.of("measures", List.of(row(1, 1.5), row(2, Double.NaN), row(3, Double.POSITIVE_INFINITY),
                    row(4, Double.NEGATIVE_INFINITY))));
            String glob = lake.resolve("data/measures").toAbsolutePath() + "/*";
            String reader = switch (format) {
                case JSONL -> "read_json('" + glob + "')";
                case CSV -> "read_csv('" + glob + "')";
                default -> "read_parquet('" + glob + "')";
            };
            assertThat(FilesystemTesting.query("SELECT typeof(v) AS t FROM " + reader + " LIMIT 1"))
                    .as(format.extension()).containsExactly(Map.of("t", "DOUBLE"));
            assertThat(FilesystemTesting.query("SELECT v FROM " + reader + " ORDER BY id"))
                    .as(format.extension()).extracting(r -> r.get("v"))
                    .containsExactly(1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        }
    }

    private static Map<String, Object> row(int id, double v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("v", v);
        return m;
    }
}
