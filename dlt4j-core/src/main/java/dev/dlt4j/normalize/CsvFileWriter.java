package dev.dlt4j.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dlt4j.config.DataWriterConfig;
import dev.dlt4j.schema.Column;
import dev.dlt4j.storage.Compression;
import dev.dlt4j.storage.JobFileName;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.LoaderFileFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code csv} job files as dlt writes them: a header row of column names, {@code ,} as delimiter,
 * fields quoted only when needed, NULL as an empty unquoted field and the empty string as
 * {@code ""} (so the two stay apart in PostgreSQL's {@code COPY … NULL ''}). Timestamps, dates and
 * times are ISO-8601, binary is PostgreSQL's {@code \x} hex form, json columns hold JSON text.
 * gzip unless {@code disable_compression}.
 *
 * <p>The header is fixed per file, so when a row brings a column the current file does not have,
 * the rows so far are closed into their file and a new file with the wider header begins (dlt does
 * the same). Rows are held as values until a flush, since a file's header is written when it opens.
 */
final class CsvFileWriter implements TableFileWriter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final HexFormat HEX = HexFormat.of();

    private final LoadPackage pkg;
    private final String table;
    private final DataWriterConfig config;
    private final int bufferItems;
    private final List<JobFileName> files = new ArrayList<>();
    /** Columns of the current file, in header order, and their positions. */
    private final List<String> header = new ArrayList<>();
    private final Map<String, Integer> position = new HashMap<>();
    private final List<Object[]> buffered = new ArrayList<>();
    private final StringBuilder line = new StringBuilder(256);
    private Object[] row = new Object[16];
    /** Header size before the current row; a larger one at row end means the column set grew. */
    private int headerBeforeRow;
    private OutputStream file;
    private long rowsInFile;
    private long bytesInFile;
    private long rows;

    CsvFileWriter(LoadPackage pkg, String table, DataWriterConfig config) {
        this.pkg = pkg;
        this.table = table;
        this.config = config;
        this.bufferItems = config.effectiveBufferItems();
    }

    @Override
    public void beginRow() {
        headerBeforeRow = header.size();
        Arrays.fill(row, null);
    }

    @Override
    public void value(Column column, Object value) {
        Integer at = position.get(column.name());
        if (at == null) {
            at = header.size();
            header.add(column.name());
            position.put(column.name(), at);
            if (at >= row.length) {
                row = Arrays.copyOf(row, Math.max(row.length * 2, at + 1));
            }
        }
        row[at] = value;
    }

    @Override
    public void endRow() {
        Object[] values = Arrays.copyOf(row, header.size());
        boolean grew = header.size() > headerBeforeRow;
        if (grew && (rowsInFile > 0 || !buffered.isEmpty())) {
            // the rows so far keep the narrower header; this row starts a new file
            List<String> wider = new ArrayList<>(header);
            header.subList(headerBeforeRow, header.size()).clear();
            flush();
            closeFile();
            header.clear();
            header.addAll(wider);
        }
        buffered.add(values);
        rows++;
        rowsInFile++;
        if (buffered.size() >= bufferItems) {
            flush();
        }
    }

    private void flush() {
        if (buffered.isEmpty()) {
            return;
        }
        try {
            if (file == null) {
                open();
            }
            int n = header.size();
            for (Object[] r : buffered) {
                line.setLength(0);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    if (i < r.length && r[i] != null) {
                        appendValue(r[i]);
                    }
                }
                line.append('\n');
                byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
                file.write(bytes);
                bytesInFile += bytes.length;
            }
            buffered.clear();
            if ((config.fileMaxItems() > 0 && rowsInFile >= config.fileMaxItems())
                    || (config.fileMaxBytes() > 0 && bytesInFile >= config.fileMaxBytes())) {
                closeFile();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write csv job file for table " + table, e);
        }
    }

    private void appendValue(Object v) throws IOException {
        if (v instanceof String s) {
            appendText(s);
        } else if (v instanceof Long || v instanceof Boolean) {
            line.append(v);
        } else if (v instanceof Double d) {
            // PostgreSQL reads NaN and Infinity in this spelling
            line.append(d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : d.toString());
        } else if (v instanceof BigDecimal d) {
            line.append(d.toPlainString());
        } else if (v instanceof byte[] b) {
            line.append("\\x").append(HEX.formatHex(b));
        } else if (v instanceof Map<?, ?> || v instanceof List<?>) {
            java.io.StringWriter text = new java.io.StringWriter();
            try (JsonGenerator g = JSON.createGenerator(text)) {
                writeJson(g, v);
            }
            appendText(text.toString());
        } else {
            appendText(v.toString()); // Instant, LocalDate, LocalTime: ISO-8601
        }
    }

    static void writeJson(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeJson(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                writeJson(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            g.writeNumber(d);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof java.math.BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof byte[] b) {
            g.writeString(java.util.Base64.getEncoder().encodeToString(b));
        } else {
            g.writeString(v.toString());
        }
    }

    private void appendText(String s) {
        if (s.isEmpty()) {
            line.append("\"\"");
            return;
        }
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        // a field that is exactly \. ends COPY's data in text mode; quoting keeps it data
        if (!quote && !s.equals("\\.")) {
            line.append(s);
            return;
        }
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }

    private void open() throws IOException {
        boolean gzip = !config.disableCompression();
        JobFileName name = JobFileName.create(table, LoaderFileFormat.CSV.extension(), gzip);
        file = Compression.open(Files.newOutputStream(pkg.jobPath(JobState.NEW, name)), gzip);
        files.add(name);
        bytesInFile = 0;
        if (header.isEmpty()) {
            return; // an empty file that only makes a replace truncate
        }
        line.setLength(0);
        for (int i = 0; i < header.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            appendText(header.get(i));
        }
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        file.write(bytes);
        bytesInFile = bytes.length;
    }

    private void closeFile() {
        try {
            if (file != null) {
                file.close();
                file = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close csv job file for table " + table, e);
        }
        rowsInFile = 0;
        bytesInFile = 0;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void touch() {
        if (files.isEmpty() && file == null) {
            try {
                open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public List<JobFileName> files() {
        return files;
    }

    @Override
    public void close() {
        flush();
        closeFile();
    }
}
