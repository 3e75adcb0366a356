package dev.dlt4j.filesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Counts the rows of a dataset folder for {@code FilesystemDestination.rowCounts}: one folder per
 * table (the default layout puts every file of a table under {@code <dataset>/<table>/}), each
 * data file counted the way the loader checks it ({@link FileRows}). Hidden folders (the temp
 * folder) and files directly in the dataset folder (the {@code init} marker) are not tables.
 */
final class DatasetRows {
    private DatasetRows() {
    }

    static SortedMap<String, Long> count(Path dataset) {
        SortedMap<String, Long> counts = new TreeMap<>();
        if (!Files.isDirectory(dataset)) {
            return counts;
        }
        try (Stream<Path> tables = Files.list(dataset)) {
            for (Path table : tables.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                long rows = 0;
                for (Path file : files(table)) {
                    rows += rows(file);
                }
                counts.put(table.getFileName().toString(), rows);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot count the rows of dataset " + dataset.getFileName() + " in "
                    + dataset + ": " + e.getMessage(), e);
        }
        return counts;
    }

    private static List<Path> files(Path table) throws IOException {
        try (Stream<Path> s = Files.walk(table)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
                    .toList();
        }
    }

    /** The format from the file name's extension: {@code .parquet}, {@code .csv[.gz]}, else jsonl ({@code [.gz]}). */
    private static long rows(Path file) throws IOException {
        String name = file.getFileName().toString();
        boolean gz = name.endsWith(".gz");
        String base = gz ? name.substring(0, name.length() - 3) : name;
        String format = base.endsWith(".parquet") ? "parquet" : base.endsWith(".csv") ? "csv" : "jsonl";
        return FileRows.count(file, format, gz);
    }
}
