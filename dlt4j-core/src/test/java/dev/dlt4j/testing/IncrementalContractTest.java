package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.DataType;
import dev.dlt4j.Incremental;
import dev.dlt4j.IncrementalCursor;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.OnCursorValueMissing;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.RowOrder;
import dev.dlt4j.Source;
import dev.dlt4j.Transformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental loading end to end, as every destination must show it: runs of a pipeline named
 * {@code i} into dataset {@code i_data} (subclasses make the name unique and rewrite the SQL),
 * rows read back at the destination, the cursor read from the loaded state.
 */
public abstract class IncrementalContractTest {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");

    @TempDir
    protected Path tmp;

    /** A pipeline named {@code i} into the destination, dataset {@code i_data}. */
    protected abstract Pipeline.Builder builder();

    /** Rows of a query run at the destination (SQL names dataset {@code i_data}), column label to value. */
    protected abstract List<Map<String, Object>> query(String sql);

    private Pipeline pipeline() {
        return builder().build();
    }

    private List<Long> ids(String table) {
        return query("SELECT id FROM i_data." + table + " ORDER BY id").stream()
                .map(r -> ((Number) r.get("id")).longValue()).toList();
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Orders 1..n in pages of 4; three orders share each {@code updated_at} (a second apart per group). */
    private static Resource orders(int n) {
        return Resource.fromIterator("orders", () -> {
            List<Object> pages = new ArrayList<>();
            for (int from = 1; from <= n; from += 4) {
                pages.add(IntStream.rangeClosed(from, Math.min(n, from + 3))
                        .mapToObj(i -> row("id", i, "updated_at", T0.plusSeconds(i / 3), "v", "v" + i)).toList());
            }
            return pages.iterator();
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cursor(Pipeline p, String resource, String path) {
        Map<String, Object> inc = (Map<String, Object>) p.state().resourceState("shop", resource).get("incremental");
        return inc == null ? null : (Map<String, Object>) inc.get(path);
    }

    @Test
    void threeRunsOverAGrowingSourceLoadEachRowExactlyOnce() {
        Incremental inc = Incremental.on("updated_at").initial(T0);
        Pipeline p = pipeline();
        p.run(Source.of("shop", orders(10).incremental(inc)));
        // rows 9, 10 and (next run) 11 share updated_at T0+3s: the boundary straddles the runs
        assertThat(cursor(p, "orders", "updated_at")).containsEntry("last_value", "\uF0272024-05-01T00:00:03+00:00");
        p.run(Source.of("shop", orders(20).incremental(inc)));
        p.run(Source.of("shop", orders(25).incremental(inc)));
        assertThat(ids("orders")).containsExactlyElementsOf(LongStreamIds.rangeClosed(1, 25));
        assertThat(cursor(p, "orders", "updated_at")).containsEntry("last_value", "\uF0272024-05-01T00:00:08+00:00");
        p.run(Source.of("shop", orders(25).incremental(inc)));
        assertThat(ids("orders")).as("a run with nothing new loads nothing").hasSize(25);
        assertThat(p.lastTrace().orElseThrow().lastStep("extract").orElseThrow().incrementalCursors())
                .containsEntry("orders", Map.of("updated_at", Map.of("start_value", "2024-05-01T00:00:08Z",
                        "end_value", "2024-05-01T00:00:08Z")));
        assertThat(p.lastTrace().orElseThrow().toString()).contains("incremental cursors (start -> end):",
                "- orders.updated_at: 2024-05-01T00:00:08Z -> 2024-05-01T00:00:08Z");
    }

    @Test
    void rowOrderStopsReadingTheResourceEarly() {
        AtomicInteger produced = new AtomicInteger();
        Resource events = Resource.fromStream("events", () -> IntStream.rangeClosed(1, 10_000)
                .peek(i -> produced.incrementAndGet()).mapToObj(i -> (Object) row("id", i, "seq", i)))
                .incremental(Incremental.on("seq").initial(1).end(51).rowOrder(RowOrder.ASC));
        Pipeline p = pipeline();
        p.run(Source.of("shop", events));
        assertThat(ids("events")).hasSize(50).startsWith(1L).endsWith(50L);
        assertThat(produced.get()).as("reading stops at the first row at the end value").isEqualTo(51);
    }

    @Test
    void aLagReReadsTheWindowAndMergeKeepsOneRowPerKey() {
        Map<Integer, Integer> versions = new HashMap<>();
        Resource customers = Resource.fromIterator("customers", () -> versions.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> (Object) row("id", e.getKey(), "updated", e.getValue(), "v", "v" + e.getValue())).iterator())
                .merge(MergeStrategy.DELETE_INSERT).primaryKey("id")
                .incremental(Incremental.on("updated").initial(0).lag(3));
        for (int i = 1; i <= 10; i++) {
            versions.put(i, i);
        }
        Pipeline p = pipeline();
        p.run(Source.of("shop", customers));
        versions.put(9, 11); // customer 9 changes late, 11 arrives; 7, 8 and 10 are re-read (updated >= 10 - 3)
        versions.put(11, 12);
        p.run(Source.of("shop", customers));
        assertThat(ids("customers")).containsExactlyElementsOf(LongStreamIds.rangeClosed(1, 11));
        assertThat(query("SELECT v FROM i_data.customers WHERE id = 9")).containsExactly(Map.of("v", "v11"));
        assertThat(cursor(p, "customers", "updated")).containsEntry("last_value", 12);
    }

    @Test
    void endValueRunsLoadTheirWindowAndLeaveTheStateUntouched() {
        Incremental inc = Incremental.on("updated_at").initial(T0);
        Pipeline p = pipeline();
        p.run(Source.of("shop", orders(10).incremental(inc)));
        Map<String, Object> before = cursor(p, "orders", "updated_at");
        // two backfill windows of a wider source, in any order
        p.run(Source.of("shop", orders(30).incremental(inc.initial(T0.plusSeconds(6)).end(T0.plusSeconds(9)))));
        p.run(Source.of("shop", orders(30).incremental(inc.initial(T0.plusSeconds(4)).end(T0.plusSeconds(6)))));
        assertThat(cursor(p, "orders", "updated_at")).isEqualTo(before);
        assertThat(ids("orders")).as("run 1: 1..10; windows [4s, 6s): 12..17, [6s, 9s): 18..26")
                .containsExactlyElementsOf(Stream.of(LongStreamIds.rangeClosed(1, 10), LongStreamIds.rangeClosed(12, 26))
                        .flatMap(List::stream).toList());
    }

    @Test
    void eachOnCursorValueMissingMode() {
        List<Map<String, Object>> rows = List.of(row("id", 1, "seq", 1), row("id", 2), row("id", 3, "seq", null),
                row("id", 4, "seq", 4));
        Pipeline p = pipeline();
        p.run(Source.of("shop", Resource.of("incl", List.of(rows)).incremental(Incremental.on("seq")
                .onCursorValueMissing(OnCursorValueMissing.INCLUDE))));
        p.run(Source.of("shop", Resource.of("excl", List.of(rows)).incremental(Incremental.on("seq")
                .onCursorValueMissing(OnCursorValueMissing.EXCLUDE))));
        assertThat(ids("incl")).containsExactly(1L, 2L, 3L, 4L);
        assertThat(ids("excl")).containsExactly(1L, 4L);
        assertThatThrownBy(() -> p.run(Source.of("shop", Resource.of("raise", List.of(rows))
                .incremental(Incremental.on("seq"))))).hasMessageContaining("resource raise")
                .hasMessageContaining("row 2 of the page").hasMessageContaining("cursor path 'seq'");
        assertThat(query("SELECT table_name FROM information_schema.tables WHERE table_name = 'raise'")).isEmpty();
    }

    @Test
    void aNestedCursorPath() {
        Pipeline p = pipeline();
        Incremental inc = Incremental.on("meta.version").initial(2);
        p.run(Source.of("shop", Resource.of("docs", List.of(row("id", 1, "meta", Map.of("version", 1)),
                row("id", 2, "meta", Map.of("version", 2)), row("id", 3, "meta", Map.of("version", 3))))
                .incremental(inc)));
        p.run(Source.of("shop", Resource.of("docs", List.of(row("id", 3, "meta", Map.of("version", 3)),
                row("id", 4, "meta", Map.of("version", 4)))).incremental(inc)));
        assertThat(query("SELECT id, meta__version FROM i_data.docs ORDER BY id")).extracting(r -> ((Number) r.get("id"))
                .intValue()).containsExactly(2, 3, 4);
        assertThat(cursor(p, "docs", "meta.version")).containsEntry("last_value", 4);
    }

    @Test
    void aTransformerKeepsOneCursorPerParent() {
        Map<Integer, Integer> comments = new HashMap<>(Map.of(1, 2, 2, 1));
        Resource issues = Resource.fromIterator("issues", () -> List.<Object>of(List.of(row("id", 1, "number", 1),
                row("id", 2, "number", 2))).iterator());
        Resource issueComments = Transformer.withContext("comments", issues, (issue, ctx) -> {
            int number = ((Number) ((Map<?, ?>) issue).get("number")).intValue();
            long since = ((Number) ctx.incremental().flatMap(IncrementalCursor::startValue).orElse(0)).longValue();
            // the API is asked for comments after the parent's own cursor
            return IntStream.rangeClosed(1, comments.get(number)).filter(i -> i >= since)
                    .mapToObj(i -> row("id", number * 100 + i, "seq", i)).toList();
        }).incremental(Incremental.on("seq").initial(0).perParent("number"));
        Pipeline p = pipeline();
        p.run(Source.of("shop", issues, issueComments));
        comments.put(2, 3);
        p.run(Source.of("shop", issueComments));
        assertThat(ids("comments")).containsExactly(101L, 102L, 201L, 202L, 203L);
    }

    @Test
    void anInitialValueOfTheWrongTypeForTheColumnIsRefusedBeforeExtract() throws IOException {
        Pipeline p = pipeline();
        Resource r = orders(3).column("updated_at", DataType.TIMESTAMP).incremental(Incremental.on("updated_at")
                .initial(20240101));
        assertThatThrownBy(() -> p.run(Source.of("shop", r))).hasMessageContaining("resource orders")
                .hasMessageContaining("initial value '20240101' (Integer) does not fit column updated_at of type"
                        + " timestamp").hasMessageContaining("Instant");
        // without a declared type: the type the column got from the data of an earlier run
        p.run(Source.of("shop", orders(3).incremental(Incremental.on("updated_at"))));
        assertThatThrownBy(() -> p.run(Source.of("shop", orders(3).incremental(Incremental.on("updated_at")
                .initial("yesterday"))))).hasMessageContaining("resource orders").hasMessageContaining(
                        "the initial value 'yesterday' (String) does not fit column updated_at of type timestamp");
        Path extracted = p.workingDir().resolve("normalize/extracted");
        if (Files.exists(extracted)) {
            try (Stream<Path> s = Files.list(extracted)) {
                assertThat(s.toList()).as("nothing was extracted").isEmpty();
            }
        }
    }

    /** {@code from..to} as a list of longs. */
    private static final class LongStreamIds {
        static List<Long> rangeClosed(long from, long to) {
            return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
        }
    }
}
