package dev.dlt4j.bench;

import dev.dlt4j.duckdb.GateLoad;
import dev.dlt4j.examples.DemoData;
import dev.dlt4j.extract.ExtractKernel;
import dev.dlt4j.normalize.GateKernel;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.JobFileName;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.duckdb.DuckDBConnection;

/**
 * Issue 17 lever 3's gate (measured NO-GO, docs/performance.md item 9): the process CPU and wall of
 * writing one package's job files (the real normalize path, from an extracted file of map pages) and
 * of loading them into DuckDB, as jsonl + {@code read_json} exactly as {@code DuckDbClient} does (A),
 * as Arrow IPC files ({@link dev.dlt4j.normalize.GateKernel}'s prototype encoder) +
 * {@code registerArrowStream} (B), or the normalizer alone with its values discarded (N). Extracting
 * the file and loading DuckDB's library are not timed. With {@code rounds} > 1 the same JVM repeats
 * the write and load (warm figures). Build ({@code mvn -o -q -pl dlt4j-bench -am -DskipTests package
 * dependency:build-classpath -Dmdep.includeScope=test -DexcludeGroupIds=dev.dlt4j
 * -Dmdep.outputFile=target/test-classpath.txt}), then one fresh JVM per measurement, alternating:
 * {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -Xmx512m -XX:+UseSerialGC -cp
 * dlt4j-cli/target/dlt4j-cli-0.2.0-all.jar:dlt4j-bench/target/classes:dlt4j-bench/target/test-classes:$(cat
 * dlt4j-bench/target/test-classpath.txt) dev.dlt4j.bench.ArrowJobGate A|B|N flat|nested rows [rounds]}.
 */
public final class ArrowJobGate {
    private ArrowJobGate() {
    }

    public static void main(String[] args) throws Exception {
        boolean arrow = args[0].equals("B");
        boolean none = args[0].equals("N");
        boolean nested = args[1].equals("nested");
        int rows = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Path dir = Files.createTempDirectory("arrow-gate");
        Path extracted = dir.resolve("extracted");
        LongFunction<Map<String, Object>> row = nested ? DemoData::issue : DemoData::flat;
        ExtractKernel k = new ExtractKernel();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(extracted), 1 << 16)) {
            k.startRows(out);
            for (Iterator<List<Map<String, Object>>> it = DemoData.pages(0, rows, 1000, row::apply); it.hasNext();) {
                k.mapPage(it.next(), out);
            }
        }
        // DuckDB's library and a database, before anything is timed (both formats pay it alike)
        DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("gatedb.duckdb"));
        try (Statement st = db.createStatement()) {
            st.execute("SET preserve_insertion_order = false");
        }
        for (int round = 1; round <= rounds; round++) {
            round(db, dir, extracted, "gate" + round, arrow, none, args, rows);
        }
        db.close();
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void round(DuckDBConnection db, Path dir, Path extracted, String gate, boolean arrow, boolean none,
            String[] args, int rows) throws Exception {
        try (Statement st = db.createStatement()) {
            st.execute("CREATE SCHEMA " + gate);
        }
        System.gc();

        long cpu0 = ScenarioRun.processCpuNanos();
        long wall0 = System.nanoTime();
        Path pkg = dir.resolve("pkg-" + gate);
        Schema schema = GateKernel.normalize(extracted, pkg, false,
                none ? null : arrow ? "arrow" : "jsonl");
        long cpu1 = ScenarioRun.processCpuNanos();
        long wall1 = System.nanoTime();

        List<Path> jobs = new ArrayList<>();
        try (var s = Files.list(GateKernel.jobFolder(pkg))) {
            s.sorted().forEach(jobs::add);
        }
        try (Statement st = db.createStatement()) {
            for (Table t : schema.tables().values()) {
                if (!t.name().startsWith("_dlt")) {
                    st.execute(GateLoad.createTable(gate + "." + t.name(), t));
                }
            }
        }
        long bytes = 0;
        for (Path p : jobs) {
            bytes += Files.size(p);
        }
        System.gc();
        long cpu2 = ScenarioRun.processCpuNanos();
        long wall2 = System.nanoTime();
        long loaded = 0;
        for (Path job : jobs) {
            JobFileName name = JobFileName.parse(job.getFileName().toString());
            Table t = schema.tables().get(name.table());
            try (DuckDBConnection c = (DuckDBConnection) db.duplicate(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                if (arrow) {
                    loaded += loadArrow(c, st, t, job, gate);
                } else {
                    loaded += st.executeUpdate(GateLoad.insertFromJsonl(gate + "." + t.name(), t, job));
                }
                c.commit();
            }
        }
        long cpu3 = ScenarioRun.processCpuNanos();
        long wall3 = System.nanoTime();
        System.out.printf(gate + " %s %s rows=%d jobs=%d MB=%.1f loaded=%d write cpu %.2f wall %.2f | load cpu %.2f wall %.2f"
                + " | both cpu %.2f wall %.2f%n", args[0], args[1], rows, jobs.size(), bytes / 1e6, loaded,
                (cpu1 - cpu0) / 1e9, (wall1 - wall0) / 1e9, (cpu3 - cpu2) / 1e9, (wall3 - wall2) / 1e9,
                (cpu1 - cpu0 + cpu3 - cpu2) / 1e9, (wall1 - wall0 + wall3 - wall2) / 1e9);
    }

    private static long loadArrow(DuckDBConnection c, Statement st, Table t, Path job, String gate) throws Exception {
        if (Files.size(job) == 0) {
            return 0;
        }
        try (BufferAllocator alloc = new RootAllocator();
                FileChannel ch = FileChannel.open(job);
                ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
            List<String> cols = new ArrayList<>();
            for (Field f : reader.getVectorSchemaRoot().getSchema().getFields()) {
                cols.add(f.getName());
            }
            long n;
            try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(alloc)) {
                Data.exportArrayStream(alloc, reader, stream);
                String view = "_dlt4j_arrow_job";
                c.registerArrowStream(view, stream);
                n = st.executeUpdate(GateLoad.insertFromArrow(gate + "." + t.name(), t, view, cols));
                st.execute("DROP VIEW " + view);
            }
            return n;
        }
    }
}
