package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A column's precision picks DuckDB's type as dlt's type mapper does (destinations.md §2): integers
 * by bits, timestamps without a time zone by fractional digits; a precision no DuckDB type holds is
 * refused before extract.
 */
class PrecisionTypesTest {
    private static final Instant AT = Instant.parse("2024-01-15T10:30:00.123456789Z");

    @TempDir
    Path tmp;

    private static Column naive(String name, int digits) {
        return Column.builder(name, DataType.TIMESTAMP).timezone(false).precision(digits, 0).build();
    }

    @ParameterizedTest
    @EnumSource(value = LoaderFileFormat.class, names = {"JSONL", "INSERT_VALUES", "CSV", "PARQUET"})
    void integerAndTimestampPrecisionsPickDuckDbTypesAndValuesKeepTheirDigits(LoaderFileFormat format) {
        String name = "prec_" + format.name().toLowerCase();
        Pipeline p = DuckDbTesting.pipeline(tmp, name).loaderFileFormat(format).build();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("i8", -128L);
        row.put("i16", 32_767L);
        row.put("i32", -2_147_483_648L);
        row.put("i64", Long.MAX_VALUE);
        row.put("i128", Long.MIN_VALUE);
        row.put("ts_s", AT);
        row.put("ts_ms", AT);
        row.put("ts_us", AT);
        row.put("ts_ns", AT);
        row.put("ts_plain", AT);
        p.run(Resource.of("t", List.of(row)).columns(
                Column.of("i8", DataType.BIGINT).withPrecision(8, 0),
                Column.of("i16", DataType.BIGINT).withPrecision(16, 0),
                Column.of("i32", DataType.BIGINT).withPrecision(32, 0),
                Column.of("i64", DataType.BIGINT).withPrecision(64, 0),
                Column.of("i128", DataType.BIGINT).withPrecision(128, 0),
                naive("ts_s", 0), naive("ts_ms", 3), naive("ts_us", 6), naive("ts_ns", 9),
                Column.builder("ts_plain", DataType.TIMESTAMP).timezone(false).build()));

        Path db = tmp.resolve(name + ".duckdb");
        assertThat(DuckDbTesting.columnTypes(db, name + "_data", "t")).containsEntry("i8", "TINYINT")
                .containsEntry("i16", "SMALLINT").containsEntry("i32", "INTEGER").containsEntry("i64", "BIGINT")
                .containsEntry("i128", "HUGEINT").containsEntry("ts_s", "TIMESTAMP_S")
                .containsEntry("ts_ms", "TIMESTAMP_MS").containsEntry("ts_us", "TIMESTAMP")
                .containsEntry("ts_ns", "TIMESTAMP_NS").containsEntry("ts_plain", "TIMESTAMP");
        assertThat(DuckDbTesting.query(db, "SELECT i8, i16, i32, i64, i128::VARCHAR AS i128, ts_s::VARCHAR AS s,"
                + " ts_ms::VARCHAR AS ms, ts_us::VARCHAR AS us, ts_ns::VARCHAR AS ns, ts_plain::VARCHAR AS plain FROM "
                + name + "_data.t").get(0)).containsEntry("i8", (byte) -128).containsEntry("i16", (short) 32_767)
                .containsEntry("i32", -2_147_483_648).containsEntry("i64", Long.MAX_VALUE)
                .containsEntry("i128", Long.toString(Long.MIN_VALUE))
                .containsEntry("s", "2024-01-15 10:30:00").containsEntry("ms", "2024-01-15 10:30:00.123")
                .containsEntry("us", "2024-01-15 10:30:00.123456")
                // parquet job files hold microseconds, as dlt's (format 2.4): the nanoseconds come from text
                .containsEntry("ns", format == LoaderFileFormat.PARQUET ? "2024-01-15 10:30:00.123456"
                        : "2024-01-15 10:30:00.123456789")
                .containsEntry("plain", "2024-01-15 10:30:00.123456");
    }

    @Test
    void digitsBeyondADeclaredPrecisionAreRoundedByDuckDbFromTextAndCutInParquetFiles() {
        // as for dlt: its insert_values rounds in DuckDB's cast, its parquet files (pyarrow) cut
        Instant last = Instant.parse("2024-12-31T23:59:59.999999Z");
        for (LoaderFileFormat format : List.of(LoaderFileFormat.JSONL, LoaderFileFormat.PARQUET)) {
            String name = "round_" + format.name().toLowerCase();
            DuckDbTesting.pipeline(tmp, name).loaderFileFormat(format).build().run(Resource.of("t",
                    List.of(Map.of("ts", last))).columns(naive("ts", 0)));
            assertThat(DuckDbTesting.query(tmp.resolve(name + ".duckdb"), "SELECT ts::VARCHAR AS ts FROM " + name
                    + "_data.t")).as(format.name()).containsExactly(Map.of("ts",
                            format == LoaderFileFormat.PARQUET ? "2024-12-31 23:59:59" : "2025-01-01 00:00:00"));
        }
    }

