package dev.dlt4j.normalize;

import static dev.dlt4j.testing.ParityCase.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PipelineStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Colliding keys, normalized into real jsonl job files: the job lines and the warnings. Values are
 * given as the extracted-file reader hands them over (integers as {@code Long}).
 */
class RelationalNormalizerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void collidingKeysWriteOneValueAndWarnOncePerTableAndName() throws IOException {
        LoadPackage pkg = new PipelineStorage(tmp).newLoadPackage("1");
        RelationalNormalizer n = new RelationalNormalizer(Schema.empty("s"), NamingConvention.snakeCase(), "1",
                table -> JobFileWriter.of(pkg, LoaderFileFormat.JSONL, table, DataWriterConfig.DEFAULTS.withDisableCompression(true)));
        n.normalizeRoot("t", row("a b", 1L, "a_b", 2L, "_dlt_load_id", "mine"));
        n.normalizeRoot("t", row("a b", 3L, "a_b", 4L, "_dlt_load_id", "mine"));
        n.normalizeRoot("t", row("A", 5L, "a", 6L, "x", row("y", 7L), "x__y", 8L, "l x", List.of(1L), "l_x",
                List.of(2L)));
        n.normalizeRoot("u", row("a b", 1L, "a_b", 2L));
        List<JobFileName> files = new ArrayList<>();
        for (TableFileWriter w : n.openWriters()) {
            w.close();
            files.addAll(w.files());
        }

        assertThat(n.warnings()).containsExactly(
                "table t: the row keys 'a b' and 'a_b' both map to column a_b; the last value wins, as in dlt",
                "table t: the row key '_dlt_load_id' is dlt's system column _dlt_load_id; dlt's value replaces it",
                "table t: the row keys 'A' and 'a' both map to column a; the last value wins, as in dlt",
                "table t: the row keys 'l x' and 'l_x' both map to child table t__l_x; the last value wins, as in dlt",
                "table t: the row keys 'x__y' and 'x.y' both map to column x__y; the last value wins, as in dlt",
                "table u: the row keys 'a b' and 'a_b' both map to column a_b; the last value wins, as in dlt");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(pkg.jobPath(JobState.NEW, files.get(0)))) {
            lines.add(MAPPER.readTree(line));
        }
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("a_b").asLong()).isEqualTo(2);
        assertThat(lines.get(0).get("_dlt_load_id").asText()).isEqualTo("1");
        assertThat(lines.get(1).get("a_b").asLong()).isEqualTo(4);
        assertThat(lines.get(2).get("a").asLong()).isEqualTo(6);
        assertThat(lines.get(2).get("x__y").asLong()).isEqualTo(7);
    }
}
