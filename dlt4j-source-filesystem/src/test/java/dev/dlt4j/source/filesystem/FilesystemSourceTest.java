package dev.dlt4j.source.filesystem;

import static dev.dlt4j.source.filesystem.TestFiles.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** csv, jsonl, gzip'd and parquet files the test writes, loaded into DuckDB and read back. */
class FilesystemSourceTest {
    @TempDir
    Path tmp;

    @Test
    void csvFilesLoadWithTypedValues() {
        Path data = tmp.resolve("data");
        write(data.resolve("orders_1.csv"), """
                id,customer,total,paid,zip,note,at
                1,Ann,19.90,true,02134,"a, quoted ""note""
                over two lines",2024-01-01T10:00:00Z
                2,Bob,5,FALSE,10001,,2024-01-02T10:00:00Z
                """);
        gzip(data.resolve("orders_2.csv.gz"), "id,customer,total,paid,zip,note,at\r\n3,Cid,7.5,true,94105,plain,"
                + "2024-01-03T10:00:00Z\r\n");
        Pipeline p = duckdb(tmp, "csv").build();
        p.run(FilesystemSource.of(data.toUri() + "orders_*.csv*").source());

        Path db = tmp.resolve("csv.duckdb");
        assertThat(columnTypes(db, "csv_data", "orders")).containsExactly(Map.entry("id", "BIGINT"),
                Map.entry("customer", "VARCHAR"), Map.entry("total", "DOUBLE"), Map.entry("paid", "BOOLEAN"),
                Map.entry("zip", "VARCHAR"), Map.entry("note", "VARCHAR"), Map.entry("at", "TIMESTAMP WITH TIME ZONE"));
        List<Map<String, Object>> rows = query(db, "SELECT id, customer, total, paid, zip, note FROM csv_data.orders"
                + " ORDER BY id");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsEntry("total", 19.9).containsEntry("paid", true).containsEntry("zip", "02134")
                .containsEntry("note", "a, quoted \"note\"\nover two lines");
        assertThat(rows.get(1)).containsEntry("total", 5.0).containsEntry("paid", false).containsEntry("note", null);
        assertThat(rows.get(2)).containsEntry("customer", "Cid").containsEntry("zip", "94105");
    }

    @Test
    void csvTypeInferenceCanBeTurnedOff() {
        Path data = tmp.resolve("data");
        write(data.resolve("t.csv"), "a;b\n1;x\n;2.5\n");
        Pipeline p = duckdb(tmp, "text").build();
        p.run(FilesystemSource.of(data.resolve("t.csv").toString()).csvDelimiter(';').inferCsvTypes(false).source());
        Path db = tmp.resolve("text.duckdb");
        assertThat(columnTypes(db, "text_data", "t")).containsExactly(Map.entry("a", "VARCHAR"),
                Map.entry("b", "VARCHAR"));
        assertThat(query(db, "SELECT a, b FROM text_data.t ORDER BY b DESC")).containsExactly(
                Map.of("a", "1", "b", "x"), new java.util.HashMap<>(java.util.Collections.singletonMap("a", null)) {
                    {
                        put("b", "2.5");
                    }
                });
    }

    @Test
    void jsonlAndGzippedJsonlLoadIncludingNestedValues() {
        Path data = tmp.resolve("events");
        write(data.resolve("2024-01-01.jsonl"), """
                {"id": 1, "kind": "click", "props": {"x": 1.5}, "tags": ["a", "b"]}

                {"id": 2, "kind": "view", "big": 12345678901234}
                """);
        gzip(data.resolve("2024-01-02.jsonl.gz"), "{\"id\": 3, \"kind\": \"click\"}\n");
        // gzip'd without saying so in its name: recognised by its first bytes
        gzip(data.resolve("2024-01-03.jsonl"), "{\"id\": 4, \"kind\": \"view\"}\n");
        Pipeline p = duckdb(tmp, "jsonl").build();
        p.run(FilesystemSource.of(data.toUri() + "*.jsonl*").source());

        Path db = tmp.resolve("jsonl.duckdb");
        assertThat(query(db, "SELECT id, kind, props__x, big FROM jsonl_data.events ORDER BY id"))
                .extracting(r -> r.get("id"), r -> r.get("kind"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "click"),
                        org.assertj.core.groups.Tuple.tuple(2L, "view"), org.assertj.core.groups.Tuple.tuple(3L, "click"),
                        org.assertj.core.groups.Tuple.tuple(4L, "view"));
        assertThat(query(db, "SELECT props__x, big FROM jsonl_data.events WHERE id <= 2 ORDER BY id"))
                .containsExactly(new java.util.LinkedHashMap<>(Map.of("props__x", 1.5)) {
                    {
                        put("big", null);
                    }
                }, new java.util.LinkedHashMap<>(Map.of("big", 12345678901234L)) {
                    {
                        put("props__x", null);
                    }
                });
        assertThat(query(db, "SELECT value FROM jsonl_data.events__tags ORDER BY _dlt_list_idx"))
                .extracting(r -> r.get("value")).containsExactly("a", "b");
    }

