package dev.dlt4j.normalize;

import dev.dlt4j.examples.DemoData;
import dev.dlt4j.extract.BenchFiles;
import dev.dlt4j.Column;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.RowFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The normalize stage's kernel: the relational normalizer on one page of 1,000 rows as read back
 * from an extracted file, writing into a sink that only consumes the values (no JSONL, no disk).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NormalizePageBench {
    @Param({"flat", "nested"})
    public String dataset;

    private final List<Map<String, Object>> page = new ArrayList<>();
    private final Sink sink = new Sink();
    private RelationalNormalizer normalizer;

    @Setup
    public void setUp() throws IOException {
        Path file = Files.createTempFile("dlt4j-normalize-bench", ".rows");
        try {
            BenchFiles.write(file, DemoData.pages(1000, 1000, dataset.equals("flat") ? DemoData::flat
                    : DemoData::issue).next(), dataset, false);
            try (RowFileReader reader = new RowFileReader(file)) {
                Map<String, Object> row;
                while ((row = reader.next()) != null) {
                    page.add(row);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        normalizer = new RelationalNormalizer(Schema.empty("bench"), new NamingConvention(Integer.MAX_VALUE),
                "1700000000.123456", table -> sink);
    }

    @Benchmark
    public long normalizePage(Blackhole bh) {
        sink.bh = bh;
        for (Map<String, Object> row : page) {
            normalizer.normalizeRoot(dataset, row);
        }
        return sink.rows;
    }

    /** Consumes every value so the JIT cannot drop the work that produced it. */
    static final class Sink implements TableFileWriter {
        Blackhole bh;
        long rows;

        @Override
        public void beginRow() {
        }

        @Override
        public void value(Column column, Object value) {
            bh.consume(value);
        }

        @Override
        public void endRow() {
            rows++;
        }

        @Override
        public long rows() {
            return rows;
        }

        @Override
        public void touch() {
        }

        @Override
        public List<JobFileName> files() {
            return List.of();
        }

        @Override
        public java.util.Map<JobFileName, Long> rowsPerFile() {
            return java.util.Map.of();
        }

        @Override
        public void close() {
        }
    }
}
