package dev.dlt4j.spi;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/**
 * gzip for job and extracted files. Level 1: on this machine gzip's default level costs twice as
 * much CPU for a few percent smaller files (../shared/bench/MEASURED.md), and any gzip reader reads
 * either. Deflating runs on a background thread ({@link BackgroundGzipOutputStream}).
 */
public final class Compression {
    private static final int BUFFER = 1 << 16;

    private Compression() {
    }

    public static OutputStream open(OutputStream raw, boolean gzip) throws IOException {
        if (!gzip) {
            return new BufferedOutputStream(raw, BUFFER);
        }
        return new BackgroundGzipOutputStream(raw);
    }

    public static InputStream openInput(InputStream raw, boolean gzip) throws IOException {
        return gzip ? new GZIPInputStream(raw, BUFFER) : raw;
    }

    /** True when the file starts with gzip's magic bytes. */
    public static boolean isGzip(java.nio.file.Path file) throws IOException {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
