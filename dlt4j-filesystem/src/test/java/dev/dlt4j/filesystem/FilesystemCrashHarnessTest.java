package dev.dlt4j.filesystem;

import dev.dlt4j.testing.CrashHarnessContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The crash harness against a folder per trial, read back with DuckDB's read_json over each table
 * folder (which fails on any partial or temporary file there). Merge appends here, as in dlt.
 */
class FilesystemCrashHarnessTest extends CrashHarnessContract {

    @Override
    protected String destination(Path trialDir) {
        return "file://" + trialDir.toAbsolutePath().resolve("lake");
    }

    @Override
    protected List<Map<String, Object>> rows(Path trialDir, String dataset, String table) {
        return FilesystemTesting.rows(trialDir.resolve("lake").resolve(dataset).resolve(table));
    }

    @Override
    protected boolean mergeReplaces() {
        return false;
    }

    /** Files in the temp folder, and anything else in the dataset that is not a finished file. */
    @Override
    protected List<String> temporariesAtDestination(Path trialDir, String dataset) {
        Path ds = trialDir.resolve("lake").resolve(dataset);
        try (Stream<Path> s = Files.walk(ds)) {
            return s.filter(Files::isRegularFile).map(p -> ds.relativize(p).toString())
                    .filter(p -> p.startsWith(FilesystemClient.TEMP_FOLDER) || p.contains(".tmp")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