    @Test
    void parquetLoadsWithItsLogicalTypesAcrossRowGroups() {
        Path data = tmp.resolve("pq");
        // small row groups so that the file has several and pages cross them
        parquet(data.resolve("orders_a.parquet"), 0, 2_000, CompressionCodecName.SNAPPY, 8 * 1024);
        parquet(data.resolve("orders_b.parquet"), 2_000, 500, CompressionCodecName.GZIP, 1 << 20);
        parquet(data.resolve("orders_c.parquet"), 2_500, 10, CompressionCodecName.UNCOMPRESSED, 1 << 20);
        Pipeline p = duckdb(tmp, "pq").build();
        p.run(FilesystemSource.of(data.toUri() + "*.parquet").name("orders").chunkSize(300).source());

        Path db = tmp.resolve("pq.duckdb");
        assertThat(columnTypes(db, "pq_data", "orders")).containsExactly(Map.entry("id", "BIGINT"),
                Map.entry("customer", "VARCHAR"), Map.entry("total", "DOUBLE"), Map.entry("paid", "BOOLEAN"),
                Map.entry("day", "DATE"), Map.entry("at", "TIMESTAMP WITH TIME ZONE"),
                Map.entry("price", "DECIMAL(38,9)"), Map.entry("address__city", "VARCHAR"),
                Map.entry("address__zip", "BIGINT"));
        assertThat(query(db, "SELECT count(*) AS n, count(DISTINCT id) AS d, CAST(sum(id) AS BIGINT) AS s FROM pq_data.orders"))
                .containsExactly(Map.of("n", 2510L, "d", 2510L, "s", 2509L * 2510 / 2));
        assertThat(query(db, "SELECT id, customer, total, paid, CAST(day AS VARCHAR) AS day, epoch(\"at\") AS \"at\","
                + " CAST(price AS DECIMAL(12,2)) AS price, address__city FROM pq_data.orders WHERE id IN (3, 2001)"
                + " ORDER BY id")).containsExactly(
                        new java.util.LinkedHashMap<>(Map.of("id", 3L, "total", 4.5, "paid", false, "day", "2024-01-04",
                                "at", 1704067203.0, "price", new BigDecimal("3.25"), "address__city", "City 3")) {
                            {
                                put("customer", null);
                            }
                        },
                        Map.of("id", 2001L, "customer", "c2001", "total", 3001.5, "paid", false, "day",
                                java.time.LocalDate.of(2024, 1, 1).plusDays(2001).toString(), "at", 1704069201.0, "price", new BigDecimal("2001.25"),
                                "address__city", "City 2001"));
        assertThat(query(db, "SELECT count(*) AS n FROM pq_data.orders__tags")).containsExactly(Map.of("n", 5020L));
    }

