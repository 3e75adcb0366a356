package dev.dlt4j.storage;

/**
 * What the writer of a job file put in it: its rows and its size on disk. Recorded in the package
 * when the file is written (extract for extracted files, normalize for load jobs) and checked by
 * the stage that reads it, so a file truncated or replaced in between is found, not loaded short.
 */
public record JobCount(long rows, long bytes) {
    public JobCount {
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("a job file cannot hold " + rows + " rows in " + bytes + " bytes");
        }
    }
}
