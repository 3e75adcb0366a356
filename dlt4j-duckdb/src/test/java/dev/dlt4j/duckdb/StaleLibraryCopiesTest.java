package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed outright never deletes the copy of DuckDB's native library its driver made in the
 * temporary folder (68 MB each); a later run deletes those a day old.
 */
class StaleLibraryCopiesTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @TempDir
    Path tmp;

    /** The child: a run's warm-up, waited for; prints the copies the folder then holds, then exits normally. */
    public static void main(String[] args) throws Exception {
        DuckDbDestination.at(Path.of(args[0]).resolve("w.duckdb")).warmUp();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("dlt4j-duckdb-warm-up")) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
        for (Path p : copies(Path.of(System.getProperty("java.io.tmpdir")))) {
            System.out.println("COPY " + p.getFileName());
        }
    }

    @Test
    void copiesADayOldAreDeletedAndNewerOnesAndOtherFilesKept() throws Exception {
        Path old = file("libduckdb_java123456789.so", NOW.minus(Duration.ofHours(25)));
        Path recent = file("libduckdb_java987654321.so", NOW.minus(Duration.ofHours(23)));
        Path otherLibrary = file("libother123.so", NOW.minus(Duration.ofDays(30)));
        Path notALibrary = file("libduckdb_java123.so.txt", NOW.minus(Duration.ofDays(30)));
        Files.createDirectories(tmp.resolve("libduckdb_java_dir.so"));
        Files.setLastModifiedTime(tmp.resolve("libduckdb_java_dir.so"), FileTime.from(NOW.minus(Duration.ofDays(30))));

        assertThat(StaleLibraryCopies.delete(tmp, NOW)).isEqualTo(1);

        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(otherLibrary).exists();
        assertThat(notALibrary).exists();
        assertThat(tmp.resolve("libduckdb_java_dir.so")).isDirectory();
    }

    @Test
    void aMissingFolderDeletesNothingAndDoesNotFail() {
        assertThat(StaleLibraryCopies.delete(tmp.resolve("no-such-folder"), NOW)).isZero();
    }

    @Test
    void aRunsWarmUpDeletesTheCopiesKilledJvmsLeftAndItsOwnAtExit() throws Exception {
        Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
        Instant now = Instant.now();
        Path leftByAKilledJvm = file(javaTmp, "libduckdb_java111.so", now.minus(Duration.ofDays(3)));
        Path ofARunningJvm = file(javaTmp, "libduckdb_java222.so", now.minus(Duration.ofMinutes(5)));
        Path log = tmp.resolve("child.log"); // ChildJvm gives the child java.io.tmpdir = javaTmp
        assertThat(ChildJvm.run(StaleLibraryCopiesTest.class, log, tmp.toString())).as(ChildJvm.logText(log)).isZero();
        // the driver's own copy has the name the clean-up looks for (a driver that renamed it would escape it)
        List<String> seen = Files.readAllLines(log).stream().filter(l -> l.startsWith("COPY ")).toList();
        assertThat(seen).as("the copies in the child's temporary folder after its warm-up").hasSize(2)
                .contains("COPY libduckdb_java222.so")
                .anyMatch(l -> l.matches("COPY libduckdb_java\\d+\\.so") && !l.endsWith("java222.so"));
        assertThat(leftByAKilledJvm).doesNotExist();
        assertThat(ofARunningJvm).exists();
        assertThat(copies(javaTmp)).containsExactly(ofARunningJvm);
    }

    private Path file(String name, Instant modified) throws Exception {
        return file(tmp, name, modified);
    }

    private static Path file(Path dir, String name, Instant modified) throws Exception {
        Path f = Files.write(dir.resolve(name), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(f, FileTime.from(modified));
        return f;
    }

    private static List<Path> copies(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(StaleLibraryCopies::isCopy).toList();
        }
    }
}
