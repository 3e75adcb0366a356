package dev.dlt4j.extract;

import dev.dlt4j.storage.RowFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes extracted files exactly as the extract stage does, for the JMH benchmarks of other packages. */
public final class BenchFiles {
    private BenchFiles() {
    }

    public static void write(Path file, List<Map<String, Object>> rows, String table, boolean compress)
            throws IOException {
        try (RowFileWriter w = new RowFileWriter(file, compress)) {
            encode(rows, w, table);
            w.flush();
        }
    }

    static void encode(List<Map<String, Object>> rows, RowFileWriter w, String table) {
        for (Map<String, Object> row : rows) {
            ValueEncoder.encodeRow(row, w, table);
        }
    }
}
