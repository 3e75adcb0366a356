package dev.dlt4j.normalize;

import com.fasterxml.jackson.core.io.NumberOutput;
import dev.dlt4j.Column;
import dev.dlt4j.LoaderFileFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jsonl} job files: one JSON object per row, keys are column names, values as the
 * destinations read them (timestamps as ISO-8601 UTC text, decimals as exact text, binary as
 * base64, json columns as nested JSON). A NaN or infinite double is written as the bare token
 * {@code NaN}, {@code Infinity} or {@code -Infinity} (JSON5, read as doubles by DuckDB and Spark);
 * inside a json column as a string. gzip unless {@code disable_compression}. Rows are encoded as
 * they arrive and held as bytes until the writer appends them.
 *
 * <p>The bytes are those Jackson's UTF-8 generator wrote here before (compact, {@code "} {@code \}
 * and control characters escaped, {@code \b \t \n \f \r} short, others as a six-character unicode escape,
 * every UTF-16 surrogate as its own unicode escape, other text as UTF-8, doubles by Jackson's fast writer);
 * written by hand because the generator's per-token state checks and field-name escaping were a
 * third of normalize's CPU. {@code JsonlEncoderTest} compares the two byte for byte.
 */
final class JsonlEncoder extends RowEncoder {
    private static final int SPILL_BYTES = 1 << 16;
    /** Chars of a string encoded per reservation of buffer room (see {@link #string}). */
    private static final int STRING_CHUNK = 1 << 12;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Per ASCII character: 0 written as is, -1 as a unicode escape, else the letter after a backslash. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int i = 0; i < 32; i++) {
            ESCAPES[i] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    private byte[] buf;
    private int pos;
    /** Whether the current object has no member yet. */
    private boolean firstInRow;
    /**
     * The encoded {@code "name":} of the column met at each position of the previous rows, keyed by
     * the name's instance: rows repeat their columns in the same order, so one reference compare per
     * value finds the bytes.
     */
    private String[] slotNames = new String[16];
    private byte[][] slotBytes = new byte[16][];
    private int slot;
    private final Map<String, byte[]> nameBytes = new HashMap<>();

    JsonlEncoder() {
        this(SPILL_BYTES + (1 << 12));
    }

    private JsonlEncoder(int capacity) {
        this.buf = new byte[capacity];
    }

    @Override
    public String format() {
        return LoaderFileFormat.JSONL.extension();
    }

    @Override
    void beginRow() {
        ensure(1);
        buf[pos++] = '{';
        firstInRow = true;
        slot = 0;
    }

    @Override
    void value(Column column, Object v) {
        fieldName(column.name());
        if (v instanceof Double d && !Double.isFinite(d)) {
            // bare NaN / Infinity / -Infinity: DuckDB's read_json and Spark read them back as doubles,
            // where a string would turn the column into text (json columns keep strict JSON: strings)
            ascii(d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            return;
        }
        writeValue(v);
    }

    /** {@code ,"name":} with the bytes of the name cached per position in the row. */
    private void fieldName(String name) {
        if (slot == slotNames.length) {
            slotNames = Arrays.copyOf(slotNames, slot * 2);
            slotBytes = Arrays.copyOf(slotBytes, slot * 2);
        }
        byte[] b;
        if (slotNames[slot] == name) {
            b = slotBytes[slot];
        } else {
            b = nameBytes.computeIfAbsent(name, JsonlEncoder::encodeName);
            slotNames[slot] = name;
            slotBytes[slot] = b;
        }
        slot++;
        ensure(b.length + 1);
        if (!firstInRow) {
            buf[pos++] = ',';
        }
        firstInRow = false;
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private static byte[] encodeName(String name) {
        JsonlEncoder e = new JsonlEncoder(2 + 6 * name.length() + 1);
        e.string(name);
        e.ensure(1);
        e.buf[e.pos++] = ':';
        return Arrays.copyOf(e.buf, e.pos);
    }

    private void writeValue(Object v) {
        if (v instanceof String s) {
            string(s);
        } else if (v instanceof Long l) {
            longValue(l);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                string(d.toString());
            } else {
                ascii(NumberOutput.toString(d, true));
            }
        } else if (v instanceof Boolean b) {
            ascii(b ? "true" : "false");
        } else if (v instanceof BigDecimal d) {
            string(d.toPlainString());
        } else if (v instanceof byte[] b) {
            string(Base64.getEncoder().encodeToString(b));
        } else if (v instanceof Instant t) {
            instant(t);
        } else if (v instanceof LocalDate d) {
            date(d);
        } else if (v instanceof Map<?, ?> m) {
            ensure(1);
            buf[pos++] = '{';
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    ensure(1);
                    buf[pos++] = ',';
                }
                first = false;
                string(String.valueOf(e.getKey()));
                ensure(1);
                buf[pos++] = ':';
                writeNested(e.getValue());
            }
            ensure(1);
            buf[pos++] = '}';
        } else if (v instanceof List<?> l) {
            ensure(1);
            buf[pos++] = '[';
            boolean first = true;
            for (Object o : l) {
                if (!first) {
                    ensure(1);
                    buf[pos++] = ',';
                }
                first = false;
                writeNested(o);
            }
            ensure(1);
            buf[pos++] = ']';
        } else {
            string(v.toString()); // LocalTime and the like: ISO-8601
        }
    }

    private void writeNested(Object v) {
        if (v == null) {
            ascii("null");
        } else if (v instanceof BigDecimal d) {
            ascii(d.toString());
        } else if (v instanceof BigInteger bi) {
            ascii(bi.toString());
        } else {
            writeValue(v);
        }
    }

    /** The instants whose text {@link #instant} writes itself: years 0000 to 9999 (the others have a sign). */
    private static final long MIN_FAST_SECOND = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long MAX_FAST_SECOND = 253_402_300_799L; // 9999-12-31T23:59:59Z

    /**
     * {@code Instant.toString()}'s text ({@code 2024-01-15T10:30:00.123Z}: seconds always, the fraction in
     * groups of three digits as needed) written straight into the buffer: through {@code DateTimeFormatter}
     * it cost several times the rest of the value (every SQL source's timestamp is an Instant).
     * {@code JsonlEncoderTest} compares the two.
     */
    private void instant(Instant t) {
        long sec = t.getEpochSecond();
        if (sec < MIN_FAST_SECOND || sec > MAX_FAST_SECOND) {
            string(t.toString());
            return;
        }
        long days = Math.floorDiv(sec, 86_400L);
        int secOfDay = (int) Math.floorMod(sec, 86_400L);
        ensure(32);
        buf[pos++] = '"';
        datePart(LocalDate.ofEpochDay(days));
        buf[pos++] = 'T';
        twoDigits(secOfDay / 3600);
        buf[pos++] = ':';
        twoDigits(secOfDay / 60 % 60);
        buf[pos++] = ':';
        twoDigits(secOfDay % 60);
        int nano = t.getNano();
        if (nano != 0) {
            buf[pos++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(nano / 1_000, 6);
            } else {
                digits(nano, 9);
            }
        }
        buf[pos++] = 'Z';
        buf[pos++] = '"';
    }

    /** {@code LocalDate.toString()}'s text for years 0000 to 9999, written into the buffer. */
    private void date(LocalDate d) {
        if (d.getYear() < 0 || d.getYear() > 9999) {
            string(d.toString());
            return;
        }
        ensure(12);
        buf[pos++] = '"';
        datePart(d);
        buf[pos++] = '"';
    }

    /** {@code yyyy-MM-dd}; the caller made room and checked the year. */
    private void datePart(LocalDate d) {
        digits(d.getYear(), 4);
        buf[pos++] = '-';
        twoDigits(d.getMonthValue());
        buf[pos++] = '-';
        twoDigits(d.getDayOfMonth());
    }

    private void twoDigits(int v) {
        buf[pos++] = (byte) ('0' + v / 10);
        buf[pos++] = (byte) ('0' + v % 10);
    }

    /** {@code v} as exactly {@code n} decimal digits, zero-padded; the caller made room. */
    private void digits(int v, int n) {
        for (int i = pos + n - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos += n;
    }

    private void longValue(long l) {
        ensure(20);
        pos = NumberOutput.outputLong(l, buf, pos); // Jackson's writer: three digits per table look-up
    }

    /** Text known to be ASCII without anything to escape (numbers, literals), unquoted. */
    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    /** A JSON string: quoted, escaped as Jackson escapes, UTF-8. */
    private void string(String s) {
        int n = s.length();
        // room for the worst case (6 bytes per char, an escape) of one chunk at a time, and the closing
        // quote: reserving it for a whole large value asked for six times its size in one array
        int first = Math.min(n, STRING_CHUNK);
        ensure(2 + 6 * first);
        buf[pos++] = '"';
        int i = chunk(s, 0, first);
        while (i < n) {
            int end = Math.min(n, i + STRING_CHUNK);
            ensure(6 * (end - i) + 1);
            i = chunk(s, i, end);
        }
        buf[pos++] = '"';
    }

    /** Encodes chars {@code [i, end)} of {@code s} into the buffer, which has room for them; returns {@code end}. */
    private int chunk(String s, int i, int end) {
        byte[] b = buf;
        int p = pos;
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte e = ESCAPES[c];
                if (e == 0) {
                    b[p++] = (byte) c;
                } else if (e > 0) {
                    b[p++] = '\\';
                    b[p++] = e;
                } else {
                    p = unicodeEscape(b, p, c);
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                p = unicodeEscape(b, p, c); // as Jackson: each half escaped, paired or not
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        pos = p;
        return end;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    @Override
    boolean endRow() {
        ensure(2);
        buf[pos++] = '}';
        buf[pos++] = '\n';
        return false;
    }

    /**
     * Hands the encoded rows to the file (its compressor) before the buffer is full: a small buffer
     * stays in the CPU cache, which measured faster than holding a whole buffer of rows. Rotation
     * is still decided per {@code buffer_max_items} rows.
     */
    @Override
    public boolean spillNow() {
        return pos >= SPILL_BYTES;
    }

    @Override
    public void writeBuffered(OutputStream out) throws IOException {
        out.write(buf, 0, pos);
        reset();
    }

    @Override
    public void discard() {
        reset();
    }

    /** Empties the buffer; one grown by a huge value goes back to its normal size. */
    private void reset() {
        pos = 0;
        if (buf.length > 4 * SPILL_BYTES) {
            buf = new byte[SPILL_BYTES + (1 << 12)];
        }
    }
}
