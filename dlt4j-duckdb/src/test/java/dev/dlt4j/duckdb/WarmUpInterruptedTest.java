package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's driver copies its native library (68 MB) into the temporary folder and marks the copy
 * for deletion at exit only once it is whole; a run loads it in the background while it extracts
 * ({@link DuckDbDestination#warmUp}), so Ctrl-C early in a run used to stop the JVM in the middle
 * of the copy and leave a partial file in the temporary folder at each interrupted run.
 */
class WarmUpInterruptedTest {
    @TempDir
    Path tmp;

    /**
     * The child: starts the warm-up ({@code warm-up}, as a run does) or opens the database at once
     * ({@code open}, as {@code pipeline … query} does), says so once the driver's copy exists, then waits
     * for the signal.
     */
    public static void main(String[] args) throws Exception {
        Path javaTmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = Path.of(args[0]);
        Thread watcher = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                while (copies(javaTmp).isEmpty() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                System.out.println("COPYING " + copies(javaTmp));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        watcher.start();
        if (args[1].equals("warm-up")) {
            DuckDbDestination.at(dir.resolve("w.duckdb")).warmUp();
        } else {
            DuckDbDestination.at(dir.resolve("w.duckdb")).open(new dev.dlt4j.spi.DestinationContext("w", "w_data", dir,
                    dir));
        }
        Thread.sleep(60_000);
    }

    @Test
    void ctrlCWhileARunsWarmUpCopiesTheLibraryLeavesNoCopyInTheTemporaryFolder() throws Exception {
        ctrlCWhileTheLibraryIsCopiedLeavesNoCopy("warm-up");
    }

    @Test
    void ctrlCWhileAConnectionsOpeningCopiesTheLibraryLeavesNoCopyInTheTemporaryFolder() throws Exception {
        ctrlCWhileTheLibraryIsCopiedLeavesNoCopy("open");
    }

    private void ctrlCWhileTheLibraryIsCopiedLeavesNoCopy(String how) throws Exception {
        Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = tmp.resolve("child.err");
        Process child = new ProcessBuilder(java, "-Djava.io.tmpdir=" + javaTmp, "-cp",
                System.getProperty("java.class.path"), WarmUpInterruptedTest.class.getName(), tmp.toString(), how)
                .redirectError(err.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("child output; stderr: %s", Files.exists(err) ? Files.readString(err) : "")
                    .matches("COPYING \\[.+\\]");
            new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }

        assertThat(child.exitValue()).isEqualTo(130);
        assertThat(copies(javaTmp)).as("the driver's copies of its library left behind").isEmpty();
    }

    private static List<Path> copies(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("libduckdb_java")).toList();
        }
    }
}
