package dev.dlt4j.normalize;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.dlt4j.config.DataWriterConfig;
import dev.dlt4j.schema.Column;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.spi.LoaderFileFormat;
import dev.dlt4j.storage.LoadPackage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code jsonl} job files: one JSON object per row, keys are column names, values as the
 * destinations read them (timestamps as ISO-8601 UTC text, decimals as exact text, binary as
 * base64, json columns as nested JSON). A NaN or infinite double is written as the bare token
 * {@code NaN}, {@code Infinity} or {@code -Infinity} (JSON5, read as doubles by DuckDB and Spark);
 * inside a json column as a string. gzip unless {@code disable_compression}.
 */
final class JsonlFileWriter implements TableFileWriter {
    private static final int SPILL_BYTES = 1 << 16;
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private final LoadPackage pkg;
    private final String table;
    private final DataWriterConfig config;
    private final int bufferItems;
    private final List<JobFileName> files = new ArrayList<>();
    private final java.util.Map<JobFileName, Long> rowsPerFile = new java.util.LinkedHashMap<>();
    private final Buffer buffer = new Buffer();
    private final JsonGenerator gen;
    private OutputStream file;
    private long rowsInFile;
    private long bytesInFile;
    private int buffered;
    private long rows;

    JsonlFileWriter(LoadPackage pkg, String table, DataWriterConfig config) {
        this.pkg = pkg;
        this.table = table;
        this.config = config;
        this.bufferItems = config.effectiveBufferItems();
        try {
            this.gen = JSON.createGenerator(buffer, JsonEncoding.UTF8);
            gen.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beginRow() {
        try {
            gen.writeStartObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void value(Column column, Object v) {
        try {
            gen.writeFieldName(column.name());
            if (v instanceof Double d && !Double.isFinite(d)) {
                // bare NaN / Infinity / -Infinity: DuckDB's read_json and Spark read them back as doubles,
                // where a string would turn the column into text (json columns keep strict JSON: strings)
                gen.writeRawValue(d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                return;
            }
            writeValue(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeValue(Object v) throws IOException {
        if (v instanceof String s) {
            gen.writeString(s);
        } else if (v instanceof Long l) {
            gen.writeNumber(l);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                gen.writeString(d.toString());
            } else {
                gen.writeNumber(d);
            }
        } else if (v instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (v instanceof BigDecimal d) {
            gen.writeString(d.toPlainString());
        } else if (v instanceof byte[] b) {
            gen.writeString(Base64.getEncoder().encodeToString(b));
        } else if (v instanceof Map<?, ?> m) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                gen.writeFieldName(String.valueOf(e.getKey()));
                writeNested(e.getValue());
            }
            gen.writeEndObject();
        } else if (v instanceof List<?> l) {
            gen.writeStartArray();
            for (Object o : l) {
                writeNested(o);
            }
            gen.writeEndArray();
        } else {
            gen.writeString(v.toString()); // Instant, LocalDate, LocalTime: ISO-8601
        }
    }

    private void writeNested(Object v) throws IOException {
        if (v == null) {
            gen.writeNull();
        } else if (v instanceof BigDecimal d) {
            gen.writeNumber(d);
        } else if (v instanceof java.math.BigInteger bi) {
            gen.writeNumber(bi);
        } else {
            writeValue(v);
        }
    }

    @Override
    public void endRow() {
        try {
            gen.writeEndObject();
            gen.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
        rowsInFile++;
        if (++buffered >= bufferItems) {
            flush();
        } else if (gen.getOutputBuffered() + buffer.bytes() >= SPILL_BYTES) {
            spill();
        }
    }

    /**
     * Hands the encoded rows to the file (its compressor) before the buffer is full: a small buffer
     * stays in the CPU cache, which measured faster than holding a whole buffer of rows. Rotation
     * is still decided per {@code buffer_max_items} rows, in {@link #flush()}.
     */
    private void spill() {
        try {
            gen.flush();
            if (file == null) {
                open();
            }
            bytesInFile += buffer.bytes();
            buffer.writeTo(file);
            buffer.reset();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write job file for table " + table, e);
        }
    }

    private void flush() {
        try {
            gen.flush();
            if (buffer.size() == 0) {
                return;
            }
            if (file == null) {
                open();
            }
            bytesInFile += buffer.size();
            buffer.writeTo(file);
            buffer.reset();
            buffered = 0;
            if ((config.fileMaxItems() > 0 && rowsInFile >= config.fileMaxItems())
                    || (config.fileMaxBytes() > 0 && bytesInFile >= config.fileMaxBytes())) {
                file.close();
                file = null;
                rowsPerFile.put(files.get(files.size() - 1), rowsInFile);
                rowsInFile = 0;
                bytesInFile = 0;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write job file for table " + table, e);
        }
    }

    private void open() throws IOException {
        JobFiles.NewJob job = JobFiles.create(pkg, table, LoaderFileFormat.JSONL.extension(),
                !config.disableCompression());
        file = job.out();
        files.add(job.name());
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
    public java.util.Map<JobFileName, Long> rowsPerFile() {
        return rowsPerFile;
    }

    @Override
    public void close() {
        flush();
        try {
            gen.close();
            if (file != null) {
                file.close();
                file = null;
                rowsPerFile.put(files.get(files.size() - 1), rowsInFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close job file for table " + table, e);
        }
    }

    /** A byte buffer whose content is handed to the file without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(1 << 16);
        }

        /** The size without {@code size()}'s lock: one thread uses the buffer. */
        int bytes() {
            return count;
        }
    }
}
