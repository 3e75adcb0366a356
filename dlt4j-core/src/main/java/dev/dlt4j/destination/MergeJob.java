package dev.dlt4j.destination;

import dev.dlt4j.schema.MergeStrategy;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import java.time.Instant;
import java.util.List;

/**
 * The follow-up of a {@code merge} table chain: its rows are in the staging dataset; the
 * destination moves them into the dataset with the table's strategy, in one transaction.
 * {@code boundary} is the package creation time, used by {@code scd2} as validity boundary.
 */
public record MergeJob(String loadId, Schema schema, Table root, List<Table> chain, MergeStrategy strategy,
        Instant boundary) {
    public MergeJob {
        chain = List.copyOf(chain);
    }

    /** The id under which the destination records the merge as done (see {@link DestinationClient#completedJobs}). */
    public String jobId() {
        return root.name() + ".merge";
    }

    public List<Table> children() {
        return chain.stream().filter(t -> !t.name().equals(root.name())).toList();
    }
}
