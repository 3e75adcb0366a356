package dev.dlt4j.filesystem;

import dev.dlt4j.config.ReplaceStrategy;
import dev.dlt4j.destination.Destination;
import dev.dlt4j.destination.DestinationCapabilities;
import dev.dlt4j.destination.DestinationClient;
import dev.dlt4j.destination.DestinationContext;
import dev.dlt4j.storage.LoaderFileFormat;
import java.nio.file.Path;
import java.util.Objects;
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

    private final Path bucket;
    private final FilesystemLayout layout;
    private final LoaderFileFormat format;

    FilesystemDestination(Path bucket, FilesystemLayout layout, LoaderFileFormat format) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.layout = layout;
        if (!SUPPORTED.contains(format)) {
            throw new IllegalArgumentException("the filesystem destination writes " + SUPPORTED.stream()
                    .map(LoaderFileFormat::extension).sorted().toList() + " files, not " + format);
        }
        this.format = format;
    }

    /** Files under the folder {@code bucket} (relative paths are taken from the pipeline's local dir). */
    public static FilesystemDestination at(Path bucket) {
        return new FilesystemDestination(bucket, new FilesystemLayout(FilesystemLayout.DEFAULT),
                LoaderFileFormat.JSONL);
    }

    /** The same destination with another file layout, e.g. {@code {table_name}/{YYYY}/{MM}/{load_id}.{file_id}.{ext}}. */
    public FilesystemDestination withLayout(String layoutPattern) {
        return new FilesystemDestination(bucket, new FilesystemLayout(layoutPattern), format);
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
        return bucket.isAbsolute() ? bucket.toUri().toString() : bucket.toString();
    }

    @Override
    public DestinationCapabilities capabilities() {
        // as dlt's plain files: no merge strategy (merge loads as append), replace only by deleting the table's files
        return new DestinationCapabilities(format, SUPPORTED, MAX_IDENTIFIER_LENGTH, false, Set.of(),
                Set.of(ReplaceStrategy.TRUNCATE_AND_INSERT));
    }

    /** The bucket folder for a pipeline: the configured path, relative ones under the pipeline's local dir. */
    public Path bucket(DestinationContext context) {
        return bucket.isAbsolute() ? bucket : context.localDir().resolve(bucket).toAbsolutePath().normalize();
    }

    @Override
    public DestinationClient open(DestinationContext context) {
        return new FilesystemClient(bucket(context).resolve(context.datasetName()), layout, context);
    }

    @Override
    public String toString() {
        return "filesystem " + displayLocation() + " (" + format + ", layout " + layout.pattern() + ")";
    }
}
