package dev.dlt4j.storage;

import dev.dlt4j.spi.Compression;
import static dev.dlt4j.storage.RowFileWriter.*;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private String[] keys = new String[64];
    private int keyCount;

    public RowFileReader(Path path) throws IOException {
        this.path = path;
        this.in = Compression.openInput(Files.newInputStream(path), path.getFileName().toString().endsWith(".gz"));
        byte[] magic = new byte[MAGIC.length];
        for (int i = 0; i < magic.length; i++) {
            int b = read();
            if (b < 0) {
                throw new StorageException("file " + path + " is empty or truncated: not a " + FORMAT + " file");
            }
            magic[i] = (byte) b;
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new StorageException("file " + path + " is not a " + FORMAT + " file (bad header)");
        }
    }

    /** The next row, or {@code null} at the end of the file; the caller may keep it. */
    public Map<String, Object> next() throws IOException {
        return startRow() ? readMap(new LinkedHashMap<>()) : null;
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
        } finally {
            sharedPath = false;
        }
    }

    private final ArrayRowMap shared = new ArrayRowMap(16);
    private boolean sharedPath;

    private boolean startRow() throws IOException {
        int b = read();
        if (b < 0) {
            return false;
        }
        if (b != ROW) {
            throw new StorageException("file " + path + " is corrupt: expected a row marker, found " + b);
        }
        return true;
    }

    private Map<String, Object> readMap(Map<String, Object> m) throws IOException {
        ArrayRowMap rowMap = m instanceof ArrayRowMap a ? a : null;
        while (true) {
            long k = readVarLong();
            if (k == 0) {
                return m;
            }
            String key;
            if (k == 1) {
                key = readString();
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
        int t = readByte();
        switch (t) {
            case T_NULL:
                return null;
            case T_TRUE:
                return Boolean.TRUE;
            case T_FALSE:
                return Boolean.FALSE;
            case T_LONG: {
                long z = readVarLong();
                return (z >>> 1) ^ -(z & 1);
            }
            case T_DOUBLE: {
                long bits = 0;
                for (int i = 0; i < 8; i++) {
                    bits |= ((long) readByte()) << (8 * i);
                }
                return Double.longBitsToDouble(bits);
            }
            case T_STRING:
                return readString();
            case T_DECIMAL:
                return new BigDecimal(readString());
            case T_BIGINT:
                return new BigInteger(readString());
            case T_TIMESTAMP: {
                long z = readVarLong();
                long s = (z >>> 1) ^ -(z & 1);
                return Instant.ofEpochSecond(s, readVarLong());
            }
            case T_DATE: {
                long z = readVarLong();
                return LocalDate.ofEpochDay((z >>> 1) ^ -(z & 1));
            }
            case T_TIME:
                return LocalTime.ofNanoOfDay(readVarLong());
            case T_BINARY: {
                int n = (int) readVarLong();
                byte[] b = new byte[n];
                readFully(b);
                return b;
            }
            case T_MAP:
                // the shared path's nested objects are array maps too: no hashing anywhere in a row
                return readMap(sharedPath ? new ArrayRowMap(8) : new LinkedHashMap<>());
            case T_LIST: {
                int n = (int) readVarLong();
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(readValue());
                }
                return l;
            }
            default:
                throw new StorageException("file " + path + " is corrupt: unknown value tag " + t);
        }
    }

    private String readString() throws IOException {
        int n = (int) readVarLong();
        if (limit - pos >= n) {
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
        byte[] b = new byte[n];
        readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private void readFully(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            if (pos == limit && !fill()) {
                throw new EOFException("file " + path + " is truncated");
            }
            int n = Math.min(limit - pos, b.length - off);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            off += n;
        }
    }

    private long readVarLong() throws IOException {
        long v = 0;
        int shift = 0;
        while (true) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }

    private int readByte() throws IOException {
        int b = read();
        if (b < 0) {
            throw new EOFException("file " + path + " is truncated");
        }
        return b;
    }

    private int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
