package dev.dlt4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.ExtractConfig;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.WriteDisposition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code [extract] package_max_items}: a run cut into many packages (normalized while the one
 * before loads) leaves the same tables, row for row, as the same runs in one package each. Three
 * runs of one source with an append table, a replace table whose rows come only after the first
 * cut (and which is empty in run 3), and a merge table, each with a nested table. Rows are
 * compared without {@code _dlt_load_id} and {@code _dlt_id}; nested rows by their parent's key.
 */
public abstract class OverlapContract {
    /** Rows per package in the overlapped pipeline: runs have 50 to 70 rows, so at least 5 packages. */
    static final long PACKAGE_MAX_ITEMS = 12;

    /** A pipeline named {@code name} (unique per test) at the destination under test. */
    protected abstract Pipeline.Builder builder(String name);

    static Source source(int run) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int id = run * 100 + i;
            events.add(row("id", id, "kind", "k" + (i % 3), "tags", List.of("t" + i, "r" + run)));
        }
        List<Map<String, Object>> catalog = new ArrayList<>();
        for (int i = 0; run < 3 && i < 25 - run * 5; i++) {
            catalog.add(row("sku", "s" + i, "price", i * run, "parts", List.of(row("part", "p" + i + "-" + run))));
        }
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = run * 10 - 10; i < run * 10 + 10; i++) {
            users.add(row("id", i, "name", "u" + i + "-" + run,
                    "addresses", i % 2 == 0 ? List.of(row("city", "c" + run), row("city", "d" + i)) : List.of()));
        }
        return Source.of("shop",
                Resource.of("events", events),
                Resource.of("catalog", catalog).writeDisposition(WriteDisposition.REPLACE),
                Resource.of("users", users).writeDisposition(WriteDisposition.MERGE).primaryKey("id"));
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void anOverlappedRunLeavesTheSameTablesAsOnePackagePerRun() {
        Pipeline sequential = builder("seq").build();
        Pipeline overlapped = builder("ovl").extract(ExtractConfig.DEFAULTS.withPackageMaxItems(PACKAGE_MAX_ITEMS))
                .build();
        for (int run = 1; run <= 3; run++) {
            LoadInfo one = sequential.run(source(run));
            LoadInfo many = overlapped.run(source(run));
            assertThat(one.loadIds()).hasSize(1);
            assertThat(many.loadIds()).as("run %d is cut into packages", run).hasSizeGreaterThanOrEqualTo(5);
            if (run == 1) {
                continue; // compared after run 2 (merge updates, replace) and run 3 (empty replace): cheaper
            }
            for (String table : List.of("events", "events__tags", "catalog", "catalog__parts", "users",
                    "users__addresses")) {
                assertThat(rows(overlapped, table)).as("run %d, table %s", run, table)
                        .containsExactlyElementsOf(rows(sequential, table));
            }
        }
        assertThat(rows(overlapped, "catalog")).isEmpty(); // run 3's replace brought nothing
        assertThat(rows(overlapped, "events")).hasSize(90);
        assertThat(rows(overlapped, "users")).hasSize(40);
        assertThat(overlapped.state().resourceState("shop", "events")).isEqualTo(
                sequential.state().resourceState("shop", "events"));
    }

    /**
     * A table's rows, sorted, without the columns that differ between loads: {@code _dlt_load_id},
     * {@code _dlt_id}, and in a nested table the parent links, replaced by the parent's own key.
     */
    private static List<String> rows(Pipeline p, String table) {
        if (!p.dataset().tableNames().contains(table)) {
            return List.of();
        }
        Map<String, Object> keyOfId = new HashMap<>();
        boolean nested = table.contains("__");
        if (nested) {
            String parent = table.substring(0, table.indexOf("__"));
            String key = parent.equals("catalog") ? "sku" : "id";
            for (Map<String, Object> r : p.dataset().table(parent).fetchAll()) {
                keyOfId.put(String.valueOf(r.get("_dlt_id")), r.get(key));
            }
        }
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : p.dataset().table(table).fetchAll()) {
            Map<String, Object> kept = new TreeMap<>();
            r.forEach((c, v) -> {
                if (!c.equals("_dlt_load_id") && !c.equals("_dlt_id") && !c.equals("_dlt_parent_id")
                        && !c.equals("_dlt_root_id")) {
                    kept.put(c, v);
                }
            });
            if (nested) {
                kept.put("parent_key", keyOfId.get(String.valueOf(r.get("_dlt_parent_id"))));
            }
            out.add(kept.toString());
        }
        out.sort(null);
        return out;
    }
}
