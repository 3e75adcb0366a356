package dev.dlt4j.source.filesystem;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.BufferedInputStream;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The rows of one open file, a page at a time: {@link #next()} reads at most one page from the
 * file, so memory is one page whatever the file's size. Closed by whoever opened it, on every path.
 */
interface FileRows extends Iterator<List<Map<String, Object>>>, Closeable {

    /** The file opened for reading, gunzipped when its first two bytes are gzip's magic ({@code 1f 8b}). */
    static InputStream open(FileItem file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file.path()), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    /** True when the file starts with gzip's magic bytes (its name aside). */
    static boolean isGzip(FileItem file) throws IOException {
        try (InputStream in = Files.newInputStream(file.path())) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
