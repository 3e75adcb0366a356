package dev.dlt4j.spi;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The codecs of job and extracted files, chosen here and nowhere else. Job files (what a
 * destination reads, and what the filesystem destination's users read) are gzip'd at level 1, as
 * dlt's are: gzip's default level costs twice as much CPU for a few percent smaller files
 * (../shared/bench/MEASURED.md), and any gzip reader reads either. Extracted files ({@code
 * typed-rows}, {@code typed-columns}: internal, written by extract and read once by normalize) are
 * LZ4 frames: a third of gzip's CPU to write and read for files about 1.4× as large
 * (docs/performance.md, "Extracted files' codec"). Compressing runs on a background thread
 * ({@link BackgroundCompressingOutputStream}). Readers of extracted files find the codec by the
 * file's first bytes ({@link #openInput(Path)}), so packages an older build left (gzip) still read.
 */
public final class Compression {
    private static final int BUFFER = 1 << 16;
    /** JNI when the native library loads (it ships in the jar for the common platforms), else pure Java. */
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final XXHashFactory XXHASH = XXHashFactory.fastestInstance();

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

    /** The codec of job files when compression is on: gzip, as dlt (destinations and users read them). */
    public static final Codec JOB_FILES = Codec.GZIP;
    /** The codec of extracted files when compression is on: LZ4 frames (internal; issue 17). */
    public static final Codec EXTRACTED_FILES = Codec.LZ4;

    private Compression() {
    }

    /** Opens a job file's stream: gzip'd ({@link #JOB_FILES}) or plain. */
    public static OutputStream open(OutputStream raw, boolean gzip) throws IOException {
        return open(raw, gzip ? Optional.of(JOB_FILES) : Optional.empty());
    }

    /** Opens a file's stream in {@code codec}, or plain (buffered) when empty. */
    public static OutputStream open(OutputStream raw, Optional<Codec> codec) throws IOException {
        if (codec.isEmpty()) {
            return new BufferedOutputStream(raw, BUFFER);
        }
        return new BackgroundCompressingOutputStream(switch (codec.get()) {
            case GZIP -> new GZIPOutputStream(raw, BUFFER) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
            // the content checksum costs ~0.03 CPU s per 100 MB and, with the frame's end mark, makes a
            // truncated or damaged file fail to read instead of reading as a shorter one
            case LZ4 -> new LZ4FrameOutputStream(raw, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, -1L,
                    LZ4.fastCompressor(), XXHASH.hash32(), LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                    LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM);
        });
    }

    /** Reads a job file's stream, gzip'd or plain as its name says. */
    public static InputStream openInput(InputStream raw, boolean gzip) throws IOException {
        return gzip ? new GZIPInputStream(raw, BUFFER) : raw;
    }

    /**
     * Reads {@code file}, decompressed by the codec its first bytes show: gzip ({@code 1f 8b}), an
     * LZ4 frame ({@code 04 22 4d 18}), else plain, whatever its name says. A file that ends early or
     * fails its checksum throws an {@link IOException} naming it ({@link EOFException} when it ends
     * early).
     */
    public static InputStream openInput(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            Optional<Codec> codec = detect(in);
            if (codec.isEmpty()) {
                return in;
            }
            InputStream decoded = switch (codec.get()) {
                case GZIP -> new GZIPInputStream(in, BUFFER);
                case LZ4 -> new LZ4FrameInputStream(in, LZ4.safeDecompressor(), XXHASH.hash32());
            };
            return new Named(decoded, file, codec.get());
        } catch (IOException e) {
            in.close();
            throw Named.failed(e, file, detectQuietly(file));
        }
    }

    /** The codec {@code file}'s first bytes show, if any. */
    public static Optional<Codec> codecOf(Path file) throws IOException {
        try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 8)) {
            return detect(in);
        }
    }

    /** True when the file starts with gzip's magic bytes. */
    public static boolean isGzip(Path file) throws IOException {
        return codecOf(file).equals(Optional.of(Codec.GZIP));
    }

    private static Optional<Codec> detectQuietly(Path file) {
        try {
            return codecOf(file);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Codec> detect(BufferedInputStream in) throws IOException {
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

    /** A decompressing stream whose failures name the file and its codec. */
    private static final class Named extends FilterInputStream {
        private final Path file;
        private final Codec codec;

        Named(InputStream in, Path file, Codec codec) {
            super(in);
            this.file = file;
            this.codec = codec;
        }

        static IOException failed(IOException e, Path file, Optional<Codec> codec) {
            String what = codec.map(c -> c + " ").orElse("");
            // an end of input in the middle of a frame or block, or a frame whose end mark is missing
            String m = String.valueOf(e.getMessage());
            boolean early = e instanceof EOFException || m.contains("ended prematurely") || m.contains("end of");
            String message = "cannot read " + what + "file " + file + (early ? ": it is truncated" : ": it is damaged")
                    + " (" + m + ")";
            IOException out = early ? new EOFException(message) : new IOException(message);
            out.initCause(e);
            return out;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw failed(e, file, Optional.of(codec));
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw failed(e, file, Optional.of(codec));
            }
        }
    }
}
