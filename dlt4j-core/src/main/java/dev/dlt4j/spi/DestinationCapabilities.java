package dev.dlt4j.spi;

import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.WriteDisposition;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a destination can do, declared once by its {@link Destination#capabilities()} and built with
 * {@link #builder(LoaderFileFormat)}. As in Trino's SPI, everything says "unsupported" until the
 * destination declares it: a capabilities value built from {@code builder(format)} alone loads
 * {@code append} tables from files of that one format, and nothing else — no {@code replace}, no
 * {@code merge}, no staging dataset, no transactions, no job markers, no limits known.
 *
 * <p>The pipeline checks every resource against these capabilities before it extracts (and every
 * root table again before it loads a package) and refuses what cannot work, naming the table, what
 * was asked and what the destination declares ({@link #describe()}). Some capabilities may differ
 * per table: {@link Destination#mergeStrategies(dev.dlt4j.schema.Table)},
 * {@link Destination#replaceStrategies(dev.dlt4j.schema.Table)} and
 * {@link Destination#supportedFormats(dev.dlt4j.schema.Table)} default to the sets declared here.
 *
 * <p>Write dispositions follow from the strategies: {@code append} always, {@code replace} with at
 * least one replace strategy, {@code merge} with at least one merge strategy. A {@code merge} table on
 * a destination (or table) without merge strategies is refused, unless the destination declares
 * {@link #mergeFallsBackToAppend()}: then it loads as {@code append}, with a warning, as dlt does for
 * plain files.
 *
 * <p>Immutable. Build it with the builder; the canonical constructor checks the same rules and
 * exists only because records have one.
 *
 * @param preferredFormat the job file format used unless the pipeline or a resource asks for another
 * @param supportedFormats the job file formats the destination's client reads; holds the preferred one
 * @param mergeStrategies the merge strategies it carries out; not empty needs a staging dataset
 * @param mergeFallsBackToAppend {@code merge} tables without a merge strategy load as {@code append}
 * @param replaceStrategies the replace strategies it carries out; {@code insert-from-staging} needs staging
 * @param hasStagingDataset the client's {@link DestinationClient#staging()} gives a staging dataset
 * @param maxIdentifierLength the longest table or column name, when limited; longer ones are shortened
 * @param caseSensitiveIdentifiers names that differ only in case are different tables and columns
 * @param maxDecimalPrecision the largest decimal precision a column may declare, when limited
 * @param maxIntegerPrecision the largest precision (in bits) a {@code bigint} column may declare, when limited
 * @param maxTimestampPrecision the most fractional digits a {@code timestamp} column may declare, when limited
 * @param maxColumnsPerTable the most columns a table may have, when limited
 * @param supportsTransactionalDdl schema changes can run in a transaction (and roll back)
 * @param supportsJobMarkers a job's rows and its id are committed together, so
 *        {@link DestinationClient#completedJobs} reports it after a crash
 * @param supportsTransactionalPackages a whole package can load in one transaction
 *        ({@link DestinationClient#beginPackageTransaction()})
 * @param supportsStateSync the client reads back the stored pipeline state and schemas
 *        ({@link DestinationClient#storedState}, {@link DestinationClient#storedSchema}), so a pipeline
 *        whose working folder is gone restores them (dlt's {@code WithStateSync})
 * @param supportsDropTables the client drops tables ({@link DestinationClient#dropTables}), which
 *        refresh {@code drop_sources} / {@code drop_resources} and {@code dlt4j pipeline drop} need
 * @param supportsDatasetQueries the loaded dataset can be read back with SQL through
 *        {@link Destination#openDataset} (dlt's {@code pipeline.dataset()})
 * @param compressesJobFiles job files are gzipped unless {@code disable_compression} says otherwise;
 *        false: they are written uncompressed whatever {@code disable_compression} says, because
 *        the destination's reader spends less time on plain files than gzip saves (DuckDB,
 *        PostgreSQL: measured, see docs/performance.md); files users read (the filesystem) stay gzipped
 */
public record DestinationCapabilities(LoaderFileFormat preferredFormat, Set<LoaderFileFormat> supportedFormats,
        Set<MergeStrategy> mergeStrategies, boolean mergeFallsBackToAppend, Set<ReplaceStrategy> replaceStrategies,
        boolean hasStagingDataset, OptionalInt maxIdentifierLength, boolean caseSensitiveIdentifiers,
        OptionalInt maxDecimalPrecision, OptionalInt maxIntegerPrecision, OptionalInt maxTimestampPrecision,
        OptionalInt maxColumnsPerTable, boolean supportsTransactionalDdl, boolean supportsJobMarkers,
        boolean supportsTransactionalPackages, boolean supportsStateSync, boolean supportsDropTables,
        boolean supportsDatasetQueries, boolean compressesJobFiles) {

    /** Checks the declaration; prefer {@link #builder(LoaderFileFormat)}. */
    public DestinationCapabilities {
        Objects.requireNonNull(preferredFormat, "preferredFormat");
        supportedFormats = Set.copyOf(supportedFormats);
        mergeStrategies = Set.copyOf(mergeStrategies);
        replaceStrategies = Set.copyOf(replaceStrategies);
        Objects.requireNonNull(maxIdentifierLength, "maxIdentifierLength");
        Objects.requireNonNull(maxDecimalPrecision, "maxDecimalPrecision");
        Objects.requireNonNull(maxIntegerPrecision, "maxIntegerPrecision");
        Objects.requireNonNull(maxTimestampPrecision, "maxTimestampPrecision");
        Objects.requireNonNull(maxColumnsPerTable, "maxColumnsPerTable");
        if (!supportedFormats.contains(preferredFormat)) {
            throw new IllegalArgumentException("preferred format " + preferredFormat + " is not among the supported"
                    + " formats " + names(supportedFormats, LoaderFileFormat.values(), LoaderFileFormat::extension));
        }
        if (!mergeStrategies.isEmpty() && !hasStagingDataset) {
            throw new IllegalArgumentException("merge strategies " + names(mergeStrategies, MergeStrategy.values(),
                    MergeStrategy::dltName) + " need a staging dataset, where merge tables load before the merge;"
                    + " declare hasStagingDataset(true) or no merge strategy");
        }
        if (replaceStrategies.contains(ReplaceStrategy.INSERT_FROM_STAGING) && !hasStagingDataset) {
            throw new IllegalArgumentException("replace strategy insert-from-staging needs a staging dataset;"
                    + " declare hasStagingDataset(true) or only truncate-and-insert");
        }
        positive("maxIdentifierLength", maxIdentifierLength);
        positive("maxDecimalPrecision", maxDecimalPrecision);
        positive("maxIntegerPrecision", maxIntegerPrecision);
        if (maxTimestampPrecision.isPresent() && maxTimestampPrecision.getAsInt() < 0) {
            throw new IllegalArgumentException("maxTimestampPrecision must be at least 0 (whole seconds) when declared,"
                    + " not " + maxTimestampPrecision.getAsInt() + "; leave it undeclared for no limit");
        }
        positive("maxColumnsPerTable", maxColumnsPerTable);
    }

    /** Capabilities that load {@code append} tables from files of {@code preferredFormat}, and nothing more yet. */
    public static Builder builder(LoaderFileFormat preferredFormat) {
        return new Builder(preferredFormat);
    }

    /** A builder holding these capabilities, to declare a variant (e.g. a destination wrapping another). */
    public Builder toBuilder() {
        Builder b = new Builder(preferredFormat);
        b.supportedFormats = EnumSet.copyOf(supportedFormats);
        b.mergeStrategies = mergeStrategies.isEmpty() ? EnumSet.noneOf(MergeStrategy.class)
                : EnumSet.copyOf(mergeStrategies);
        b.mergeFallsBackToAppend = mergeFallsBackToAppend;
        b.replaceStrategies = replaceStrategies.isEmpty() ? EnumSet.noneOf(ReplaceStrategy.class)
                : EnumSet.copyOf(replaceStrategies);
        b.hasStagingDataset = hasStagingDataset;
        b.maxIdentifierLength = maxIdentifierLength;
        b.caseSensitiveIdentifiers = caseSensitiveIdentifiers;
        b.maxDecimalPrecision = maxDecimalPrecision;
        b.maxIntegerPrecision = maxIntegerPrecision;
        b.maxTimestampPrecision = maxTimestampPrecision;
        b.maxColumnsPerTable = maxColumnsPerTable;
        b.supportsTransactionalDdl = supportsTransactionalDdl;
        b.supportsJobMarkers = supportsJobMarkers;
        b.supportsTransactionalPackages = supportsTransactionalPackages;
        b.supportsStateSync = supportsStateSync;
        b.supportsDropTables = supportsDropTables;
        b.supportsDatasetQueries = supportsDatasetQueries;
        b.compressesJobFiles = compressesJobFiles;
        return b;
    }

    /**
     * The write dispositions carried out as asked: {@code append}; {@code replace} with a replace
     * strategy; {@code merge} with a merge strategy (a merge that falls back to append is not among them).
     */
    public Set<WriteDisposition> writeDispositions() {
        Set<WriteDisposition> out = EnumSet.of(WriteDisposition.APPEND);
        if (!replaceStrategies.isEmpty()) {
            out.add(WriteDisposition.REPLACE);
        }
        if (!mergeStrategies.isEmpty()) {
            out.add(WriteDisposition.MERGE);
        }
        return Set.copyOf(out);
    }

    /** The supported formats in declaration order, for messages: {@code jsonl, csv}. */
    public String formatNames() {
        return names(supportedFormats, LoaderFileFormat.values(), LoaderFileFormat::extension);
    }

    /**
     * What a refusal shows of these capabilities: {@code write dispositions: append, replace; merge
     * strategies: none; replace strategies: truncate-and-insert; staging dataset: no}.
     */
    public String describe() {
        return describe(mergeStrategies, replaceStrategies);
    }

    /** {@link #describe()} for a table whose merge and replace strategies the destination selects. */
    public String describe(Set<MergeStrategy> tableMergeStrategies, Set<ReplaceStrategy> tableReplaceStrategies) {
        Set<WriteDisposition> dispositions = EnumSet.of(WriteDisposition.APPEND);
        if (!tableReplaceStrategies.isEmpty()) {
            dispositions.add(WriteDisposition.REPLACE);
        }
        if (!tableMergeStrategies.isEmpty()) {
            dispositions.add(WriteDisposition.MERGE);
        }
        String merge = names(tableMergeStrategies, MergeStrategy.values(), MergeStrategy::dltName);
        return "write dispositions: " + names(dispositions, WriteDisposition.values(), WriteDisposition::dltName)
                + "; merge strategies: " + merge
                + (tableMergeStrategies.isEmpty() && mergeFallsBackToAppend ? " (merge loads as append)" : "")
                + "; replace strategies: " + names(tableReplaceStrategies, ReplaceStrategy.values(),
                        ReplaceStrategy::configName)
                + "; staging dataset: " + (hasStagingDataset ? "yes" : "no");
    }

    private static void positive(String name, OptionalInt value) {
        if (value.isPresent() && value.getAsInt() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 when declared, not " + value.getAsInt()
                    + "; leave it undeclared for no limit");
        }
    }

    private static <E> String names(Collection<E> have, E[] all, Function<E, String> name) {
        String s = Arrays.stream(all).filter(have::contains).map(name).collect(Collectors.joining(", "));
        return s.isEmpty() ? "none" : s;
    }

    /**
     * Declares capabilities; what is not declared is unsupported (or, for limits, unknown). Not
     * thread-safe; {@link #build()} checks the declaration as a whole.
     */
    public static final class Builder {
        private final LoaderFileFormat preferredFormat;
        private Set<LoaderFileFormat> supportedFormats;
        private Set<MergeStrategy> mergeStrategies = EnumSet.noneOf(MergeStrategy.class);
        private boolean mergeFallsBackToAppend;
        private Set<ReplaceStrategy> replaceStrategies = EnumSet.noneOf(ReplaceStrategy.class);
        private boolean hasStagingDataset;
        private OptionalInt maxIdentifierLength = OptionalInt.empty();
        private boolean caseSensitiveIdentifiers;
        private OptionalInt maxDecimalPrecision = OptionalInt.empty();
        private OptionalInt maxIntegerPrecision = OptionalInt.empty();
        private OptionalInt maxTimestampPrecision = OptionalInt.empty();
        private OptionalInt maxColumnsPerTable = OptionalInt.empty();
        private boolean supportsTransactionalDdl;
        private boolean supportsJobMarkers;
        private boolean supportsTransactionalPackages;
        private boolean supportsStateSync;
        private boolean supportsDropTables;
        private boolean supportsDatasetQueries;
        private boolean compressesJobFiles = true;

        private Builder(LoaderFileFormat preferredFormat) {
            this.preferredFormat = Objects.requireNonNull(preferredFormat, "preferredFormat");
            this.supportedFormats = EnumSet.of(preferredFormat);
        }

        /** The formats the client reads besides the preferred one (which is always among them). */
        public Builder supportedFormats(LoaderFileFormat... formats) {
            supportedFormats = EnumSet.of(preferredFormat, formats);
            return this;
        }

        /** The merge strategies the client carries out (through its staging dataset); none by default. */
        public Builder mergeStrategies(MergeStrategy... strategies) {
            mergeStrategies = strategies.length == 0 ? EnumSet.noneOf(MergeStrategy.class)
                    : EnumSet.copyOf(Arrays.asList(strategies));
            return this;
        }

        /**
         * True: a {@code merge} table without a merge strategy loads as {@code append} (with a warning);
         * default false: refused.
         */
        public Builder mergeFallsBackToAppend(boolean value) {
            mergeFallsBackToAppend = value;
            return this;
        }

        /** The replace strategies the client carries out; none by default ({@code replace} is refused). */
        public Builder replaceStrategies(ReplaceStrategy... strategies) {
            replaceStrategies = strategies.length == 0 ? EnumSet.noneOf(ReplaceStrategy.class)
                    : EnumSet.copyOf(Arrays.asList(strategies));
            return this;
        }

        /** True when {@link DestinationClient#staging()} gives a client of the staging dataset; default false. */
        public Builder hasStagingDataset(boolean value) {
            hasStagingDataset = value;
            return this;
        }

        /** The longest identifier; longer names are shortened with a hash tag. Default: no limit. */
        public Builder maxIdentifierLength(int value) {
            maxIdentifierLength = OptionalInt.of(value);
            return this;
        }

        /** True when names that differ only in case name different things; default false. */
        public Builder caseSensitiveIdentifiers(boolean value) {
            caseSensitiveIdentifiers = value;
            return this;
        }

        /**
         * The largest decimal precision a column may declare; larger ones are refused before extract.
         * Default: no limit.
         */
        public Builder maxDecimalPrecision(int value) {
            maxDecimalPrecision = OptionalInt.of(value);
            return this;
        }

        /**
         * The largest precision, in bits, a {@code bigint} column may declare (dlt's integer precision:
         * 16 for a {@code smallint}); larger ones are refused before extract. Default: no limit.
         */
        public Builder maxIntegerPrecision(int value) {
            maxIntegerPrecision = OptionalInt.of(value);
            return this;
        }

        /**
         * The most fractional digits of a second a {@code timestamp} column may declare; more are
         * refused before extract. Default: no limit.
         */
        public Builder maxTimestampPrecision(int value) {
            maxTimestampPrecision = OptionalInt.of(value);
            return this;
        }

        /**
         * The most columns a table may have; a wider table is refused before extract or at normalize.
         * Default: no limit.
         */
        public Builder maxColumnsPerTable(int value) {
            maxColumnsPerTable = OptionalInt.of(value);
            return this;
        }

        /** True when schema changes run in a transaction; default false. */
        public Builder supportsTransactionalDdl(boolean value) {
            supportsTransactionalDdl = value;
            return this;
        }

        /**
         * True when a job's rows and its id commit together ({@link DestinationClient#completedJobs});
         * default false.
         */
        public Builder supportsJobMarkers(boolean value) {
            supportsJobMarkers = value;
            return this;
        }

        /**
         * True when a package can load in one transaction ({@link
         * DestinationClient#beginPackageTransaction()}); default false.
         */
        public Builder supportsTransactionalPackages(boolean value) {
            supportsTransactionalPackages = value;
            return this;
        }

        /**
         * True when the client reads back stored state and schemas ({@link DestinationClient#storedState},
         * {@link DestinationClient#storedSchema}); default false.
         */
        public Builder supportsStateSync(boolean value) {
            supportsStateSync = value;
            return this;
        }

        /** True when the client drops tables ({@link DestinationClient#dropTables}); default false. */
        public Builder supportsDropTables(boolean value) {
            supportsDropTables = value;
            return this;
        }

        /**
         * True when {@link Destination#openDataset} reads the loaded dataset back with SQL (dlt's
         * {@code pipeline.dataset()}); default false, and then {@code Pipeline.dataset()} refuses
         * before anything is opened.
         */
        public Builder supportsDatasetQueries(boolean value) {
            supportsDatasetQueries = value;
            return this;
        }

        /**
         * False when job files for this destination are written uncompressed even when
         * {@code disable_compression} is false (internal files its reader consumes faster plain);
         * default true: gzipped unless {@code disable_compression}.
         */
        public Builder compressesJobFiles(boolean value) {
            compressesJobFiles = value;
            return this;
        }

        /** The capabilities; fails when the declaration contradicts itself (e.g. merge without staging). */
        public DestinationCapabilities build() {
            return new DestinationCapabilities(preferredFormat, supportedFormats, mergeStrategies,
                    mergeFallsBackToAppend, replaceStrategies, hasStagingDataset, maxIdentifierLength,
                    caseSensitiveIdentifiers, maxDecimalPrecision, maxIntegerPrecision, maxTimestampPrecision,
                    maxColumnsPerTable, supportsTransactionalDdl,
                    supportsJobMarkers, supportsTransactionalPackages, supportsStateSync, supportsDropTables,
                    supportsDatasetQueries, compressesJobFiles);
        }
    }
}
