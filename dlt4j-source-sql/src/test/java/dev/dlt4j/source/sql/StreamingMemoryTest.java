package dev.dlt4j.source.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table larger than the heap streams: a child JVM with a 128 MB heap copies a 2,000,000-row
 * PostgreSQL (and MariaDB) table into DuckDB, page by page through a server-side cursor. Read whole, the rows
 * alone would take well over 128 MB.
 */
class StreamingMemoryTest {
    static final long ROWS = 2_000_000;
    static final String TABLE = "sqlsrc_big.rows_2m";
    // two columns keep the test quick; the bench copies a 10-column table

    @TempDir
    Path tmp;

    @Test
    void aTwoMillionRowTableStreamsThroughA128MbHeap() throws Exception {
        List<Map<String, Object>> have = Databases.query(Databases.PG_JDBC, "SELECT count(*) n FROM"
                + " information_schema.tables WHERE table_schema = 'sqlsrc_big' AND table_name = 'rows_2m'");
        if (((Number) have.get(0).get("n")).longValue() == 0
                || ((Number) Databases.query(Databases.PG_JDBC, "SELECT count(*) n FROM " + TABLE).get(0).get("n"))
                        .longValue() != ROWS) {
            Databases.pg("CREATE SCHEMA IF NOT EXISTS sqlsrc_big", "DROP TABLE IF EXISTS " + TABLE,
                    "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, name text)",
                    "INSERT INTO " + TABLE + " SELECT g, 'name ' || g FROM generate_series(1, " + ROWS + ") g");
        }
        copyIn128MbHeap(Databases.PG, "sqlsrc_big");
    }

    /**
     * MariaDB streams too, reading in the binary protocol of server-side prepared statements: the
     * driver fetches {@code fetchSize} rows at a time, not the result set whole.
     */
    @Test
    void aTwoMillionRowMariaDbTableStreamsThroughA128MbHeap() throws Exception {
        Databases.maria("DROP DATABASE IF EXISTS sqlspeed_big", "CREATE DATABASE sqlspeed_big",
                "CREATE TABLE sqlspeed_big.rows_2m (id bigint PRIMARY KEY, name text)",
                "INSERT INTO sqlspeed_big.rows_2m SELECT seq, concat('name ', seq) FROM seq_1_to_" + ROWS);
        try {
            copyIn128MbHeap(Databases.MARIA, "sqlspeed_big");
        } finally {
            Databases.maria("DROP DATABASE sqlspeed_big");
        }
    }

    private void copyIn128MbHeap(String source, String schema) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                StreamingMemoryTest.class.getName(), tmp.toString(), source, schema)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("child JVM finished").isTrue();
        String log = Files.readString(tmp.resolve("child.log"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("rows=" + ROWS).contains("maxHeap=").doesNotContain("OutOfMemoryError");
        // 2M rows of (Long, String) read whole would hold over 250 MB of objects; the child had 128 MB
        assertThat(Databases.duck(tmp.resolve("big.duckdb"), "SELECT count(*) n, count(DISTINCT id) d,"
                + " max(name) m FROM big_data.rows_2m"))
                .containsExactly(Map.of("n", ROWS, "d", ROWS, "m", "name 999999"));
    }

    /** The child: {@code <dir> <source> <schema>} copies the table with default settings and prints the rows loaded and its heap limit. */
    public static void main(String[] args) {
        Path tmp = Path.of(args[0]);
        Pipeline pipeline = Pipeline.builder("big").destination("duckdb:" + tmp.resolve("big.duckdb"))
                .dataset("big_data").pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(Map.of()).build();
        LoadInfo info = pipeline.run(SqlSource.of(args[1]).schema(args[2]).tables("rows_2m").toSource());
        System.out.println("rows=" + info.rows("rows_2m") + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }
}
