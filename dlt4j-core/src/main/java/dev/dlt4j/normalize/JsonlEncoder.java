package dev.dlt4j.normalize;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.dlt4j.Column;
import dev.dlt4j.LoaderFileFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code jsonl} job files: one JSON object per row, keys are column names, values as the
 * destinations read them (timestamps as ISO-8601 UTC text, decimals as exact text, binary as
 * base64, json columns as nested JSON). A NaN or infinite double is written as the bare token
 * {@code NaN}, {@code Infinity} or {@code -Infinity} (JSON5, read as doubles by DuckDB and Spark);
 * inside a json column as a string. gzip unless {@code disable_compression}. Rows are encoded as
 * they arrive and held as bytes until the writer appends them.
 */
final class JsonlEncoder extends RowEncoder {
    private static final int SPILL_BYTES = 1 << 16;
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private final Buffer buffer = new Buffer();
    private final JsonGenerator gen;

    JsonlEncoder() {
        try {
            this.gen = JSON.createGenerator(buffer, JsonEncoding.UTF8);
            gen.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String format() {
        return LoaderFileFormat.JSONL.extension();
    }

    @Override
    void beginRow() {
        try {
            gen.writeStartObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    void value(Column column, Object v) {
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
    boolean endRow() {
        try {
            gen.writeEndObject();
            gen.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }

    /**
     * Hands the encoded rows to the file (its compressor) before the buffer is full: a small buffer
     * stays in the CPU cache, which measured faster than holding a whole buffer of rows. Rotation
     * is still decided per {@code buffer_max_items} rows.
     */
    @Override
    public boolean spillNow() {
        return gen.getOutputBuffered() + buffer.bytes() >= SPILL_BYTES;
    }

    @Override
    public void writeBuffered(OutputStream out) throws IOException {
        gen.flush();
        buffer.writeTo(out);
        buffer.reset();
    }

    @Override
    public void discard() {
        try {
            gen.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.reset();
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
