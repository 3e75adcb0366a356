package dev.dlt4j.testing;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** What the load-integrity contract tests share: a pipeline into the destination and a row count read back. */
public abstract class DatasetTestBase {
    @TempDir
    protected Path tmp;

    /** A pipeline builder into this destination: a dataset of its own, pipelines dir under {@link #tmp}. */
    protected abstract Pipeline.Builder pipeline(String name);

    /** Rows of {@code table} in the pipeline's dataset; 0 when the table does not exist (yet). */
    protected abstract long count(Pipeline pipeline, String table);

    protected static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** {@code n} orders with two items each: a root table and a child table. */
    protected static Resource orders(int n) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            data.add(row("id", i, "items", List.of(row("sku", "a" + i), row("sku", "b" + i))));
        }
        return Resource.of("orders", data);
    }
}
