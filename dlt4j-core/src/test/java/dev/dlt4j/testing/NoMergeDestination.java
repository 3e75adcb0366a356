package dev.dlt4j.testing;

import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.schema.Table;
import dev.dlt4j.spi.CompletedLoad;
import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationCapabilities;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.spi.DestinationTerminalException;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.spi.LoadJob;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.spi.SafePaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A destination written only against the SPI ({@code dev.dlt4j.spi}, the schema and the value enums),
 * as a third-party author would write one: each table is one file {@code <folder>/<dataset>/<table>.jsonl}
 * to which every job appends its rows, and {@code _dlt_loads.jsonl} lists the loaded packages. It
 * declares what it can do and nothing more — {@code append}, {@code replace} by
 * {@code truncate-and-insert} (deleting the table's file), jsonl job files — and leaves every other
 * capability at the SPI's default, "unsupported": no merge strategy (and no fallback to append), no
 * staging dataset, no transactions, no job markers. {@link #declaring} gives a variant with other
 * capabilities; subclasses may override the per-table selectors.
 *
 * <p>Jobs of one client may load from several threads: each job reads its whole file first and then
 * appends under the client's lock, so a table file only ever holds whole jobs.
 */
public class NoMergeDestination implements Destination {
    /** What this destination declares; everything else is the builder's "unsupported". */
    public static final DestinationCapabilities CAPABILITIES = DestinationCapabilities.builder(LoaderFileFormat.JSONL)
            .replaceStrategies(ReplaceStrategy.TRUNCATE_AND_INSERT)
            .caseSensitiveIdentifiers(true)
            .build();

    private final Path folder;
    private final DestinationCapabilities capabilities;

    public NoMergeDestination(Path folder) {
        this(folder, CAPABILITIES);
    }

    /** A variant declaring {@code capabilities} instead (for subclasses that also override a per-table selector). */
    public NoMergeDestination(Path folder, DestinationCapabilities capabilities) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.capabilities = capabilities;
    }

    /** The same destination declaring other capabilities (e.g. a column limit), built from its own. */
    public NoMergeDestination declaring(UnaryOperator<DestinationCapabilities.Builder> change) {
        return new NoMergeDestination(folder, change.apply(capabilities.toBuilder()).build());
    }

    @Override
    public String type() {
        return "nomerge";
    }

    @Override
    public String displayLocation() {
        return folder.toString();
    }

    @Override
    public DestinationCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public DestinationClient open(DestinationContext context) {
        return new Client(SafePaths.child(folder, context.datasetName(), "dataset name"),
                capabilities.supportsJobMarkers());
    }

    /** The rows loaded into {@code table} of {@code dataset}, as JSON lines in load order; none when it has no file. */
    public List<String> rows(String dataset, String table) {
        Path file = folder.resolve(dataset).resolve(table + ".jsonl");
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Client implements DestinationClient {
        private final Path dataset;
        private final boolean jobMarkers;

        Client(Path dataset, boolean jobMarkers) {
            this.dataset = dataset;
            this.jobMarkers = jobMarkers;
        }

        /** It keeps no job markers: a loader that asks without checking the capabilities fails its run. */
        @Override
        public java.util.Set<String> completedJobs(String loadId) {
            if (!jobMarkers) {
                throw new IllegalStateException("completedJobs(" + loadId + ") asked of destination nomerge, which"
                        + " declares no job markers");
            }
            return java.util.Set.of();
        }

        @Override
        public void initializeStorage() {
            try {
                Files.createDirectories(dataset);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the dataset folder " + dataset, e);
            }
        }

        /** Files take any columns: nothing to migrate. */
        @Override
        public List<String> migrate(Schema schema, Collection<Table> tables) {
            return List.of();
        }

        @Override
        public synchronized void truncate(Collection<String> tables) {
            for (String t : tables) {
                try {
                    Files.deleteIfExists(tableFile(t));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot truncate table " + t + " at " + dataset, e);
                }
            }
        }

        /** Reads the job file at run; its lines reach the table file only at commit. */
        @Override
        public LoadJob newLoadJob(Table table, JobFileName job, Path file, String loadId) {
            return new LoadJob() {
                private List<String> lines = List.of();

                @Override
                public long run() {
                    lines = read(job, file);
                    return lines.size();
                }

                @Override
                public void commit() {
                    append(tableFile(table.name()), lines);
                }

                @Override
                public void abort() {
                    lines = List.of();
                }
            };
        }

        private List<String> read(JobFileName job, Path file) {
            if (!job.format().equals(LoaderFileFormat.JSONL.extension())) {
                throw new DestinationTerminalException("destination nomerge reads jsonl job files, not "
                        + job.format() + " (job " + job + ")");
            }
            List<String> lines = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    Compression.openInput(Files.newInputStream(file), job.compressed()), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read job file " + file, e);
            }
            return lines;
        }

        @Override
        public void completeLoad(CompletedLoad load) {
            append(dataset.resolve("_dlt_loads.jsonl"), List.of("{\"load_id\":\"" + load.loadId()
                    + "\",\"schema_name\":\"" + load.schema().name() + "\"}"));
        }

        private synchronized void append(Path target, List<String> lines) {
            StringBuilder sb = new StringBuilder();
            lines.forEach(l -> sb.append(l).append('\n'));
            try {
                Files.writeString(target, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + target, e);
            }
        }

        private Path tableFile(String table) {
            return SafePaths.child(dataset, table + ".jsonl", "table name");
        }

        @Override
        public void close() {
        }
    }
}
