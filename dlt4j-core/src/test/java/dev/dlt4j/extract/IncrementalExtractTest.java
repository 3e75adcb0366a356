package dev.dlt4j.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.ExtractConfig;
import dev.dlt4j.ExtractInfo;
import dev.dlt4j.Incremental;
import dev.dlt4j.IncrementalCursor;
import dev.dlt4j.LastValueFunc;
import dev.dlt4j.NextItemMode;
import dev.dlt4j.OnCursorValueMissing;
import dev.dlt4j.PipelineException;
import dev.dlt4j.PipelineState;
import dev.dlt4j.RangeBound;
import dev.dlt4j.Resource;
import dev.dlt4j.RowOrder;
import dev.dlt4j.Transformer;
import dev.dlt4j.WriteDisposition;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incremental cursor in the extract stage, with dlt's semantics (dlt's
 * {@code extract/incremental/transform.py}): runs chained through the state each package carries,
 * rows read back from the extracted files.
 */
class IncrementalExtractTest {
    @TempDir
    java.nio.file.Path tmp;

    private PipelineState state = PipelineState.initial(ExtractTesting.PIPELINE, "ds");
    private ExtractConfig config = new ExtractConfig(2, 20, NextItemMode.FIFO);
    private ExtractInfo info;

    static Map<String, Object> row(Object... kv) {
        return ExtractTesting.row(kv);
    }

    /** Extracts one source continuing from the last run's state; returns the ids written to table {@code t}. */
    private List<Long> run(Resource... resources) {
        return run("t", resources);
    }

