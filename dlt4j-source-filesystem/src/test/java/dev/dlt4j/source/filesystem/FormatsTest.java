package dev.dlt4j.source.filesystem;

import static dev.dlt4j.source.filesystem.TestFiles.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.PipelineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Formats told by content, DuckDB-written parquet types, the listing as a table. */
class FormatsTest {
    @TempDir
    Path tmp;

    private void duckdb(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void filesWithoutAKnownExtensionAreToldByTheirFirstBytes() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("raw"));
        write(data.resolve("a.data"), "\uFEFF{\"id\": 1}\n");
        duckdb("COPY (SELECT 2 AS id) TO '" + data.resolve("b.data") + "' (FORMAT parquet)");
        write(data.resolve("c.csv"), "\uFEFFid\n3\n"); // a UTF-8 byte order mark before the header
        TestFiles.duckdb(tmp, "sniff").build().run(FilesystemSource.of(data + "/*").name("t").source());
        assertThat(query(tmp.resolve("sniff.duckdb"), "SELECT id FROM sniff_data.t ORDER BY id"))
                .extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void parquetWrittenByDuckDbKeepsItsTypes() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("pq"));
        duckdb("COPY (SELECT 1::TINYINT AS tiny, 2::SMALLINT AS small, 1.5::FLOAT AS f, TIME '10:11:12' AS t,"
                + " '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::UUID AS u, MAP {'a': 1, 'b': 2} AS m,"
                + " TIMESTAMP '2024-05-01 10:00:00' AS naive, 'x'::BLOB AS bin, [1, NULL, 3] AS l) TO '"
                + data.resolve("t.parquet") + "' (FORMAT parquet)");
        TestFiles.duckdb(tmp, "types").build().run(FilesystemSource.of(data + "/*.parquet").name("t").source());
        Path db = tmp.resolve("types.duckdb");
        assertThat(columnTypes(db, "types_data", "t")).containsEntry("tiny", "BIGINT").containsEntry("small", "BIGINT")
                .containsEntry("f", "DOUBLE").containsEntry("t", "TIME").containsEntry("u", "VARCHAR")
                .containsEntry("naive", "TIMESTAMP WITH TIME ZONE").containsEntry("bin", "BLOB");
        assertThat(query(db, "SELECT tiny, small, f, CAST(t AS VARCHAR) AS t, u, epoch(naive) AS naive"
                + " FROM types_data.t")).containsExactly(Map.of("tiny", 1L, "small", 2L, "f", 1.5, "t", "10:11:12",
                        "u", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "naive", 1714557600.0));
        assertThat(query(db, "SELECT value FROM types_data.t__l ORDER BY _dlt_list_idx"))
                .extracting(r -> r.get("value")).containsExactly(1L, null, 3L);
        assertThat(query(db, "SELECT m__a, m__b FROM types_data.t")).containsExactly(Map.of("m__a", 1L, "m__b", 2L));
    }

    @Test
    void zstdPagesAreNamedWithWhatIsAllowed() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("z"));
        duckdb("COPY (SELECT 1 AS id) TO '" + data.resolve("z.parquet") + "' (FORMAT parquet, COMPRESSION zstd)");
        assertThatThrownBy(() -> TestFiles.duckdb(tmp, "zstd").build().run(FilesystemSource.of(data + "/*.parquet")
                .source())).isInstanceOf(PipelineException.class)
                .hasMessageContaining("z.parquet: row group 0 of 1: cannot read")
                .hasMessageContaining("parquet pages compressed with ZSTD cannot be read by dlt4j; allowed: snappy,"
                        + " gzip, uncompressed");
    }

    @Test
    void filesAndRowsComeInPagesOfTheConfiguredSize() {
        Path data = tmp.resolve("paged");
        for (int f = 0; f < 5; f++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 23; i++) {
                sb.append("{\"id\": ").append(f * 100 + i).append("}\n");
            }
            write(data.resolve("p" + f + ".jsonl"), sb.toString());
        }
        FilePages pages = new FilePages(FileGlob.parse(data + "/*.jsonl"), 2, false);
        FileReading reading = new FileReading(java.util.Optional.empty(), java.util.List.of(), 10, ',', true);
        java.util.List<Integer> filePages = new java.util.ArrayList<>();
        java.util.List<Integer> rowPages = new java.util.ArrayList<>();
        while (pages.hasNext()) {
            java.util.List<java.util.Map<String, Object>> files = pages.next();
            filePages.add(files.size());
            reading.read(files).forEachRemaining(page -> rowPages.add(page.size()));
        }
        assertThat(filePages).containsExactly(2, 2, 1);
        // each file is read in pages of at most 10 rows: 23 rows are 10, 10 and 3
        assertThat(rowPages).containsExactly(10, 10, 3, 10, 10, 3, 10, 10, 3, 10, 10, 3, 10, 10, 3);
    }

    @Test
    void theListingLoadsAsATableOfFiles() {
        Path data = tmp.resolve("list");
        write(data.resolve("a.csv"), "id\n1\n");
        gzip(data.resolve("b.jsonl.gz"), "{}\n");
        TestFiles.duckdb(tmp, "files").build().run(dev.dlt4j.Source.of("listing",
                FilesystemSource.of(data + "/*").files()));
        assertThat(query(tmp.resolve("files.duckdb"), "SELECT file_name, relative_path, mime_type, encoding,"
                + " size_in_bytes, file_url FROM files_data.list_files ORDER BY file_name")).containsExactly(
                        new java.util.LinkedHashMap<>(Map.of("file_name", "a.csv", "relative_path", "a.csv",
                                "mime_type", "text/csv", "size_in_bytes", 5L, "file_url",
                                data.resolve("a.csv").toUri().toString())) {
                            {
                                put("encoding", null);
                            }
                        },
                        Map.of("file_name", "b.jsonl.gz", "relative_path", "b.jsonl.gz", "mime_type",
                                "application/jsonl", "encoding", "gzip", "size_in_bytes",
                                data.resolve("b.jsonl.gz").toFile().length(), "file_url",
                                data.resolve("b.jsonl.gz").toUri().toString()));
    }
}
