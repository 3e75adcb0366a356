package dev.dlt4j.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Column;
import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.storage.ColumnFileWriter;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.RowFileWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed rows' short cut (a typed-columns file's values straight to the job writer) writes the
 * bytes the row path writes for the same values as maps (NaN, infinities, -0.0, the longs' edges,
 * nulls), also where a column's type differs from the file's and values are coerced.
 */
class TypedShortCutBytesTest {
    @TempDir
    Path tmp;

    private static final List<Column> COLUMNS = List.of(Column.of("id", DataType.BIGINT),
            Column.of("x", DataType.DOUBLE), Column.of("ok", DataType.BOOL), Column.of("s", DataType.TEXT));

    private static List<Object[]> rows() {
        SplittableRandom random = new SplittableRandom(3);
        double[] doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1e-7, 1e21,
            Double.MIN_VALUE, 0.37 * 3};
        long[] longs = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 127, 128};
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Object id = i % 17 == 5 ? null : i < longs.length ? longs[i] : random.nextLong() >> random.nextInt(64);
            Object x = i % 13 == 7 ? null : i % 3 == 0 ? doubles[i % doubles.length]
                    : Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL);
            Object ok = i % 11 == 3 ? null : random.nextBoolean();
            rows.add(new Object[] {id, x, ok, i % 7 == 2 ? null : "s" + i});
        }
        return rows;
    }

    private Path typedColumns(List<Object[]> rows) throws IOException {
        Path file = tmp.resolve("t.typed-columns");
        ColumnFileWriter w = new ColumnFileWriter();
        w.columns(COLUMNS);
        try (OutputStream out = Files.newOutputStream(file)) {
            w.startFile(out);
            ColumnPage.Builder page = ColumnPage.builder();
            COLUMNS.forEach(page::column);
            for (int i = 0; i < rows.size(); i++) {
                if (i % 2 == 0) {
                    page.row(rows.get(i));
                } else {
                    w.page(page.build()); // pages and single rows alike
                    w.row(rows.get(i));
                    page = ColumnPage.builder();
                    COLUMNS.forEach(page::column);
                }
            }
            w.writeBuffered(out);
        }
        return file;
    }

    private Path typedRows(List<Object[]> rows) throws IOException {
        Path file = tmp.resolve("t.typed-rows");
        RowFileWriter w = new RowFileWriter();
        try (OutputStream out = Files.newOutputStream(file)) {
            w.startFile(out);
            for (Object[] row : rows) {
                w.beginRow();
                for (int c = 0; c < COLUMNS.size(); c++) {
                    w.key(COLUMNS.get(c).name());
                    Object v = row[c];
                    if (v == null) {
                        w.nullValue();
                    } else if (v instanceof Long l) {
                        w.longValue(l);
                    } else if (v instanceof Double d) {
                        w.doubleValue(d);
                    } else if (v instanceof Boolean b) {
                        w.bool(b);
                    } else {
                        w.string((String) v);
                    }
                }
                w.endMap();
            }
            w.writeBuffered(out);
        }
        return file;
    }

    /** The job file's lines, {@code _dlt_id} (random) blanked. */
    private List<String> normalize(Path file, ItemNormalizer items, Schema schema, String dir) throws IOException {
        LoadPackage pkg = new LoadPackage(tmp.resolve(dir));
        Files.createDirectories(pkg.jobFolder(JobState.NEW));
        DataWriterConfig config = DataWriterConfig.DEFAULTS.withDisableCompression(true);
        List<TableFileWriter> open = new ArrayList<>();
        RelationalNormalizer rows = new RelationalNormalizer(schema, NamingConvention.snakeCase(), "1700000000.5",
                table -> {
                    TableFileWriter w = JobFileWriter.of(pkg, LoaderFileFormat.JSONL, table, config);
                    open.add(w);
                    return w;
                });
        assertThat(items.normalize(file, "t", rows, () -> { })).isEqualTo(3000);
        List<String> lines = new ArrayList<>();
        for (TableFileWriter w : open) {
            w.close();
            for (var job : w.files()) {
                for (String line : Files.readAllLines(pkg.jobPath(JobState.NEW, job))) {
                    lines.add(line.replaceAll("\"_dlt_id\":\"[^\"]*\"", "\"_dlt_id\":\"\""));
                }
            }
        }
        return lines;
    }

    @Test
    void typedValuesWriteTheRowPathsBytes() throws IOException {
        List<Object[]> rows = rows();
        List<String> typed = normalize(typedColumns(rows), new TypedColumnsNormalizer(), Schema.empty("s"), "a");
        List<String> maps = normalize(typedRows(rows), new TypedRowsNormalizer(), Schema.empty("s"), "b");
        assertThat(typed).hasSize(3000).isEqualTo(maps);
        assertThat(typed.get(0)).startsWith("{\"id\":-9223372036854775808,\"x\":NaN,");
    }

    @Test
    void coercedColumnsWriteTheRowPathsBytes() throws IOException {
        // the table has id as double and ok as text already: the file's values are coerced
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("id", Column.of("id", DataType.DOUBLE));
        columns.put("ok", Column.of("ok", DataType.TEXT));
        Schema schema = Schema.empty("s").withTable(Table.root("t", "t", WriteDisposition.APPEND).toBuilder()
                .columns(columns).build());
        List<Object[]> rows = rows();
        List<String> typed = normalize(typedColumns(rows), new TypedColumnsNormalizer(), schema, "c");
        List<String> maps = normalize(typedRows(rows), new TypedRowsNormalizer(), schema, "d");
        assertThat(typed).hasSize(3000).isEqualTo(maps);
        assertThat(typed.get(1)).contains("\"ok\":\"");
    }
}