    private List<Long> run(String table, Resource... resources) {
        ExtractTesting.IncrementalRun r = ExtractTesting.extractContinuing(tmp, config, state, table, resources);
        info = r.info();
        state = r.state();
        return r.ids();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> cursorState(String resource, String path) {
        Map<String, Object> inc = (Map<String, Object>) state.resourceState("src", resource).get("incremental");
        return inc == null ? null : (Map<String, Object>) inc.get(path);
    }

    /** Rows id 1..n whose cursor {@code ts} is {@code ts(id)}, in pages of {@code page} rows. */
    private static Resource growing(int n, int page, java.util.function.IntUnaryOperator ts) {
        return Resource.fromIterator("t", () -> IntStream.rangeClosed(1, n).boxed()
                .map(i -> (Object) row("id", i, "ts", ts.applyAsInt(i))).toList().iterator())
                .map(r -> r);
    }

    private static Resource pages(String name, List<List<Map<String, Object>>> pages) {
        return Resource.of(name, pages);
    }

    @Test
    void threeRunsOverAGrowingSourceExtractEachRowOnceAndEqualCursorValuesAcrossRunsAreDeduplicated() {
        // ts = id / 3: three rows share each cursor value, so every run ends inside a group of equal values
        Incremental inc = Incremental.on("ts").initial(0);
        assertThat(run(growing(10, 4, i -> i / 3).incremental(inc))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
                9L, 10L);
        assertThat(cursorState("t", "ts")).containsEntry("last_value", 3).containsEntry("initial_value", 0);
        assertThat((List<?>) cursorState("t", "ts").get("unique_hashes")).as("rows 9 and 10 are at ts 3").hasSize(2);

        assertThat(run(growing(20, 4, i -> i / 3).incremental(inc))).as("11 joins ts 3; 9 and 10 are not again")
                .containsExactly(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
        assertThat(run(growing(25, 4, i -> i / 3).incremental(inc))).containsExactly(21L, 22L, 23L, 24L, 25L);
        assertThat(cursorState("t", "ts")).containsEntry("last_value", 8);
        assertThat(run(growing(25, 4, i -> i / 3).incremental(inc))).as("nothing new").isEmpty();
    }

    @Test
    void boundaryHashesAreCompact128BitHashesOfThePrimaryKeyOnlyForRowsAtTheLastValue() {
        Resource r = growing(10, 4, i -> i / 3).incremental(Incremental.on("ts")).primaryKey("id");
        run(r);
        List<?> hashes = (List<?>) cursorState("t", "ts").get("unique_hashes");
        assertThat(hashes).hasSize(2).allSatisfy(h -> assertThat((String) h).matches("[A-Za-z0-9+/]{22}"));
        // the key alone is hashed: a changed non-key column at the boundary is still the same row
        Resource changed = Resource.of("t", List.of(row("id", 9, "ts", 3, "x", "changed"), row("id", 11, "ts", 3)))
                .incremental(Incremental.on("ts")).primaryKey("id");
        assertThat(run(changed)).containsExactly(11L);
    }

    @Test
    void theIncrementalsKeyWinsOverTheResourcesAndWithoutDeduplicationReloadsTheBoundary() {
        Resource r = Resource.of("t", List.of(row("id", 1, "k", "a", "ts", 1), row("id", 2, "k", "a", "ts", 1)))
                .primaryKey("id").incremental(Incremental.on("ts").primaryKey("k"));
        run(r);
        assertThat((List<?>) cursorState("t", "ts").get("unique_hashes")).as("both rows have k = a").hasSize(1);
        assertThat(run(r)).isEmpty();
        state = PipelineState.initial(ExtractTesting.PIPELINE, "ds");
        Resource off = Resource.of("t", List.of(row("id", 1, "ts", 1), row("id", 2, "ts", 1)))
                .incremental(Incremental.on("ts").withoutDeduplication());
        run(off);
        assertThat((List<?>) cursorState("t", "ts").get("unique_hashes")).isEmpty();
        assertThat(run(off)).as("rows at the start value load again").containsExactly(1L, 2L);
    }

    @Test
    void aTransformerWithContextGetsItsOneCursor() {
        Resource parent = Resource.of("p", List.of(row("n", 1)));
        List<Object> starts = new ArrayList<>();
        Resource child = Transformer.withContext("t", parent, (p, ctx) -> {
            starts.add(ctx.incremental().flatMap(IncrementalCursor::startValue).orElse(null));
            return List.of(row("id", 1, "ts", 5), row("id", 2, "ts", 6));
        }).incremental(Incremental.on("ts").initial(0));
        run(parent, child);
        run(parent, child);
        assertThat(starts).containsExactly(0, 6);
    }

    @Test
    void anOpenStartDropsRowsEqualToTheLastValueAndStoresNoHashes() {
        Incremental inc = Incremental.on("ts").rangeStart(RangeBound.OPEN);
        run(growing(10, 4, i -> i / 3).incremental(inc));
        assertThat((List<?>) cursorState("t", "ts").get("unique_hashes")).isEmpty();
        assertThat(run(growing(12, 4, i -> i / 3).incremental(inc))).as("11 has ts 3, the last value: dropped")
                .containsExactly(12L);
    }

    @Test
    void minMovesTheCursorDownAndAClosedEndKeepsTheEndValue() {
        Incremental inc = Incremental.on("ts").initial(8).lastValueFunc(LastValueFunc.MIN);
        assertThat(run(growing(10, 3, i -> 10 - i).incremental(inc))).as("ts 8 and below").containsExactly(2L, 3L,
                4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(cursorState("t", "ts")).containsEntry("last_value", 0);
        state = PipelineState.initial(ExtractTesting.PIPELINE, "ds");
        Incremental window = Incremental.on("ts").initial(2).end(5).rangeEnd(RangeBound.CLOSED);
        assertThat(run(growing(10, 3, i -> i).incremental(window))).containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void aCustomLastValueFunctionOrdersTheCursor() {
        // the "last" value is the longest string
        LastValueFunc longest = LastValueFunc.comparing("longest", Comparator.comparingInt(v -> ((String) v).length()));
        Incremental inc = Incremental.on("v").lastValueFunc(longest);
        run(Resource.of("t", List.of(row("id", 1, "v", "a"), row("id", 2, "v", "abc"), row("id", 3, "v", "ab")))
                .incremental(inc));
        assertThat(cursorState("t", "v")).containsEntry("last_value", "abc");
        state = PipelineState.initial(ExtractTesting.PIPELINE, "ds"); // else the stored "abc" wins over "c"
        LastValueFunc picked = LastValueFunc.of("later", (a, b) -> ((String) a).compareTo((String) b) >= 0 ? a : b);
        assertThat(run(Resource.of("t", List.of(row("id", 4, "v", "b"), row("id", 5, "v", "zz")))
                .incremental(Incremental.on("v").initial("c").lastValueFunc(picked)))).containsExactly(5L);
    }

    @Test
    void theResourceReadsItsStartValueToPushItIntoItsQueryAndLastValueFollowsThePages() {
        AtomicReference<Object> seenStart = new AtomicReference<>();
        List<Object> lastAfterPage = new ArrayList<>();
        Incremental inc = Incremental.on("ts").initial(Instant.parse("2024-01-01T00:00:00Z"));
        Resource r = Resource.of("t", ctx -> {
            IncrementalCursor c = ctx.incremental().orElseThrow();
            seenStart.set(c.startValue().orElseThrow());
            Instant from = (Instant) c.startValue().orElseThrow();
            return IntStream.range(0, 3).mapToObj(p -> {
                lastAfterPage.add(c.lastValue().orElse(null)); // as the next page is requested
                return List.of(row("id", p + 1, "ts", from.plusSeconds(p + 1)));
            }).iterator();
        }).incremental(inc);
        run(r);
        assertThat(seenStart.get()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(lastAfterPage).containsExactly(Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-01T00:00:01Z"), Instant.parse("2024-01-01T00:00:02Z"));
        // dlt's typed JSON: the private-use marker U+F027 says date-time
        assertThat(cursorState("t", "ts")).containsEntry("last_value", "\uF0272024-01-01T00:00:03+00:00");
        // the next run starts from the stored value, read back as the initial value's type
        run(r);
        assertThat(seenStart.get()).isEqualTo(Instant.parse("2024-01-01T00:00:03Z"));
        assertThat(info.incrementalCursors()).containsEntry("t", Map.of("ts", Map.of("start_value",
                "2024-01-01T00:00:03Z", "end_value", "2024-01-01T00:00:06Z")));
    }

    @Test
    void rowOrderAscStopsReadingAtTheFirstRowAtTheEndValue() {
        AtomicInteger produced = new AtomicInteger();
        Resource r = Resource.fromIterator("t", () -> new Iterator<Object>() {
            int n;

            @Override
            public boolean hasNext() {
                return n < 1000;
            }

            @Override
            public Object next() {
                produced.incrementAndGet();
                n++;
                return List.of(row("id", 2 * n - 1, "ts", 2 * n - 1), row("id", 2 * n, "ts", 2 * n));
            }
        }).incremental(Incremental.on("ts").initial(1).end(10).rowOrder(RowOrder.ASC));
        assertThat(run(r)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(produced.get()).as("page 5 (ts 9, 10) reaches the end; no page after it is read").isEqualTo(5);
        assertThat(cursorState("t", "ts")).as("a run with an end value is stateless").isNull();
    }

    @Test
    void rowOrderDescStopsReadingAtTheFirstRowBeforeTheStartValueAndClosesTheIterator() {
        AtomicInteger produced = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        Resource r = Resource.fromStream("t", () -> IntStream.iterate(100, i -> i - 1).limit(100)
                .peek(i -> produced.incrementAndGet()).mapToObj(i -> (Object) row("id", i, "ts", i))
                .onClose(closed::incrementAndGet))
                .incremental(Incremental.on("ts").initial(90).rowOrder(RowOrder.DESC));
        assertThat(run(r)).hasSize(11).startsWith(100L).endsWith(90L);
        assertThat(produced.get()).as("row 89 is the first before the start; none after it is read").isEqualTo(12);
        assertThat(closed.get()).isEqualTo(1);
        // without a row order every row is read (and filtered)
        produced.set(0);
        state = PipelineState.initial(ExtractTesting.PIPELINE, "ds");
        run(Resource.fromStream("t", () -> IntStream.iterate(100, i -> i - 1).limit(100)
                .peek(i -> produced.incrementAndGet()).mapToObj(i -> (Object) row("id", i, "ts", i)))
                .incremental(Incremental.on("ts").initial(90)));
        assertThat(produced.get()).isEqualTo(100);
    }

    @Test
    void aMissingCursorValueRaisesNamingResourceRowAndPath() {
        Resource r = Resource.of("t", List.of(List.of(row("id", 1, "ts", 1), row("id", 2), row("id", 3, "ts", 3))))
                .incremental(Incremental.on("ts"));
        assertThatThrownBy(() -> run(r)).isInstanceOf(PipelineException.class)
                .hasMessageContaining("resource t").hasMessageContaining("row 2 of the page")
                .hasMessageContaining("has no cursor path 'ts'").hasMessageContaining("onCursorValueMissing")
                .satisfies(e -> assertThat(((PipelineException) e).context()).containsEntry("resource", "t")
                        .containsEntry("item", "1"));
        Resource nullValue = Resource.of("t", List.of(row("id", 1, "ts", null))).incremental(Incremental.on("ts"));
        assertThatThrownBy(() -> run(nullValue)).hasMessageContaining("has null at cursor path 'ts'");
    }

    @Test
    void includeKeepsRowsWithoutACursorValueAndExcludeDropsThem() {
        List<List<Map<String, Object>>> data = List.of(List.of(row("id", 1, "ts", 5), row("id", 2),
                row("id", 3, "ts", null), row("id", 4, "ts", 7)));
        assertThat(run(pages("t", data).incremental(Incremental.on("ts")
                .onCursorValueMissing(OnCursorValueMissing.INCLUDE)))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(cursorState("t", "ts")).as("included rows do not move the cursor").containsEntry("last_value", 7);
        state = PipelineState.initial(ExtractTesting.PIPELINE, "ds");
        assertThat(run(pages("t", data).incremental(Incremental.on("ts")
                .onCursorValueMissing(OnCursorValueMissing.EXCLUDE)))).containsExactly(1L, 4L);
    }

    @Test
    void aNestedCursorPathIsReadFromMapsJsonNodesAndRecords() {
        record Meta(int version) {
        }
        record Event(int id, Meta meta) {
        }
        class Bean {
            public int getId() {
                return 4;
            }

            public Map<String, Object> getMeta() {
                return Map.of("version", 6);
            }
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        Resource r = Resource.of("t", List.of(row("id", 1, "meta", Map.of("version", 3)),
                json.createObjectNode().put("id", 2).set("meta", json.createObjectNode().put("version", 5)),
                new Event(3, new Meta(4)), new Bean())).incremental(Incremental.on("meta.version").initial(4));
        assertThat(run(r)).containsExactly(2L, 3L, 4L);
        assertThat(cursorState("t", "meta.version")).containsEntry("last_value", 6);
        Resource missing = Resource.of("t", List.of(row("id", 1, "meta", Map.of("other", 3))))
                .incremental(Incremental.on("$.meta.version"));
        assertThatThrownBy(() -> run(missing)).hasMessageContaining("has no cursor path 'meta.version'")
                .hasMessageContaining("no key 'version' under 'meta'");
        assertThatThrownBy(() -> Incremental.on("items[*].created_at")).hasMessageContaining("only keys separated by"
                + " dots are supported");
        assertThatThrownBy(() -> Incremental.on("meta..version")).hasMessageContaining("has an empty part");
    }

    @Test
    void aCursorValueThatCannotBeComparedIsOneErrorNamingBothValuesAndTypes() {
        Resource r = Resource.of("t", List.of(row("id", 1, "ts", Instant.parse("2024-01-01T00:00:00Z")),
                row("id", 2, "ts", "yesterday"))).incremental(Incremental.on("ts"));
        assertThatThrownBy(() -> run(r)).isInstanceOf(PipelineException.class)
                .hasMessageContaining("'yesterday' (String)")
                .hasMessageContaining("'2024-01-01T00:00:00Z' (Instant)").hasMessageContaining("resource t");
    }

    @Test
    void anEndValueRunIsStatelessAndLeavesTheStoredCursorUntouched() {
        Incremental inc = Incremental.on("ts").initial(0);
        run(growing(10, 4, i -> i).incremental(inc));
        Map<String, Object> before = cursorState("t", "ts");
        long version = state.stateVersion();
        assertThat(run(growing(20, 4, i -> i).incremental(inc.end(5)))).as("the window [0, 5) ignores the stored"
                + " cursor").containsExactly(1L, 2L, 3L, 4L);
        assertThat(cursorState("t", "ts")).isEqualTo(before);
        assertThat(run(growing(20, 4, i -> i).incremental(inc.initial(5).end(15)))).hasSize(10);
        assertThat(cursorState("t", "ts")).isEqualTo(before);
        assertThat(state.stateVersion()).as("the state did not change").isGreaterThanOrEqualTo(version);
        assertThatThrownBy(() -> Resource.of("t", List.of()).incremental(Incremental.on("ts").end(5)))
                .hasMessageContaining("an end value (5) needs an initial value");
        assertThatThrownBy(() -> Resource.of("t", List.of()).incremental(Incremental.on("ts").initial(5).end(1)))
                .hasMessageContaining("must be higher than the initial value 5");
    }

    @Test
    void aLagStartsBeforeTheLastValueButTheStoredCursorOnlyMovesForward() {
        Incremental inc = Incremental.on("ts").initial(0).lag(3);
        run(growing(10, 4, i -> i).incremental(inc));
        assertThat(cursorState("t", "ts")).containsEntry("last_value", 10);
        assertThat(run(growing(12, 4, i -> i).incremental(inc))).as("re-reads from 10 - 3").containsExactly(7L, 8L,
                9L, 10L, 11L, 12L);
        assertThat(cursorState("t", "ts")).containsEntry("last_value", 12);
        assertThat(run(growing(12, 4, i -> i).incremental(inc))).containsExactly(9L, 10L, 11L, 12L);
        assertThat(cursorState("t", "ts")).as("forward only").containsEntry("last_value", 12);
        state = PipelineState.initial(ExtractTesting.PIPELINE, "ds");
        Incremental near = Incremental.on("ts").initial(8).lag(5);
        run(growing(10, 4, i -> i).incremental(near));
        assertThat(run(growing(10, 4, i -> i).incremental(near))).as("10 - 5 is before the initial 8: from 8")
                .containsExactly(8L, 9L, 10L);
        // days for dates, never before the initial value
        state = PipelineState.initial(ExtractTesting.PIPELINE, "ds");
        Incremental days = Incremental.on("d").initial(LocalDate.parse("2024-01-02")).lag(2);
        Resource dated = Resource.fromIterator("t", () -> IntStream.rangeClosed(1, 6).mapToObj(i -> (Object) row("id",
                i, "d", LocalDate.parse("2024-01-01").plusDays(i - 1))).iterator()).incremental(days);
        assertThat(run(dated)).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(run(dated)).as("from 2024-01-06 minus 2 days").containsExactly(4L, 5L, 6L);
        assertThatThrownBy(() -> Resource.of("t", List.of()).incremental(Incremental.on("ts").lag(1)
                .lastValueFunc(LastValueFunc.comparing("c", Comparator.comparing(Object::toString)))))
                .hasMessageContaining("a lag works only with last value function max or min");
    }

    @Test
    void aLaggedIsoTextCursorKeepsTheFormatOfTheRowsSoALateRowAtAWholeMinuteIsKept() {
        // the rows' cursor is ISO text with seconds; the lagged start must be text of the same shape,
        // or "2024-01-01T01:00Z" sorts after "2024-01-01T01:00:00Z" and the late row is lost
        Incremental inc = Incremental.on("ts").initial("2024-01-01T00:00:00Z").lag(3600);
        Resource first = Resource.of("t", List.of(row("id", 1, "ts", "2024-01-01T00:30:00Z"),
                row("id", 2, "ts", "2024-01-01T02:00:00Z"))).incremental(inc);
        assertThat(run(first)).containsExactly(1L, 2L);
        Resource late = Resource.of("t", List.of(row("id", 3, "ts", "2024-01-01T01:00:00Z"),
                row("id", 4, "ts", "2024-01-01T00:59:59Z"))).incremental(inc);
        assertThat(run(late)).as("02:00:00 minus one hour is 01:00:00, closed start").containsExactly(3L);
        // other shapes of the input are kept: offset style, space separator, fraction digits, no zone
        assertThat(CursorValues.applyLag(3600, "2024-01-01T02:00:00+00:00", null, LastValueFunc.MAX))
                .isEqualTo("2024-01-01T01:00:00+00:00");
        assertThat(CursorValues.applyLag(3600, "2024-01-01 02:00:00", null, LastValueFunc.MAX))
                .isEqualTo("2024-01-01 01:00:00");
        assertThat(CursorValues.applyLag(1.5, "2024-01-01T02:00:00.000Z", null, LastValueFunc.MAX))
                .isEqualTo("2024-01-01T01:59:58.500Z");
        assertThat(CursorValues.applyLag(60, "2024-01-01T02:00", null, LastValueFunc.MIN))
                .isEqualTo("2024-01-01T02:01");
        assertThat(CursorValues.applyLag(2, "2024-01-03", null, LastValueFunc.MAX)).isEqualTo("2024-01-01");
    }

    @Test
    void aPerParentCursorKeepsOneLastValuePerParentRow() {
        List<Map<String, Object>> issues = List.of(row("number", 1), row("number", 2));
        Map<Integer, Integer> commentsPerIssue = new java.util.HashMap<>(Map.of(1, 3, 2, 1));
        Map<Object, Object> startSeen = new java.util.HashMap<>();
        Resource parent = Resource.of("issues", List.of(issues)); // one page of two rows: split per parent
        Resource comments = Transformer.withContext("comments", parent, (issue, ctx) -> {
            int number = (Integer) ((Map<?, ?>) issue).get("number");
            IncrementalCursor c = ctx.incremental().orElseThrow();
            startSeen.put(c.parentKey().orElseThrow(), c.startValue().orElse(null));
            return IntStream.rangeClosed(1, commentsPerIssue.get(number))
                    .mapToObj(i -> row("id", number * 100 + i, "issue", number, "seq", i)).toList();
        }).incremental(Incremental.on("seq").initial(0).perParent("number"));
        assertThat(run("comments", parent, comments)).containsExactly(101L, 102L, 103L, 201L);
        assertThat(startSeen).containsEntry(1, 0).containsEntry(2, 0);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> parents = (Map<String, Map<String, Object>>) cursorState("comments", "seq")
                .get("parents");
        assertThat(parents.get("1")).containsEntry("last_value", 3);
        assertThat(parents.get("2")).containsEntry("last_value", 1);

        commentsPerIssue.put(2, 4); // issue 2 gets three comments, issue 1 none
        assertThat(run("comments", parent, comments)).as("each parent continues from its own cursor")
                .containsExactly(202L, 203L, 204L);
        assertThat(startSeen).containsEntry(1, 3).containsEntry(2, 1);
        Resource onlyIssue2 = Resource.of("issues", List.of(List.of(row("number", 2))));
        Resource comments2 = Transformer.withContext("comments", onlyIssue2, comments.transform().orElseThrow())
                .incremental(comments.incremental().orElseThrow());
        run("comments", onlyIssue2, comments2);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> after = (Map<String, Map<String, Object>>) cursorState("comments", "seq")
                .get("parents");
        assertThat(after.get("1")).as("a parent not seen keeps its cursor").containsEntry("last_value", 3);
        assertThat(after.get("2")).containsEntry("last_value", 4);
        assertThatThrownBy(() -> Resource.of("t", List.of()).incremental(Incremental.on("ts").perParent("n")))
                .hasMessageContaining("only a transformer has");
        Resource noKey = Resource.of("issues", List.of(row("id", 1)));
        assertThatThrownBy(() -> run("comments", noKey, Transformer.from("comments", noKey, i -> row("id", 1, "seq", 1))
                .incremental(Incremental.on("seq").perParent("number")))).hasMessageContaining("transformer comments"
                + " has an incremental per parent key 'number', but a row of its parent issues has no such key");
    }

    @Test
    void aReplaceResourceStartsItsCursorFromTheInitialValueEveryRun() {
        Incremental inc = Incremental.on("ts").initial(0);
        run(growing(5, 4, i -> i).incremental(inc).writeDisposition(WriteDisposition.REPLACE));
        assertThat(run(growing(5, 4, i -> i).incremental(inc).writeDisposition(WriteDisposition.REPLACE))).hasSize(5);
    }

    @Test
    void userStateAndSourceStateLiveBesideTheCursor() {
        Resource r = Resource.of("t", ctx -> {
            ctx.writeState(Map.of("pages", 1));
            ctx.writeSourceState(Map.of("token", "abc"));
            return List.of(row("id", 1, "ts", 1)).iterator();
        }).incremental(Incremental.on("ts"));
        run(r);
        assertThat(state.resourceState("src", "t")).containsEntry("pages", 1).containsKey("incremental");
        assertThat(state.source("src").values()).containsEntry("token", "abc");
    }

    /** The bound at a small scale (a million rows, the default bound and the warning: IncrementalDocsTest). */
    @Test
    void manyRowsAtOneCursorValueKeepTheBoundaryHashesBounded() {
        config = config.withIncrementalMaxBoundaryHashes(1000);
        Resource r = Resource.fromIterator("t", () -> IntStream.range(0, 100).mapToObj(p -> (Object) IntStream
                .range(0, 1000).mapToObj(i -> row("id", p * 1000 + i, "ts", 7)).toList()).iterator())
                .incremental(Incremental.on("ts")).primaryKey("id");
        run(r);
        List<?> hashes = (List<?>) cursorState("t", "ts").get("unique_hashes");
        assertThat(hashes).hasSize(1000);
        assertThat(state.toJson().length()).as("the state is bounded by the hashes, 1000 x ~25 bytes")
                .isLessThan(1000 * 25 + 1000);
        // the next run: the first 1000 rows at the boundary are recognised, the rest (beyond the bound) load again
        assertThat(run(r)).hasSize(99_000).doesNotContain(0L, 999L).contains(1000L);
        assertThat((List<?>) cursorState("t", "ts").get("unique_hashes")).as("still the first 1000")
                .isEqualTo(hashes);
    }

    @Test
    void aRowWithoutACursorValueNeverStopsAnOrderedResource() {
        Resource r = Resource.of("t", List.of(List.of(row("id", 1, "ts", 1), row("id", 2)), List.of(row("id", 3,
                "ts", 3)))).incremental(Incremental.on("ts").initial(0).end(10).rowOrder(RowOrder.ASC)
                .onCursorValueMissing(OnCursorValueMissing.INCLUDE));
        assertThat(run(r)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aTransformerIsNeverStoppedEarlyByItsRowOrder() {
        Resource parent = Resource.of("p", List.of(row("n", 1), row("n", 2), row("n", 3)));
        Resource child = Transformer.from("t", parent, p -> {
            int n = (Integer) ((Map<?, ?>) p).get("n");
            return row("id", n, "ts", n == 1 ? 1 : n + 1);
        }).incremental(Incremental.on("ts").initial(2).rowOrder(RowOrder.DESC));
        assertThat(run(parent, child)).as("ts 1 comes first and is out of range; the rows after it still arrive")
                .containsExactly(2L, 3L);
    }

    @Test
    void aCursorWithATimeZoneIsMatchedToRowsWithoutOne() {
        Resource r = Resource.of("t", List.of(row("id", 1, "ts", java.time.LocalDateTime.parse("2024-01-01T00:00:00")),
                row("id", 2, "ts", java.time.LocalDateTime.parse("2024-01-02T00:00:00"))))
                .incremental(Incremental.on("ts").initial(Instant.parse("2024-01-01T12:00:00Z")));
        assertThat(run(r)).containsExactly(2L);
        assertThat(cursorState("t", "ts")).containsEntry("last_value", "\uF0272024-01-02T00:00:00");
    }
}
