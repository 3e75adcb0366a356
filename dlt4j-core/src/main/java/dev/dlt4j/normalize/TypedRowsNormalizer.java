package dev.dlt4j.normalize;

import dev.dlt4j.storage.RowFileReader;
import dev.dlt4j.storage.RowFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The normalizer of {@code typed-rows} files (objects, as extract writes them): reads one row at a
 * time and hands it to the relational normalizer, so memory is one row whatever the file's size. The
 * reader reuses one array-backed map for the rows (no map built and hashed per row).
 */
final class TypedRowsNormalizer implements ItemNormalizer {
    static final String FORMAT = RowFileWriter.FORMAT;

    @Override
    public long normalize(Path file, String table, RelationalNormalizer rows, Runnable progress) throws IOException {
        long n = 0;
        try (RowFileReader reader = new RowFileReader(file)) {
            Map<String, Object> row;
            while ((row = reader.nextShared()) != null) { // done with each row before the next
                rows.normalizeRoot(table, row);
                if (++n % Normalizer.ROWS_PER_REPORT == 0) {
                    progress.run();
                }
            }
        }
        return n;
    }
}
