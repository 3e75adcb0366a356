package dev.dlt4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataType;
import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.JobFileName;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extracted files ({@code typed-rows}, {@code typed-columns}) are LZ4 frames named {@code .lz4} when
 * compression is on and plain without a suffix when it is off; job files stay gzip. Their readers go
 * by the first bytes, not the name, so the gzip'd files an older build extracted still read; a
 * compressed file cut short or damaged anywhere fails, naming the file, and never reads as a shorter
 * complete one.
 */
class ExtractedCodecTest {
    private static final int ROWS = 20_000;

    @TempDir
    Path tmp;

    private Path rowsFile(Path folder, boolean compress) {
        return rowsFile(folder, compress, true);
    }

    private Path rowsFile(Path folder, boolean compress, boolean compressBlocks) {
        BufferedDataWriter<RowFileWriter> w = new BufferedDataWriter<>(folder, "t", new RowFileWriter(),
                new BufferedDataWriter.Limits(1000, 0, 0, compress)).compressBlocks(compressBlocks);
        for (long i = 0; i < ROWS; i++) {
            RowFileWriter e = w.encoder();
            e.beginRow();
            e.key("id");
            e.longValue(i);
            e.key("s");
            e.string("row " + i + " of " + (i * 7919 % 10007));
            e.endMap();
            w.endItem(1);
        }
        w.close();
        return folder.resolve(w.files().get(0).fileName());
    }

    private Path columnsFile(Path folder, boolean compress) {
        return columnsFile(folder, compress, true);
    }

    private Path columnsFile(Path folder, boolean compress, boolean compressBlocks) {
        BufferedDataWriter<ColumnFileWriter> w = new BufferedDataWriter<>(folder, "t", new ColumnFileWriter(),
                new BufferedDataWriter.Limits(1000, 0, 0, compress)).compressBlocks(compressBlocks);
        ColumnPage.Builder b = ColumnPage.builder().column("id", DataType.BIGINT).column("s", DataType.TEXT);
        for (long i = 0; i < ROWS; i++) {
            b.setLong(0, i).set(1, "row " + i).endRow();
        }
        ColumnPage page = b.build();
        w.encoder().columns(page.columns());
        w.encoder().page(page);
        w.endItem(ROWS);
        w.close();
        return folder.resolve(w.files().get(0).fileName());
    }

    private static List<Long> readRows(Path file) throws IOException {
        List<Long> ids = new ArrayList<>();
        try (RowFileReader r = new RowFileReader(file)) {
            Map<String, Object> row;
            while ((row = r.next()) != null) {
                ids.add((Long) row.get("id"));
            }
        }
        return ids;
    }

