package dev.dlt4j.storage;

import dev.dlt4j.spi.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The encoder of dlt4j's internal extracted-file format {@code typed-rows}: a compact,
 * self-describing, typed binary stream of rows (maps of keys to typed values) after a magic line.
 * It keeps every Java type the normalizer needs (decimals, instants, dates, bytes) without text
 * parsing; keys are written once per file and referenced by number afterwards. Files, buffering,
 * rotation and gzip are the {@link BufferedDataWriter}'s; rows are held here, encoded, until it
 * appends them (so the writer never keeps references to the caller's objects).
 *
 * <p>A string (value or key) with a lone UTF-16 surrogate is refused with an
 * {@link InvalidTextException}; the row being written is then unusable and the caller abandons
 * the file.
 *
 * <p>Not thread-safe: one encoder per table writer, used by one thread. Callers emit rows as
 * {@code beginRow(); key(..); value..; endMap()} with nested maps and lists as needed.
 */
public final class RowFileWriter implements ItemEncoder {
    /** The format's name and the extracted files' extension: {@value}. */
    public static final String FORMAT = "typed-rows";
    static final byte[] MAGIC = "DLT4J-ROWS/1\n".getBytes(StandardCharsets.US_ASCII);

    static final int T_NULL = 0;
    static final int T_TRUE = 1;
    static final int T_FALSE = 2;
    static final int T_LONG = 3;
    static final int T_DOUBLE = 4;
    static final int T_STRING = 5;
    static final int T_DECIMAL = 6;
    static final int T_BIGINT = 7;
    static final int T_TIMESTAMP = 8;
    static final int T_DATE = 9;
    static final int T_TIME = 10;
    static final int T_BINARY = 11;
    static final int T_MAP = 12;
    static final int T_LIST = 13;
    static final int ROW = 'R';

    /** The rows encoded since the last append. */
    private final VarIntOutput out = new VarIntOutput(1 << 16);
    /** Key ids of the current file: the ids rows are encoded with until the file ends. */
    private final Map<String, Integer> keyIds = new HashMap<>();
    /** The key (by instance) and its id at each position of the last row that reached it; see {@link #key}. */
    private String[] slotKeys = new String[32];
    private int[] slotIds = new int[32];
    private int slot;
    /** Positions cached per row at most: a row of thousands of keys is not typical enough to hold. */
    private static final int MAX_SLOTS = 1024;

    @Override
    public String format() {
        return FORMAT;
    }

    /** An extracted file: internal, so in the extracted files' codec rather than dlt's gzip. */
    @Override
    public Optional<Compression.Codec> codec() {
        return Optional.of(Compression.EXTRACTED_FILES);
    }

    public void beginRow() {
        out.writeByte(ROW);
        slot = 0;
    }

    /** Starts a map value; end it with {@link #endMap()}. */
    public void beginMap() {
        tag(T_MAP);
    }

    /** Ends a row or a map. */
    public void endMap() {
        out.writeVarLong(0);
    }

    public void key(String key) {
        // rows repeat their keys in the same order, as the same instances: the key met at this
        // position of the previous row is one reference compare away, the map only on a change
        int s = slot++;
        if (s < slotKeys.length && slotKeys[s] == key) {
            out.writeVarLong(((long) slotIds[s] + 1) << 1);
            return;
        }
        Integer id = keyIds.get(key);
        if (id != null) {
            remember(s, key, id);
            out.writeVarLong(((long) id + 1) << 1);
        } else {
            int newId = keyIds.size();
            keyIds.put(key, newId);
            remember(s, key, newId);
            out.writeVarLong(1);
            out.writeString(key);
        }
    }

    private void remember(int s, String key, int id) {
        if (s >= slotKeys.length) {
            if (s >= MAX_SLOTS) {
                return;
            }
            slotKeys = java.util.Arrays.copyOf(slotKeys, Math.min(MAX_SLOTS, Math.max(s + 1, slotKeys.length * 2)));
            slotIds = java.util.Arrays.copyOf(slotIds, slotKeys.length);
        }
        slotKeys[s] = key;
        slotIds[s] = id;
    }

    public void beginList(int size) {
        tag(T_LIST);
        out.writeVarLong(size);
    }

    public void nullValue() {
        tag(T_NULL);
    }

    public void bool(boolean v) {
        tag(v ? T_TRUE : T_FALSE);
    }

    public void longValue(long v) {
        tag(T_LONG);
        out.writeZigZag(v);
    }

    public void doubleValue(double v) {
        tag(T_DOUBLE);
        out.writeDouble(v);
    }

    public void string(String v) {
        tag(T_STRING);
        out.writeString(v);
    }

    public void decimal(BigDecimal v) {
        tag(T_DECIMAL);
        out.writeString(v.toString());
    }

    public void bigInteger(BigInteger v) {
        tag(T_BIGINT);
        out.writeString(v.toString());
    }

    public void timestamp(Instant v) {
        tag(T_TIMESTAMP);
        out.writeZigZag(v.getEpochSecond());
        out.writeVarLong(v.getNano());
    }

    public void date(LocalDate v) {
        tag(T_DATE);
        out.writeZigZag(v.toEpochDay());
    }

    public void time(LocalTime v) {
        tag(T_TIME);
        out.writeVarLong(v.toNanoOfDay());
    }

    public void binary(byte[] v) {
        tag(T_BINARY);
        out.writeVarLong(v.length);
        out.writeBytes(v, 0, v.length);
    }

    private void tag(int t) {
        out.writeByte(t);
    }

    @Override
    public void startFile(OutputStream file) throws IOException {
        file.write(MAGIC);
    }

    /**
     * Appends the rows encoded since the last append to the file. Rows are held encoded in memory
     * until then, so the file sees one append per buffer of items.
     */
    @Override
    public void writeBuffered(OutputStream file) throws IOException {
        out.writeTo(file);
        file.flush();
    }

    /** The next file starts its own key table: a file is read on its own. */
    @Override
    public void endFile(OutputStream file) {
        keyIds.clear();
        java.util.Arrays.fill(slotKeys, null);
    }

    @Override
    public void discard() {
        out.reset();
    }

    /** Bytes encoded and not yet appended. */
    public int pendingBytes() {
        return out.size();
    }
}
