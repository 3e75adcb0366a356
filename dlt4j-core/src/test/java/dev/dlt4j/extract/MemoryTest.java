package dev.dlt4j.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory is bounded by buffers, not data: 5 million rows extract in a child JVM limited to 128 MB. */
class MemoryTest {
    @TempDir
    Path tmp;

    @Test
    void fiveMillionRowsRowByRowAndPagedExtractIn128MbOfHeap() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                MemoryMain.class.getName(), tmp.toString(), "5000000"))
                .redirectErrorStream(true).start();
        // a hang guard only; the child takes a few seconds
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            p.destroyForcibly();
        }
        System.out.println(out);
        assertThat(finished).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("rows=5000000 in").contains("pages=5000000 in").contains("max_heap_mb=");
    }
}