    private static long readColumns(Path file) throws IOException {
        long n = 0;
        try (ColumnFileReader r = new ColumnFileReader(file)) {
            Object[] values = new Object[r.columns().size()];
            while (r.next(values)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void extractedFilesAreLz4FramesNamedLz4WhenCompressionIsOn() throws IOException {
        Path rows = rowsFile(Files.createDirectories(tmp.resolve("rows")), true);
        Path columns = columnsFile(Files.createDirectories(tmp.resolve("columns")), true);
        assertThat(rows.getFileName().toString()).endsWith(".0.typed-rows.lz4");
        assertThat(columns.getFileName().toString()).endsWith(".0.typed-columns.lz4");
        assertThat(Compression.codecOf(rows)).contains(Compression.Codec.LZ4);
        assertThat(Compression.codecOf(columns)).contains(Compression.Codec.LZ4);
        assertThat(JobFileName.parse(rows.getFileName().toString()).codec()).contains(Compression.Codec.LZ4);
        assertThat(readRows(rows)).hasSize(ROWS).startsWith(0L, 1L).endsWith(ROWS - 1L);
        assertThat(readColumns(columns)).isEqualTo(ROWS);
    }

    @Test
    void extractedFilesArePlainWithoutASuffixWhenCompressionIsDisabled() throws IOException {
        Path rows = rowsFile(Files.createDirectories(tmp.resolve("rows")), false);
        Path columns = columnsFile(Files.createDirectories(tmp.resolve("columns")), false);
        assertThat(rows.getFileName().toString()).endsWith(".0.typed-rows");
        assertThat(columns.getFileName().toString()).endsWith(".0.typed-columns");
        assertThat(Compression.codecOf(rows)).isEmpty();
        assertThat(Compression.codecOf(columns)).isEmpty();
        assertThat(readRows(rows)).hasSize(ROWS);
        assertThat(readColumns(columns)).isEqualTo(ROWS);
    }

    /** The sizes of the frame's blocks, negative for a block stored uncompressed (the size field's high bit). */
    static List<Integer> blockSizes(byte[] bytes) {
        List<Integer> sizes = new ArrayList<>();
        int at = 7; // magic number, FLG, BD, header checksum
        while (at + 4 <= bytes.length) {
            int size = (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16
                    | (bytes[at + 3] & 0x7f) << 24;
            if (size == 0) {
                break; // the end mark
            }
            sizes.add((bytes[at + 3] & 0x80) != 0 ? -size : size);
            at += 4 + size + 4;
        }
        return sizes;
    }

    @Test
    void withoutBlockCompressionExtractedFilesAreLz4FramesOfUncompressedBlocks() throws IOException {
        Path plain = rowsFile(Files.createDirectories(tmp.resolve("plain")), false);
        Path rows = rowsFile(Files.createDirectories(tmp.resolve("rows")), true, false);
        Path columns = columnsFile(Files.createDirectories(tmp.resolve("columns")), true, false);
        assertThat(rows.getFileName().toString()).endsWith(".0.typed-rows.lz4");
        assertThat(columns.getFileName().toString()).endsWith(".0.typed-columns.lz4");
        assertThat(Compression.codecOf(rows)).contains(Compression.Codec.LZ4);
        byte[] bytes = Files.readAllBytes(rows);
        assertThat(blockSizes(bytes)).hasSizeGreaterThan(2).allMatch(size -> size < 0);
        // the content as it is, plus 8 bytes a 64 KiB block and the frame's 15
        assertThat((long) bytes.length).isBetween(Files.size(plain), Files.size(plain) + 8L * blockSizes(bytes).size() + 15);
        assertThat(blockSizes(Files.readAllBytes(rowsFile(Files.createDirectories(tmp.resolve("lz4")), true))))
                .allMatch(size -> size > 0);
        assertThat(readRows(rows)).isEqualTo(readRows(plain));
        assertThat(readColumns(columns)).isEqualTo(ROWS);
    }

    @Test
    void jobFilesStayGzipNamedGz() throws IOException {
        assertThat(Compression.JOB_FILES).isEqualTo(Compression.Codec.GZIP);
        Path f = tmp.resolve(JobFileName.create("t", "jsonl", true).fileName());
        try (OutputStream out = FileCodecs.open(Files.newOutputStream(f), Optional.of(Compression.JOB_FILES))) {
            out.write("{\"id\": 1}\n".getBytes());
        }
        assertThat(f.getFileName().toString()).endsWith(".0.jsonl.gz");
        assertThat(Compression.isGzip(f)).isTrue();
    }

    /** A file as a build before LZ4 extracted it: the same bytes gzip'd, named {@code .gz}. */
    private static Path asOlderBuildWroteIt(Path file) throws IOException {
        byte[] plain;
        try (var in = FileCodecs.openInput(file)) {
            plain = in.readAllBytes();
        }
        JobFileName name = JobFileName.parse(file.getFileName().toString());
        Path gz = file.resolveSibling(new JobFileName(name.table(), name.fileId(), 0, name.format(), true).fileName());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(plain);
        }
        return gz;
    }

    @Test
    void gzipFilesAnOlderBuildExtractedStillRead() throws IOException {
        Path rows = asOlderBuildWroteIt(rowsFile(Files.createDirectories(tmp.resolve("rows")), true));
        Path columns = asOlderBuildWroteIt(columnsFile(Files.createDirectories(tmp.resolve("columns")), true));
        assertThat(rows.getFileName().toString()).endsWith(".0.typed-rows.gz");
        assertThat(JobFileName.parse(columns.getFileName().toString()).codec()).contains(Compression.Codec.GZIP);
        assertThat(readRows(rows)).hasSize(ROWS).endsWith(ROWS - 1L);
        assertThat(readColumns(columns)).isEqualTo(ROWS);
    }

    @Test
    void theCodecIsFoundByTheFirstBytesNotTheName() throws IOException {
        Path lz4 = rowsFile(Files.createDirectories(tmp.resolve("rows")), true);
        Path plainName = Files.move(lz4, lz4.resolveSibling("t.0123456789.0.typed-rows"));
        assertThat(readRows(plainName)).hasSize(ROWS);
        Path gz = asOlderBuildWroteIt(plainName);
        Path lz4Name = Files.move(gz, gz.resolveSibling("t.0123456789.0.typed-rows.lz4"));
        assertThat(readRows(lz4Name)).hasSize(ROWS);
    }

    /**
     * Cut points: inside the frame header, right after it, inside the first block, at a block
     * boundary (64 KiB of content per block), before the end mark, between the end mark and the
     * content checksum, and one byte short.
     */
    private static long[] cuts(long size) {
        return new long[] {1, 3, 4, 6, 7, 11, 100, 4 + 3 + 4 + 1000, size / 3, size / 2, size - 9, size - 8,
            size - 5, size - 4, size - 1};
    }

    @Test
    void anLz4FileCutShortAnywhereFailsNamingTheFile() throws IOException {
        for (boolean compressBlocks : new boolean[] {true, false}) {
            cutShortAnywhereFails(rowsFile(Files.createDirectories(tmp.resolve("rows-" + compressBlocks)), true,
                    compressBlocks));
        }
    }

    private void cutShortAnywhereFails(Path whole) throws IOException {
        byte[] bytes = Files.readAllBytes(whole);
        // block boundaries: each block starts with its size (4 bytes, little-endian) and ends with its checksum
        // (4 bytes), after the 7-byte header
        List<Long> points = new ArrayList<>();
        for (long c : cuts(bytes.length)) {
            points.add(c);
        }
        long at = 7;
        for (int size : blockSizes(bytes)) {
            at += 4 + Math.abs(size) + 4;
            points.add(at);
        }
        assertThat(points).as("the file spans several blocks").hasSizeGreaterThan(cuts(bytes.length).length + 2);
        for (long keep : points) {
            Path cut = tmp.resolve("cut-" + whole.getParent().getFileName() + "-" + keep).resolve(whole.getFileName());
            Files.createDirectories(cut.getParent());
            Files.write(cut, Arrays.copyOf(bytes, (int) keep));
            // shorter than the LZ4 magic number the file reads as plain, and fails as not a typed-rows file
            assertThatThrownBy(() -> readRows(cut)).as("cut at %d of %d bytes", keep, bytes.length)
                    .hasMessageContaining(cut.toString()).hasMessageContaining(keep < 4 ? "typed-rows" : "truncated");
        }
    }

    @Test
    void aTypedColumnsLz4FileCutShortFailsNamingTheFile() throws IOException {
        Path whole = columnsFile(Files.createDirectories(tmp.resolve("columns")), true);
        byte[] bytes = Files.readAllBytes(whole);
        for (long keep : cuts(bytes.length)) {
            Path cut = tmp.resolve("cut-" + keep).resolve(whole.getFileName());
            Files.createDirectories(cut.getParent());
            Files.write(cut, Arrays.copyOf(bytes, (int) keep));
            assertThatThrownBy(() -> readColumns(cut)).as("cut at %d of %d bytes", keep, bytes.length)
                    .hasMessageContaining(cut.toString());
        }
    }

    @Test
    void aDamagedLz4FileFailsItsChecksumNamingTheFile() throws IOException {
        Path f = rowsFile(Files.createDirectories(tmp.resolve("rows")), true);
        byte[] bytes = Files.readAllBytes(f);
        // the last 4 bytes are the content checksum: a wrong one keeps every block readable
        bytes[bytes.length - 2] ^= 0x5a;
        Files.write(f, bytes);
        assertThatThrownBy(() -> readRows(f)).hasMessageContaining(f.toString()).hasMessageContaining("lz4")
                .hasMessageContaining("damaged");
    }

    @Test
    void anyOneDamagedByteOfAnLz4FileFailsAsDamageNamingTheFile() throws IOException {
        // a block's checksum, the content's, or the reader finding a value that cannot be: never another error
        for (int kind = 0; kind < 4; kind++) {
            boolean columns = kind % 2 == 1;
            boolean compressBlocks = kind < 2;
            Path whole = columns ? columnsFile(Files.createDirectories(tmp.resolve("c" + kind)), true, compressBlocks)
                    : rowsFile(Files.createDirectories(tmp.resolve("r" + kind)), true, compressBlocks);
            byte[] bytes = Files.readAllBytes(whole);
            for (int at = 0; at < bytes.length; at += Math.max(1, bytes.length / 60)) {
                Path f = tmp.resolve("damaged-" + kind + "-" + at).resolve(whole.getFileName());
                Files.createDirectories(f.getParent());
                byte[] damaged = bytes.clone();
                damaged[at] ^= 0x5a;
                Files.write(f, damaged);
                assertThatThrownBy(() -> {
                    if (columns) {
                        readColumns(f);
                    } else {
                        readRows(f);
                    }
                }).as("byte %d of %d, blocks compressed: %s", at, bytes.length, compressBlocks)
                        .isInstanceOf(DamagedFileException.class)
                        .hasMessageContaining(f.toString());
            }
        }
    }

    @Test
    void aDamagedBlockSizeOfAnUncompressedFrameFailsAsDamageNamingTheFile() throws IOException {
        // the size field says how to read the block: stored taken as compressed, or the other way round
        for (boolean compressBlocks : new boolean[] {true, false}) {
            Path whole = rowsFile(Files.createDirectories(tmp.resolve("size-" + compressBlocks)), true, compressBlocks);
            byte[] bytes = Files.readAllBytes(whole);
            for (int at = 7; at < 11; at++) {
                for (int flip : new int[] {0x80, 0x5a, 0x01}) {
                    Path f = tmp.resolve("size-" + compressBlocks + "-" + at + "-" + flip).resolve(whole.getFileName());
                    Files.createDirectories(f.getParent());
                    byte[] damaged = bytes.clone();
                    damaged[at] ^= (byte) flip;
                    Files.write(f, damaged);
                    assertThatThrownBy(() -> readRows(f)).as("byte %d ^ %x, blocks compressed: %s", at, flip,
                            compressBlocks).isInstanceOf(DamagedFileException.class).hasMessageContaining(f.toString());
                }
            }
        }
    }

    @Test
    void aColumnHeaderNoWriterWritesIsDamageInAnUncompressedFileToo() throws IOException {
        Path f = columnsFile(Files.createDirectories(tmp.resolve("plain-header")), false);
        byte[] bytes = Files.readAllBytes(f);
        byte[] id = {2, 'i', 'd', 6, 'b', 'i', 'g', 'i', 'n', 't'};
        int at = -1;
        for (int i = 0; i + id.length <= bytes.length && at < 0; i++) {
            at = Arrays.equals(bytes, i, i + id.length, id, 0, id.length) ? i + id.length : -1;
        }
        assertThat(at).as("the id column's flags").isPositive();
        bytes[at] |= 4; // "has a precision", and the precision that follows is 0, which no column has
        Files.write(f, bytes);
        assertThatThrownBy(() -> readColumns(f)).isInstanceOf(DamagedFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("corrupt");
    }

    @Test
    void aFailureToReadTheFilesBytesStaysAnIoErrorNotDamage() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("a-folder"));
        assertThatThrownBy(() -> {
            try (java.io.InputStream in = FileCodecs.openInput(folder)) {
                in.read();
            }
        }).isInstanceOf(IOException.class).isNotInstanceOf(DamagedFileException.class);
    }

    @Test
    void aGzipFileCutShortFailsNamingTheFile() throws IOException {
        Path gz = asOlderBuildWroteIt(rowsFile(Files.createDirectories(tmp.resolve("rows")), true));
        byte[] bytes = Files.readAllBytes(gz);
        for (long keep : new long[] {5, bytes.length / 2, bytes.length - 4}) {
            Path cut = tmp.resolve("gzcut-" + keep).resolve(gz.getFileName());
            Files.createDirectories(cut.getParent());
            Files.write(cut, Arrays.copyOf(bytes, (int) keep));
            assertThatThrownBy(() -> readRows(cut)).as("cut at %d of %d bytes", keep, bytes.length)
                    .hasMessageContaining(cut.toString());
        }
    }

    @Test
    void theCodecNamesParseBothWays() {
        assertThat(JobFileName.parse("t.0a1b2c3d4e.0.typed-rows.lz4").fileName()).isEqualTo("t.0a1b2c3d4e.0.typed-rows.lz4");
        assertThat(JobFileName.parse("t.0a1b2c3d4e.0.typed-rows.lz4").jobId()).isEqualTo("t.0a1b2c3d4e.typed-rows.lz4");
        assertThat(JobFileName.parse("t.0a1b2c3d4e.0.typed-rows.gz").codec()).contains(Compression.Codec.GZIP);
        assertThat(JobFileName.parse("t.0a1b2c3d4e.0.typed-rows").codec()).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> JobFileName.parse("t.0a1b2c3d4e.0.typed-rows.zst"))
                .hasMessageContaining("is not a job file name");
    }
}
