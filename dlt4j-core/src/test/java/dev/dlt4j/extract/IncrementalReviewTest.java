package dev.dlt4j.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.ExtractConfig;
import dev.dlt4j.ExtractInfo;
import dev.dlt4j.Incremental;
import dev.dlt4j.LastValueFunc;
import dev.dlt4j.NextItemMode;
import dev.dlt4j.PipelineState;
import dev.dlt4j.RangeBound;
import dev.dlt4j.Resource;
import dev.dlt4j.RowOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review of issue 14's cursor rules against dlt 1.26's {@code transform.py} and {@code lag.py}. */
class IncrementalReviewTest {
    @TempDir
    java.nio.file.Path tmp;

    private PipelineState state = PipelineState.initial(ExtractTesting.PIPELINE, "ds");
    private ExtractConfig config = new ExtractConfig(2, 20, NextItemMode.FIFO);
    private ExtractInfo info;

    static Map<String, Object> row(Object... kv) {
        return ExtractTesting.row(kv);
    }

    private List<Long> run(Resource... resources) {
        ExtractTesting.IncrementalRun r = ExtractTesting.extractContinuing(tmp, config, state, "t", resources);
        info = r.info();
        state = r.state();
        return r.ids();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> cursorState(String path) {
        Map<String, Object> inc = (Map<String, Object>) state.resourceState("src", "t").get("incremental");
        return (Map<String, Object>) inc.get(path);
    }

    @SafeVarargs
    private static Resource pages(List<Map<String, Object>>... pages) {
        return Resource.of("t", List.of(pages));
    }

    @Test
    void aLagOnALongCursorBeyond2To53IsExactSoALateRowInTheWindowIsReRead() {
        long base = 1L << 60; // e.g. snowflake ids or epoch nanoseconds: past a double's exact integers
        Incremental inc = Incremental.on("ts").lag(10);
        assertThat(run(pages(List.of(row("id", 1, "ts", base + 200))).incremental(inc))).containsExactly(1L);
        assertThat(run(pages(List.of(row("id", 1, "ts", base + 200), row("id", 2, "ts", base + 195)))
                .incremental(inc))).as("start is last - 10 = base + 190: the late row 2 is in the window")
                .containsExactly(1L, 2L);
        assertThat(info.incrementalCursors().get("t").get("ts")).isNotNull();
    }

    @Test
    void minFunctionDeduplicatesTheBoundaryAcrossRuns() {
        Incremental inc = Incremental.on("ts").initial(100).lastValueFunc(LastValueFunc.MIN).primaryKey("id");
        assertThat(run(pages(List.of(row("id", 1, "ts", 9), row("id", 2, "ts", 5), row("id", 3, "ts", 5)))
                .incremental(inc))).containsExactly(1L, 2L, 3L);
        assertThat(cursorState("ts")).containsEntry("last_value", 5);
        assertThat(run(pages(List.of(row("id", 1, "ts", 9), row("id", 2, "ts", 5), row("id", 3, "ts", 5),
                row("id", 4, "ts", 5), row("id", 5, "ts", 4))).incremental(inc))).containsExactly(4L, 5L);
        assertThat(run(pages(List.of(row("id", 4, "ts", 5), row("id", 5, "ts", 4))).incremental(inc))).isEmpty();
    }

    @Test
    void endValueEqualToTheInitialValueIsAnEmptyRangeOrOneValueWhenClosed() {
        Incremental open = Incremental.on("ts").initial(5).end(5);
        assertThat(run(pages(List.of(row("id", 1, "ts", 4), row("id", 2, "ts", 5), row("id", 3, "ts", 6)))
                .incremental(open))).isEmpty();
        assertThat(run(pages(List.of(row("id", 1, "ts", 4), row("id", 2, "ts", 5), row("id", 3, "ts", 6)))
                .incremental(open.rangeEnd(RangeBound.CLOSED)))).containsExactly(2L);
    }

    @Test
    void theBoundOnHashesHoldsWhenRowsArriveOneRowPerPage() {
        config = config.withIncrementalMaxBoundaryHashes(5);
        Incremental inc = Incremental.on("ts").initial(0).primaryKey("id");
        List<List<Map<String, Object>>> onePerPage = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            onePerPage.add(List.of(row("id", i, "ts", 7)));
        }
        assertThat(run(Resource.of("t", onePerPage).incremental(inc))).hasSize(12);
        assertThat((List<?>) cursorState("ts").get("unique_hashes")).hasSize(5);
        assertThat(run(Resource.of("t", onePerPage).incremental(inc))).containsExactly(6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat((List<?>) cursorState("ts").get("unique_hashes")).hasSize(5);
    }

    @Test
    void descendingRowsStopAtTheLoadedBoundary() {
        Incremental inc = Incremental.on("ts").initial(0).primaryKey("id").rowOrder(RowOrder.DESC);
        assertThat(run(pages(List.of(row("id", 3, "ts", 3)), List.of(row("id", 2, "ts", 2))).incremental(inc)))
                .containsExactly(3L, 2L);
        assertThat(run(pages(List.of(row("id", 5, "ts", 5)), List.of(row("id", 4, "ts", 3)),
                List.of(row("id", 3, "ts", 3)), List.of(row("id", 2, "ts", 2))).incremental(inc)))
                .containsExactly(5L, 4L);
    }

    private List<Long> idsOf(String table) {
        return List.of();
    }

    @Test
    void aTransformerGetsOnlyTheParentRowsTheParentsCursorKept() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Resource parent = Resource.of("p", List.of(List.of(row("id", 1), row("id", 2))))
                .incremental(Incremental.on("id").initial(0));
        Resource child = dev.dlt4j.Transformer.from("t", parent, item -> {
            calls.incrementAndGet();
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object r : (List<?>) item) {
                out.add(row("id", ((Number) ((Map<?, ?>) r).get("id")).intValue() * 100));
            }
            return out;
        });
        assertThat(run(parent, child)).containsExactly(100L, 200L);
        Resource parent2 = Resource.of("p", List.of(List.of(row("id", 1), row("id", 2), row("id", 3))))
                .incremental(Incremental.on("id").initial(0));
        Resource child2 = dev.dlt4j.Transformer.from("t", parent2, item -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object r : (List<?>) item) {
                out.add(row("id", ((Number) ((Map<?, ?>) r).get("id")).intValue() * 100));
            }
            return out;
        });
        assertThat(run(parent2, child2)).as("parents 1 and 2 were loaded: their children are not made again")
                .containsExactly(300L);
    }

    @Test
    void aDecimalCursorOfManyDigitsSurvivesTheStateExactlyAsDltsTypedDecimal() {
        java.math.BigDecimal v = new java.math.BigDecimal("12345678901234.1234567891");
        Incremental inc = Incremental.on("ts").primaryKey("id");
        assertThat(run(pages(List.of(row("id", 1, "ts", v))).incremental(inc))).containsExactly(1L);
        assertThat(run(pages(List.of(row("id", 1, "ts", v), row("id", 2, "ts", v.add(new java.math.BigDecimal(
                "0.0000000001"))))).incremental(inc))).as("the boundary row is not loaded again; the next one is")
                .containsExactly(2L);
        assertThat(cursorState("ts").get("last_value")).as("dlt's typed JSON: U+F026 and the decimal's text")
                .isEqualTo("\uf026" + v.add(new java.math.BigDecimal("0.0000000001")).toPlainString());
    }

    /** Pages of one row each, ts 1..10, counting the pages the resource was asked for. */
    private static Resource counted(java.util.concurrent.atomic.AtomicInteger served) {
        return Resource.fromIterator("t", () -> new java.util.Iterator<Object>() {
            int next = 1;

            @Override
            public boolean hasNext() {
                return next <= 10;
            }

            @Override
            public Object next() {
                served.incrementAndGet();
                int i = next++;
                return List.of(row("id", i, "ts", i));
            }
        });
    }

    @Test
    void ascendingRowsStopAtTheEndValueWhenOpenAndJustPastItWhenClosed() {
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        assertThat(run(counted(served).incremental(Incremental.on("ts").initial(2).end(5)
                .rowOrder(RowOrder.ASC)))).containsExactly(2L, 3L, 4L);
        assertThat(served.get()).as("stops at the row at the open end").isEqualTo(5);
        served.set(0);
        assertThat(run(counted(served).incremental(Incremental.on("ts").initial(2).end(5)
                .rangeEnd(RangeBound.CLOSED).rowOrder(RowOrder.ASC)))).containsExactly(2L, 3L, 4L, 5L);
        assertThat(served.get()).as("the end value is in a closed range: stops at the row after it").isEqualTo(6);
    }

    @Test
    void aFractionalLagOnADateCursorGoesBackWholeDaysAsPythonsDateArithmetic() {
        // dlt: pendulum Date.add(days=-1.5) is date + timedelta(days=-1.5), whose whole days are -2
        Incremental inc = Incremental.on("d").lag(1.5);
        java.time.LocalDate day = java.time.LocalDate.parse("2024-05-10");
        assertThat(run(pages(List.of(row("id", 1, "d", day))).incremental(inc))).containsExactly(1L);
        assertThat(run(pages(List.of(row("id", 2, "d", day.minusDays(2)), row("id", 3, "d", day.minusDays(3))))
                .incremental(inc))).as("2024-05-08 is in the window").containsExactly(2L);
    }

    @Test
    void aJdbcTimestampCursorContinuesOnTheNextRun() {
        // rs.getObject(...) of a timestamp column is a java.sql.Timestamp with many drivers (PostgreSQL's)
        java.sql.Timestamp t1 = java.sql.Timestamp.valueOf("2024-05-02 10:00:00");
        java.sql.Timestamp t2 = java.sql.Timestamp.valueOf("2024-05-03 10:00:00");
        Incremental inc = Incremental.on("ts").primaryKey("id");
        assertThat(run(pages(List.of(row("id", 1, "ts", t1))).incremental(inc))).containsExactly(1L);
        assertThat(run(pages(List.of(row("id", 1, "ts", t1), row("id", 2, "ts", t2))).incremental(inc)))
                .containsExactly(2L);
    }

    @Test
    void aUuidCursorContinuesOnTheNextRun() {
        // time-ordered UUIDs (version 7) are a cursor some APIs page by
        java.util.UUID a = java.util.UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057");
        java.util.UUID b = java.util.UUID.fromString("01890a5d-ac97-774b-bcce-b302099a8057");
        Incremental inc = Incremental.on("ts").primaryKey("id");
        assertThat(run(pages(List.of(row("id", 1, "ts", a))).incremental(inc))).containsExactly(1L);
        assertThat(run(pages(List.of(row("id", 1, "ts", a), row("id", 2, "ts", b))).incremental(inc)))
                .containsExactly(2L);
        assertThat(cursorState("ts").get("last_value")).as("dlt's typed UUID").isEqualTo("\uf029" + b);
    }
}