    @Test
    void aTimestampWithATimeZoneStaysTimestampWithTimeZoneWhateverItsPrecisionAndIsWarnedAbout() {
        Pipeline p = DuckDbTesting.pipeline(tmp, "tz").build();
        p.run(Resource.of("t", List.of(Map.of("at", AT))).columns(Column.of("at", DataType.TIMESTAMP).withPrecision(3, 0)));
        assertThat(DuckDbTesting.columnTypes(tmp.resolve("tz.duckdb"), "tz_data", "t"))
                .containsEntry("at", "TIMESTAMP WITH TIME ZONE");
        assertThat(DuckDbDialect.precisionIgnoredWarning(Column.of("at", DataType.TIMESTAMP).withPrecision(3, 0)))
                .hasValue("column at: DuckDB has no timestamp with both a time zone and precision 3; it is created as"
                        + " TIMESTAMP WITH TIME ZONE (microseconds). Declare timezone false for the precision's type"
                        + " (TIMESTAMP_MS)");
        assertThat(DuckDbDialect.precisionIgnoredWarning(Column.of("at", DataType.TIMESTAMP).withPrecision(6, 0)))
                .isEmpty();
        assertThat(DuckDbDialect.precisionIgnoredWarning(naive("at", 3))).isEmpty();
    }

    @Test
    void aBigintPrecisionAbove128BitsIsRefusedBeforeExtract() throws Exception {
        Pipeline p = DuckDbTesting.pipeline(tmp, "wide_int").build();
        Resource r = Resource.of("t", List.of(Map.of("id", 1)))
                .columns(Column.of("id", DataType.BIGINT).withPrecision(129, 0));
        assertThatThrownBy(() -> p.run(r)).hasMessageContaining("resource t (table t), column id: bigint precision"
                + " 129 is above 128 bits, the most destination duckdb allows; declare a precision of at most 128, or"
                + " the type decimal with scale 0");
        assertThat(extractedPackages(p)).isZero();
    }

    @Test
    void aTimestampPrecisionAbove9DigitsIsRefusedBeforeExtract() throws Exception {
        Pipeline p = DuckDbTesting.pipeline(tmp, "wide_ts").build();
        Resource r = Resource.of("t", List.of(Map.of("at", AT))).columns(naive("at", 10));
        assertThatThrownBy(() -> p.run(r)).hasMessageContaining("resource t (table t), column at: timestamp precision"
                + " 10 is above 9 fractional digits, the most destination duckdb allows; declare a precision of at"
                + " most 9, or no precision (the destination's default)");
        assertThat(extractedPackages(p)).isZero();
    }

    @Test
    void aPrecisionThatArrivesWithTheDataFailsTheMigrationNamingTableAndColumn() {
        // a typed page's column declares its precision with the rows, after the resource checks
        Pipeline p = DuckDbTesting.pipeline(tmp, "pageprec").build();
        dev.dlt4j.ColumnPage page = dev.dlt4j.ColumnPage.builder()
                .column(Column.of("id", DataType.BIGINT).withPrecision(200, 0), new long[] {1L}).build();
        assertThatThrownBy(() -> p.run(Resource.of("t", List.of(page)))).hasMessageContaining("table t, column id:"
                + " bigint precision 200 is above 128 bits, the most a DuckDB integer (HUGEINT) holds; declare at most"
                + " 128, or the type decimal with scale 0");
        assertThat(DuckDbTesting.countOrZero(tmp.resolve("pageprec.duckdb"), "pageprec_data", "t")).isZero();
    }

    @Test
    void aValueOutsideItsIntegerTypeFailsTheLoadNamingTheTableAndTheValue() {
        // as in dlt: the declared precision is a promise about the values, and DuckDB refuses one that breaks it
        Pipeline p = DuckDbTesting.pipeline(tmp, "overflow").build();
        assertThatThrownBy(() -> p.run(Resource.of("t", List.of(Map.of("small", 300)))
                .columns(Column.of("small", DataType.BIGINT).withPrecision(8, 0))))
                .hasMessageContaining("table t").hasMessageContaining("value to numerical: 300")
                .hasMessageContaining("none of its rows were loaded");
    }

    private static long extractedPackages(Pipeline p) throws Exception {
        Path extracted = p.workingDir().resolve("normalize/extracted");
        if (!Files.exists(extracted)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(extracted)) {
            return s.count();
        }
    }
}
