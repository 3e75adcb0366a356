package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.spi.DestinationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB's native library is loaded on a background thread; a library that cannot load (here: no
 * temporary folder to copy it into) must still fail the first connection with the driver's reason and
 * where the copy goes, not with the JVM's bare "Could not initialize class".
 */
class LibraryLoadFailureTest {
    @TempDir
    Path tmp;

    /** The child: opens a database as a load does and prints the message it fails with. */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        try {
            DuckDbDestination.at(dir.resolve("w.duckdb")).open(new DestinationContext("w", "w_data", dir, dir));
            System.out.println("OPENED");
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.out.println("CAUSE " + e.getCause());
        }
    }

    @Test
    void aLibraryThatCannotBeCopiedFailsTheConnectionNamingTheReasonAndTheFolder() throws Exception {
        Path missing = tmp.resolve("no-such-folder");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = tmp.resolve("child.out");
        Process child = new ProcessBuilder(java, "-Djava.io.tmpdir=" + missing, "-cp",
                System.getProperty("java.class.path"), LibraryLoadFailureTest.class.getName(), tmp.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }

        String printed = Files.readString(out);
        assertThat(printed).contains("FAILED DuckDB's native library cannot be loaded (")
                .contains("the driver copies it into the temporary folder " + missing + " (-Djava.io.tmpdir), which"
                        + " must be writable and allow running programs")
                .doesNotContain("OPENED");
        assertThat(printed.lines().filter(l -> l.startsWith("CAUSE ")).findFirst().orElseThrow())
                .doesNotContain("Could not initialize class");
    }
}
