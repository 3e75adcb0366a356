package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.normalize.Normalizer;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.storage.PipelineStorage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code insert_values} job files, written by normalize and executed by the DuckDB client. */
class InsertValuesLoadTest {
    @TempDir
    Path tmp;

    private static Map<String, Object> row(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i);
        m.put("name", i % 2 == 0 ? "it's \"quoted\" \\ and\nmulti-line " + i : null);
        m.put("score", i * 0.5);
        m.put("active", i % 3 == 0);
        m.put("price", new BigDecimal("12.345"));
        m.put("at", Instant.parse("2024-03-01T10:15:30Z").plusSeconds(i));
        m.put("day", LocalDate.of(2024, 3, 1).plusDays(i));
        m.put("bytes", new byte[] {1, 2, (byte) i});
        m.put("doc", Map.of("k", List.of(1, "two")));
        m.put("tags", List.of("a" + i, "b'" + i));
        return m;
    }

    /** Extracts with the pipeline, normalizes into {@code format} the way the pipeline does, loads. */
    private Path load(String name, LoaderFileFormat format, int rows) {
        Pipeline p = pipeline(tmp, name).build();
        p.extract(Resource.of("t", IntStream.range(0, rows).mapToObj(InsertValuesLoadTest::row).toList())
                .maxTableNesting(1));
        PipelineStorage storage = new PipelineStorage(p.workingDir());
        Normalizer normalizer = new Normalizer(storage, new NamingConvention(65536), DataWriterConfig.DEFAULTS,
                NormalizeConfig.DEFAULTS, format);
        for (LoadPackage pkg : storage.extractedPackages()) {
            Schema live = storage.schema(pkg.schema().name()).orElse(pkg.schema());
            Normalizer.Result result = normalizer.normalize(pkg, live);
            storage.saveSchema(result.schema());
            assertThat(result.loadPackage().jobs(JobState.NEW)).extracting(JobFileName::format)
                    .containsOnly(format.extension());
        }
        p.load();
        return tmp.resolve(name + ".duckdb");
    }

    @Test
    void insertValuesJobsLoadTheSameRowsAsJsonlJobs() {
        Path iv = load("iv", LoaderFileFormat.INSERT_VALUES, 50);
        Path js = load("js", LoaderFileFormat.JSONL, 50);
        String parent = "SELECT id, name, score, active, price, \"at\", \"day\", bytes, CAST(doc__k AS VARCHAR) AS doc_k FROM $.t"
                + " ORDER BY id";
        assertThat(query(iv, parent.replace("$", "iv_data"))).hasSize(50)
                .isEqualTo(query(js, parent.replace("$", "js_data")));
        String child = "SELECT t.id, c.value, c._dlt_list_idx FROM $.t t JOIN $.t__tags c ON c._dlt_parent_id = t._dlt_id"
                + " ORDER BY t.id, c._dlt_list_idx";
        assertThat(query(iv, child.replace("$", "iv_data"))).hasSize(100)
                .isEqualTo(query(js, child.replace("$", "js_data")));
        assertThat(query(iv, "SELECT name FROM iv_data.t WHERE id = 2"))
                .containsExactly(Map.of("name", "it's \"quoted\" \\ and\nmulti-line 2"));
    }

    @Test
    void aBigJobIsSentInStatementsCutAtRowBoundaries() throws Exception {
        Path file = tmp.resolve("t.0000000001.0.insert_values");
        StringBuilder sb = new StringBuilder("INSERT INTO {}(\"id\",\"v\")\nVALUES\n");
        for (int i = 0; i < 1000; i++) {
            sb.append(i == 0 ? "" : ",\n").append('(').append(i).append(",E'row ").append(i).append("')");
        }
        Files.writeString(file, sb.append(';').toString());
        Path db = tmp.resolve("chunks.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (id BIGINT, v VARCHAR)");
            InsertValuesJob.execute(c, st, "\"t\"", file, false, 500);
        }
        assertThat(query(db, "SELECT count(*) AS n, CAST(sum(id) AS BIGINT) AS s, max(v) AS m FROM t"))
                .containsExactly(Map.of("n", 1000L, "s", 499500L, "m", "row 999"));
    }
}
