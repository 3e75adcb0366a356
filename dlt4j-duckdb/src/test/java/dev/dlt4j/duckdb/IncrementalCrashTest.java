package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Incremental;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineState;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.spi.CrashPointHook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An incremental run killed like {@code kill -9} (a child JVM halted at a crash point, no cleanup)
 * after its package was extracted, after it was normalized, and in the middle of its load: the
 * cursor it advanced lives only in that pending package, so the next run loads the package first
 * and continues from its cursor. Every row is loaded exactly once and the stored cursor (last value
 * and boundary hashes) is the one three uninterrupted runs leave.
 */
class IncrementalCrashTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    @TempDir
    Path tmp;

    static Pipeline pipeline(Path dir) {
        return DuckDbTesting.pipeline(dir, "ic").build();
    }

    /** Orders 1..n in pages of 4; three share each updated_at, so each run ends inside a group. */
    static Source orders(int n) {
        Resource r = Resource.fromIterator("orders", () -> {
            List<Object> pages = new ArrayList<>();
            for (int from = 1; from <= n; from += 4) {
                pages.add(IntStream.rangeClosed(from, Math.min(n, from + 3)).mapToObj(i -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", i);
                    row.put("updated_at", T0.plusSeconds(i / 3));
                    return row;
                }).toList());
            }
            return pages.iterator();
        }).incremental(Incremental.on("updated_at").initial(T0));
        return Source.of("shop", r);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cursor(PipelineState state) {
        return (Map<String, Object>) ((Map<String, Object>) state.resourceState("shop", "orders").get("incremental"))
                .get("updated_at");
    }

    @ParameterizedTest
    @ValueSource(strings = {"extract.after_commit", "normalize.after_commit", "job.new_to_started.after"})
    void aKilledRunThatAdvancedTheCursorIsFinishedAndEveryRowLoadsOnce(String point) throws Exception {
        pipeline(tmp).run(orders(10));
        assertThat(runChild(point)).as("the child halts at " + point + "; its log:\n" + logText())
                .isEqualTo(CrashPointHook.HALTED);

        Pipeline next = pipeline(tmp);
        assertThat(cursor(next.state())).as("the loaded cursor is still run 1's")
                .containsEntry("last_value", "\uF0272024-05-01T00:00:03+00:00");
        next.run(orders(30));

        assertThat(DuckDbTesting.query(db(), "SELECT id FROM ic_data.orders ORDER BY id"))
                .extracting(r -> ((Number) r.get("id")).longValue())
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
        assertThat(cursor(next.state())).isEqualTo(uninterrupted()).containsEntry("last_value",
                "\uF0272024-05-01T00:00:10+00:00");
    }

    private static Map<String, Object> uninterrupted;

    /** The cursor three uninterrupted runs (orders 1..10, 1..20, 1..30) store; made once. */
    private static synchronized Map<String, Object> uninterrupted() throws IOException {
        if (uninterrupted == null) {
            Path dir = Files.createTempDirectory("inc-crash-reference");
            try {
                Pipeline reference = pipeline(dir);
                for (int n : new int[] {10, 20, 30}) {
                    reference.run(orders(n));
                }
                uninterrupted = cursor(reference.state());
            } finally {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
        return uninterrupted;
    }

    private Path db() {
        return tmp.resolve("ic.duckdb");
    }

    private Path log() {
        return tmp.resolve("child.log");
    }

    private String logText() throws IOException {
        return ChildJvm.logText(log());
    }

    private int runChild(String point) throws Exception {
        return ChildJvm.run(IncrementalCrashTest.class, log(), tmp.toString(), point);
    }

    /** The child: {@code <dir> <point>} runs run 2 (orders 1..20) and halts the first time it reaches the point. */
    public static void main(String[] args) {
        CrashPointHook.haltAt(args[1], 1);
        pipeline(Path.of(args[0])).run(orders(20));
        System.exit(0);
    }
}
