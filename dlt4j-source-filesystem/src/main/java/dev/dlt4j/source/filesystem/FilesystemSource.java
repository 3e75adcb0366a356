package dev.dlt4j.source.filesystem;

import dev.dlt4j.Incremental;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.Transformer;
import dev.dlt4j.WriteDisposition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Rows of the files a glob matches, as dlt's {@code filesystem} source with its readers: a listing
 * resource (dlt's {@code filesystem(bucket_url, file_glob)}, one row per file with dlt's
 * {@code FileItem} fields, key {@code file_url}) and a reader fed by it (dlt's
 * {@code filesystem(...) | read_csv()}), whose rows go to one table.
 *
 * <pre>{@code
 * Source files = FilesystemSource.of("file:///data/events/*.jsonl.gz")   // folder and glob
 *         .fileColumns(FileColumn.FILE_NAME, FileColumn.MODIFICATION_DATE)
 *         .source();                                                    // one resource: "events"
 * pipeline.run(files);
 * }</pre>
 *
 * <ul>
 *   <li><b>Listing</b>: lazy and in a fixed order (by relative path), in pages of
 *       {@link #filesPerPage} files; only the folders on the current path are held in memory. A
 *       glob that matches no file fails the run naming the glob, unless {@link #allowEmpty}.
 *   <li><b>Formats</b>: CSV, JSON lines and Parquet, from each file's name unless {@link #format}
 *       is set; gzip'd files are recognised by their first bytes. Rows reach the pipeline in pages
 *       of {@link #chunkSize} rows, so memory is a page per file whatever the file's size.
 *   <li><b>CSV values</b> are typed per page: integer, decimal and true/false columns become
 *       numbers and booleans, empty fields null, everything else text (see {@link #inferCsvTypes}).
 *   <li><b>Incremental</b>: on the files' {@code modification_date} through the {@link #files()}
 *       resource, on a column through the reader resource.
 * </ul>
 *
 * <p>Immutable: each wither returns a copy.
 */
public final class FilesystemSource {
    /** dlt's {@code files_per_page}. */
    public static final int DEFAULT_FILES_PER_PAGE = 100;
    /** Rows per page; dlt's readers use 1,000 (jsonl, parquet) and 10,000 (csv): one size for all here. */
    public static final int DEFAULT_CHUNK_SIZE = 10_000;

    /** The listing's columns: an incremental on one of them filters files, not rows. */
    private static final java.util.Set<String> FILE_ITEM_FIELDS = java.util.Set.of("file_url", "file_name",
            "relative_path", "mime_type", "encoding", "modification_date", "size_in_bytes");

    private final Knobs k;

    /** Every setting, copied and changed by the withers (one place instead of a long constructor). */
    private static final class Knobs implements Cloneable {
        FileGlob glob;
        Optional<String> name = Optional.empty();
        Optional<FileFormat> format = Optional.empty();
        List<FileColumn> fileColumns = List.of();
        int filesPerPage = DEFAULT_FILES_PER_PAGE;
        int chunkSize = DEFAULT_CHUNK_SIZE;
        char csvDelimiter = ',';
        boolean inferCsvTypes = true;
        boolean allowEmpty;
        Optional<Incremental> filesIncremental = Optional.empty();
        Optional<Incremental> rowsIncremental = Optional.empty();
        Optional<WriteDisposition> writeDisposition = Optional.empty();
        List<String> primaryKey = List.of();
        Optional<java.util.Set<String>> onlyFiles = Optional.empty();

        Knobs copy() {
            try {
                return (Knobs) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private FilesystemSource(Knobs k) {
        this.k = k;
    }

    private FilesystemSource with(java.util.function.Consumer<Knobs> change) {
        Knobs c = k.copy();
        change.accept(c);
        return new FilesystemSource(c);
    }

    private static FilesystemSource of(FileGlob glob) {
        Knobs k = new Knobs();
        k.glob = glob;
        return new FilesystemSource(k);
    }

    /**
     * The files of a url or path whose glob starts at its first part with a wildcard:
     * {@code file:///data/**}{@code /*.csv} lists {@code /data} with glob {@code **}{@code /*.csv}. A folder
     * without a glob means its files ({@code *}), a file that one file.
     *
     * @throws IllegalArgumentException for an empty url or a scheme other than {@code file://}
     */
    public static FilesystemSource of(String urlWithGlob) {
        return of(FileGlob.parse(Objects.requireNonNull(urlWithGlob, "urlWithGlob")));
    }

    /**
     * The files under {@code bucketUrl} (a {@code file://} url or a path) matching {@code fileGlob},
     * relative to it, as dlt's {@code filesystem(bucket_url, file_glob)}; {@code relative_path} is
     * relative to {@code bucketUrl}.
     */
    public static FilesystemSource of(String bucketUrl, String fileGlob) {
        return of(FileGlob.of(Objects.requireNonNull(bucketUrl, "bucketUrl"),
                Objects.requireNonNull(fileGlob, "fileGlob")));
    }

    /** One source holding the reader resource of each glob, e.g. one per file pattern. */
    public static Source source(String sourceName, FilesystemSource... globs) {
        List<Resource> resources = new ArrayList<>();
        for (FilesystemSource g : globs) {
            resources.add(g.resource());
        }
        return Source.of(sourceName, resources);
    }

    /** The reader resource's name, which is its table's: by default derived from the glob (see {@link #resourceName()}). */
    public FilesystemSource name(String resourceName) {
        if (resourceName == null || resourceName.isBlank()) {
            throw new IllegalArgumentException("resource name is empty; give the table's name");
        }
        return with(c -> c.name = Optional.of(resourceName));
    }

    /** Reads every file as this format, whatever its name (default: from each file's name). */
    public FilesystemSource format(FileFormat fileFormat) {
        Objects.requireNonNull(fileFormat, "fileFormat");
        return with(c -> c.format = Optional.of(fileFormat));
    }

    /** Adds these properties of each row's file as columns (dlt's {@code FileItem} names), in this order. */
    public FilesystemSource fileColumns(FileColumn... columns) {
        List<FileColumn> cols = List.of(columns);
        return with(c -> c.fileColumns = cols);
    }

    /** Files per page of the listing (dlt's {@code files_per_page}, default 100). */
    public FilesystemSource filesPerPage(int files) {
        positive("files_per_page", files);
        return with(c -> c.filesPerPage = files);
    }

    /** Rows per page read from a file (default 10,000): a file's memory is one page. */
    public FilesystemSource chunkSize(int rows) {
        positive("chunksize", rows);
        return with(c -> c.chunkSize = rows);
    }

    /** The CSV field delimiter (default {@code ,}). */
    public FilesystemSource csvDelimiter(char delimiter) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("csv delimiter '" + delimiter + "' is not allowed; use a character"
                    + " other than a quote or a line break");
        }
        return with(c -> c.csvDelimiter = delimiter);
    }

    /**
     * Whether CSV text is typed (default true): per page of rows, a column of integers becomes
     * {@code bigint}, of integers and decimals {@code double}, of true/false {@code bool}; integers with
     * a leading zero stay text. False keeps every value as text (empty fields are null either way).
     */
    public FilesystemSource inferCsvTypes(boolean infer) {
        return with(c -> c.inferCsvTypes = infer);
    }

    /** Whether a glob that matches no file is fine (default false: the run fails naming the glob). */
    public FilesystemSource allowEmpty(boolean allow) {
        return with(c -> c.allowEmpty = allow);
    }

    /**
     * Loads incrementally. On a field of the listing ({@code modification_date}, dlt's usual choice,
     * or another {@code FileItem} field) the files are filtered before they are opened: only files
     * modified since the last run are read, files at the boundary deduplicated by {@code file_url}
     * (dlt's {@code filesystem(incremental=...)}). On any other path the rows are filtered (dlt's
     * {@code apply_hints(incremental=...)} on the reader): every file is read. Call it once for each
     * to have both.
     *
     * @throws IllegalArgumentException for a row order on a listing field (files come by path)
     */
    public FilesystemSource incremental(Incremental incremental) {
        Objects.requireNonNull(incremental, "incremental");
        boolean files = FILE_ITEM_FIELDS.contains(incremental.cursorPath());
        if (files && incremental.rowOrder().isPresent()) {
            // the extract would stop at the first file out of range, but files come by path, not by date
            throw new IllegalArgumentException("incremental '" + incremental.cursorPath() + "' with row_order "
                    + incremental.rowOrder().get() + ": files are listed by path, not by " + incremental.cursorPath()
                    + ", so no file can end the listing early; leave row_order unset");
        }
        return with(c -> {
            if (files) {
                c.filesIncremental = Optional.of(incremental);
            } else {
                c.rowsIncremental = Optional.of(incremental);
            }
        });
    }

    /** The reader table's write disposition (default: the pipeline's, {@code append}). */
    public FilesystemSource writeDisposition(WriteDisposition disposition) {
        Objects.requireNonNull(disposition, "disposition");
        return with(c -> c.writeDisposition = Optional.of(disposition));
    }

    /** The reader table's primary key (for {@code merge}, and the rows' incremental deduplication). */
    public FilesystemSource primaryKey(String... columns) {
        List<String> key = List.of(columns);
        return with(c -> c.primaryKey = key);
    }

    /** The folder files are listed in ({@code relative_path} is relative to it), as a {@code file://} url. */
    public String bucketUrl() {
        return k.glob.bucketUrl();
    }

    /** The glob relative to {@link #bucketUrl()}. */
    public String fileGlob() {
        return k.glob.fileGlob();
    }

    /**
     * The reader resource's name: the one set, else the glob's file pattern without wildcards and
     * extensions ({@code orders_*.csv} is {@code orders}), else the last folder before the first
     * wildcard ({@code /data/events/*.jsonl.gz} is {@code events}).
     */
    public String resourceName() {
        return k.name.orElseGet(this::derivedName);
    }

    private String derivedName() {
        List<String> parts = k.glob.pattern();
        String file = parts.get(parts.size() - 1);
        int dot = file.indexOf('.');
        String stem = (dot >= 0 ? file.substring(0, dot) : file).replaceAll("[*?\\[\\]{}]", "")
                .replaceAll("^[_\\-.]+|[_\\-.]+$", "");
        if (!stem.isEmpty() && !FileGlob.hasWildcard(stem)) {
            return stem;
        }
        for (int i = parts.size() - 2; i >= 0; i--) {
            if (!FileGlob.hasWildcard(parts.get(i))) {
                return parts.get(i);
            }
        }
        java.nio.file.Path folder = k.glob.bucket().getFileName();
        return folder == null ? "files" : folder.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The listing: one row per matched file with dlt's {@code FileItem} fields ({@code file_url},
     * {@code file_name}, {@code relative_path}, {@code mime_type}, {@code encoding},
     * {@code modification_date}, {@code size_in_bytes}), primary key {@code file_url}, in pages of
     * {@link #filesPerPage}. Named {@code <resource>_files}; loaded as a table only when put in a
     * source itself.
     */
    public Resource files() {
        FileGlob g = k.glob;
        int perPage = k.filesPerPage;
        boolean empty = k.allowEmpty;
        Optional<java.util.Set<String>> only = k.onlyFiles;
        Resource files = Resource.fromIterator(resourceName() + "_files", () -> new FilePages(g, perPage, empty, only))
                .primaryKey("file_url");
        return k.filesIncremental.map(files::incremental).orElse(files);
    }

    /**
     * The rows of the matched files, one table named {@link #resourceName()}: each page of the
     * listing is read file by file, in listing order, a page of rows at a time.
     */
    public Resource resource() {
        FileReading reading = new FileReading(k.format, k.fileColumns, k.chunkSize, k.csvDelimiter, k.inferCsvTypes);
        Resource rows = Transformer.from(resourceName(), files(), reading::read);
        if (k.writeDisposition.isPresent()) {
            rows = rows.writeDisposition(k.writeDisposition.get());
        }
        if (!k.primaryKey.isEmpty()) {
            rows = rows.primaryKey(k.primaryKey.toArray(new String[0]));
        }
        return k.rowsIncremental.map(rows::incremental).orElse(rows);
    }

    /** This glob's matches restricted to {@code relativePaths}: one partition of a split run. */
    FilesystemSource onlyFiles(java.util.Collection<String> relativePaths) {
        java.util.Set<String> set = java.util.Set.copyOf(relativePaths);
        return with(c -> c.onlyFiles = Optional.of(set));
    }

    /** The relative paths of the matched files, in listing order (what a split run cuts into partitions). */
    List<String> listRelativePaths() {
        List<String> out = new java.util.ArrayList<>();
        FileListing listing = new FileListing(k.glob);
        while (listing.hasNext()) {
            out.add(listing.next().relativePath());
        }
        return out;
    }

    /** A source named after the resource, holding {@link #resource()}. */
    public Source source() {
        return Source.of(resourceName(), resource());
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " = " + value + " is not allowed; give a number of at least 1");
        }
    }

    @Override
    public String toString() {
        return "FilesystemSource[" + k.glob.display() + " -> " + resourceName() + "]";
    }
}
