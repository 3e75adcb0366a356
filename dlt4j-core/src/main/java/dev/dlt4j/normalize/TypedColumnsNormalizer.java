package dev.dlt4j.normalize;

import dev.dlt4j.Column;
import dev.dlt4j.storage.ColumnFileReader;
import dev.dlt4j.storage.ColumnFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The normalizer of {@code typed-columns} files (typed pages, scalar records and beans): reads the
 * file's columns once, then each row positionally into one reused array and hands it to the
 * relational normalizer, which normalizes the column names once per file and types, coerces and
 * evolves exactly as for the same values as a map. No map is built per row and no key or type tag
 * is read per value.
 */
final class TypedColumnsNormalizer implements ItemNormalizer {
    static final String FORMAT = ColumnFileWriter.FORMAT;

    @Override
    public long normalize(Path file, String table, RelationalNormalizer rows, Runnable progress) throws IOException {
        long n = 0;
        try (ColumnFileReader reader = new ColumnFileReader(file)) {
            String[] keys = reader.names();
            Map<String, Column> declared = new HashMap<>();
            for (Column c : reader.columns()) {
                declared.put(c.name(), c);
            }
            Object[] values = new Object[keys.length];
            while (reader.next(values)) {
                rows.normalizeRoot(table, keys, values, declared);
                if (++n % Normalizer.ROWS_PER_REPORT == 0) {
                    progress.run();
                }
            }
        }
        return n;
    }
}