    @Test
    void fileColumnsAndRecursiveGlobsInPathOrder() {
        Path data = tmp.resolve("lake");
        write(data.resolve("b/x.csv"), "id\n3\n");
        write(data.resolve("a.csv"), "id\n1\n");
        write(data.resolve("a/deeper/y.csv"), "id\n2\n");
        write(data.resolve("a/skip.txt"), "not csv");
        touch(data.resolve("a.csv"), Instant.parse("2024-05-01T12:00:00Z"));
        Pipeline p = duckdb(tmp, "cols").build();
        p.run(FilesystemSource.of(data.toUri() + "**/*.csv").name("items").filesPerPage(2)
                .fileColumns(FileColumn.FILE_NAME, FileColumn.RELATIVE_PATH, FileColumn.MODIFICATION_DATE,
                        FileColumn.SIZE_IN_BYTES, FileColumn.FILE_URL).source());

        Path db = tmp.resolve("cols.duckdb");
        List<Map<String, Object>> rows = query(db, "SELECT id, file_name, relative_path, size_in_bytes, file_url"
                + " FROM cols_data.items ORDER BY _dlt_load_id, _dlt_id");
        assertThat(rows).extracting(r -> r.get("relative_path")).containsExactlyInAnyOrder("a.csv", "a/deeper/y.csv",
                "b/x.csv");
        assertThat(rows).filteredOn(r -> r.get("id").equals(1L)).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("file_name", "a.csv").containsEntry("size_in_bytes", 5L)
                    .containsEntry("file_url", data.resolve("a.csv").toUri().toString());
        });
        assertThat(query(db, "SELECT epoch(modification_date) AS m FROM cols_data.items WHERE id = 1"))
                .containsExactly(Map.of("m", 1714564800.0));
        assertThat(columnTypes(db, "cols_data", "items")).containsEntry("modification_date",
                "TIMESTAMP WITH TIME ZONE");
    }

    @Test
    void theListingIsSortedByRelativePathAndSkipsFoldersTheGlobCannotMatch() {
        Path data = tmp.resolve("sorted");
        for (String f : List.of("b/2.csv", "a/10.csv", "a/9.csv", "top.csv", "a/sub/1.csv", "c/1.jsonl")) {
            write(data.resolve(f), "id\n1\n");
        }
        List<String> listed = new java.util.ArrayList<>();
        new FileListing(FileGlob.parse(data + "/**/*.csv")).forEachRemaining(f -> listed.add(f.relativePath()));
        assertThat(listed).containsExactly("a/10.csv", "a/9.csv", "a/sub/1.csv", "b/2.csv", "top.csv");
        listed.clear();
        new FileListing(FileGlob.parse(data + "/a/*.csv")).forEachRemaining(f -> listed.add(f.relativePath()));
        assertThat(listed).containsExactly("10.csv", "9.csv");
        listed.clear();
        new FileListing(FileGlob.of(data.toUri().toString(), "*/*.csv")).forEachRemaining(f -> listed.add(f.relativePath()));
        assertThat(listed).containsExactly("a/10.csv", "a/9.csv", "b/2.csv");
        assertThat(FileGlob.parse(data + "/a/*.csv").matcher().mayMatchBelow(List.of("sub"))).isFalse();
    }

    @Test
    void resourceNamesComeFromTheGlob() {
        assertThat(FilesystemSource.of("file:///data/events/*.jsonl.gz").resourceName()).isEqualTo("events");
        assertThat(FilesystemSource.of("file:///data/orders_*.csv").resourceName()).isEqualTo("orders");
        assertThat(FilesystemSource.of("file:///data/**/*.csv").resourceName()).isEqualTo("data");
        assertThat(FilesystemSource.of("file:///data", "raw/users-*.parquet").resourceName()).isEqualTo("users");
        assertThat(FilesystemSource.of("file:///data/**/*.csv").name("t").resourceName()).isEqualTo("t");
        assertThat(FilesystemSource.of("file:///data/events/*.jsonl.gz").bucketUrl()).isEqualTo("file:///data/events");
        assertThat(FilesystemSource.of("file:///data/events/*.jsonl.gz").fileGlob()).isEqualTo("*.jsonl.gz");
    }

    @Test
    void theSameFilesLoadTheSameTablesEveryTime() {
        Path data = tmp.resolve("same");
        for (int f = 0; f < 5; f++) {
            StringBuilder sb = new StringBuilder("id,v\n");
            for (int i = 0; i < 100; i++) {
                sb.append(f * 100 + i).append(',').append(i % 3 == 0 ? "x" : String.valueOf(i)).append('\n');
            }
            write(data.resolve("part-" + f + ".csv"), sb.toString());
        }
        List<List<Map<String, Object>>> runs = new java.util.ArrayList<>();
        for (String name : List.of("same1", "same2")) {
            duckdb(tmp, name).build().run(FilesystemSource.of(data + "/part-*.csv").chunkSize(7).source());
            runs.add(query(tmp.resolve(name + ".duckdb"), "SELECT id, v FROM " + name + "_data.part ORDER BY id"));
        }
        assertThat(runs.get(0)).hasSize(500).isEqualTo(runs.get(1));
    }
}
