package dev.dlt4j.spi;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The codecs of job and extracted files, chosen here and nowhere else. Job files (what a
 * destination reads, and what the filesystem destination's users read) are gzip'd at level 1, as
 * dlt's are: gzip's default level costs twice as much CPU for a few percent smaller files
 * (../shared/bench/MEASURED.md), and any gzip reader reads either. Extracted files ({@code
 * typed-rows}, {@code typed-columns}: internal, written by extract and read once by normalize) are
 * LZ4 frames with block and content checksums: a third of gzip's CPU to write and read, for files about
 * 1.2-1.4× as large (docs/performance.md, "Extracted files' codec"); for a destination that loads its job
 * files plain (DuckDB, PostgreSQL) their blocks are stored uncompressed, the checksums kept
 * (docs/performance.md, "Seventh round"). {@code disable_compression = true} makes both plain. The
 * streams are {@code dev.dlt4j.storage.FileCodecs}'; readers of extracted files find the codec by the
 * file's first bytes, so packages an older build left (gzip) still read.
 */
public final class Compression {
    private static final int BUFFER = 1 << 16;

    /** A compressed file's codec; its name ends in {@code .<suffix>}. */
    public enum Codec {
        GZIP("gz"),
        LZ4("lz4");

        private final String suffix;

        Codec(String suffix) {
            this.suffix = suffix;
        }

        /** The file name's last part, without the dot: {@code gz}, {@code lz4}. */
        public String suffix() {
            return suffix;
        }

        /** The codec whose suffix is {@code suffix}, if any. */
        public static Optional<Codec> bySuffix(String suffix) {
            for (Codec c : values()) {
                if (c.suffix.equals(suffix)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The codec of job files when compression is on: gzip, as dlt's (destinations and users read them). */
    public static final Codec JOB_FILES = Codec.GZIP;
    /** The codec of extracted files when compression is on: LZ4 frames (internal; issue 17). */
    public static final Codec EXTRACTED_FILES = Codec.LZ4;

    private Compression() {
    }

    /** Reads a job file's stream, gzip'd or plain as its name says. */
    public static InputStream openInput(InputStream raw, boolean gzip) throws IOException {
        return gzip ? new GZIPInputStream(raw, BUFFER) : raw;
    }

    /** The codec {@code file}'s first bytes show: gzip ({@code 1f 8b}), an LZ4 frame ({@code 04 22 4d 18}), else none. */
    public static Optional<Codec> codecOf(Path file) throws IOException {
        try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 8)) {
            return codecOf(in);
        }
    }

    /** The codec the next bytes of {@code in} show, read and reset with a mark. */
    public static Optional<Codec> codecOf(BufferedInputStream in) throws IOException {
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Optional.of(Codec.GZIP);
        }
        if (head.length == 4 && head[0] == 0x04 && head[1] == 0x22 && head[2] == 0x4d && head[3] == 0x18) {
            return Optional.of(Codec.LZ4);
        }
        return Optional.empty();
    }

    /** True when the file starts with gzip's magic bytes. */
    public static boolean isGzip(Path file) throws IOException {
        return codecOf(file).equals(Optional.of(Codec.GZIP));
    }
}
