package dev.dlt4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Incremental;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineState;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PipelineStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of {@code docs/incremental.md} run against DuckDB and do what the page says. */
class IncrementalDocsTest {
    private static final Instant JAN = Instant.parse("2024-01-10T00:00:00Z");

    @TempDir
    Path tmp;

    private final DocsExamples examples = new DocsExamples();

    private Pipeline pipeline(String name) {
        return Pipeline.builder(name).destination("duckdb:" + tmp.resolve(name + ".duckdb")).dataset(name + "_data")
                .pipelinesDir(tmp.resolve("pipelines")).build();
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static long rows(Pipeline p, String table) {
        return p.rowCounts().orElseThrow().getOrDefault(table, 0L);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cursor(PipelineState state, String source, String resource, String path) {
        Map<String, Object> inc = (Map<String, Object>) state.resourceState(source, resource).get("incremental");
        return inc == null ? null : (Map<String, Object>) inc.get(path);
    }

    @Test
    void theSecondRunLoadsOnlyWhatIsNewAndThePushedCursorSavesRequests() {
        for (int i = 1; i <= 3; i++) {
            examples.api.orders.add(row("id", i, "updated_at", JAN.plusSeconds(i)));
        }
        Pipeline p = pipeline("inc");
        Resource orders = examples.incremental(p);
        assertThat(rows(p, "orders")).isEqualTo(3);
        assertThat(examples.api.served).as("run 2 asked only from the last value: the boundary row, deduplicated")
                .isEqualTo(3 + 1);
        examples.api.orders.add(row("id", 4, "updated_at", JAN.plusSeconds(3))); // shares the last value
        examples.api.orders.add(row("id", 5, "updated_at", JAN.plusSeconds(9)));
        p.run(Source.of("shop", orders));
        assertThat(rows(p, "orders")).isEqualTo(5);
        assertThat(cursor(p.state(), "shop", "orders", "updated_at")).containsEntry("last_value",
                "\uF0272024-01-10T00:00:09+00:00").containsEntry("initial_value",
                "\uF0272024-01-01T00:00:00+00:00");
    }

    @Test
    void aLagReReadsTheLastHourAndMergeKeepsOneRowPerCustomer() {
        for (int i = 1; i <= 4; i++) {
            examples.api.customers.add(row("id", i, "updated_at", JAN.plusSeconds(600L * i), "name", "c" + i));
        }
        Pipeline p = pipeline("lag");
        Resource customers = examples.lag();
        p.run(Source.of("crm", customers));
        // customer 2 changes, but its change is stamped 20 minutes before the last value (it committed late)
        examples.api.customers.set(1, row("id", 2, "updated_at", JAN.plusSeconds(2400 - 1200), "name", "late"));
        p.run(Source.of("crm", customers));
        assertThat(rows(p, "customers")).isEqualTo(4);
        assertThat(cursor(p.state(), "crm", "customers", "updated_at")).containsEntry("last_value",
                "\uF0272024-01-10T00:40:00+00:00");
    }

    @Test
    void descendingRowOrderStopsAtTheFirstEventLoadedBefore() {
        IntStream.rangeClosed(1, 10).forEach(i -> examples.api.events.add(row("id", i)));
        Pipeline p = pipeline("events");
        Resource events = examples.rowOrder();
        p.run(Source.of("feed", events));
        examples.api.events.add(row("id", 11));
        examples.api.events.add(row("id", 12));
        examples.api.served = 0;
        p.run(Source.of("feed", events));
        assertThat(rows(p, "events")).isEqualTo(12);
        assertThat(examples.api.served).as("pages 12, 11 and 10, 9: event 10 was loaded before").isEqualTo(4);
    }

    @Test
    void aBackfillWindowLoadsItsRangeAndStoresNoCursor() {
        examples.api.orders.add(row("id", 1, "updated_at", JAN));
        examples.api.orders.add(row("id", 2, "updated_at", Instant.parse("2024-02-01T00:00:00Z")));
        examples.api.orders.add(row("id", 3, "updated_at", Instant.parse("2024-02-10T00:00:00Z")));
        Pipeline p = pipeline("backfill");
        Resource orders = Resource.fromIterator("orders", () -> examples.api.ordersUpdatedSince(Instant.EPOCH));
        DocsExamples.backfill(p, orders);
        assertThat(rows(p, "orders")).as("only January: the end is open").isEqualTo(1);
        assertThat(cursor(p.state(), "shop", "orders", "updated_at")).isNull();
    }

    @Test
    void eachIssueKeepsItsOwnCommentCursor() {
        examples.api.issues.add(row("number", 1));
        examples.api.issues.add(row("number", 2));
        examples.api.commentsByIssue.put(1, new java.util.ArrayList<>(List.of(
                row("id", 11, "updated_at", JAN.plusSeconds(50)))));
        examples.api.commentsByIssue.put(2, new java.util.ArrayList<>(List.of(
                row("id", 21, "updated_at", JAN.plusSeconds(5)))));
        Pipeline p = pipeline("gh");
        p.run(examples.perParent());
        // a new comment on issue 2, older than issue 1's last comment: one shared cursor would skip it
        examples.api.commentsByIssue.get(2).add(row("id", 22, "updated_at", JAN.plusSeconds(10)));
        p.run(examples.perParent());
        assertThat(rows(p, "comments")).isEqualTo(3);
    }

    @Test
    void aCursorWithATimeZoneIsCorrectedToRowsWithoutOneOnceWithAWarning() {
        Resource r = Resource.of("naive", List.of(row("id", 1, "ts", java.time.LocalDateTime.parse("2024-01-01T00:00:00")),
                row("id", 2, "ts", java.time.LocalDateTime.parse("2024-01-02T00:00:00"))))
                .incremental(Incremental.on("ts").initial(Instant.parse("2024-01-01T12:00:00Z")));
        Pipeline p = pipeline("tz");
        String log = stderrOf(() -> p.run(Source.of("feed", r)));
        assertThat(rows(p, "naive")).isEqualTo(1);
        assertThat(log.lines().filter(l -> l.contains("differ in time zone awareness")).toList()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("WARN", "resource naive", "'2024-01-01T12:00:00Z' (Instant)",
                        "(LocalDateTime)"));
    }

    private static String stderrOf(Runnable body) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            body.run();
        } finally {
            System.setErr(oldErr);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * dlt's unbounded boundary state (dlt#2580): a million rows at one cursor value keep at most
     * {@code incremental_max_boundary_hashes} (10,000) hashes, about 25 bytes each, and log one
     * warning naming the resource. Extract only: the filter and the state are what is measured.
     */
    @Test
    void aMillionRowsAtOneCursorValueKeepTheStateUnderTheDocumentedBoundWithOneWarning() {
        Resource big = Resource.fromIterator("big", () -> IntStream.range(0, 1000).mapToObj(p -> (Object) IntStream
                .range(0, 1000).mapToObj(i -> Map.of("id", p * 1000 + i, "day", "2024-05-03")).toList()).iterator())
                .incremental(Incremental.on("day")).primaryKey("id");
        Pipeline p = pipeline("big");
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            p.extract(Source.of("feed", big));
        } finally {
            System.setErr(oldErr);
        }
        List<String> warnings = err.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("rows share the cursor value")).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("WARN", "resource big", "more than 10000 rows share the cursor value"
                + " 2024-05-03 of incremental 'day'", "primary key and write disposition merge", "or use a lag");

        LoadPackage pkg = new PipelineStorage(p.workingDir()).extractedPackages().get(0);
        PipelineState state = pkg.pipelineState().orElseThrow();
        assertThat((List<?>) cursor(state, "feed", "big", "day").get("unique_hashes")).hasSize(10_000);
        assertThat(state.toJson().length()).as("under 25 bytes per hash plus the rest of the state")
                .isLessThan(10_000 * 25 + 1_000);
    }
}
