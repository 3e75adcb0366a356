package dev.dlt4j;

import dev.dlt4j.config.ClosestName;
import dev.dlt4j.spi.DatasetReader;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * The dataset a pipeline loaded, read back from the destination: dlt's {@code pipeline.dataset()}.
 * {@link #table(String)} and {@link #query(String)} give a {@link Relation}, which reads only when
 * its rows are asked for, each time on a connection of its own that closes with the rows' stream.
 *
 * <pre>{@code
 * try (Stream<Map<String, Object>> rows = pipeline.dataset().table("orders").rows()) {
 *     rows.forEach(System.out::println);
 * }
 * }</pre>
 *
 * Obtained from {@link Pipeline#dataset()}, which refuses a destination that does not declare
 * dataset queries. Immutable; use it between runs, from any thread.
 */
public final class Dataset {
    private final String pipelineName;
    private final String name;
    private final Destination destination;
    private final DestinationContext context;
    private final String location;

    Dataset(String pipelineName, String name, Destination destination, DestinationContext context, String location) {
        this.pipelineName = pipelineName;
        this.name = name;
        this.destination = destination;
        this.context = context;
        this.location = location;
    }

    /** The dataset's name at the destination (the schema or folder: the pipeline's dataset name normalized). */
    public String name() {
        return name;
    }

    /**
     * The rows of a table of the dataset ({@code SELECT * FROM <table>}); the name is the table's as
     * the schema has it (child tables too, e.g. {@code orders__items}).
     *
     * @throws PipelineException naming the table, the dataset and the tables there (with a did-you-mean)
     *         when the dataset has no such table
     */
    public Relation table(String table) {
        Objects.requireNonNull(table, "table");
        List<String> tables = tableNames();
        if (!tables.contains(table)) {
            throw new PipelineException("table '" + table + "' is not in dataset " + name + " at " + location
                    + didYouMean(table, tables) + "; tables there: " + (tables.isEmpty() ? "none (nothing loaded yet)"
                            : String.join(", ", tables)),
                    Map.of("pipeline", pipelineName, "stage", "dataset", "table", table,
                            "hint", "name a table of the list, as the pipeline's schema names it"), null);
        }
        return new Relation(this, table, Optional.empty(), Optional.empty());
    }

    /** The rows of a SQL query on the dataset, whose tables it names unqualified (dlt's {@code dataset(sql)}). */
    public Relation query(String sql) {
        Objects.requireNonNull(sql, "sql");
        if (sql.isBlank()) {
            throw new IllegalArgumentException("the SQL query on dataset " + name + " is empty");
        }
        return new Relation(this, null, Optional.of(sql.strip().replaceAll(";\\s*$", "")), Optional.empty());
    }

    /** The tables of the dataset at the destination, the {@code _dlt} tables included, sorted. */
    public List<String> tableNames() {
        return read(DatasetReader::tables);
    }

    /**
     * Rows per table as the destination counts them now (dlt's {@code dataset.row_counts()}), the
     * {@code _dlt} tables included, sorted by name.
     */
    public SortedMap<String, Long> rowCounts() {
        return destination.rowCounts(context).orElseGet(() -> {
            java.util.TreeMap<String, Long> counts = new java.util.TreeMap<>();
            read(r -> {
                for (String t : r.tables()) {
                    try (var rows = r.query("SELECT count(*) AS n FROM " + r.quote(t))) {
                        counts.put(t, ((Number) rows.findFirst().orElseThrow().get("n")).longValue());
                    }
                }
                return counts;
            });
            return counts;
        });
    }

    /** Opens a reader, applies {@code work} and closes it. */
    <T> T read(Function<DatasetReader, T> work) {
        try (DatasetReader reader = open()) {
            return work.apply(reader);
        }
    }

    DatasetReader open() {
        return destination.openDataset(context);
    }

    String pipelineName() {
        return pipelineName;
    }

    private static String didYouMean(String wanted, List<String> names) {
        return ClosestName.rule().closest(wanted, names).map(b -> " (did you mean '" + b + "'?)").orElse("");
    }

    @Override
    public String toString() {
        return "dataset " + name + " at " + destination.type() + " " + location;
    }
}
