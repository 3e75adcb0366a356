package dev.dlt4j.spi;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The name of a job file, {@code <table>.<file_id>.<retry_count>.<format>[.gz]}, as dlt names it;
 * the job id is the same without the retry count. Extracted files (internal to dlt4j) are named
 * the same way with their own codec's suffix: {@code <table>.<file_id>.0.typed-rows.lz4}
 * ({@link Compression#EXTRACTED_FILES}); a job file a destination reads is plain or {@code .gz}.
 */
public record JobFileName(String table, String fileId, int retryCount, String format,
        Optional<Compression.Codec> codec) {

    public JobFileName {
        if (table.contains(".")) {
            throw new IllegalArgumentException("table name '" + table + "' cannot contain '.' in a job file name");
        }
        try {
            // the longest name built from it: a failed job's exception file
            SafePaths.segment(table, "." + fileId + "." + retryCount + "." + format + suffix(codec)
                    + FAILED_SUFFIX, "table name");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (a nested table's name joins its parents' names"
                    + " with '__': shorten the resource or field names, or set max_table_nesting)", e);
        }
    }

    /** A job file's name, gzip'd ({@link Compression#JOB_FILES}) or plain. */
    public JobFileName(String table, String fileId, int retryCount, String format, boolean compressed) {
        this(table, fileId, retryCount, format, compressed ? Optional.of(Compression.JOB_FILES) : Optional.empty());
    }

    /** Appended to a failed job's file name for the file holding its exception. */
    public static final String FAILED_SUFFIX = ".exception";

    /** A new job file name with a random 10-hex-digit file id, gzip'd or plain. */
    public static JobFileName create(String table, String format, boolean compressed) {
        return new JobFileName(table, newFileId(), 0, format, compressed);
    }

    /** A new file name with a random 10-hex-digit file id, in {@code codec} (plain when empty). */
    public static JobFileName create(String table, String format, Optional<Compression.Codec> codec) {
        return new JobFileName(table, newFileId(), 0, format, codec);
    }

    public static String newFileId() {
        return String.format(Locale.ROOT, "%010x", ThreadLocalRandom.current().nextLong(1L << 40));
    }

    public static JobFileName parse(String fileName) {
        String[] parts = fileName.split("\\.");
        Optional<Compression.Codec> codec = parts.length == 5 ? Compression.Codec.bySuffix(parts[4]) : Optional.empty();
        if (parts.length != 4 && codec.isEmpty()) {
            throw new IllegalArgumentException("'" + fileName
                    + "' is not a job file name <table>.<file_id>.<retry_count>.<format>[.gz|.lz4]");
        }
        try {
            return new JobFileName(parts[0], parts[1], Integer.parseInt(parts[2]), parts[3], codec);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + fileName + "' has a retry count that is not a number", e);
        }
    }

    /**
     * True when the file is compressed. A job file a destination reads is never LZ4 (only extracted
     * files are), so for a destination this means gzip'd.
     */
    public boolean compressed() {
        return codec.isPresent();
    }

    private static String suffix(Optional<Compression.Codec> codec) {
        return codec.map(c -> "." + c.suffix()).orElse("");
    }

    public String fileName() {
        return table + "." + fileId + "." + retryCount + "." + format + suffix(codec);
    }

    public String jobId() {
        return table + "." + fileId + "." + format + suffix(codec);
    }

    public JobFileName withRetry(int retry) {
        return new JobFileName(table, fileId, retry, format, codec);
    }

    @Override
    public String toString() {
        return fileName();
    }
}
