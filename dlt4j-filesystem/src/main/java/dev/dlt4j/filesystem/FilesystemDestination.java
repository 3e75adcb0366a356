package dev.dlt4j.filesystem;

import dev.dlt4j.config.ConfigKey;
import dev.dlt4j.ReplaceStrategy;
import dev.dlt4j.spi.Destination;
import dev.dlt4j.spi.DestinationCapabilities;
import dev.dlt4j.spi.DestinationClient;
import dev.dlt4j.spi.DestinationContext;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.spi.SafePaths;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The filesystem destination: a local folder as the bucket; a dataset is the folder
 * {@code <bucket>/<dataset>}, each job file is copied there as is, at the place the layout says
 * (default {@code {table_name}/{load_id}.{file_id}.{ext}}), and dlt's system tables are
 * folders of small {@code jsonl} files. {@code replace} deletes a table's files first
 * ({@code truncate-and-insert}, the only replace strategy), {@code append} adds files, and
 * {@code merge} adds files too: as in dlt, plain files support no merge strategy. Immutable; the {@code with…} methods return copies.
 */
public final class FilesystemDestination implements Destination {
    /** Path segments (folder names) hold at most 255 bytes on common file systems. */
    static final int MAX_IDENTIFIER_LENGTH = 255;
    static final Set<LoaderFileFormat> SUPPORTED = Set.of(LoaderFileFormat.JSONL, LoaderFileFormat.CSV,
            LoaderFileFormat.PARQUET);

    /** Empty: the bare name {@code filesystem}, whose bucket and layout come from the pipeline's config. */
    private final Optional<Path> bucket;
    private final Optional<FilesystemLayout> layout;
    private final LoaderFileFormat format;

