package dev.dlt4j.source.filesystem;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One listed file, with dlt's {@code FileItem} fields ({@code dlt/common/storages/fsspec_filesystem.py}):
 * {@code file_url} (the key), {@code file_name} (the last path part), {@code relative_path} (to the
 * bucket url, with {@code /}), {@code mime_type}, {@code encoding} ({@code gzip} for {@code .gz}),
 * {@code modification_date} and {@code size_in_bytes}.
 */
record FileItem(Path path, String fileUrl, String fileName, String relativePath, String mimeType,
        Optional<String> encoding, Instant modificationDate, long sizeInBytes) {

    /** The listing row of the files resource, keys in dlt's order. */
    Map<String, Object> toRow() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("file_url", fileUrl);
        row.put("file_name", fileName);
        row.put("relative_path", relativePath);
        row.put("mime_type", mimeType);
        row.put("encoding", encoding.orElse(null));
        row.put("modification_date", modificationDate);
        row.put("size_in_bytes", sizeInBytes);
        return row;
    }
}
