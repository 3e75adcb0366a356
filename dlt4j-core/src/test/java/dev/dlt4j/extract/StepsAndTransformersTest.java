package dev.dlt4j.extract;

import dev.dlt4j.ExtractInfo;
import static dev.dlt4j.extract.ExtractTesting.extract;
import static dev.dlt4j.extract.ExtractTesting.files;
import static dev.dlt4j.extract.ExtractTesting.items;
import static dev.dlt4j.extract.ExtractTesting.page;
import static dev.dlt4j.extract.ExtractTesting.rows;
import static dev.dlt4j.extract.ExtractTesting.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.Transformer;
import dev.dlt4j.NextItemMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** map, filter, flatMap and limit on rows and pages, and transformers with and without their parent. */
class StepsAndTransformersTest {
    @TempDir
    Path tmp;

    private static Resource numberPages(String name, int pages, int size) {
        return Resource.fromIterator(name, () -> items(pages, p -> IntStream.rangeClosed(1, size)
                .mapToObj(i -> Map.of("n", (p - 1) * size + i)).toList()));
    }

    private static int n(Object row) {
        return (Integer) ((Map<?, ?>) row).get("n");
    }

    private List<Long> numbers(String table) {
        return rows(tmp, table).stream().map(r -> (Long) r.get("n")).toList();
    }

    @Test
    void mapAndFilterApplyToEachRowOfAPageInTheOrderAdded() {
        Resource r = numberPages("nums", 3, 4)
                .filter(row -> n(row) % 2 == 0)
                .map(row -> Map.of("n", n(row) * 10));
        ExtractInfo info = extract(tmp, Source.of("s", r), NextItemMode.FIFO);
        assertThat(numbers("nums")).containsExactly(20L, 40L, 60L, 80L, 100L, 120L);
        assertThat(info.rowCounts()).containsEntry("nums", 6L);
    }

    @Test
    void aPageWithNoRowLeftAfterFilterIsDropped() {
        Resource r = numberPages("nums", 3, 2).filter(row -> n(row) <= 2).limit(2);
        extract(tmp, Source.of("s", r), NextItemMode.FIFO);
        // page 1 survives; pages 2 and 3 are dropped whole, so they do not count towards the limit
        assertThat(numbers("nums")).containsExactly(1L, 2L);
    }

    @Test
    void flatMapExplodesEachRowIntoSeveralItems() {
        Resource r = numberPages("nums", 2, 2)
                .flatMap(row -> Stream.of(Map.of("n", n(row)), Map.of("n", -n(row))));
        extract(tmp, Source.of("s", r), NextItemMode.FIFO);
        assertThat(numbers("nums")).containsExactly(1L, -1L, 2L, -2L, 3L, -3L, 4L, -4L);
    }

    @Test
    void limitCountsYieldsNotRowsAndStopsTheData() {
        AtomicInteger pulled = new AtomicInteger();
        Resource r = Resource.fromIterator("nums", () -> items(1000, p -> {
            pulled.incrementAndGet();
            return List.of(Map.of("n", 2 * p - 1), Map.of("n", 2 * p));
        })).limit(3);
        extract(tmp, Source.of("s", r), NextItemMode.FIFO);
        assertThat(numbers("nums")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(pulled).hasValue(3);
    }

    @Test
    void limitZeroWritesNothingAndDoesNotOpenTheData() {
        Resource r = Resource.fromIterator("nums", () -> {
            throw new IllegalStateException("must not be opened");
        }).limit(0);
        ExtractInfo info = extract(tmp, Source.of("s", r), NextItemMode.FIFO);
        assertThat(info.totalRows()).isZero();
    }

    @Test
    void aTimeLimitStopsAnEndlessResource() {
        Resource endless = Resource.fromIterator("ticks", () -> new Iterator<Object>() {
            private long n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                return Map.of("n", ++n);
            }
        }).limit(Duration.ofMillis(50));
        ExtractInfo info = extract(tmp, Source.of("s", endless), NextItemMode.FIFO);
        System.out.println("rows in 50 ms: " + info.rowCounts().get("ticks") + ", extract took " + info.elapsed());
        assertThat(info.rowCounts().get("ticks")).isPositive();
    }

