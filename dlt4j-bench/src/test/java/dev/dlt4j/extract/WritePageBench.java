package dev.dlt4j.extract;

import dev.dlt4j.examples.DemoData;
import dev.dlt4j.spi.Compression;
import dev.dlt4j.storage.RowFileWriter;
import java.io.IOException;
import java.io.OutputStream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The extract stage's kernel: encoding one page of 1,000 rows into the extracted-file format and
 * appending it (to {@code /dev/null}, so the disk is not measured; gzip is, when on).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WritePageBench {
    @Param({"flat", "nested"})
    public String dataset;

    @Param({"false", "true"})
    public boolean compress;

    private List<Map<String, Object>> page;
    private RowFileWriter writer;
    private OutputStream out;

    @Setup
    public void setUp() throws IOException {
        page = DemoData.pages(1000, 1000, dataset.equals("flat") ? DemoData::flat : DemoData::issue).next();
        writer = new RowFileWriter();
        out = dev.dlt4j.storage.BenchCodecs.open(OutputStream.nullOutputStream(),
                compress ? java.util.Optional.of(Compression.EXTRACTED_FILES) : java.util.Optional.empty());
        writer.startFile(out);
    }

    @TearDown
    public void tearDown() throws IOException {
        out.close();
    }

    @Benchmark
    public long writePage() throws IOException {
        BenchFiles.encode(page, writer, dataset);
        int bytes = writer.pendingBytes();
        writer.writeBuffered(out);
        return bytes;
    }
}
