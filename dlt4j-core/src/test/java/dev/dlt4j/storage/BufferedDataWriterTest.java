package dev.dlt4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.spi.JobFileName;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one buffered, rotating writer of extract's and normalize's files, with a plain-text format. */
class BufferedDataWriterTest {
    @TempDir
    Path tmp;

    /** One line per item; a header line "cols=<n>" fixed per file when {@code fixedColumns}. */
    private static final class Lines implements ItemEncoder {
        final StringBuilder pending = new StringBuilder();
        final boolean compressible;
        int columns = 1;
        int fileColumns = -1;

        Lines(boolean compressible) {
            this.compressible = compressible;
        }

        void item(String text) {
            pending.append(text).append('\n');
        }

        @Override
        public String format() {
            return "lines";
        }

        @Override
        public java.util.Optional<dev.dlt4j.spi.Compression.Codec> codec() {
            return compressible ? java.util.Optional.of(dev.dlt4j.spi.Compression.JOB_FILES) : java.util.Optional.empty();
        }

        @Override
        public boolean needsNewFile() {
            return fileColumns >= 0 && fileColumns < columns;
        }

        @Override
        public void writeBuffered(OutputStream out) throws IOException {
            if (fileColumns < 0) {
                fileColumns = columns;
                out.write(("cols=" + columns + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
            pending.setLength(0);
        }

        @Override
        public void endFile(OutputStream out) {
            fileColumns = -1;
        }

        @Override
        public void discard() {
            pending.setLength(0);
        }
    }

    /** Uncompressed files of table t: buffer items, then items and bytes after which a file rotates. */
    private BufferedDataWriter<Lines> writer(int bufferItems, long fileMaxItems, long fileMaxBytes) {
        return new BufferedDataWriter<>(tmp, "t", new Lines(true), new BufferedDataWriter.Limits(bufferItems,
                fileMaxItems, fileMaxBytes, false));
    }

    private static void items(BufferedDataWriter<Lines> w, int count) {
        for (int i = 0; i < count; i++) {
            w.encoder().item("row " + w.items());
            w.endItem(1);
        }
    }

    private List<String> contents(BufferedDataWriter<Lines> w) throws IOException {
        List<String> out = new ArrayList<>();
        for (JobFileName f : w.files()) {
            out.add(Files.readString(tmp.resolve(f.fileName())));
        }
        return out;
    }

    @Test
    void itemsReachTheFileWhenTheBufferIsFullAndAnItemIsNeverSplit() throws IOException {
        BufferedDataWriter<Lines> w = writer(3, 0, 0);
        w.encoder().item("a");
        w.encoder().item("b");
        w.endItem(2);
        assertThat(w.files()).isEmpty();
        for (String s : List.of("c", "d", "e")) {
            w.encoder().item(s); // one page of three rows
        }
        w.endItem(3);
        assertThat(w.flushes()).isEqualTo(1);
        assertThat(w.encoder().pending).isEmpty();
        w.close();
        assertThat(w.flushes()).isEqualTo(1);
        assertThat(contents(w)).containsExactly("cols=1\na\nb\nc\nd\ne\n");
        assertThat(w.itemsPerFile()).containsExactly(java.util.Map.entry(w.files().get(0), 5L));
    }

    @Test
    void aFileRotatesAfterTheAppendThatReachesFileMaxItems() throws IOException {
        BufferedDataWriter<Lines> w = writer(2, 4, 0);
        items(w, 9);
        w.close();
        assertThat(w.itemsPerFile().values()).containsExactly(4L, 4L, 1L);
        assertThat(contents(w).get(2)).isEqualTo("cols=1\nrow 8\n");
        assertThat(w.files()).extracting(JobFileName::fileName)
                .allMatch(n -> n.matches("t\\.[0-9a-f]{10}\\.0\\.lines"));
    }

    @Test
    void aFileRotatesAtFileMaxBytesOfUncompressedData() throws IOException {
        BufferedDataWriter<Lines> w = new BufferedDataWriter<>(tmp, "t", new Lines(true),
                new BufferedDataWriter.Limits(1, 0, 20, true));
        items(w, 4); // "cols=1\n" (7 bytes) + "row n\n" (6 bytes) each: 19 bytes, then 25
        w.close();
        assertThat(w.itemsPerFile().values()).containsExactly(3L, 1L);
        assertThat(w.files()).allMatch(JobFileName::compressed);
    }

    @Test
    void bufferedItemsThatTheOpenFileCannotTakeGoToANewFileWithTheirCount() throws IOException {
        BufferedDataWriter<Lines> w = writer(2, 0, 0);
        items(w, 2);
        w.encoder().columns = 2; // the next items bring a column the open file's header lacks
        items(w, 3);
        w.close();
        assertThat(contents(w)).containsExactly("cols=1\nrow 0\nrow 1\n", "cols=2\nrow 2\nrow 3\nrow 4\n");
        assertThat(w.itemsPerFile().values()).containsExactly(2L, 3L);
    }

    @Test
    void touchMakesOneEmptyFileAndBinaryFormatsAreNeverGzipped() throws IOException {
        BufferedDataWriter<Lines> w = new BufferedDataWriter<>(tmp, "e", new Lines(false),
                new BufferedDataWriter.Limits(5000, 0, 0, true));
        w.touch();
        w.touch();
        w.close();
        assertThat(w.files()).hasSize(1);
        assertThat(w.files().get(0).compressed()).isFalse();
        assertThat(Files.size(tmp.resolve(w.files().get(0).fileName()))).isZero();
        assertThat(w.itemsPerFile().values()).containsExactly(0L);
    }

    @Test
    void abortLeavesWhatWasBufferedOutOfTheFile() throws IOException {
        BufferedDataWriter<Lines> w = writer(2, 0, 0);
        items(w, 3);
        w.abort();
        assertThat(contents(w)).containsExactly("cols=1\nrow 0\nrow 1\n");
        assertThat(w.encoder().pending).isEmpty();
    }
}