    @Test
    void aLimitReplacesAnEarlierOne() {
        Resource r = numberPages("nums", 5, 1).limit(1).limit(4);
        assertThat(r.limit().orElseThrow().maxItems()).hasValue(4);
        extract(tmp, Source.of("s", r), NextItemMode.FIFO);
        assertThat(numbers("nums")).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aParentOutsideTheSourceIsRunOnceForTwoTransformersAndNotWritten() {
        AtomicInteger opened = new AtomicInteger();
        Resource parent = Resource.fromIterator("ids", () -> {
            opened.incrementAndGet();
            return items(3, n -> Map.of("id", n));
        });
        Resource names = Transformer.from("names", parent, row -> Map.of("tag", "name" + ((Map<?, ?>) row).get("id")));
        Resource pairs = Transformer.from("pairs", parent, row -> List.of(Map.of("tag", "a"), Map.of("tag", "b")));
        ExtractInfo info = extract(tmp, Source.of("s", names, pairs), NextItemMode.FIFO);
        assertThat(opened).hasValue(1);
        assertThat(info.rowCounts()).containsOnlyKeys("names", "pairs");
        assertThat(tags(tmp, "names")).containsExactly("name1", "name2", "name3");
        assertThat(tags(tmp, "pairs")).containsExactly("a", "b", "a", "b", "a", "b");
    }

    @Test
    void aParentInTheSourceIsWrittenAndForkedToItsTransformer() {
        Resource parent = numberPages("nums", 2, 3).tableName("nums");
        Resource sums = Transformer.from("sums", parent,
                page -> Map.of("sum", ((List<?>) page).stream().mapToInt(StepsAndTransformersTest::n).sum()));
        extract(tmp, Source.of("s", parent, sums), NextItemMode.FIFO);
        assertThat(numbers("nums")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(rows(tmp, "sums")).extracting(r -> r.get("sum")).containsExactly(6L, 15L);
    }

    @Test
    void aTransformerMayReturnADeferredItemAndHaveStepsOfItsOwn() {
        Resource parent = Resource.fromIterator("ids", () -> items(3, n -> Map.of("id", n)));
        Resource details = Transformer.from("details", parent,
                row -> (java.util.concurrent.Callable<Object>) () -> page("d" + ((Map<?, ?>) row).get("id")))
                .filter(row -> !"d2".equals(((Map<?, ?>) row).get("tag")));
        extract(tmp, Source.of("s", details), NextItemMode.FIFO);
        assertThat(tags(tmp, "details")).containsExactlyInAnyOrder("d1", "d3");
    }

    @Test
    void aTransformerOfATransformerIsFedThroughTheChain() {
        Resource ids = Resource.fromIterator("ids", () -> items(2, n -> Map.of("id", n)));
        Resource doubled = Transformer.from("doubled", ids, row -> Map.of("id", 2 * (Integer) ((Map<?, ?>) row).get("id")));
        Resource tagged = Transformer.from("tagged", doubled, row -> Map.of("tag", "t" + ((Map<?, ?>) row).get("id")));
        extract(tmp, Source.of("s", tagged), NextItemMode.FIFO);
        assertThat(tags(tmp, "tagged")).containsExactly("t2", "t4");
        assertThat(files(tmp, "doubled")).isEmpty();
    }

    @Test
    void twoUnnamedTransformersOfOneParentCollideWithAClearError() {
        Resource parent = Resource.fromIterator("ids", () -> items(1, n -> Map.of("id", n)));
        assertThatThrownBy(() -> Source.of("s", Transformer.from(parent, r -> r), Transformer.from(parent, r -> r)))
                .hasMessageContaining("two resources named ids_transformer");
    }

    @Test
    void aRowByRowResourceStillWritesEachRow() {
        Resource r = Resource.of("rows", List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));
        ExtractInfo info = extract(tmp, Source.of("s", r), NextItemMode.ROUND_ROBIN);
        assertThat(numbers("rows")).containsExactly(1L, 2L, 3L);
        assertThat(info.flushes()).containsEntry("rows", 1L);
    }
}
