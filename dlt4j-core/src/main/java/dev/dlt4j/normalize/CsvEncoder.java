package dev.dlt4j.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dlt4j.Column;
import dev.dlt4j.LoaderFileFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code csv} job files as dlt writes them: a header row of column names, {@code ,} as delimiter,
 * fields quoted only when needed, NULL as an empty unquoted field and the empty string as
 * {@code ""} (so the two stay apart in PostgreSQL's {@code COPY … NULL ''}). Timestamps, dates and
 * times are ISO-8601 (cut to the microsecond, {@link FractionalSeconds}), binary is PostgreSQL's
 * {@code \x} hex form, json columns hold JSON text.
 * gzip unless {@code disable_compression}.
 *
 * <p>The header is fixed per file, so when a row brings a column the current file does not have,
 * the rows so far are closed into their file and a new file with the wider header begins (dlt does
 * the same). Rows are held as values until an append, since a file's header comes with its first rows.
 */
final class CsvEncoder extends ColumnarEncoder {
    private static final JsonFactory JSON = new JsonFactory();
    private static final HexFormat HEX = HexFormat.of();

    private final StringBuilder line = new StringBuilder(256);

    @Override
    public String format() {
        return LoaderFileFormat.CSV.extension();
    }

    @Override
    void value(Column column, Object value) {
        super.value(column, FractionalSeconds.cut(column, value));
    }

    @Override
    void beginFile(OutputStream out, List<Column> columns) throws IOException {
        line.setLength(0);
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            appendText(columns.get(i).name());
        }
        line.append('\n');
        writeLine(out);
    }

    @Override
    void writeRows(OutputStream out, List<Object[]> rows, int width) throws IOException {
        for (Object[] r : rows) {
            line.setLength(0);
            for (int i = 0; i < width; i++) {
                if (i > 0) {
                    line.append(',');
                }
                if (i < r.length && r[i] != null) {
                    appendValue(r[i]);
                }
            }
            line.append('\n');
            writeLine(out);
        }
    }

    private void writeLine(OutputStream out) throws IOException {
        out.write(line.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    void finishFile(OutputStream out) {
        // csv has no footer
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
}
