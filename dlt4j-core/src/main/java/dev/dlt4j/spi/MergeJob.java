package dev.dlt4j.spi;

import dev.dlt4j.MergeStrategy;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import java.time.Instant;
import java.util.List;

/**
 * The follow-up of a table chain loaded into the staging dataset: for {@code merge} the
 * destination moves the rows into the dataset with the table's strategy; for a {@code replace}
 * with {@code insert-from-staging} ({@code replace} true) it swaps the chain's rows. Either way in
 * one transaction. {@code boundary} is the package creation time, the validity boundary of scd2.
 */
public record MergeJob(String loadId, Schema schema, Table root, List<Table> chain, MergeStrategy strategy,
        Instant boundary, boolean replace) {
    public MergeJob {
        chain = List.copyOf(chain);
    }

    /** The id under which the destination records the merge as done (see {@link DestinationClient#completedJobs}). */
    public String jobId() {
        return root.name() + (replace ? ".replace" : ".merge");
    }

    public List<Table> children() {
        return chain.stream().filter(t -> !t.name().equals(root.name())).toList();
    }
}
