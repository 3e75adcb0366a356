package dev.dlt4j.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PipelineStorage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsertValuesFileWriterTest {
    @TempDir
    Path tmp;

    private static final Column ID = Column.of("id", DataType.BIGINT);
    private static final Column NAME = Column.of("name", DataType.TEXT);
    private static final Column EXTRA = Column.of("extra", DataType.JSON);

    private LoadPackage pkg() {
        return new PipelineStorage(tmp.resolve("w")).newLoadPackage("1");
    }

    private static String read(LoadPackage pkg, JobFileName f) throws IOException {
        try (InputStream in = Compression.openInput(Files.newInputStream(pkg.jobPath(JobState.NEW, f)), f.compressed())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void row(TableFileWriter w, Object... cv) {
        w.beginRow();
        for (int i = 0; i < cv.length; i += 2) {
            w.value((Column) cv[i], cv[i + 1]);
        }
        w.endRow();
    }

    @Test
    void writesDltsLayoutWithTheTablePlaceholderAndNullsForMissingValues() throws IOException {
        LoadPackage pkg = pkg();
        JobFileWriter w = JobFileWriter.of(pkg, LoaderFileFormat.INSERT_VALUES, "users", DataWriterConfig.DEFAULTS
                .withDisableCompression(true));
        row(w, ID, 1L, NAME, "it's a \\ path\nnext line");
        row(w, ID, 2L);
        w.close();
        assertThat(w.files()).hasSize(1);
        assertThat(w.files().get(0).fileName()).matches("users\\.[0-9a-f]{10}\\.0\\.insert_values");
        assertThat(read(pkg, w.files().get(0))).isEqualTo("INSERT INTO {}(\"id\",\"name\")\nVALUES\n"
                + "(1,E'it''s a \\\\ path\\nnext line'),\n(2,NULL);");
    }

    @Test
    void timestampsAndTimesAreWrittenInWholeMicrosecondsAsInCsv() throws IOException {
        Column at = Column.of("at", DataType.TIMESTAMP);
        Column clock = Column.of("clock", DataType.TIME);
        for (LoaderFileFormat format : List.of(LoaderFileFormat.INSERT_VALUES, LoaderFileFormat.CSV)) {
            LoadPackage pkg = new PipelineStorage(tmp.resolve("w-" + format)).newLoadPackage("1");
            JobFileWriter w = JobFileWriter.of(pkg, format, "t", DataWriterConfig.DEFAULTS.withDisableCompression(true));
            row(w, at, Instant.parse("2024-12-31T23:59:59.999999999Z"),
                    clock, java.time.LocalTime.parse("23:59:59.999999999"));
            w.close();
            assertThat(read(pkg, w.files().get(0))).as(format.extension()).contains("2024-12-31T23:59:59.999999Z")
                    .contains("23:59:59.999999").doesNotContain("999999999");
        }
    }

    @Test
    void aNewColumnAfterDataWasWrittenStartsANewFileWithTheWiderHeader() throws IOException {
        LoadPackage pkg = pkg();
        JobFileWriter w = JobFileWriter.of(pkg, LoaderFileFormat.INSERT_VALUES, "t", DataWriterConfig.DEFAULTS.withBufferMaxItems(1));
        row(w, ID, 1L);
        row(w, ID, 2L, EXTRA, Map.of("a", List.of(1, 2)));
        w.close();
        assertThat(w.files()).hasSize(2).allMatch(JobFileName::compressed);
        assertThat(read(pkg, w.files().get(0))).isEqualTo("INSERT INTO {}(\"id\")\nVALUES\n(1);");
        assertThat(read(pkg, w.files().get(1))).isEqualTo(
                "INSERT INTO {}(\"id\",\"extra\")\nVALUES\n(2,E'{\"a\":[1,2]}');");
    }

    @Test
    void literalsCoverEveryNormalizedValueType() {
        assertThat(InsertValuesEncoder.literal(true)).isEqualTo("TRUE");
        assertThat(InsertValuesEncoder.literal(2.5)).isEqualTo("2.5");
        assertThat(InsertValuesEncoder.literal(Double.NaN)).isEqualTo("'NaN'");
        assertThat(InsertValuesEncoder.literal(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(InsertValuesEncoder.literal(new byte[] {1, (byte) 0xff})).isEqualTo("from_hex('01ff')");
        assertThat(InsertValuesEncoder.literal(Instant.parse("2024-01-02T03:04:05Z")))
                .isEqualTo("E'2024-01-02T03:04:05Z'");
    }

    @Test
    void rotatesAtFileMaxItemsAndTouchMakesAnEmptyFile() throws IOException {
        LoadPackage pkg = pkg();
        JobFileWriter w = JobFileWriter.of(pkg, LoaderFileFormat.INSERT_VALUES, "t", DataWriterConfig.DEFAULTS.withFileMaxItems(2)
                .withDisableCompression(true));
        for (long i = 0; i < 5; i++) {
            row(w, ID, i);
        }
        w.close();
        assertThat(w.files()).hasSize(3);
        assertThat(read(pkg, w.files().get(2))).isEqualTo("INSERT INTO {}(\"id\")\nVALUES\n(4);");
        JobFileWriter empty = JobFileWriter.of(pkg, LoaderFileFormat.INSERT_VALUES, "e", DataWriterConfig.DEFAULTS);
        empty.touch();
        empty.close();
        assertThat(empty.files()).hasSize(1);
        assertThat(read(pkg, empty.files().get(0))).isEmpty();
    }
}
