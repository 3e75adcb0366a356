package dev.dlt4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured configuration of a scenario: which dataset, how many rows, how the resources yield
 * them and which pipeline knobs differ from the defaults. {@link #id()} names it on the command
 * line of the forked JVM and in the report.
 */
record Variant(Scenario scenario, String label, Dataset dataset, long rows, boolean pages, int resources,
        Mode mode, int latencyMs, int bufferMaxItems, int normalizeWorkers, boolean compression, String format,
        long extractFileMaxItems, String destination, boolean plainJobs) {

    static final int PAGE_SIZE = 1000;
    static final int DEFAULT_BUFFER_MAX_ITEMS = 5000;

    /** The data the ceiling is measured on. */
    enum Dataset {
        FLAT("flat"), NESTED("issues");

        private final String table;

        Dataset(String table) {
            this.table = table;
        }

        String table() {
            return table;
        }
    }

    /** How the pipe iterator takes items from several resources. */
    enum Mode {
        FIFO, ROUND_ROBIN, PARALLELIZED
    }

    static Variant of(Scenario scenario, Dataset dataset, long rows, boolean pages) {
        return new Variant(scenario, "", dataset, rows, pages, 1, Mode.FIFO, 0, DEFAULT_BUFFER_MAX_ITEMS, 1, true, "",
                0, "duckdb", false);
    }

    Variant label(String value) {
        return new Variant(scenario, value, dataset, rows, pages, resources, mode, latencyMs, bufferMaxItems,
                normalizeWorkers, compression, format, extractFileMaxItems, destination, plainJobs);
    }

    Variant parallel(int resourceCount, Mode value, int latency) {
        return new Variant(scenario, label, dataset, rows, pages, resourceCount, value, latency, bufferMaxItems,
                normalizeWorkers, compression, format, extractFileMaxItems, destination, plainJobs);
    }

    Variant knobs(int buffer, int workers, boolean compress) {
        return new Variant(scenario, label, dataset, rows, pages, resources, mode, latencyMs, buffer, workers,
                compress, format, extractFileMaxItems, destination, plainJobs);
    }

    /** A loader file format ({@code ""}: the destination's preferred one). */
    Variant format(String value) {
        return new Variant(scenario, label, dataset, rows, pages, resources, mode, latencyMs, bufferMaxItems,
                normalizeWorkers, compression, value, extractFileMaxItems, destination, plainJobs);
    }

    /** Rotation of the extracted files, so normalize workers get several files to share. */
    Variant extractRotation(long fileMaxItems) {
        return new Variant(scenario, label, dataset, rows, pages, resources, mode, latencyMs, bufferMaxItems,
                normalizeWorkers, compression, format, fileMaxItems, destination, plainJobs);
    }

    /** Another destination, by name or URI (the default is a fresh DuckDB file). */
    Variant destination(String value) {
        return new Variant(scenario, label, dataset, rows, pages, resources, mode, latencyMs, bufferMaxItems,
                normalizeWorkers, compression, format, extractFileMaxItems, value, plainJobs);
    }

    /** Job files (normalize's output) uncompressed, extracted files as the defaults say. */
    Variant withPlainJobs() {
        return new Variant(scenario, label, dataset, rows, pages, resources, mode, latencyMs, bufferMaxItems,
                normalizeWorkers, compression, format, extractFileMaxItems, destination, true);
    }

    /** The pipeline's environment (config) for this variant: empty but for the postgres index switch. */
    Map<String, String> environment() {
        return label.equals(POSTGRES_NO_INDEXES) ? Map.of("DESTINATION__POSTGRES__CREATE_INDEXES", "false") : Map.of();
    }

    static final String POSTGRES_NO_INDEXES = "create_indexes=false";

    boolean postgres() {
        return destination.startsWith("postgres");
    }

    String id() {
        return label.isEmpty() ? scenario.cliName() : scenario.cliName() + "/" + label;
    }

    /** The resource (and table) name of resource {@code r}. */
    String resourceName(int r) {
        return resources == 1 ? dataset.table() : dataset.table() + "_" + r;
    }

    /** First row number of resource {@code r}: the resources split rows 0..rows-1 between them. */
    long firstRow(int r) {
        return rows * r / resources;
    }

    long rowsOf(int r) {
        return firstRow(r + 1) - firstRow(r);
    }

    /** The tables this variant promises to load and their row counts. */
    Map<String, Long> expectedTables() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int r = 0; r < resources; r++) {
            String t = resourceName(r);
            out.put(t, rowsOf(r));
            if (dataset == Dataset.NESTED) {
                out.put(t + "__labels", 3 * rowsOf(r));
                out.put(t + "__assignees", 2 * rowsOf(r));
            }
        }
        return out;
    }
}
