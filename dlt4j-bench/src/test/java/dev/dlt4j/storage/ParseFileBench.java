package dev.dlt4j.storage;

import dev.dlt4j.examples.DemoData;
import dev.dlt4j.extract.BenchFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** The normalize stage's input kernel: parsing an extracted file of 10,000 rows back into maps. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParseFileBench {
    static final int ROWS = 10_000;

    @Param({"flat", "nested"})
    public String dataset;

    @Param({"false", "true"})
    public boolean compress;

    private Path file;

    @Setup
    public void setUp() throws IOException {
        file = Files.createTempFile("dlt4j-parse-bench", compress ? ".rows.lz4" : ".rows"); // the reader goes by the first bytes
        BenchFiles.write(file, DemoData.pages(ROWS, ROWS, dataset.equals("flat") ? DemoData::flat : DemoData::issue)
                .next(), dataset, compress);
    }

    @TearDown
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long parseFile(Blackhole bh) throws IOException {
        long n = 0;
        try (RowFileReader reader = new RowFileReader(file)) {
            Map<String, Object> row;
            while ((row = reader.next()) != null) {
                bh.consume(row);
                n++;
            }
        }
        return n;
    }
}
