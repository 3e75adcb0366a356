package dev.dlt4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.extract.Extractor;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.JobFileName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Extract writes every file of a package with the block compression it was given, maps
 * ({@code typed-rows}) and pages ({@code typed-columns}) alike, whether its files are closed every
 * so many rows for normalize to start on them or not, and whatever the buffer: stored blocks are
 * full 64 KiB blocks, not one per append.
 */
class ExtractedBlocksTest {
    private static final int ROWS = 30_000;

    @TempDir
    Path tmp;

    private static Source source() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(Map.of("id", (long) i, "name", "row " + i));
        }
        List<ColumnPage> pages = new ArrayList<>();
        for (int from = 0; from < ROWS; from += 1000) {
            ColumnPage.Builder b = ColumnPage.builder().column("id", DataType.BIGINT).column("name", DataType.TEXT);
            for (int i = from; i < from + 1000; i++) {
                b.setLong(0, i).set(1, "page row " + i).endRow();
            }
            pages.add(b.build());
        }
        return Source.of("blocks", Resource.of("maps", rows), Resource.of("pages", pages));
    }

    /** Normalize's side of extract's files, taking none of them. */
    private static final ExtractedFiles NOBODY = new ExtractedFiles() {
        @Override
        public void started(LoadPackage pkg, String firstTable) {
        }

        @Override
        public void closed(JobFileName file, JobCount count, Schema schema) {
        }

        @Override
        public void finishing() {
        }

        @Override
        public void aborted() {
        }
    };

    @ParameterizedTest(name = "compress blocks {0}, files closed for normalize {1}, buffer {2}")
    @CsvSource({"true,false,5000", "false,false,5000", "true,true,5000", "false,true,5000", "false,false,1"})
    void everyExtractedFileHasTheBlocksItWasGiven(boolean compressBlocks, boolean forNormalize, int buffer)
            throws IOException {
        PipelineStorage storage = new PipelineStorage(tmp.resolve("pipeline"));
        Extractor extractor = new Extractor(storage, "blocks", NamingConvention.snakeCase(),
                DataWriterConfig.DEFAULTS.withBufferMaxItems(buffer), ExtractConfig.DEFAULTS)
                .compressBlocks(compressBlocks);
        if (forNormalize) {
            extractor.normalizeAhead(NOBODY, 10_000, 1 << 22);
        }
        extractor.extract(source(), Schema.empty("blocks"));

        LoadPackage pkg = storage.extractedPackages().get(0);
        List<String> formats = new ArrayList<>();
        for (JobFileName job : pkg.jobs(JobState.NEW)) {
            Path file = pkg.jobPath(JobState.NEW, job);
            assertThat(Compression.codecOf(file)).as(job.toString()).contains(Compression.Codec.LZ4);
            List<Integer> blocks = ExtractedCodecTest.blockSizes(Files.readAllBytes(file));
            assertThat(blocks).as(job.toString()).isNotEmpty()
                    .allMatch(size -> compressBlocks ? size > 0 : size < 0, compressBlocks ? "compressed" : "stored");
            if (!compressBlocks) {
                // every block but the last holds 64 KiB: a flush of the writer does not end a block
                assertThat(blocks.subList(0, blocks.size() - 1)).as(job.toString()).allMatch(size -> size == -(1 << 16));
            }
            formats.add(job.table() + " " + job.format());
        }
        assertThat(formats).contains("maps typed-rows", "pages typed-columns");
        if (forNormalize) {
            assertThat(formats).as("files closed every 10,000 rows").hasSizeGreaterThan(2);
        }
    }
}
