package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.LoaderFileFormat;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every loader file format DuckDB accepts loads the same rows and tables. */
class FileFormatsTest {
    @TempDir
    Path tmp;

    private static List<Map<String, Object>> data() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", i);
            r.put("name", i % 7 == 0 ? "" : "name, \"quoted\" " + i);
            r.put("score", i / 3.0);
            r.put("flag", i % 2 == 0);
            r.put("at", Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i * 3600L));
            r.put("day", LocalDate.of(2024, 1, 1).plusDays(i));
            r.put("price", new BigDecimal(i + ".25"));
            r.put("bytes", new byte[] {(byte) i, 1});
            r.put("note", i % 3 == 0 ? null : "n" + i);
            r.put("tags", List.of("a" + i, "b" + i));
            if (i > 150) {
                r.put("late", "column added mid-load " + i); // the column set grows inside the package
            }
            rows.add(r);
        }
        return rows;
    }

    private List<Map<String, Object>> load(LoaderFileFormat format) throws Exception {
        String name = "f_" + format.extension();
        Pipeline p = pipeline(tmp, name).loaderFileFormat(format).build();
        p.run(Resource.of("t", List.of(data())));
        Path db = tmp.resolve(name + ".duckdb");
        try (Stream<Path> files = Files.walk(p.workingDir().resolve("load/loaded"))) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("t."))
                    .toList()).allMatch(f -> f.contains("." + format.extension()));
        }
        return query(db, "SELECT t.id, t.name, t.score, t.flag, epoch(t.at) AS at, CAST(t.day AS VARCHAR) AS day,"
                + " CAST(t.price AS VARCHAR) AS price, hex(t.bytes) AS bytes, t.note, t.late, c.value AS tag,"
                + " c._dlt_list_idx AS idx FROM " + name + "_data.t t JOIN " + name + "_data.t__tags c"
                + " ON c._dlt_parent_id = t._dlt_id ORDER BY t.id, idx");
    }

    @Test
    void everyFormatLoadsTheSameRows() throws Exception {
        List<Map<String, Object>> jsonl = load(LoaderFileFormat.JSONL);
        assertThat(jsonl).hasSize(600);
        assertThat(jsonl.get(0)).containsEntry("name", "").containsEntry("note", null);
        assertThat(jsonl.get(2)).containsEntry("name", "name, \"quoted\" 1").containsEntry("bytes", "0101");
        for (LoaderFileFormat f : List.of(LoaderFileFormat.CSV, LoaderFileFormat.INSERT_VALUES,
                LoaderFileFormat.PARQUET)) {
            assertThat(load(f)).as(f.extension()).isEqualTo(jsonl);
        }
    }

    @Test
    void theFormatCanBeSetInConfig() {
        Pipeline p = pipeline(tmp, "cfg").environment(Map.of("NORMALIZE__LOADER_FILE_FORMAT", "csv")).build();
        p.run(Resource.of("t", List.of(Map.of("id", 1))));
        assertThat(p.workingDir().resolve("load/loaded").toFile().listFiles()[0].toPath()
                .resolve("completed_jobs").toFile().list()).allMatch(f -> f.endsWith(".csv"));
        assertThat(count(tmp.resolve("cfg.duckdb"), "cfg_data.t")).isEqualTo(1);
    }

    @Test
    void anUnknownOrUnsupportedFormatIsRejectedBeforeAnyDataMoves() {
        assertThatThrownBy(() -> pipeline(tmp, "bad").environment(Map.of("NORMALIZE__LOADER_FILE_FORMAT", "xml"))
                .build())
                .hasMessageContaining("'loader_file_format' has invalid value xml")
                .hasMessageContaining("NORMALIZE__LOADER_FILE_FORMAT")
                .hasMessageContaining("\"jsonl\", \"csv\", \"insert_values\" or \"parquet\"");
        assertThat(tmp.resolve("pipelines/bad")).doesNotExist();
    }

    @Test
    void aResourceMayPickItsOwnFormatForItsWholeTableChain() {
        Pipeline p = pipeline(tmp, "mixed").build();
        p.run(dev.dlt4j.Source.of("s",
                Resource.of("a", List.of(Map.of("id", 1, "l", List.of(1, 2)))).fileFormat(LoaderFileFormat.CSV),
                Resource.of("b", List.of(Map.of("id", 2)))));
        String[] jobs = p.workingDir().resolve("load/loaded").toFile().listFiles()[0].toPath()
                .resolve("completed_jobs").toFile().list();
        assertThat(jobs).filteredOn(f -> f.startsWith("a.") || f.startsWith("a__l.")).hasSize(2)
                .allMatch(f -> f.endsWith(".csv"));
        assertThat(jobs).filteredOn(f -> f.startsWith("b.")).singleElement().asString().endsWith(".jsonl");
        assertThat(count(tmp.resolve("mixed.duckdb"), "mixed_data.a__l")).isEqualTo(2);
        assertThat(count(tmp.resolve("mixed.duckdb"), "mixed_data.b")).isEqualTo(1);
    }
}
