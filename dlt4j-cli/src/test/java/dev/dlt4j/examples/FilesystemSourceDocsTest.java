package dev.dlt4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of {@code docs/filesystem_source.md} run against files in a temp dir and do what the page says. */
class FilesystemSourceDocsTest {
    @TempDir
    Path tmp;

    private Pipeline pipeline(String name) {
        return Pipeline.builder(name).destination("duckdb:" + tmp.resolve(name + ".duckdb")).dataset(name + "_data")
                .pipelinesDir(tmp.resolve("pipelines")).build();
    }

    private Path write(String relative, String text) throws IOException {
        Path file = tmp.resolve("data").resolve(relative);
        Files.createDirectories(file.getParent());
        if (relative.endsWith(".gz")) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            Files.writeString(file, text);
        }
        return file;
    }

    private List<List<Object>> rows(String name, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve(name + ".duckdb"));
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    @Test
    void gzippedJsonLinesOfAFolderLoadIntoATableNamedAfterIt() throws Exception {
        write("events/1.jsonl.gz", "{\"id\": 1, \"user\": {\"name\": \"ann\"}}\n{\"id\": 2, \"user\": {\"name\": \"bob\"}}\n");
        write("events/2.jsonl.gz", "{\"id\": 3}\n");
        LoadInfo info = DocsExamples.filesystemBasic(pipeline("basic"), tmp.resolve("data").toString());
        assertThat(info.toString()).contains("events");
        assertThat(rows("basic", "SELECT id, user__name FROM basic_data.events ORDER BY id")).containsExactly(
                List.of(1L, "ann"), List.of(2L, "bob"), java.util.Arrays.asList(3L, null));
    }

    @Test
    void onePatternOneTableWithFileColumns() throws Exception {
        write("orders/2024/01/a.csv", "id,total\n1,9.5\n");
        write("orders/b.csv", "id,total\n2,3\n");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            Files.createDirectories(tmp.resolve("data/users"));
            st.execute("COPY (SELECT 7 AS id, 'ann' AS name) TO '" + tmp.resolve("data/users/u.parquet")
                    + "' (FORMAT parquet)");
        }
        DocsExamples.filesystemPatterns(pipeline("lake"), tmp.resolve("data").toUri().toString());
        assertThat(rows("lake", "SELECT id, total, file_name FROM lake_data.orders ORDER BY id")).containsExactly(
                List.of(1L, 9.5, "a.csv"), List.of(2L, 3.0, "b.csv"));
        assertThat(rows("lake", "SELECT count(*) FROM lake_data.orders WHERE modification_date IS NOT NULL"))
                .containsExactly(List.of(2L));
        assertThat(rows("lake", "SELECT id, name FROM lake_data.users")).containsExactly(List.of(7L, "ann"));
    }

    @Test
    void theSecondRunOpensOnlyFilesModifiedSince() throws Exception {
        Path old = write("logs/a.csv.gz", "id\n1\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        Pipeline p = pipeline("logs");
        DocsExamples.filesystemIncremental(p, tmp.resolve("data").toString());
        assertThat(rows("logs", "SELECT id FROM logs_data.logs")).containsExactly(List.of(1L));
        // the old file is now unreadable but keeps its date: only the new one is opened
        Files.writeString(old, "garbage");
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        write("logs/b.csv.gz", "id\n2\n");
        DocsExamples.filesystemIncremental(p, tmp.resolve("data").toString());
        assertThat(rows("logs", "SELECT id FROM logs_data.logs ORDER BY id")).containsExactly(List.of(1L),
                List.of(2L));
    }

    @Test
    void csvAsTextMergedOnItsKey() throws Exception {
        write("exports/e.csv", "id;updated_at;zip\n1;2024-01-01T00:00:00Z;02134\n2;2024-01-02T00:00:00Z;10001\n");
        Pipeline p = pipeline("csv");
        DocsExamples.filesystemCsv(p, tmp.resolve("data").toString());
        write("exports/e.csv", "id;updated_at;zip\n1;2024-01-01T00:00:00Z;02134\n2;2024-01-03T00:00:00Z;10002\n");
        DocsExamples.filesystemCsv(p, tmp.resolve("data").toString());
        assertThat(rows("csv", "SELECT id, zip FROM csv_data.exports ORDER BY id")).containsExactly(
                List.of("1", "02134"), List.of("2", "10002"));
    }
}
