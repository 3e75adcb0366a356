package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory is bounded by the buffers, not by the data: a child JVM with a 128 MB heap pushes far
 * more rows through all three stages than its heap could hold at once.
 */
class BoundedMemoryTest {
    static final long ROWS = 2_000_000;

    @TempDir
    Path tmp;

    @Test
    void twoMillionRowsGoThroughEveryStageInA128MbHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                BoundedMemoryTest.class.getName(), tmp.toString())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("child JVM finished").isTrue();
        String log = Files.readString(tmp.resolve("child.log"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("rows=" + ROWS).doesNotContain("OutOfMemoryError");
        // 2M rows held as maps (~700 bytes each) would need over 1 GB of heap at once; the child had 128 MB
        assertThat(DuckDbTesting.count(tmp.resolve("mem.duckdb"), "mem_data.rows")).isEqualTo(ROWS);
        Matcher heap = Pattern.compile("maxHeap=(\\d+)").matcher(log);
        assertThat(heap.find()).as(log).isTrue();
        assertThat(Long.parseLong(heap.group(1))).isLessThanOrEqualTo(128L * 1024 * 1024);
    }

    /** The child: generates rows lazily, one page at a time, and loads them. */
    public static void main(String[] args) {
        Path tmp = Path.of(args[0]);
        Pipeline pipeline = DuckDbTesting.pipeline(tmp, "mem").build();
        Iterator<Object> data = new Iterator<>() {
            long i;

            @Override
            public boolean hasNext() {
                return i < ROWS;
            }

            @Override
            public Object next() {
                if (i % 2 == 0) {
                    return row(i++);
                }
                List<Object> page = new ArrayList<>();
                for (int k = 0; k < 999 && i < ROWS; k++) {
                    page.add(row(i++));
                }
                return page;
            }
        };
        LoadInfo info = pipeline.run(Resource.fromIterator("rows", () -> data));
        System.out.println("rows=" + info.rows("rows") + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }

    private static Map<String, Object> row(long i) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", i);
        r.put("name", "name_" + i);
        r.put("email", "user" + i + "@example.com");
        r.put("amount", i * 0.37);
        r.put("active", i % 2 == 0);
        r.put("created_at", "2024-01-0" + (1 + i % 9) + "T10:00:00Z");
        r.put("note", i % 3 == 0 ? null : "note " + i);
        return r;
    }
}
