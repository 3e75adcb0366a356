package dev.dlt4j.extract;

import dev.dlt4j.spi.Compression;
import dev.dlt4j.storage.RowFileWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes extracted files exactly as the extract stage does, for the JMH benchmarks of other packages. */
public final class BenchFiles {
    private BenchFiles() {
    }

    public static void write(Path file, List<Map<String, Object>> rows, String table, boolean compress)
            throws IOException {
        RowFileWriter w = new RowFileWriter();
        try (OutputStream out = dev.dlt4j.storage.BenchCodecs.open(Files.newOutputStream(file),
                compress ? java.util.Optional.of(Compression.EXTRACTED_FILES) : java.util.Optional.empty())) {
            w.startFile(out);
            encode(rows, w, table);
            w.writeBuffered(out);
            w.endFile(out);
        }
    }

    static void encode(List<Map<String, Object>> rows, RowFileWriter w, String table) {
        for (Map<String, Object> row : rows) {
            ValueEncoder.encodeRow(row, w, table);
        }
    }
}
