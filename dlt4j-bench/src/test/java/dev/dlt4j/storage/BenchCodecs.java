package dev.dlt4j.storage;

import dev.dlt4j.spi.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;

/** The extract stage's file streams ({@link FileCodecs}, package-private) for the benchmarks of other packages. */
public final class BenchCodecs {
    private BenchCodecs() {
    }

    public static OutputStream open(OutputStream raw, Optional<Compression.Codec> codec) throws IOException {
        return FileCodecs.open(raw, codec);
    }

    public static InputStream openInput(Path file) throws IOException {
        return FileCodecs.openInput(file);
    }
}
