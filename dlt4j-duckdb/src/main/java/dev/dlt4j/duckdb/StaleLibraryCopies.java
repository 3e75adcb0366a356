package dev.dlt4j.duckdb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;

/**
 * DuckDB's driver copies its native library (~68 MB) into the temporary folder in every JVM that loads
 * it, as {@code libduckdb_java<random>.so}, and deletes the copy when the JVM exits normally. A JVM killed
 * outright (SIGKILL, the OOM killer, a container stopped) never does, so each such run left 68 MB behind
 * for good. This removes such copies once they are a day old: a copy is written in the seconds before
 * its JVM loads it, and a JVM that still runs keeps its mapping of an unlinked file on Linux and macOS
 * (on Windows a library in use cannot be deleted, and the delete simply fails).
 */
final class StaleLibraryCopies {
    /** Older than this, a copy is taken to belong to a JVM that died without deleting it. */
    static final Duration STALE_AFTER = Duration.ofDays(1);

    private StaleLibraryCopies() {
    }

    /** The driver's own naming: {@code Files.createTempFile("libduckdb_java", ".so")}, on every OS. */
    static boolean isCopy(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("libduckdb_java") && name.endsWith(".so");
    }

    /**
     * Deletes the copies in {@code dir} last written before {@code now - STALE_AFTER}; returns how many.
     * Nothing here may fail a run: a file that cannot be read or deleted is left where it is.
     */
    static int delete(Path dir, Instant now) {
        Instant cutoff = now.minus(STALE_AFTER);
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, StaleLibraryCopies::isCopy)) {
            for (Path f : files) {
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(cutoff)
                            && Files.deleteIfExists(f)) {
                        deleted++;
                    }
                } catch (IOException | SecurityException e) {
                    // another user's file in a shared /tmp, or one deleted meanwhile: not ours to report
                }
            }
        } catch (IOException | SecurityException e) {
            // no temporary folder to list: nothing was left there either
        }
        return deleted;
    }
}
