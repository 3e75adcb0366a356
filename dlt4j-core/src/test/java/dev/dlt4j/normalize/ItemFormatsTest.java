package dev.dlt4j.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.NormalizeConfig;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.storage.BufferedDataWriter;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadIds;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PipelineStorage;
import dev.dlt4j.storage.RowFileWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Normalize picks the normalizer of each extracted file by the file's format: {@code typed-rows}
 * (objects) by the row normalizer, another format by the normalizer registered for it, and a
 * format without one is refused before anything is normalized.
 */
class ItemFormatsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * A format of the test tree: one text value per line, each a row {@code {"line": text}} of the
     * file's table, normalized through the same relational normalizer and job file writers.
     */
    private static final class LinesNormalizer implements ItemNormalizer {
        static final String FORMAT = "test-lines";

        @Override
        public long normalize(Path file, String table, RelationalNormalizer rows, Runnable progress)
                throws IOException {
            long n = 0;
            try (BufferedReader in = Files.newBufferedReader(file)) {
                String line;
                while ((line = in.readLine()) != null) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("line", line);
                    rows.normalizeRoot(table, row);
                    n++;
                }
            }
            progress.run();
            return n;
        }
    }

    private Normalizer normalizer(PipelineStorage storage) {
        return new Normalizer(storage, NamingConvention.snakeCase(), DataWriterConfig.DEFAULTS
                .withDisableCompression(true), NormalizeConfig.DEFAULTS, LoaderFileFormat.JSONL);
    }

    /** An extracted package with table a's objects in typed-rows and table b's lines in test-lines. */
    private static LoadPackage extracted(PipelineStorage storage) throws IOException {
        LoadPackage pkg = storage.newExtractPackage(LoadIds.next());
        BufferedDataWriter<RowFileWriter> objects = new BufferedDataWriter<>(pkg.jobFolder(JobState.NEW), "a",
                new RowFileWriter(), new BufferedDataWriter.Limits(5000, 0, 0, true));
        for (long id = 1; id <= 2; id++) {
            RowFileWriter w = objects.encoder();
            w.beginRow();
            w.key("id");
            w.longValue(id);
            w.endMap();
            objects.endItem(1);
        }
        objects.close();
        JobFileName lines = JobFileName.create("b", LinesNormalizer.FORMAT, false);
        Files.writeString(pkg.jobPath(JobState.NEW, lines), "x\ny\nz\n");
        pkg.writeSchema(Schema.empty("s"));
        return storage.commitExtracted(pkg);
    }

    private static List<JsonNode> rows(LoadPackage pkg, String table) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JobFileName job : pkg.jobs(JobState.NEW)) {
            if (job.table().equals(table)) {
                for (String line : Files.readAllLines(pkg.jobPath(JobState.NEW, job))) {
                    out.add(MAPPER.readTree(line));
                }
            }
        }
        return out;
    }

    @Test
    void eachExtractedFileGoesToTheNormalizerOfItsFormat() throws IOException {
        PipelineStorage storage = new PipelineStorage(tmp);
        LoadPackage extracted = extracted(storage);

        Normalizer.Result result = normalizer(storage).itemNormalizer(LinesNormalizer.FORMAT, new LinesNormalizer())
                .normalize(extracted, Schema.empty("s"));

        assertThat(result.info().rowCounts()).isEqualTo(Map.of("a", 2L, "b", 3L));
        assertThat(rows(result.loadPackage(), "a")).extracting(r -> r.get("id").asLong()).containsExactly(1L, 2L);
        assertThat(rows(result.loadPackage(), "b")).extracting(r -> r.get("line").asText())
                .containsExactly("x", "y", "z");
        assertThat(result.schema().tables().get("b").columns()).containsKey("line");
    }

    @Test
    void anExtractedFileInAFormatWithoutNormalizerIsRefusedNamingFileFormatAndKnownFormats() throws IOException {
        PipelineStorage storage = new PipelineStorage(tmp);
        LoadPackage extracted = extracted(storage);
        Path lines = extracted.jobs(JobState.NEW).stream().filter(j -> j.format().equals(LinesNormalizer.FORMAT))
                .map(j -> extracted.jobPath(JobState.NEW, j)).findFirst().orElseThrow();

        assertThatThrownBy(() -> normalizer(storage).normalize(extracted, Schema.empty("s")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(lines.toString())
                .hasMessageContaining("format 'test-lines'")
                .hasMessageContaining("known formats: typed-columns, typed-rows");
        // nothing was normalized: the extracted package is still there for a run that can read it
        assertThat(storage.extractedPackages()).extracting(LoadPackage::loadId).containsExactly(extracted.loadId());
        assertThat(storage.normalizedPackages()).isEmpty();
    }
}
