package dev.dlt4j.source.filesystem;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A property of the file a row was read from, added to each row as a column on request
 * ({@link FilesystemSource#fileColumns}); the column names are dlt's {@code FileItem} keys.
 */
public enum FileColumn {
    FILE_URL("file_url"),
    FILE_NAME("file_name"),
    RELATIVE_PATH("relative_path"),
    MODIFICATION_DATE("modification_date"),
    SIZE_IN_BYTES("size_in_bytes");

    private final String columnName;

    FileColumn(String columnName) {
        this.columnName = columnName;
    }

    /** The column's name in the table, e.g. {@code modification_date}. */
    public String columnName() {
        return columnName;
    }

    Object valueOf(FileItem file) {
        return switch (this) {
            case FILE_URL -> file.fileUrl();
            case FILE_NAME -> file.fileName();
            case RELATIVE_PATH -> file.relativePath();
            case MODIFICATION_DATE -> file.modificationDate();
            case SIZE_IN_BYTES -> file.sizeInBytes();
        };
    }

    /**
     * The column of that name.
     *
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static FileColumn named(String name) {
        for (FileColumn c : values()) {
            if (c.columnName.equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown file column '" + name + "'; allowed: " + allowed());
    }

    static String allowed() {
        return Arrays.stream(values()).map(FileColumn::columnName).collect(Collectors.joining(", "));
    }
}
