package dev.dlt4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.duckdb.DuckDbDestination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-line error of a failed run says what really went wrong, not only which file it was at. */
class OneLineErrorCauseTest {
    @TempDir
    Path tmp;

    @Test
    void aFullDiskIsNamed() throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full (Linux)");
        Path pipelines = tmp.resolve("pipelines");
        // the pipeline state is written to state.json.tmp first: here every write to it finds the disk full
        Files.createDirectories(pipelines.resolve("demo"));
        Files.createSymbolicLink(pipelines.resolve("demo/state.json.tmp"), full);
        CliRun r = CliRun.of("demo", "--rows", "3", "--pipelines-dir", pipelines.toString(), "--database",
                tmp.resolve("demo.duckdb").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("dlt4j: ").contains("No space left on device").hasLineCount(1);
    }

    @Test
    void aFileNameTooLongIsNamed() {
        Path pipelines = tmp.resolve("p".repeat(300));
        CliRun r = CliRun.of("demo", "--rows", "3", "--pipelines-dir", pipelines.toString(), "--database",
                tmp.resolve("demo.duckdb").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("dlt4j: ").contains("File name too long").hasLineCount(1);
    }

    @Test
    void aTruncatedCompressedFileIsNamed() throws Exception {
        Pipeline p = gzPipeline();
        Path file = extractedFile(p.workingDir().resolve("normalize/extracted"));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Throwable e = catchThrowable(p::normalize);
        assertThat(e).isNotNull();
        // the size extract recorded tells first, before the gzip reader would run out of input
        assertThat(Main.oneLine(e)).contains("stage normalize").contains(file.getFileName().toString())
                .contains("holds " + bytes.length / 2 + " bytes, but extract wrote " + bytes.length + " bytes");
    }

    @Test
    void aCorruptCompressedFileOfTheRecordedSizeNamesTheCodecsError() throws Exception {
        Pipeline p = gzPipeline();
        Path file = extractedFile(p.workingDir().resolve("normalize/extracted"));
        byte[] bytes = Files.readAllBytes(file);
        // extracted files are LZ4 frames: the last 4 bytes are the content checksum; a wrong one keeps the
        // size and breaks the file
        bytes[bytes.length - 4] ^= (byte) 0xff;
        Files.write(file, bytes);
        Throwable e = catchThrowable(p::normalize);
        assertThat(e).isNotNull();
        assertThat(Main.oneLine(e)).contains("stage normalize").contains(file.getFileName().toString())
                .contains("Content checksum mismatch");
    }

    private Pipeline gzPipeline() {
        Pipeline p = Pipeline.builder("gz").pipelinesDir(tmp.resolve("pipelines")).localDir(tmp)
                .destination(DuckDbDestination.at(tmp.resolve("gz.duckdb"))).build();
        p.extract(Resource.of("t", List.of(Map.of("id", 1, "text", "x".repeat(5000)))));
        return p;
    }

    private static Path extractedFile(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(f -> f.getFileName().toString().startsWith("t.") && f.toString().endsWith(".lz4"))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
