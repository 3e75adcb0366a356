package dev.dlt4j.storage;

import static dev.dlt4j.storage.RowFileWriter.*;

import java.io.Closeable;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code typed-rows} file written by {@link RowFileWriter}, one row at a time, as a map of
 * keys to Java values ({@code Long}, {@code Double}, {@code Boolean}, {@code String},
 * {@code BigDecimal}, {@code BigInteger}, {@code Instant}, {@code LocalDate}, {@code LocalTime},
 * {@code byte[]}, nested {@code Map} and {@code List}). Memory is one row, whatever the file size.
 */
public final class RowFileReader implements Closeable {
    private final Path path;
    private final VarIntInput in;
    private String[] keys = new String[64];
    private int keyCount;

    public RowFileReader(Path path) throws IOException {
        this.path = path;
        this.in = new VarIntInput(path,
                FileCodecs.openInput(path));
        in.expectMagic(MAGIC, FORMAT);
    }

    /** The next row, or {@code null} at the end of the file; the caller may keep it. */
    public Map<String, Object> next() throws IOException {
        if (!startRow()) {
            return null;
        }
        try {
            return readMap(new LinkedHashMap<>());
        } catch (RuntimeException e) {
            throw corrupt(e);
        }
    }

    /**
     * The next row, or {@code null} at the end of the file, as one map this reader reuses: valid
     * until the next call, read-only. Its nested maps and lists are the caller's to keep. For a
     * caller that is done with a row before it reads the next (the normalizer): no map is built
     * and hashed per row.
     */
    public Map<String, Object> nextShared() throws IOException {
        if (!startRow()) {
            return null;
        }
        shared.reset();
        sharedPath = true;
        try {
            return readMap(shared);
        } catch (RuntimeException e) {
            throw corrupt(e);
        } finally {
            sharedPath = false;
        }
    }

    /** A value that cannot be (a key never defined, a date out of range, a decimal that is no number). */
    private DamagedFileException corrupt(RuntimeException e) {
        return new DamagedFileException("file " + path + " is corrupt: " + e, e);
    }

    private final ArrayRowMap shared = new ArrayRowMap(16);
    private boolean sharedPath;

    private boolean startRow() throws IOException {
        int b = in.read();
        if (b < 0) {
            return false;
        }
        if (b != ROW) {
            throw new DamagedFileException("file " + path + " is corrupt: expected a row marker, found " + b);
        }
        return true;
    }

    private Map<String, Object> readMap(Map<String, Object> m) throws IOException {
        ArrayRowMap rowMap = m instanceof ArrayRowMap a ? a : null;
        while (true) {
            long k = in.readVarLong();
            if (k == 0) {
                return m;
            }
            String key;
            if (k == 1) {
                key = in.readString();
                if (keyCount == keys.length) {
                    keys = Arrays.copyOf(keys, keyCount * 2);
                }
                keys[keyCount++] = key;
            } else {
                key = keys[(int) ((k >>> 1) - 1)];
            }
            Object value = readValue();
            if (rowMap != null) {
                rowMap.add(key, value);
            } else {
                m.put(key, value);
            }
        }
    }

    private Object readValue() throws IOException {
        int t = in.readByte();
        switch (t) {
            case T_NULL:
                return null;
            case T_TRUE:
                return Boolean.TRUE;
            case T_FALSE:
                return Boolean.FALSE;
            case T_LONG:
                return in.readZigZag();
            case T_DOUBLE:
                return in.readDouble();
            case T_STRING:
                return in.readString();
            case T_DECIMAL:
                return new BigDecimal(in.readString());
            case T_BIGINT:
                return new BigInteger(in.readString());
            case T_TIMESTAMP: {
                long s = in.readZigZag();
                return Instant.ofEpochSecond(s, in.readVarLong());
            }
            case T_DATE:
                return LocalDate.ofEpochDay(in.readZigZag());
            case T_TIME:
                return LocalTime.ofNanoOfDay(in.readVarLong());
            case T_BINARY:
                return in.readBytes(in.length());
            case T_MAP:
                // the shared path's nested objects are array maps too: no hashing anywhere in a row
                return readMap(sharedPath ? new ArrayRowMap(8) : new LinkedHashMap<>());
            case T_LIST: {
                int n = in.length();
                List<Object> l = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    l.add(readValue());
                }
                return l;
            }
            default:
                throw new DamagedFileException("file " + path + " is corrupt: unknown value tag " + t);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
