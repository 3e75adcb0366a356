package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.WriteDisposition;
import dev.dlt4j.spi.CrashPointHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On a destination with transactions a package's data becomes visible at once or not at all: a
 * job that fails terminally leaves none of the package's rows (parents, children, other tables,
 * truncations) and no {@code _dlt_loads} row. Subclasses name a value their destination refuses.
 */
public abstract class AtomicPackageContractTest extends DatasetTestBase {

    /** A value the normalizer accepts and the destination refuses when it loads it (a terminal job failure). */
    protected abstract Object refusedValue();

    /** {@code n} orders with two items each; the last item of the last order carries {@link #refusedValue()}. */
    private Resource ordersWithOneBadItem(int n) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Map<String, Object>> items = new ArrayList<>(List.of(row("sku", "a" + i), row("sku", "b" + i)));
            if (i == n - 1) {
                items.set(1, row("sku", "b" + i, "bad", refusedValue()));
            }
            data.add(row("id", i, "items", items));
        }
        return Resource.of("orders", data);
    }

    @Test
    void whileAPackageLoadsReadersSeeTheDatasetAsBeforeIt() {
        Pipeline p = pipeline("reader").build();
        p.run(Resource.of("events", List.of(row("id", 1), row("id", 2), row("id", 3))));
        List<Long> seenDuringLoad = new ArrayList<>();
        // the last point inside the package's transaction: every job and merge has run, nothing is committed
        CrashPointHook.on(point -> {
            if (point.equals("load.before_complete_load")) {
                seenDuringLoad.add(count(p, "events"));
                seenDuringLoad.add(count(p, "_dlt_loads"));
            }
        });
        try {
            p.run(Resource.of("events", List.of(row("id", 4), row("id", 5))));
        } finally {
            CrashPointHook.clear();
        }

        assertThat(seenDuringLoad).as("rows of events and _dlt_loads a reader sees while the package loads")
                .containsExactly(3L, 1L);
        assertThat(count(p, "events")).isEqualTo(5);
        assertThat(count(p, "_dlt_loads")).isEqualTo(2);
    }

    @Test
    void oneBadChildRowLoadsNoneOfThePackagesRows() {
        Pipeline p = pipeline("onebad").build();
        assertThatThrownBy(() -> p.run(ordersWithOneBadItem(301))).isInstanceOf(PipelineException.class)
                .hasMessageContaining("orders__items");
        assertThat(count(p, "orders")).isZero();
        assertThat(count(p, "orders__items")).isZero();
        assertThat(count(p, "_dlt_loads")).isZero();
    }

    @Test
    void aBadRootRowLoadsNoneOfItsTablesRows() {
        Pipeline p = pipeline("badroot").build();
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < 302; i++) {
            data.add(i == 150 ? row("id", i, "bad", refusedValue()) : row("id", i));
        }
        assertThatThrownBy(() -> p.run(Resource.of("events", data), Resource.of("users", List.of(row("id", 1)))))
                .isInstanceOf(PipelineException.class);
        assertThat(count(p, "events")).isZero();
        assertThat(count(p, "users")).isZero();
        assertThat(count(p, "_dlt_loads")).isZero();
    }

    @Test
    void aFailedReplaceKeepsTheRowsOfTheLastLoad() {
        Pipeline p = pipeline("replace").build();
        p.run(orders(5).writeDisposition(WriteDisposition.REPLACE));
        assertThatThrownBy(() -> p.run(ordersWithOneBadItem(3).writeDisposition(WriteDisposition.REPLACE))).isInstanceOf(PipelineException.class);
        assertThat(count(p, "orders")).isEqualTo(5);
        assertThat(count(p, "orders__items")).isEqualTo(10);
        assertThat(count(p, "_dlt_loads")).isEqualTo(1);
    }

    @Test
    void withAtomicPackagesOffAFailedJobLeavesTheOtherJobsLoadedWithoutALoadRecord() {
        Pipeline p = pipeline("jobbyjob").environment(Map.of("LOAD__ATOMIC_PACKAGES", "false")).build();
        assertThatThrownBy(() -> p.run(ordersWithOneBadItem(301))).isInstanceOf(PipelineException.class);
        assertThat(count(p, "orders")).isEqualTo(301);
        // the failed job's rows are missing (a csv writer puts the row with the new column in a file of its own)
        assertThat(count(p, "orders__items")).isLessThan(602);
        assertThat(count(p, "_dlt_loads")).isZero();
    }

    @Test
    void withRaiseOnFailedJobsOffTheOtherJobsLoadAndTheLoadIsRecorded() {
        Pipeline p = pipeline("soft").load(new LoadConfig(4, false, false)).build();
        p.run(ordersWithOneBadItem(10));
        assertThat(count(p, "orders")).isEqualTo(10);
        assertThat(count(p, "orders__items")).isLessThan(20);
        assertThat(count(p, "_dlt_loads")).isEqualTo(1);
    }
}
