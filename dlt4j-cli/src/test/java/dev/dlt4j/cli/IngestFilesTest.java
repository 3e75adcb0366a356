package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlt4j ingest --source file:///...}: files through the filesystem source's factory. */
class IngestFilesTest {
    @TempDir
    Path tmp;

    private IngestRun ingest(String... args) {
        return IngestRun.ingest(tmp.resolve("pipelines"), args);
    }

    private static Path gzip(Path file, String text, Instant modified) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private Object scalar(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + tmp.resolve("lake.duckdb"));
                Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private String duck() {
        return "duckdb:" + tmp.resolve("lake.duckdb");
    }

    private String events() {
        return "file://" + tmp.resolve("data/events") + "/*.jsonl.gz";
    }

    @Test
    void gzippedJsonLinesLoadAndTheSameCommandLoadsOnlyNewFiles() throws Exception {
        gzip(tmp.resolve("data/events/2024-01-01.jsonl.gz"), "{\"id\": 1, \"kind\": \"click\"}\n{\"id\": 2}\n",
                Instant.parse("2024-01-01T00:00:00Z"));
        String[] args = {"--source", events(), "--dest", duck(), "--dataset", "raw", "--incremental-key",
            "modification_date"};
        IngestRun run = ingest(args);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Pipeline ingest_tmp_").containsPattern("(?m)^\\s+events\\s+2$");
        assertThat(scalar("SELECT count(*) FROM raw.events")).isEqualTo(2L);

        gzip(tmp.resolve("data/events/2024-01-02.jsonl.gz"), "{\"id\": 3}\n", Instant.parse("2024-01-02T00:00:00Z"));
        IngestRun again = ingest(args);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(scalar("SELECT count(*) FROM raw.events")).isEqualTo(3L);
        assertThat(scalar("SELECT count(DISTINCT id) FROM raw.events")).isEqualTo(3L);
    }

    @Test
    void aGlobThatMatchesNothingExitsOneUnlessEmptyIsAllowed() throws Exception {
        Files.createDirectories(tmp.resolve("data/events"));
        IngestRun run = ingest("--source", events(), "--dest", duck(), "--dataset", "raw");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("dlt4j: ").contains("no file matches " + events())
                .contains("--allow-empty").doesNotContain("\n");

        IngestRun allowed = ingest("--source", events(), "--dest", duck(), "--dataset", "raw", "--allow-empty");
        assertThat(allowed.code()).as(allowed.err()).isZero();
    }

    @Test
    void parquetAndCsvFilesLoadIntoPostgres() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("lake"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT i AS id, 'sku-' || i AS sku, i * 0.5 AS price FROM range(1, 501) t(i)) TO '"
                    + data.resolve("items.parquet") + "' (FORMAT parquet)");
        }
        Files.writeString(data.resolve("more.csv"), "id,sku,price\n501,sku-501,250.5\n");
        String schema = "fssrc_cli_raw";
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        IngestRun run = ingest("--source", "file://" + data + "/*", "--table", "items", "--dest",
                "postgresql://postgres@127.0.0.1:5432/test", "--dataset", schema);
        assertThat(run.code()).as(run.err()).isZero();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), sum(id), max(price) FROM " + schema + ".items")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(501L);
            assertThat(rs.getLong(2)).isEqualTo(501L * 502 / 2);
            assertThat(rs.getDouble(3)).isEqualTo(250.5);
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void badFlagsForFilesSayWhatIsAllowed() {
        IngestRun tables = ingest("--source", events(), "--tables", "public.*", "--dest", duck(), "--dataset", "raw");
        assertThat(tables.code()).isEqualTo(2);
        assertThat(tables.err()).contains("--tables selects database tables; for files put the pattern in the"
                + " --source glob");
        IngestRun schema = ingest("--source", events(), "--table", "raw.events", "--dest", duck(), "--dataset", "raw");
        assertThat(schema.code()).isEqualTo(2);
        assertThat(schema.err()).contains("--table raw.events is not valid for files; allowed: one table name");
        IngestRun empty = ingest("--source", "postgresql://postgres@127.0.0.1:5432/test", "--table", "x", "--dest", duck(),
                "--dataset", "raw", "--allow-empty");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("--allow-empty is for file:// sources");
        IngestRun missing = ingest("--source", "file://" + tmp.resolve("nowhere") + "/*.csv", "--dest", duck(), "--dataset",
                "raw");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("bucket folder " + tmp.resolve("nowhere") + " does not exist");
    }

    @Test
    void theDerivedPipelineNameComesFromFolderAndGlob() {
        IngestCommand c = new IngestCommand();
        c.source = "file:///data/events/*.jsonl.gz";
        c.dataset = "raw";
        c.destination = "duckdb:x.duckdb";
        assertThat(c.derivedName()).isEqualTo("ingest_data_events_jsonl_gz_raw");
    }
}
