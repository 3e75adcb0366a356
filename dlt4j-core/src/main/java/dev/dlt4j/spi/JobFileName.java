package dev.dlt4j.spi;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The name of a job file, {@code <table>.<file_id>.<retry_count>.<format>[.gz]}, as dlt names it;
 * the job id is the same without the retry count.
 */
public record JobFileName(String table, String fileId, int retryCount, String format, boolean compressed) {

    public JobFileName {
        if (table.contains(".")) {
            throw new IllegalArgumentException("table name '" + table + "' cannot contain '.' in a job file name");
        }
        try {
            // the longest name built from it: a failed job's exception file
            SafePaths.segment(table, "." + fileId + "." + retryCount + "." + format + (compressed ? ".gz" : "")
                    + FAILED_SUFFIX, "table name");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (a nested table's name joins its parents' names"
                    + " with '__': shorten the resource or field names, or set max_table_nesting)", e);
        }
    }

    /** Appended to a failed job's file name for the file holding its exception. */
    public static final String FAILED_SUFFIX = ".exception";

    /** A new job file name with a random 10-hex-digit file id. */
    public static JobFileName create(String table, String format, boolean compressed) {
        return new JobFileName(table, newFileId(), 0, format, compressed);
    }

    public static String newFileId() {
        return String.format(Locale.ROOT, "%010x", ThreadLocalRandom.current().nextLong(1L << 40));
    }

    public static JobFileName parse(String fileName) {
        String[] parts = fileName.split("\\.");
        boolean gz = parts.length == 5 && parts[4].equals("gz");
        if (parts.length != 4 && !gz) {
            throw new IllegalArgumentException("'" + fileName
                    + "' is not a job file name <table>.<file_id>.<retry_count>.<format>[.gz]");
        }
        try {
            return new JobFileName(parts[0], parts[1], Integer.parseInt(parts[2]), parts[3], gz);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + fileName + "' has a retry count that is not a number", e);
        }
    }

    public String fileName() {
        return table + "." + fileId + "." + retryCount + "." + format + (compressed ? ".gz" : "");
    }

    public String jobId() {
        return table + "." + fileId + "." + format + (compressed ? ".gz" : "");
    }

    public JobFileName withRetry(int retry) {
        return new JobFileName(table, fileId, retry, format, compressed);
    }

    @Override
    public String toString() {
        return fileName();
    }
}
