package dev.dlt4j.filesystem;

import static dev.dlt4j.filesystem.FilesystemTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.LoaderFileFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the filesystem destination shows: file layout, replace by deleting files, system files. */
class FilesystemDestinationTest {
    @TempDir
    Path tmp;

    private Pipeline pipeline(String name, Destination d) {
        return Pipeline.builder(name).destination(d).dataset(name + "_data").pipelinesDir(tmp.resolve("pipelines"))
                .build();
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void filesFollowDltsDefaultLayoutAndSystemTablesAreFolders() throws Exception {
        Path lake = tmp.resolve("lake");
        Pipeline p = pipeline("shop", Destination.named("file://" + lake.toAbsolutePath()));
        LoadInfo info = p.run(Resource.of("orders", List.of(row("id", 1, "lines", List.of(row("sku", "a"))))));
        String loadId = info.loadIds().get(0);

        Path ds = lake.resolve("shop_data");
        List<String> files = tree(ds);
        assertThat(files).anyMatch(f -> f.matches("orders/" + loadId.replace(".", "\\.") + "\\.[0-9a-f]{10}\\.jsonl\\.gz"));
        assertThat(files).anyMatch(f -> f.matches("orders__lines/" + loadId.replace(".", "\\.")
                + "\\.[0-9a-f]{10}\\.jsonl\\.gz"));
        assertThat(files).contains("init", "_dlt_loads/shop__" + loadId + ".jsonl");
        assertThat(files).anyMatch(f -> f.matches("_dlt_version/shop__" + loadId.replace(".", "\\.")
                + "__[0-9a-f]{64}\\.jsonl"));
        assertThat(files).anyMatch(f -> f.matches("_dlt_pipeline_state/shop__" + loadId.replace(".", "\\.")
                + "__[0-9a-f]{64}\\.jsonl"));
        assertThat(new ObjectMapper().readTree(ds.resolve("init").toFile()).toString())
                .isEqualTo("{\"initial_version\":2,\"current_version\":2}");

        Map<String, Object> version = rows(ds.resolve("_dlt_version")).get(0);
        String hexHash = HexFormat.of().formatHex(java.util.Base64.getDecoder()
                .decode((String) version.get("version_hash")));
        assertThat(files).anyMatch(f -> f.endsWith("__" + hexHash + ".jsonl") && f.startsWith("_dlt_version/"));
        assertThat(version.get("engine_version")).isEqualTo(11L);
        Map<String, Object> loads = rows(ds.resolve("_dlt_loads")).get(0);
        assertThat(loads.get("load_id").toString()).isEqualTo(loadId);
        assertThat(loads.get("status")).isEqualTo(0L);
        assertThat(rows(ds.resolve("_dlt_pipeline_state")).get(0).get("pipeline_name")).isEqualTo("shop");
    }

    @Test
    void aCustomLayoutPlacesFilesByItsPlaceholdersInLowerCase() {
        Path lake = tmp.resolve("lake");
        Pipeline p = pipeline("custom", FilesystemDestination.at(lake)
                .withLayout("{schema_name}/{table_name}/{YYYY}/{MMM}/{load_id}.{file_id}"));
        LoadInfo info = p.run(Resource.of("Events", List.of(row("id", 1))));
        String loadId = info.loadIds().get(0);
        java.time.ZonedDateTime t = FilesystemLayout.packageTime(loadId).atZone(java.time.ZoneOffset.UTC);
        String month = t.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.ENGLISH)
                .toLowerCase(java.util.Locale.ROOT);

        assertThat(tree(lake.resolve("custom_data"))).anyMatch(f -> f.startsWith("custom/events/" + t.getYear() + "/"
                + month + "/" + loadId + ".") && f.endsWith(".jsonl.gz"));
    }

