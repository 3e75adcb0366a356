package dev.dlt4j.storage;

/** The folder of a load package a job file sits in. */
public enum JobState {
    NEW("new_jobs"),
    STARTED("started_jobs"),
    COMPLETED("completed_jobs"),
    FAILED("failed_jobs");

    private final String folder;

    JobState(String folder) {
        this.folder = folder;
    }

    public String folder() {
        return folder;
    }
}