    FilesystemDestination(Optional<Path> bucket, Optional<FilesystemLayout> layout, LoaderFileFormat format) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.layout = Objects.requireNonNull(layout, "layout");
        if (!SUPPORTED.contains(format)) {
            throw new IllegalArgumentException("the filesystem destination writes " + SUPPORTED.stream()
                    .map(LoaderFileFormat::extension).sorted().toList() + " files, not " + format);
        }
        this.format = format;
    }

    /** Files under the folder {@code bucket} (relative paths are taken from the pipeline's local dir). */
    public static FilesystemDestination at(Path bucket) {
        return new FilesystemDestination(Optional.of(bucket), Optional.empty(), LoaderFileFormat.JSONL);
    }

    /**
     * Files under the folder the pipeline's config names: {@code [destination.filesystem] bucket_url}
     * (env {@code DESTINATION__FILESYSTEM__BUCKET_URL}), with {@code layout} from there too.
     */
    static FilesystemDestination fromConfig() {
        return new FilesystemDestination(Optional.empty(), Optional.empty(), LoaderFileFormat.JSONL);
    }

    /** The same destination with another file layout, e.g. {@code {table_name}/{YYYY}/{MM}/{load_id}.{file_id}.{ext}}. */
    public FilesystemDestination withLayout(String layoutPattern) {
        return new FilesystemDestination(bucket, Optional.of(new FilesystemLayout(layoutPattern)), format);
    }

    /** The same destination writing another file format ({@code jsonl}, the default, {@code csv} or {@code parquet}). */
    public FilesystemDestination withFormat(LoaderFileFormat fileFormat) {
        return new FilesystemDestination(bucket, layout, fileFormat);
    }

    @Override
    public String type() {
        return "filesystem";
    }

    @Override
    public String displayLocation() {
        return bucket.map(FilesystemDestination::show).orElse("bucket_url of [destination.filesystem] in the"
                + " pipeline's config");
    }

    @Override
    public String displayLocation(DestinationContext context) {
        return show(bucket(context));
    }

    private static String show(Path p) {
        if (!p.isAbsolute()) {
            return p.toString();
        }
        // Path.toUri() ends in '/' only once the folder exists: one place must show (and bind) the same
        String uri = p.toUri().toString();
        return uri.endsWith("/") && p.getParent() != null ? uri.substring(0, uri.length() - 1) : uri;
    }

    /**
     * As dlt's plain files: the chosen format preferred, jsonl, csv and parquet read; no staging
     * dataset and no merge strategy, so a {@code merge} table falls back to {@code append} (its files
     * are added, with a warning; nothing is deduplicated); {@code replace} only as
     * {@code truncate-and-insert} (the table's files are deleted first); names up to 255 characters
     * (a folder name), case sensitive; no transactions and no job markers, so the jobs of a package
     * resumed after a crash are copied again, to the same file names. Stored state and schemas are
     * read back from the {@code _dlt_pipeline_state} and {@code _dlt_version} folders; a dropped table's
     * files are deleted.
     */
    @Override
    public DestinationCapabilities capabilities() {
        return DestinationCapabilities.builder(format)
                .supportedFormats(SUPPORTED.toArray(LoaderFileFormat[]::new))
                .mergeFallsBackToAppend(true)
                .replaceStrategies(ReplaceStrategy.TRUNCATE_AND_INSERT)
                .maxIdentifierLength(MAX_IDENTIFIER_LENGTH)
                .caseSensitiveIdentifiers(true)
                .supportsStateSync(true)
                .supportsDropTables(true)
                .supportsDatasetQueries(FilesystemDatasetReader.AVAILABLE)
                .build();
    }

    /**
     * The bucket folder for a pipeline: the configured path (else {@code bucket_url} from the
     * pipeline's config), relative ones under the pipeline's local dir.
     */
    public Path bucket(DestinationContext context) {
        Path b = bucket.orElseGet(() -> FilesystemDestinationFactory.bucketPath(setting(context,
                FilesystemConfigKeys.BUCKET_URL).orElseThrow(() -> new IllegalArgumentException(
                        "the filesystem destination needs a bucket: set " + FilesystemDestinationFactory.BUCKET_ENV
                                + "=file:///path/to/lake (or bucket_url in [destination.filesystem] of"
                                + " .dlt/config.toml), or name it by URI (file:///path/to/lake)"))));
        return b.isAbsolute() ? b : context.localDir().resolve(b).toAbsolutePath().normalize();
    }

    /** The layout set in code or URI, else {@code [destination.filesystem] layout}, else dlt's default. */
    FilesystemLayout layout(DestinationContext context) {
        return layout.orElseGet(() -> new FilesystemLayout(setting(context, FilesystemConfigKeys.LAYOUT)
                .orElse(FilesystemLayout.DEFAULT)));
    }

    /** {@code [destination.filesystem]} (pipeline-prefixed first), validated when the pipeline's config was built. */
    private static Optional<String> setting(DestinationContext context, ConfigKey<String> key) {
        return context.config().destinationOptional(context.pipelineName(), key).value();
    }

    @Override
    public DestinationClient open(DestinationContext context) {
        return new FilesystemClient(SafePaths.child(bucket(context), context.datasetName(), "dataset name"),
                layout(context), context);
    }

    /** Rows per table folder of the dataset (the default layout), each file counted as the loader checks it. */
    @Override
    public Optional<java.util.SortedMap<String, Long>> rowCounts(DestinationContext context) {
        return Optional.of(DatasetRows.count(SafePaths.child(bucket(context), context.datasetName(), "dataset name")));
    }

    /**
     * The dataset read back through DuckDB's file readers, one view per table folder (the layout's
     * {@code {table_name}/} prefix); declared only when DuckDB's JDBC driver is on the class path.
     */
    @Override
    public dev.dlt4j.spi.DatasetReader openDataset(DestinationContext context) {
        if (!FilesystemDatasetReader.AVAILABLE) {
            return Destination.super.openDataset(context);
        }
        return FilesystemDatasetReader.open(SafePaths.child(bucket(context), context.datasetName(), "dataset name"),
                context.datasetName(), displayLocation(context));
    }

    @Override
    public String toString() {
        return "filesystem " + displayLocation() + " (" + format + ", layout "
                + layout.map(FilesystemLayout::pattern).orElse("from config") + ")";
    }
}