    @Test
    void badLayoutsAreRejectedNamingWhatIsWrong() {
        FilesystemDestination d = FilesystemDestination.at(tmp);
        assertThatThrownBy(() -> d.withLayout("{table_name}/{load_id}.{colour}.{ext}"))
                .hasMessageContaining("unknown placeholder {colour}; allowed: {schema_name}, {table_name}");
        assertThatThrownBy(() -> d.withLayout("{load_id}.{ext}")).hasMessageContaining("must contain {table_name}");
        assertThatThrownBy(() -> d.withLayout("{load_id}/{table_name}/{file_id}.{ext}"))
                .hasMessageContaining("only {schema_name} may come before {table_name}, found {load_id}");
        assertThatThrownBy(() -> d.withLayout("{table_name}{load_id}.{ext}"))
                .hasMessageContaining("{table_name} must be followed by a separator");
        assertThat(new FilesystemLayout("{table_name}/{load_id}").pattern()).isEqualTo("{table_name}/{load_id}.{ext}");
    }

    @Test
    void theBareNameTakesBucketAndLayoutFromTheProjectDirsConfigToml() throws Exception {
        Files.createDirectories(tmp.resolve("project/.dlt"));
        Files.writeString(tmp.resolve("project/.dlt/config.toml"), "[destination.filesystem]\nbucket_url = \"file://"
                + tmp.resolve("lake").toAbsolutePath() + "\"\nlayout = \"{table_name}.{load_id}.{file_id}.{ext}\"\n");
        Pipeline p = Pipeline.builder("toml").destination("filesystem").dataset("toml_data")
                .projectDir(tmp.resolve("project")).pipelinesDir(tmp.resolve("pipelines")).environment(Map.of()).build();
        p.run(Resource.of("t", List.of(row("id", 1))));
        assertThat(tree(tmp.resolve("lake/toml_data"))).anyMatch(f -> f.startsWith("t.")).noneMatch(f -> f.startsWith("t/"));
    }

    @Test
    void replaceDeletesOnlyTheTablesOwnFilesAndAppendAddsFiles() {
        Path lake = tmp.resolve("lake");
        Pipeline p = pipeline("rep", FilesystemDestination.at(lake).withLayout("{table_name}.{load_id}.{file_id}.{ext}"));
        p.run(Resource.of("orders", List.of(row("id", 1))));
        p.run(Resource.of("orders_archive", List.of(row("id", 9))));
        p.run(Resource.of("orders", List.of(row("id", 2))));
        Path ds = lake.resolve("rep_data");
        assertThat(tree(ds).stream().filter(f -> f.startsWith("orders."))).hasSize(2);

        p.run(Resource.of("orders", List.of(row("id", 3))).writeDisposition(WriteDisposition.REPLACE));
        assertThat(tree(ds).stream().filter(f -> f.startsWith("orders."))).hasSize(1);
        assertThat(tree(ds).stream().filter(f -> f.startsWith("orders_archive."))).hasSize(1);
    }

    @Test
    void mergeAppendsFilesAsDltDoesForPlainFiles() {
        Path lake = tmp.resolve("lake");
        Pipeline p = pipeline("merged", FilesystemDestination.at(lake));
        Resource r = Resource.of("t", List.of(row("id", 1, "v", "a"))).primaryKey("id")
                .writeDisposition(WriteDisposition.MERGE);
        p.run(r);
        p.run(r);
        assertThat(rows(lake.resolve("merged_data/t"))).hasSize(2);
    }

    @Test
    void csvStartsANewFileWhenTheColumnSetGrowsAndKeepsEmptyTextApartFromNull() {
        Path lake = tmp.resolve("lake");
        Pipeline p = pipeline("csvgrow", FilesystemDestination.at(lake).withFormat(LoaderFileFormat.CSV));
        p.run(Resource.of("t", List.of(row("id", 1, "a", ""), row("id", 2, "a", null), row("id", 3, "a", "x", "b", 1))));

        List<Path> files = files(lake.resolve("csvgrow_data").resolve("t"));
        assertThat(files).hasSize(2).allMatch(f -> f.toString().endsWith(".csv.gz"));
        List<Map<String, Object>> back = new ArrayList<>(query("SELECT id, a, b FROM read_csv('"
                + lake.resolve("csvgrow_data/t") + "/*', union_by_name = true, header = true, all_varchar = true, allow_quoted_nulls = false)"
                + " ORDER BY id"));
        assertThat(back).extracting(r -> r.get("a")).containsExactly("", null, "x");
        assertThat(back).extracting(r -> r.get("b")).containsExactly(null, null, "1");
    }

