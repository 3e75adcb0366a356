package dev.dlt4j.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.SchemaJson;
import dev.dlt4j.spi.CompletedLoad;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state files of one pipeline are pruned by their parsed pipeline name, as dlt does: pipeline
 * {@code shop} must never prune the files of pipeline {@code shop__1001} in the same dataset (a name
 * prefix), or that pipeline's restore finds no state and its cursors start over.
 */
class StatePruneReviewTest {
    @TempDir
    Path tmp;

    private static CompletedLoad load(String pipeline, String loadId) {
        Schema schema = Schema.empty("shop");
        return new CompletedLoad(loadId, schema, SchemaJson.toJsonString(schema), pipeline, 1, "blob-" + loadId,
                "hash" + loadId.replace(".", ""), "row" + loadId.replace(".", ""), Instant.now(), true);
    }

    @Test
    void pruningThePipelinesStateFilesLeavesAnotherPipelineWhoseNameItPrefixes() {
        Path lake = tmp.resolve("lake");
        try (DestinationClient client = FilesystemDestination.at(lake).open(new DestinationContext("shop", "shop_data",
                tmp, tmp))) {
            client.initializeStorage();
            client.completeLoad(load("shop__1001", "1700000000.000"));
            for (int i = 1; i <= FilesystemClient.MAX_STATE_FILES; i++) {
                client.completeLoad(load("shop", "1700000000." + String.format("%03d", i)));
            }
            assertThat(client.storedState("shop__1001")).as("shop__1001's only state file is not shop's to prune")
                    .hasValueSatisfying(s -> assertThat(s.loadId()).isEqualTo("1700000000.000"));
            assertThat(client.storedState("shop")).hasValueSatisfying(s -> assertThat(s.loadId())
                    .isEqualTo("1700000000.100"));
        }
    }
}
