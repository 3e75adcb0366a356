package dev.dlt4j.extract;

import static dev.dlt4j.extract.ExtractTesting.extract;
import static dev.dlt4j.extract.ExtractTesting.items;
import static dev.dlt4j.extract.ExtractTesting.page;
import static dev.dlt4j.extract.ExtractTesting.tags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.Transformer;
import dev.dlt4j.NextItemMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order in which the pipe iterator hands pages to the writer, read back from the extracted file. */
class PipeOrderTest {
    @TempDir
    Path tmp;

    private static Resource threePages(String name) {
        return Resource.fromIterator(name, () -> items(3, n -> page(name + n))).tableName("all");
    }

    private static Source abc() {
        return Source.of("letters", threePages("a"), threePages("b"), threePages("c"));
    }

    @Test
    void fifoWritesResourcesOneAfterTheOtherInDeclarationOrder() {
        extract(tmp, abc(), NextItemMode.FIFO);
        assertThat(tags(tmp, "all")).containsExactly("a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3");
    }

    @Test
    void roundRobinTakesOneItemFromEachResourceInTurn() {
        extract(tmp, abc(), NextItemMode.ROUND_ROBIN);
        assertThat(tags(tmp, "all")).containsExactly("a1", "b1", "c1", "a2", "b2", "c2", "a3", "b3", "c3");
    }

    @Test
    void roundRobinKeepsTakingFromTheResourcesLeftWhenOneEnds() {
        Resource shortOne = Resource.fromIterator("s", () -> items(1, n -> page("s" + n))).tableName("all");
        extract(tmp, Source.of("letters", threePages("a"), shortOne, threePages("c")), NextItemMode.ROUND_ROBIN);
        assertThat(tags(tmp, "all")).containsExactly("a1", "s1", "c1", "a2", "c2", "a3", "c3");
    }

    /** A parent of two pages, a transformer returning an iterator of two rows per page, and a plain resource. */
    private static Source withTransformer() {
        Resource parent = threePages("p").limit(2);
        Resource explode = Transformer.from("t", parent, item -> {
            String tag = (String) ((List<Map<String, Object>>) item).get(0).get("tag");
            return items(2, n -> Map.of("tag", "t(" + tag + ")" + n));
        }).tableName("all");
        return Source.of("letters", parent, explode, threePages("r").limit(2));
    }

    @Test
    void fifoDrainsTheIteratorsATransformerSpawnsBeforeTheParentsNextPage() {
        extract(tmp, withTransformer(), NextItemMode.FIFO);
        assertThat(tags(tmp, "all")).containsExactly("p1", "t(p1)1", "t(p1)2", "p2", "t(p2)1", "t(p2)2", "r1",
                "r2");
    }

    @Test
    void roundRobinInterleavesSpawnedIteratorsWithTheResources() {
        extract(tmp, withTransformer(), NextItemMode.ROUND_ROBIN);
        // p1 leaves its pipe as a fork (itself, then the transformer): the fork joins the rotation
        // as the newest source, as does the iterator the transformer returns
        assertThat(tags(tmp, "all")).containsExactly("r1", "p1", "r2", "p2", "t(p1)1", "t(p2)1", "t(p1)2",
                "t(p2)2");
    }

    @Test
    void roundRobinFallsBackToFifoWhileTooManySpawnedIteratorsAreOpen() {
        Resource parent = threePages("p");
        Resource explode = Transformer.from("t", parent, item -> {
            String tag = (String) ((List<Map<String, Object>>) item).get(0).get("tag");
            return items(2, n -> Map.of("tag", "t(" + tag + ")" + n));
        }).tableName("all");
        // max_parallel_items=1: as soon as one spawned source (fork or iterator) is open, take the newest
        extract(tmp, Source.of("letters", parent, explode), dev.dlt4j.DataWriterConfig.DEFAULTS,
                new dev.dlt4j.ExtractConfig(5, 1, NextItemMode.ROUND_ROBIN));
        assertThat(tags(tmp, "all")).containsExactly("p1", "t(p1)1", "t(p1)2", "p2", "t(p2)1", "t(p2)2", "p3",
                "t(p3)1", "t(p3)2");
    }
}
