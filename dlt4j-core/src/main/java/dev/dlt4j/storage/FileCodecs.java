package dev.dlt4j.storage;

import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.Compression.Codec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The streams of the codecs {@link Compression} chooses: gzip level 1 and LZ4 frames, both
 * compressed on a background thread ({@link BackgroundCompressingOutputStream}), and a reader that
 * finds a file's codec by its first bytes. LZ4 goes through the JNI library lz4-java ships for the
 * common platforms, or its pure-Java implementation where the library does not load (about 1.7×
 * the CPU, still half of gzip's).
 */
final class FileCodecs {
    private static final int BUFFER = 1 << 16;
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final XXHashFactory XXHASH = XXHashFactory.fastestInstance();

    private FileCodecs() {
    }

    /**
     * An LZ4 "compressor" that never compresses: {@link LZ4FrameOutputStream} writes a block it cannot make
     * smaller as it is (the frame format's uncompressed block, which every LZ4 frame reader reads) with its
     * checksum, so the frame keeps a compressed file's checks (a damaged block, a missing end) for the
     * CPU of the checksums and a few copies of the block.
     */
    private static final LZ4Compressor STORING = new LZ4Compressor() {
        @Override
        public int compress(byte[] src, int srcOff, int srcLen, byte[] dest, int destOff, int maxDestLen) {
            return srcLen;
        }

        @Override
        public int compress(ByteBuffer src, int srcOff, int srcLen, ByteBuffer dest, int destOff, int maxDestLen) {
            return srcLen;
        }
    };

    /** Opens a file's stream in {@code codec}, or plain (buffered) when empty. */
    static OutputStream open(OutputStream raw, Optional<Codec> codec) throws IOException {
        return open(raw, codec, true);
    }

    /**
     * Opens a file's stream in {@code codec}, or plain (buffered) when empty; with {@code compressBlocks}
     * false an LZ4 file is a frame of stored blocks: its checksums, uncompressed (gzip always compresses).
     */
    static OutputStream open(OutputStream raw, Optional<Codec> codec, boolean compressBlocks) throws IOException {
        if (codec.isEmpty()) {
            return new BufferedOutputStream(raw, BUFFER);
        }
        OutputStream compressor;
        try {
            compressor = switch (codec.get()) {
                case GZIP -> new GZIPOutputStream(raw, BUFFER) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                };
                // the content checksum costs ~0.03 CPU s per 100 MB and, with the frame's end mark, makes a
                // truncated or damaged file fail to read instead of reading as a shorter one; the block
                // checksums (4 bytes a 64 KiB block) make a damaged block fail before its bytes are decoded,
                // where the content checksum is checked only at the end
                case LZ4 -> new LZ4FrameOutputStream(raw, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, -1L,
                        compressBlocks ? LZ4.fastCompressor() : STORING, XXHASH.hash32(),
                        LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
                        LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM);
            };
        } catch (IOException | RuntimeException e) {
            // both write their header at once: a full disk fails here, and the caller never gets a stream to close
            try {
                raw.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        // a stored block costs its checksums and a few copies, less than handing it to another thread (measured:
        // through the background thread, uncompressed blocks saved nothing over compressed ones)
        return compressBlocks || codec.get() != Codec.LZ4 ? new BackgroundCompressingOutputStream(compressor, raw)
                : new FailureStops(compressor, raw);
    }

    /**
     * A frame writer used on the producer's thread, with {@link BackgroundCompressingOutputStream}'s
     * rules after a failure: once a write failed (any exception), every write, flush and close throws,
     * and close releases the file without finishing the frame (no end mark), so a file with bytes
     * missing never reads as a whole, shorter one; {@code raw} is closed in any case. As there, a
     * flush keeps the bytes in the frame's block until it is full or the file closes.
     */
    private static final class FailureStops extends OutputStream {
        private final OutputStream frame;
        private final OutputStream raw;
        private Throwable failure;
        private boolean closed;

        FailureStops(OutputStream frame, OutputStream raw) {
            this.frame = frame;
            this.raw = raw;
        }

        private void check() throws IOException {
            if (failure != null) {
                throw new IOException("an earlier write of this file failed: " + failure, failure);
            }
            if (closed) {
                throw new IOException("the file is closed");
            }
        }

        @Override
        public void write(int b) throws IOException {
            check();
            try {
                frame.write(b);
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check();
            try {
                frame.write(b, off, len);
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            // the frame's own flush would end a block at every append the writers flush (a block a row with
            // buffer_max_items = 1), each written with three system calls
            check();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            Throwable thrown = null;
            try {
                if (failure != null) {
                    thrown = new IOException("an earlier write of this file failed, so it is left unfinished: "
                            + failure, failure);
                } else {
                    frame.close(); // the last block, the end mark and the content checksum
                }
            } catch (IOException | RuntimeException | Error e) {
                failure = e;
                thrown = e;
            }
            try {
                raw.close();
            } catch (IOException | RuntimeException | Error e) {
                if (thrown == null) {
                    thrown = e;
                } else {
                    thrown.addSuppressed(e);
                }
            }
            if (thrown instanceof IOException io) {
                throw io;
            }
            if (thrown instanceof RuntimeException r) {
                throw r;
            }
            if (thrown instanceof Error err) {
                throw err;
            }
        }
    }

    /**
     * Reads {@code file}, decompressed by the codec its first bytes show (gzip, an LZ4 frame, else
     * plain), whatever its name says. A compressed file that ends early or fails its checksum throws
     * a {@link DamagedFileException} naming it; a failure to read the file's bytes stays the
     * {@link IOException} it is (it may not happen again).
     */
    static InputStream openInput(Path file) throws IOException {
        FileBytes bytes = new FileBytes(Files.newInputStream(file));
        BufferedInputStream in = new BufferedInputStream(bytes, BUFFER);
        Optional<Codec> codec = Optional.empty();
        try {
            codec = Compression.codecOf(in);
            if (codec.isEmpty()) {
                return in;
            }
            InputStream decoded = switch (codec.get()) {
                case GZIP -> new GZIPInputStream(in, BUFFER);
                case LZ4 -> new LZ4FrameInputStream(in, LZ4.safeDecompressor(), XXHASH.hash32());
            };
            return new Named(decoded, file, codec.get(), bytes);
        } catch (IOException e) {
            in.close();
            throw failed(e, file, codec, bytes);
        }
    }

    private static IOException failed(IOException e, Path file, Optional<Codec> codec, FileBytes bytes) {
        for (Throwable t = e; t != null && bytes.failure != null; t = t.getCause()) {
            if (t == bytes.failure) {
                return e; // reading the file failed, not decoding what was read
            }
        }
        String m = String.valueOf(e.getMessage());
        // an end of input inside a header, block or trailer, or a frame without its end mark
        boolean early = e instanceof EOFException || m.contains("ended prematurely") || m.contains("end of");
        String message = "cannot read " + codec.map(c -> c + " ").orElse("") + "file " + file
                + (early ? ": it is truncated" : ": it is damaged") + " (" + m + ")";
        return new DamagedFileException(message, e);
    }

    /** The file's own bytes, remembering a failure to read them (the decoder above passes it on). */
    private static final class FileBytes extends FilterInputStream {
        private IOException failure;

        FileBytes(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int available() throws IOException {
            try {
                return in.available();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** A decompressing stream whose failures name the file and its codec. */
    private static final class Named extends FilterInputStream {
        private final Path file;
        private final Codec codec;
        private final FileBytes bytes;

        Named(InputStream in, Path file, Codec codec, FileBytes bytes) {
            super(in);
            this.file = file;
            this.codec = codec;
            this.bytes = bytes;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw failed(e, file, Optional.of(codec), bytes);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw failed(e, file, Optional.of(codec), bytes);
            }
        }
    }
}