    @Test
    void parquetFilesCarryTheSchemasTypesAndNoHadoopIsOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
                .isInstanceOf(ClassNotFoundException.class);
        Path lake = tmp.resolve("lake");
        Pipeline p = pipeline("pq", FilesystemDestination.at(lake).withFormat(LoaderFileFormat.PARQUET));
        p.run(Resource.of("t", List.of(row("big", 1L, "dbl", 1.5, "flag", true, "txt", "x",
                "ts", java.time.Instant.parse("2024-01-01T00:00:00Z"), "day", java.time.LocalDate.of(2024, 1, 1),
                "dec", new java.math.BigDecimal("-1.5"), "bin", new byte[] {1}, "doc", Map.of("a", 1))))
                .column("doc", dev.dlt4j.DataType.JSON));

        List<Path> files = files(lake.resolve("pq_data/t"));
        assertThat(files).singleElement().satisfies(f -> assertThat(f.toString()).endsWith(".parquet"));
        Map<String, Object> types = new LinkedHashMap<>();
        for (Map<String, Object> r : query("DESCRIBE SELECT * FROM read_parquet('" + files.get(0) + "')")) {
            types.put((String) r.get("column_name"), r.get("column_type"));
        }
        assertThat(types).containsEntry("big", "BIGINT").containsEntry("dbl", "DOUBLE")
                .containsEntry("flag", "BOOLEAN").containsEntry("txt", "VARCHAR")
                .containsEntry("ts", "TIMESTAMP WITH TIME ZONE").containsEntry("day", "DATE")
                .containsEntry("dec", "DECIMAL(38,9)").containsEntry("bin", "BLOB").containsEntry("doc", "VARCHAR");
        assertThat(query("SELECT dec::VARCHAR AS d FROM read_parquet('" + files.get(0) + "')").get(0).get("d"))
                .isEqualTo("-1.500000000");
    }

    @Test
    void parquetTimestampsKeepWholeMicrosecondsCutAsInCsvBeforeTheEpochToo() {
        Path lake = tmp.resolve("lake");
        Pipeline p = pipeline("pqts", FilesystemDestination.at(lake).withFormat(LoaderFileFormat.PARQUET));
        p.run(Resource.of("t", List.of(row("id", 1L, "ts", java.time.Instant.parse("1969-12-31T23:59:59.9999995Z")),
                row("id", 2L, "ts", java.time.Instant.parse("2024-12-31T23:59:59.999999999Z")))));

        Path file = files(lake.resolve("pqts_data/t")).get(0);
        assertThat(query("SELECT epoch_us(ts) AS us FROM read_parquet('" + file + "') ORDER BY id"))
                .extracting(r -> r.get("us")).containsExactly(-1L, 1_735_689_599_999_999L);
    }

    @Test
    void parquetIntegersTimestampsAndTimesTakeTheirWidthAndUnitFromThePrecisionAsPyarrowDoes() {
        Path lake = tmp.resolve("lake");
        Pipeline p = pipeline("pqprec", FilesystemDestination.at(lake).withFormat(LoaderFileFormat.PARQUET));
        java.time.Instant at = java.time.Instant.parse("1969-12-31T23:59:59.123456789Z");
        java.time.LocalTime clock = java.time.LocalTime.parse("23:59:59.123456789");
        Map<String, Object> values = new LinkedHashMap<>();
        for (String c : List.of("i8", "i16", "i32", "i64")) {
            values.put(c, -100L);
        }
        for (String c : List.of("ts0", "ts3", "ts6", "ts9", "ts")) {
            values.put(c, at);
        }
        for (String c : List.of("t0", "t3", "t9")) {
            values.put(c, clock);
        }
        dev.dlt4j.DataType big = dev.dlt4j.DataType.BIGINT;
        dev.dlt4j.DataType ts = dev.dlt4j.DataType.TIMESTAMP;
        dev.dlt4j.DataType time = dev.dlt4j.DataType.TIME;
        p.run(Resource.of("t", List.of(values)).columns(dev.dlt4j.Column.of("i8", big).withPrecision(8, 0),
                dev.dlt4j.Column.of("i16", big).withPrecision(16, 0), dev.dlt4j.Column.of("i32", big).withPrecision(32, 0),
                dev.dlt4j.Column.of("i64", big).withPrecision(64, 0), dev.dlt4j.Column.of("ts0", ts).withPrecision(0, 0),
                dev.dlt4j.Column.of("ts3", ts).withPrecision(3, 0), dev.dlt4j.Column.of("ts6", ts).withPrecision(6, 0),
                dev.dlt4j.Column.of("ts9", ts).withPrecision(9, 0), dev.dlt4j.Column.of("t0", time).withPrecision(0, 0),
                dev.dlt4j.Column.of("t3", time).withPrecision(3, 0), dev.dlt4j.Column.of("t9", time).withPrecision(9, 0)));

        Path file = files(lake.resolve("pqprec_data/t")).get(0);
        Map<String, Object> schema = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT name, type, logical_type FROM parquet_schema('" + file + "')")) {
            schema.put((String) r.get("name"), r.get("type") + " " + r.get("logical_type"));
        }
        Map<String, Object> types = new LinkedHashMap<>();
        for (Map<String, Object> r : query("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
            types.put((String) r.get("column_name"), r.get("column_type"));
        }
        assertThat(types).containsEntry("i8", "TINYINT").containsEntry("i16", "SMALLINT")
                .containsEntry("i32", "INTEGER").containsEntry("i64", "BIGINT");
        assertThat(schema.get("ts0").toString()).startsWith("INT64").contains("MILLIS");
        assertThat(schema.get("ts3").toString()).startsWith("INT64").contains("MILLIS");
        assertThat(schema.get("ts6").toString()).startsWith("INT64").contains("MICROS");
        // dlt writes parquet format 2.4, where pyarrow stores nanosecond timestamps as microseconds
        assertThat(schema.get("ts9").toString()).startsWith("INT64").contains("MICROS");
        assertThat(schema.get("ts").toString()).startsWith("INT64").contains("MICROS");
        assertThat(schema.get("t0").toString()).startsWith("INT32").contains("MILLIS");
        assertThat(schema.get("t3").toString()).startsWith("INT32").contains("MILLIS");
        assertThat(schema.get("t9").toString()).startsWith("INT64").contains("NANOS");
        // digits below the unit are cut toward the past, as csv cuts them; precision 0 keeps whole seconds
        assertThat(query("SELECT i8, epoch_ms(ts0) AS s0, epoch_ms(ts3) AS s3, epoch_us(ts6) AS s6, epoch_us(ts9) AS s9,"
                + " t0::VARCHAR AS t0, t3::VARCHAR AS t3, t9::VARCHAR AS t9 FROM read_parquet('" + file + "')").get(0))
                .containsEntry("i8", (byte) -100).containsEntry("s0", -1_000L).containsEntry("s3", -877L)
                .containsEntry("s6", -876_544L).containsEntry("s9", -876_544L).containsEntry("t0", "23:59:59")
                .containsEntry("t3", "23:59:59.123").containsEntry("t9", "23:59:59.123456789");
    }

    @Test
    void aValueOutsideItsParquetIntegerIsRefusedNamingTableColumnValueAndFixAndLaterRunsProceed() {
        Path lake = tmp.resolve("lake");
        Pipeline p = pipeline("pqint", FilesystemDestination.at(lake).withFormat(LoaderFileFormat.PARQUET));
        assertThatThrownBy(() -> p.run(Resource.of("t", List.of(row("small", 300L)))
                .columns(dev.dlt4j.Column.of("small", dev.dlt4j.DataType.BIGINT).withPrecision(8, 0))))
                .hasMessageContaining("Table t, column small: the value 300 cannot be written to a parquet bigint"
                        + " column: outside -128 to 127, the range of the column's 8-bit integers (its precision);"
                        + " declare a larger precision or none")
                .hasMessageContaining("set aside as failed").hasMessageContaining("fix the data or add a column hint");
        // the package is set aside: the next run is not stuck behind it
        p.run(Resource.of("u", List.of(row("id", 1L))));
        assertThat(files(lake.resolve("pqint_data/u"))).hasSize(1);
    }

    @Test
    void disableCompressionWritesPlainFiles() {
        Path lake = tmp.resolve("lake");
        Pipeline p = Pipeline.builder("plain").destination(FilesystemDestination.at(lake)).dataset("plain_data")
                .pipelinesDir(tmp.resolve("pipelines"))
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withDisableCompression(true)).build();
        p.run(Resource.of("t", List.of(row("id", 1))));
        assertThat(files(lake.resolve("plain_data").resolve("t"))).singleElement()
                .satisfies(f -> assertThat(f.toString()).endsWith(".jsonl"));
    }

    @Test
    void theBareNameTakesTheBucketFromThePipelinesEnvironmentAndRelativeBucketsUseTheLocalDir() throws Exception {
        assertThat(System.getenv(FilesystemDestinationFactory.BUCKET_ENV)).as("the process environment holds none")
                .isNull();
        Pipeline p = Pipeline.builder("rel").destination("filesystem").dataset("rel_data").localDir(tmp)
                .projectDir(tmp).pipelinesDir(tmp.resolve("pipelines"))
                .environment(Map.of(FilesystemDestinationFactory.BUCKET_ENV, "file:lake",
                        "DESTINATION__FILESYSTEM__LAYOUT", "{table_name}.{load_id}.{file_id}.{ext}"))
                .build();
        p.run(Resource.of("t", List.of(row("id", 1))));
        assertThat(tree(tmp.resolve("lake/rel_data"))).anyMatch(f -> f.startsWith("t."));

        assertThatThrownBy(() -> Pipeline.builder("none").destination("filesystem").projectDir(tmp)
                .pipelinesDir(tmp.resolve("pipelines")).environment(Map.of()).build())
                .hasMessageContaining("needs a bucket: set DESTINATION__FILESYSTEM__BUCKET_URL=file:///path/to/lake");
        assertThatThrownBy(() -> Destination.named("file:///x?colour=red"))
                .hasMessageContaining("unknown parameter 'colour'; allowed: layout, format");
        assertThatThrownBy(() -> Destination.named("file:///x?format=insert_values"))
                .hasMessageContaining("writes [csv, jsonl, parquet] files, not insert_values");
        assertThat(Destination.named("file:///x/lake?format=csv&layout={table_name}/{load_id}.{file_id}")
                .capabilities().preferredFormat()).isEqualTo(LoaderFileFormat.CSV);
    }

    @Test
    void theDatasetFolderIsTheDatasetNameNormalizedLikeATableName() {
        Path lake = tmp.resolve("lake");
        Pipeline p = Pipeline.builder("n").destination(Destination.named("file://" + lake.toAbsolutePath()))
                .dataset("My-Dataset 1").pipelinesDir(tmp.resolve("pipelines")).build();
        p.run(Resource.of("t", List.of(row("id", 1))));

        assertThat(rows(lake.resolve("my_dataset_1").resolve("t"))).extracting(r -> r.get("id")).containsExactly(1L);
        assertThat(lake.resolve("My-Dataset 1")).doesNotExist();
    }
}
