package dev.dlt4j.bench;

import dev.dlt4j.ColumnPage;
import dev.dlt4j.examples.DemoData;
import dev.dlt4j.extract.ExtractKernel;
import dev.dlt4j.normalize.NormalizeKernel;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Issue 17's per-value CPU, apart from DuckDB, gzip and the JIT's threads: the CPU of this one
 * thread encoding 1M FLAT rows into an extracted file (plain; the items are built outside the timed
 * part) and normalizing that file into plain jsonl job files, for map pages, typed pages and records;
 * then the process's CPU of the round (items made, JIT and collector included). Round 1 is a fresh
 * JVM's cost, the later rounds the warm per-value cost.
 * {@code java -Xmx512m -XX:+UseSerialGC -cp <cli jar>:dlt4j-bench/target/classes:dlt4j-bench/target/test-classes
 * dev.dlt4j.bench.KernelAb 1000000 3 [ways]} — run it against two builds' jars, alternating.
 */
public final class KernelAb {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private KernelAb() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<String> ways = args.length > 2 ? List.of(args[2].split(",")) : List.of("pages", "typed", "records");
        Path dir = Files.createTempDirectory("kernel-ab");
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder("round " + round + ":");
            long process0 = ScenarioRun.processCpuNanos();
            for (String way : ways) {
                Path file = dir.resolve("flat." + way);
                ExtractKernel k = new ExtractKernel();
                long enc = 0;
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    switch (way) {
                        case "pages" -> {
                            k.startRows(out);
                            for (Iterator<List<Map<String, Object>>> it = DemoData.pages(0, rows, 1000, DemoData::flat);
                                    it.hasNext();) {
                                List<Map<String, Object>> page = it.next();
                                long t0 = MX.getCurrentThreadCpuTime();
                                k.mapPage(page, out);
                                enc += MX.getCurrentThreadCpuTime() - t0;
                            }
                        }
                        case "typed" -> {
                            k.startColumns(out);
                            for (Iterator<ColumnPage> it = FlatRow.pages(0, rows, 1000); it.hasNext();) {
                                ColumnPage page = it.next();
                                long t0 = MX.getCurrentThreadCpuTime();
                                k.columnPage(page, out);
                                enc += MX.getCurrentThreadCpuTime() - t0;
                            }
                        }
                        default -> {
                            k.startColumns(out);
                            for (long first = 0; first < rows; first += 1000) {
                                List<FlatRow> page = new ArrayList<>(1000);
                                for (long i = first; i < Math.min(rows, first + 1000); i++) {
                                    page.add(FlatRow.of(i));
                                }
                                long t0 = MX.getCurrentThreadCpuTime();
                                k.records(page, out);
                                enc += MX.getCurrentThreadCpuTime() - t0;
                            }
                        }
                    }
                }
                Path pkg = dir.resolve("pkg-" + way);
                long t0 = MX.getCurrentThreadCpuTime();
                long n = NormalizeKernel.normalize(file, pkg, !way.equals("pages"));
                long norm = MX.getCurrentThreadCpuTime() - t0;
                if (n != rows) {
                    throw new IllegalStateException(way + ": " + n + " rows normalized, not " + rows);
                }
                line.append(String.format(" %s %.3f + %.3f", way, enc / 1e9, norm / 1e9));
                try (var s = Files.walk(pkg)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
                Files.delete(file);
                System.gc();
            }
            // the process's CPU: the items' making, the JIT's and the collector's threads included
            System.out.println(line.append(String.format(" (process %.2f)", (ScenarioRun.processCpuNanos() - process0) / 1e9)));
        }
    }
}
