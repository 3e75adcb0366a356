package dev.dlt4j.load;

import java.time.Duration;
import java.util.List;

/** What loading one package did: jobs completed and failed (with messages), and how long it took. */
public record LoadResult(String loadId, int completedJobs, List<String> failedJobs, Duration elapsed) {
    public LoadResult {
        failedJobs = List.copyOf(failedJobs);
    }
}
