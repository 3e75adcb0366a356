package dev.dlt4j.extract;

import dev.dlt4j.ExtractInfo;
import static dev.dlt4j.extract.ExtractTesting.config;
import static dev.dlt4j.extract.ExtractTesting.extract;
import static dev.dlt4j.extract.ExtractTesting.files;
import static dev.dlt4j.extract.ExtractTesting.items;
import static dev.dlt4j.extract.ExtractTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.spi.Compression;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Buffered writers: appends (flushes) are counted, files rotate by rows and bytes, pages stay whole. */
class WriterTest {
    @TempDir
    Path tmp;

    private static Resource rows(String name, int count) {
        return Resource.fromIterator(name, () -> items(count, n -> Map.of("id", n)));
    }

    private static List<Map<String, Object>> pageOf(int from, int size) {
        List<Map<String, Object>> page = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            page.add(Map.of("id", from + i));
        }
        return page;
    }

    @Test
    void bufferOfHundredAppendsElevenTimesFor1050RowsYieldedOneAtATime() {
        ExtractInfo info = extract(tmp, Source.of("w", rows("events", 1050)),
                DataWriterConfig.DEFAULTS.withBufferMaxItems(100), config(5, 20));
        assertThat(info.flushes()).containsEntry("events", 11L);
        assertThat(info.files()).containsEntry("events", 1);
        assertThat(read(files(tmp, "events").get(0))).hasSize(1050);
    }

    @Test
    void filesRotateAfterTheFlushThatReachesFileMaxItems() {
        // effective buffer = min(buffer_max_items, file_max_items) = 100; rotate once a file holds >= 250
        ExtractInfo info = extract(tmp, Source.of("w", rows("events", 1050)),
                DataWriterConfig.DEFAULTS.withBufferMaxItems(100).withFileMaxItems(250), config(5, 20));
        assertThat(info.files()).containsEntry("events", 4);
        List<Integer> sizes = files(tmp, "events").stream().map(f -> read(f).size()).sorted().toList();
        assertThat(sizes).containsExactly(150, 300, 300, 300);
    }

    @Test
    void filesRotateAfterTheFlushThatReachesFileMaxBytesUncompressed() throws IOException {
        String payload = "x".repeat(1000);
        Resource wide = Resource.fromIterator("wide", () -> items(100, n -> Map.of("id", n, "payload", payload)));
        // 10 rows of ~1 kB per flush: the third flush passes 25,000 uncompressed bytes (gzip makes them far fewer)
        ExtractInfo info = extract(tmp, Source.of("w", wide),
                DataWriterConfig.DEFAULTS.withBufferMaxItems(10).withFileMaxBytes(25_000), config(5, 20));
        assertThat(info.flushes()).containsEntry("wide", 10L);
        assertThat(info.files()).containsEntry("wide", 4);
        List<Path> files = files(tmp, "wide");
        assertThat(files.stream().map(f -> read(f).size()).sorted().toList()).containsExactly(10, 30, 30, 30);
        for (Path f : files) {
            assertThat(Compression.codecOf(f)).as("compressed by default: %s", f).contains(Compression.Codec.LZ4);
        }
    }

    @Test
    void aPageIsNeverSplitAcrossFlushesOrFiles() {
        Resource pages = Resource.fromIterator("pages", () -> items(2, n -> pageOf((n - 1) * 10_000, 10_000)));
        ExtractInfo info = extract(tmp, Source.of("w", pages),
                DataWriterConfig.DEFAULTS.withBufferMaxItems(100).withFileMaxItems(1000), config(5, 20));
        assertThat(info.flushes()).containsEntry("pages", 2L);
        assertThat(info.files()).containsEntry("pages", 2);
        List<List<Map<String, Object>>> contents = files(tmp, "pages").stream().map(ExtractTesting::read).toList();
        for (List<Map<String, Object>> rows : contents) {
            assertThat(rows).hasSize(10_000);
            long first = (Long) rows.get(0).get("id");
            assertThat(rows.stream().map(r -> (Long) r.get("id")).toList())
                    .isEqualTo(IntStream.range(0, 10_000).mapToObj(i -> first + i).toList());
        }
    }

    @Test
    void disableCompressionWritesPlainFiles() throws IOException {
        extract(tmp, Source.of("w", rows("events", 10)), DataWriterConfig.DEFAULTS.withDisableCompression(true),
                config(5, 20));
        Path f = files(tmp, "events").get(0);
        assertThat(Compression.codecOf(f)).isEmpty();
        assertThat(f.getFileName().toString()).endsWith(".typed-rows");
        assertThat(read(f)).hasSize(10);
    }

    @Test
    void pagesAreFlushedOnceTheirRowsFillTheBuffer() {
        // buffer_max_items counts rows: 30 pages of 10 rows flush after every 10th page, 3 times
        Resource pages = Resource.fromIterator("pages", () -> items(30, n -> pageOf(n * 10, 10)));
        ExtractInfo info = extract(tmp, Source.of("w", pages), DataWriterConfig.DEFAULTS.withBufferMaxItems(100),
                config(5, 20));
        assertThat(info.flushes()).containsEntry("pages", 3L);
        assertThat(info.rowCounts()).containsEntry("pages", 300L);
    }
}
