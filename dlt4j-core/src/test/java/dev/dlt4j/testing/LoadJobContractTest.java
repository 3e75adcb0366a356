package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.WriteDisposition;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.spi.DestinationTerminalException;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.spi.LoadJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link LoadJob} of a destination that marks jobs, on the real database: what {@code run} loads
 * is invisible until {@code commit}, which makes the rows and the job marker visible together;
 * {@code abort} leaves neither, also after a failed run. Readers are other connections.
 */
public abstract class LoadJobContractTest {
    private static final String LOAD_ID = "1700000000.123456";
    private static final Table EVENTS = Table.root("events", "events", WriteDisposition.APPEND)
            .withColumn(Column.of("id", DataType.BIGINT)).withColumn(Column.of("name", DataType.TEXT));

    @TempDir
    protected Path tmp;

    protected abstract Destination destination();

    /** A dataset no other test uses (the subclass drops it afterwards). */
    protected abstract String dataset(String name);

    /** Rows of {@code table} in {@code dataset}, read on a connection of the test's own. */
    protected abstract long count(String dataset, String table);

    private DestinationClient open(String dataset) {
        DestinationClient client = destination().open(new DestinationContext("jobs", dataset, tmp, tmp));
        client.initializeStorage();
        client.migrate(Schema.empty("jobs").withTable(EVENTS), List.of(EVENTS));
        client.beginLoad(Schema.empty("jobs").withTable(EVENTS), LOAD_ID);
        return client;
    }

    private Path csv(JobFileName job, String content) throws IOException {
        return Files.writeString(tmp.resolve(job.fileName()), content);
    }

    private void assertNothingVisible(DestinationClient client, String dataset) {
        assertThat(count(dataset, "events")).as("rows of events").isZero();
        assertThat(client.completedJobs(LOAD_ID)).as("job markers").isEmpty();
    }

    @Test
    void commitMakesTheRowsAndTheJobMarkerVisibleTogether() throws IOException {
        String dataset = dataset("commit");
        JobFileName name = JobFileName.create("events", "csv", false);
        Path file = csv(name, "id,name\n1,a\n2,b\n3,c\n");
        try (DestinationClient client = open(dataset); LoadJob job = client.newLoadJob(EVENTS, name, file, LOAD_ID)) {
            assertThat(job.run()).isEqualTo(3);
            assertNothingVisible(client, dataset);

            job.commit();
            assertThat(count(dataset, "events")).isEqualTo(3);
            assertThat(client.completedJobs(LOAD_ID)).containsExactly(name.jobId());

            job.abort(); // after a commit: nothing to undo
            assertThat(count(dataset, "events")).isEqualTo(3);
        }
    }

    @Test
    void abortLeavesNoRowsAndNoMarkerAndTheJobCanRunAgain() throws IOException {
        String dataset = dataset("abort");
        JobFileName name = JobFileName.create("events", "csv", false);
        Path file = csv(name, "id,name\n1,a\n2,b\n");
        try (DestinationClient client = open(dataset)) {
            try (LoadJob job = client.newLoadJob(EVENTS, name, file, LOAD_ID)) {
                assertThat(job.run()).isEqualTo(2);
                job.abort();
                job.abort();
            }
            assertNothingVisible(client, dataset);

            try (LoadJob retry = client.newLoadJob(EVENTS, name.withRetry(1), file, LOAD_ID)) {
                assertThat(retry.run()).isEqualTo(2);
                retry.commit();
            }
            assertThat(count(dataset, "events")).isEqualTo(2);
            assertThat(client.completedJobs(LOAD_ID)).containsExactly(name.jobId());
        }
    }

    @Test
    void aFailedRunIsAbortedSafelyAndLeavesNothing() throws IOException {
        String dataset = dataset("failed");
        JobFileName name = JobFileName.create("events", "csv", false);
        Path file = csv(name, "id,name\n1,a\nnot a number,b\n");
        try (DestinationClient client = open(dataset)) {
            try (LoadJob job = client.newLoadJob(EVENTS, name, file, LOAD_ID)) {
                assertThatThrownBy(job::run).isInstanceOf(DestinationTerminalException.class)
                        .hasMessageContaining(name.fileName()).hasMessageContaining("events");
                job.abort();
            }
            assertNothingVisible(client, dataset);
        }
    }

    @Test
    void aJobClosedWithoutCommitLeavesNothing() throws IOException {
        String dataset = dataset("closed");
        JobFileName name = JobFileName.create("events", "csv", false);
        Path file = csv(name, "id,name\n1,a\n");
        try (DestinationClient client = open(dataset)) {
            try (LoadJob job = client.newLoadJob(EVENTS, name, file, LOAD_ID)) {
                assertThat(job.run()).isEqualTo(1);
            }
            assertNothingVisible(client, dataset);
        }
    }
}
