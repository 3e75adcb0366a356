package dev.dlt4j.source.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The reader: turns a page of listed files (rows of the listing resource) into the files' rows, a
 * page at a time, file after file in listing order. One file is open at a time; the iterator is
 * {@link AutoCloseable}, so the extract stage closes the open file on every path.
 */
final class FileReading {
    private final Optional<FileFormat> format;
    private final List<FileColumn> fileColumns;
    private final int chunkSize;
    private final char csvDelimiter;
    private final boolean inferCsvTypes;

    FileReading(Optional<FileFormat> format, List<FileColumn> fileColumns, int chunkSize, char csvDelimiter,
            boolean inferCsvTypes) {
        this.format = format;
        this.fileColumns = List.copyOf(fileColumns);
        this.chunkSize = chunkSize;
        this.csvDelimiter = csvDelimiter;
        this.inferCsvTypes = inferCsvTypes;
    }

    /** The rows of the files in {@code item}: a page of listing rows, or one listing row. */
    Iterator<List<Map<String, Object>>> read(Object item) {
        List<FileItem> files = new ArrayList<>();
        if (item instanceof List<?> page) {
            for (Object o : page) {
                files.add(fileItem(o));
            }
        } else {
            files.add(fileItem(item));
        }
        return new Rows(files.iterator());
    }

    /** A listing row back as a file: the row has dlt's FileItem fields; the path is its file_url. */
    private static FileItem fileItem(Object row) {
        if (!(row instanceof Map<?, ?> m) || !(m.get("file_url") instanceof String url)) {
            throw new IllegalArgumentException("the filesystem reader got " + (row == null ? "null"
                    : "a " + row.getClass().getSimpleName()) + " where a listed file (a row with file_url) was expected");
        }
        Path path = Path.of(URI.create(url));
        Object modified = m.get("modification_date");
        Object size = m.get("size_in_bytes");
        Object encoding = m.get("encoding");
        return new FileItem(path, url, String.valueOf(m.get("file_name")), String.valueOf(m.get("relative_path")),
                String.valueOf(m.get("mime_type")), Optional.ofNullable((String) encoding),
                modified instanceof Instant i ? i : Instant.parse(String.valueOf(modified)),
                size instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(size)));
    }

    private FileRows open(FileItem file) {
        try {
            Optional<FileFormat> f = format.or(() -> FileFormat.ofFileName(file.fileName()));
            if (f.isEmpty()) {
                f = sniff(file);
            }
            FileFormat fmt = f.orElseThrow(() -> new FileReadException(file.fileUrl() + ": cannot tell the file's"
                    + " format from its name; name it .csv, .jsonl, .ndjson or .parquet (optionally .gz), or set the"
                    + " format (allowed: " + FileFormat.allowed() + ")"));
            return switch (fmt) {
                case CSV -> new CsvRows(file, FileRows.open(file), csvDelimiter, chunkSize, inferCsvTypes);
                case JSONL -> new JsonlRows(file, FileRows.open(file), chunkSize);
                case PARQUET -> {
                    if (FileRows.isGzip(file)) {
                        throw new FileReadException(file.fileUrl() + ": a gzip'd parquet file; parquet compresses"
                                + " its own pages, so store it without .gz");
                    }
                    yield new ParquetRows(file, chunkSize);
                }
            };
        } catch (NoSuchFileException e) {
            throw new FileReadException(file.fileUrl() + ": the file was listed but is gone (deleted while the"
                    + " run read the folder)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file.fileUrl() + ": cannot open: " + e, e);
        }
    }

    /** A name without a known extension: parquet by its magic bytes, JSON lines by a leading '{'. */
    private static Optional<FileFormat> sniff(FileItem file) throws IOException {
        if (isParquet(file.path())) {
            return Optional.of(FileFormat.PARQUET);
        }
        try (InputStream in = FileRows.open(file)) {
            int c;
            do {
                c = in.read();
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB || c == 0xBF);
            return c == '{' ? Optional.of(FileFormat.JSONL) : Optional.empty();
        }
    }

    private static boolean isParquet(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'A' && magic[2] == 'R' && magic[3] == '1';
        }
    }

    /** The rows of the files one after another; the open file is closed at its end or on {@link #close()}. */
    private final class Rows implements Iterator<List<Map<String, Object>>>, AutoCloseable {
        private final Iterator<FileItem> files;
        private FileItem current;
        private FileRows rows;

        Rows(Iterator<FileItem> files) {
            this.files = files;
        }

        @Override
        public boolean hasNext() {
            while (rows == null || !rows.hasNext()) {
                closeCurrent();
                if (!files.hasNext()) {
                    return false;
                }
                current = files.next();
                rows = open(current);
            }
            return true;
        }

        @Override
        public List<Map<String, Object>> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            List<Map<String, Object>> page = rows.next();
            if (!fileColumns.isEmpty()) {
                for (Map<String, Object> row : page) {
                    for (FileColumn c : fileColumns) {
                        row.put(c.columnName(), c.valueOf(current));
                    }
                }
            }
            return page;
        }

        private void closeCurrent() {
            if (rows != null) {
                try {
                    rows.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(current.fileUrl() + ": cannot close: " + e, e);
                } finally {
                    rows = null;
                }
            }
        }

        @Override
        public void close() {
            closeCurrent();
        }
    }
}
