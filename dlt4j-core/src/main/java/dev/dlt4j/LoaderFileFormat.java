package dev.dlt4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats of load job files, named as dlt names them; text formats are gzip'd unless disabled. */
public enum LoaderFileFormat {
    JSONL("jsonl", true),
    CSV("csv", true),
    INSERT_VALUES("insert_values", true),
    PARQUET("parquet", false);

    private final String extension;
    private final boolean text;

    LoaderFileFormat(String extension, boolean text) {
        this.extension = extension;
        this.text = text;
    }

    public String extension() {
        return extension;
    }

    /** Text formats are compressed by default; binary ones never. */
    public boolean compressible() {
        return text;
    }

    public static LoaderFileFormat fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (LoaderFileFormat f : values()) {
            if (f.extension.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown loader file format '" + name + "'; allowed: "
                + Arrays.stream(values()).map(LoaderFileFormat::extension).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return extension;
    }
}
