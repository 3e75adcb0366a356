package dev.dlt4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.spi.Compression.Codec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A compressed file that fails while it is written (a full disk, on the producer's thread or the
 * compressor's; an interrupted producer) throws on the producer, releases its file descriptor, and
 * is never finished as if it were whole: it does not read back as a complete file. {@code /dev/full}
 * gives the operating system's real "No space left on device".
 */
class CompressedStreamFailureTest {
    private static final Path FULL = Path.of("/dev/full");

    @TempDir
    Path tmp;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private static long openOnDevFull() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(FULL);
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // the listing's own descriptor, closed meanwhile
                }
            }).count();
        }
    }

    private static byte[] incompressible(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void aFileWhoseHeaderCannotBeWrittenIsClosed(Codec codec) throws IOException {
        long before = openOnDevFull();
        OutputStream raw = Files.newOutputStream(FULL);
        assertThatThrownBy(() -> FileCodecs.open(raw, Optional.of(codec))).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left");
        assertThat(openOnDevFull()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void aFullDiskOnTheCompressorThreadFailsTheProducerAndClosesTheFile(Codec codec) throws IOException {
        // the header fits the buffer; the first block that leaves it meets the full disk on the compressor thread
        fullDiskFailsTheWriterAndClosesTheFile(codec, true);
    }

    private static void fullDiskFailsTheWriterAndClosesTheFile(Codec codec, boolean compressBlocks) throws IOException {
        long before = openOnDevFull();
        OutputStream raw = new BufferedOutputStream(Files.newOutputStream(FULL), 1 << 16);
        OutputStream out = FileCodecs.open(raw, Optional.of(codec), compressBlocks);
        byte[] data = incompressible(1 << 20);
        assertThatThrownBy(() -> {
            try {
                for (int i = 0; i < 8; i++) {
                    out.write(data);
                }
            } finally {
                out.close();
            }
        }).isInstanceOf(IOException.class).hasStackTraceContaining("No space left");
        assertThat(openOnDevFull()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void anInterruptedWriteLeavesNoFileThatReadsAsWhole(Codec codec) throws IOException {
        Path file = tmp.resolve("t.0000000001.0.typed-rows." + codec.suffix());
        OutputStream out = FileCodecs.open(Files.newOutputStream(file), Optional.of(codec));
        byte[] data = incompressible(BackgroundCompressingOutputStream.CHUNK);
        out.write(data);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(InterruptedIOException.class);
        Thread.interrupted(); // the caller gives up on the file and closes it

        assertThatThrownBy(out::close).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> {
            try (InputStream in = FileCodecs.openInput(file)) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining(file.toString()).hasMessageContaining("truncated");
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void aWriteAfterAnInterruptedOneFailsAgain(Codec codec) throws IOException {
        Path file = tmp.resolve("t.0000000002.0.typed-rows." + codec.suffix());
        OutputStream out = FileCodecs.open(Files.newOutputStream(file), Optional.of(codec));
        out.write(incompressible(BackgroundCompressingOutputStream.CHUNK));
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(InterruptedIOException.class);
        Thread.interrupted();
        assertThatThrownBy(() -> out.write(new byte[10])).isInstanceOf(IOException.class);
        assertThatThrownBy(out::close).isInstanceOf(IOException.class);
    }

    @org.junit.jupiter.api.Test
    void anLz4FileOfUncompressedBlocksWhoseHeaderCannotBeWrittenIsClosed() throws IOException {
        long before = openOnDevFull();
        OutputStream raw = Files.newOutputStream(FULL);
        assertThatThrownBy(() -> FileCodecs.open(raw, Optional.of(Codec.LZ4), false)).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left");
        assertThat(openOnDevFull()).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void aFullDiskWhileStoringBlocksFailsTheWriteAndClosesTheFile() throws IOException {
        fullDiskFailsTheWriterAndClosesTheFile(Codec.LZ4, false); // on the producing thread
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void anLz4FileOfUncompressedBlocksThatFailedIsNeverFinishedAsWhole(boolean ioFailure) throws IOException {
        Path file = tmp.resolve("t.000000000" + (ioFailure ? 3 : 4) + ".0.typed-rows.lz4");
        // the file's stream fails once, on its third block: the disk was full for a moment, or a bug below
        OutputStream raw = new java.io.FilterOutputStream(Files.newOutputStream(file)) {
            private int writes;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes == 3) {
                    if (ioFailure) {
                        throw new IOException("No space left on device");
                    }
                    throw new IllegalStateException("No space left, unchecked");
                }
                out.write(b, off, len);
            }
        };
        OutputStream out = FileCodecs.open(raw, Optional.of(Codec.LZ4), false);
        byte[] data = incompressible(1 << 16);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 8; i++) {
                out.write(data);
            }
        }).isInstanceOf(ioFailure ? IOException.class : IllegalStateException.class)
                .hasMessageContaining("No space left");
        // the writer goes on as if it had not seen it: every later write and the close fail too
        assertThatThrownBy(() -> out.write(data)).isInstanceOf(IOException.class).hasMessageContaining("earlier");
        assertThatThrownBy(out::close).isInstanceOf(IOException.class).hasMessageContaining("unfinished");
        assertThatThrownBy(() -> {
            try (InputStream in = FileCodecs.openInput(file)) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining(file.toString()).hasMessageContaining("truncated");
    }
}
