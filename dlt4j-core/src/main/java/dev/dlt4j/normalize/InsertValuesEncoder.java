package dev.dlt4j.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dlt4j.Column;
import dev.dlt4j.LoaderFileFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code insert_values} job files in dlt's layout: {@code INSERT INTO {}("a","b")\nVALUES\n(…),\n(…);}
 * where the loader fills in the qualified table name for {@code {}}. One row per line (line breaks
 * inside text are escaped), so a loader can cut a big file into statements at row boundaries. The
 * column list is fixed per file: when a row brings a column the file's header lacks, a new file
 * starts. Literals are PostgreSQL/DuckDB SQL: text as {@code E'…'}, binary as {@code from_hex('…')},
 * json as its JSON text. gzip unless {@code disable_compression}. Rows are held as literals
 * until the writer appends them; the header is written with a file's first rows and names every
 * column seen so far.
 */
final class InsertValuesEncoder extends RowEncoder {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] END = ";".getBytes(StandardCharsets.UTF_8);

    /** Every column this encoder has seen, in first-seen order, with its position in a row. */
    private final Map<String, Integer> positions = new LinkedHashMap<>();
    private final List<String[]> buffer = new ArrayList<>();
    private String[] row = new String[8];
    private int fileColumns;
    private boolean headerWritten;
    private long rowsInFile;

    @Override
    public String format() {
        return LoaderFileFormat.INSERT_VALUES.extension();
    }

    @Override
    void beginRow() {
        Arrays.fill(row, null);
    }

    @Override
    void value(Column column, Object value) {
        Integer pos = positions.get(column.name());
        if (pos == null) {
            pos = positions.size();
            positions.put(column.name(), pos);
            if (pos >= row.length) {
                row = Arrays.copyOf(row, Math.max(pos + 1, row.length * 2));
            }
        }
        row[pos] = literal(FractionalSeconds.cut(column, value));
    }

    @Override
    boolean endRow() {
        buffer.add(Arrays.copyOf(row, positions.size()));
        return false;
    }

    /** The value as a SQL literal that PostgreSQL and DuckDB cast to the column's type on insert. */
    static String literal(Object v) {
        if (v instanceof String s) {
            return text(s);
        }
        if (v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "'" + d + "'" : d.toString();
        }
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] b) {
            return "from_hex('" + HexFormat.of().formatHex(b) + "')";
        }
        if (v instanceof Map || v instanceof List) {
            StringWriter out = new StringWriter();
            try (JsonGenerator gen = JSON.createGenerator(out)) {
                writeJson(gen, v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return text(out.toString());
        }
        return text(v.toString()); // Instant, LocalDate, LocalTime: ISO-8601, cast by the database
    }

    /** Nested values as {@link JsonlEncoder} writes them: numbers exact, everything else as text. */
    private static void writeJson(JsonGenerator gen, Object v) throws IOException {
        if (v == null) {
            gen.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                gen.writeFieldName(String.valueOf(e.getKey()));
                writeJson(gen, e.getValue());
            }
            gen.writeEndObject();
        } else if (v instanceof List<?> l) {
            gen.writeStartArray();
            for (Object o : l) {
                writeJson(gen, o);
            }
            gen.writeEndArray();
        } else if (v instanceof String s) {
            gen.writeString(s);
        } else if (v instanceof Long l) {
            gen.writeNumber(l);
        } else if (v instanceof Integer i) {
            gen.writeNumber(i);
        } else if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            gen.writeNumber(d);
        } else if (v instanceof BigDecimal d) {
            gen.writeNumber(d);
        } else if (v instanceof BigInteger bi) {
            gen.writeNumber(bi);
        } else if (v instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (v instanceof byte[] b) {
            gen.writeString(java.util.Base64.getEncoder().encodeToString(b));
        } else {
            gen.writeString(v.toString());
        }
    }

    /** An escape-string literal: quotes doubled, backslashes and line breaks escaped (one row per line). */
    private static String text(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 4).append("E'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> sb.append("''");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** The header is fixed per file: rows that bring a new column start a new file. */
    @Override
    public boolean needsNewFile() {
        return headerWritten && fileColumns < positions.size();
    }

    @Override
    public void writeBuffered(OutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (!headerWritten) {
            headerWritten = true;
            fileColumns = positions.size();
            sb.append("INSERT INTO {}(");
            boolean first = true;
            for (String name : positions.keySet()) {
                sb.append(first ? "" : ",").append('"').append(name.replace("\"", "\"\"")).append('"');
                first = false;
            }
            sb.append(")\nVALUES\n");
        }
        for (String[] r : buffer) {
            if (rowsInFile > 0) {
                sb.append(",\n");
            }
            sb.append('(');
            for (int i = 0; i < fileColumns; i++) {
                String lit = i < r.length ? r[i] : null;
                sb.append(i == 0 ? "" : ",").append(lit == null ? "NULL" : lit);
            }
            sb.append(')');
            rowsInFile++;
        }
        buffer.clear();
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the statement; a file without rows stays empty (it still truncates on replace). */
    @Override
    public void endFile(OutputStream out) throws IOException {
        if (rowsInFile > 0) {
            out.write(END);
        }
        rowsInFile = 0;
        headerWritten = false;
    }

    @Override
    public void discard() {
        buffer.clear();
    }
}
