package dev.dlt4j.source.filesystem;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a file's rows are read. Unless set on the source, each file's format comes from its name
 * ({@code .csv}, {@code .jsonl}/{@code .ndjson}, {@code .parquet}, each optionally {@code .gz});
 * whether a file is gzip'd is read from its first bytes, not from its name.
 */
public enum FileFormat {
    /** Comma-separated values with a header line (RFC 4180 quoting). */
    CSV("csv"),
    /** One JSON object per line. */
    JSONL("jsonl"),
    /** Apache Parquet, read one row group at a time. */
    PARQUET("parquet");

    private final String settingName;

    FileFormat(String settingName) {
        this.settingName = settingName;
    }

    /** The name used in settings and on the command line: {@code csv}, {@code jsonl}, {@code parquet}. */
    public String settingName() {
        return settingName;
    }

    /**
     * The format of that name ({@code csv}, {@code jsonl}, {@code parquet}).
     *
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static FileFormat named(String name) {
        for (FileFormat f : values()) {
            if (f.settingName.equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown file format '" + name + "'; allowed: " + allowed());
    }

    static String allowed() {
        return Arrays.stream(values()).map(FileFormat::settingName).collect(Collectors.joining(", "));
    }

    /** The format a file name says, ignoring a trailing {@code .gz}; empty when it says none. */
    static Optional<FileFormat> ofFileName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
            return Optional.of(JSONL);
        }
        if (n.endsWith(".parquet") || n.endsWith(".pq")) {
            return Optional.of(PARQUET);
        }
        return Optional.empty();
    }
}
