package dev.dlt4j.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The buffered byte decoding shared by the readers of dlt4j's two extracted-file formats,
 * {@link RowFileReader} ({@code typed-rows}) and {@link ColumnFileReader} ({@code typed-columns}):
 * unsigned LEB128 varints, zig-zag longs, little-endian doubles and length-prefixed UTF-8 strings,
 * the mirror of {@link VarIntOutput}. It exists so both formats decode their primitives with one
 * piece of code, and so an end of file in the middle of a value reads as "file X is truncated" in
 * both. The methods are small and final on purpose: this is the inner loop of normalize, and the JIT
 * inlines them into the readers.
 *
 * <p>Not thread-safe: one instance per reader, used by the reader's one thread.
 */
final class VarIntInput implements Closeable {
    /** The longest varint a long takes: 64 bits, seven a byte. */
    private static final int MAX_VARINT_BYTES = 10;
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private final Path path;
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;

    /** Reads {@code in}, the (decompressed) content of {@code path}; the path is for messages only. */
    VarIntInput(Path path, InputStream in) {
        this.path = path;
        this.in = in;
    }

    /** Reads the file's magic line and refuses a file that does not start with it. */
    void expectMagic(byte[] magic, String format) throws IOException {
        byte[] found = new byte[magic.length];
        for (int i = 0; i < found.length; i++) {
            int b = read();
            if (b < 0) {
                throw new DamagedFileException("file " + path + " is empty or truncated: not a " + format + " file");
            }
            found[i] = (byte) b;
        }
        if (!Arrays.equals(found, magic)) {
            int slash = indexOf(magic, (byte) '/');
            if (slash > 0 && Arrays.equals(found, 0, slash + 1, magic, 0, slash + 1)) {
                // not damage: a dlt4j that reads that version can normalize it, so its package must stay
                throw new StorageException("file " + path + " is a " + format + " file of another version ("
                        + new String(found, StandardCharsets.US_ASCII).strip() + "); this dlt4j reads "
                        + new String(magic, StandardCharsets.US_ASCII).strip());
            }
            throw new DamagedFileException("file " + path + " is not a " + format + " file (bad header)");
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** A zig-zag encoded signed long. */
    long readZigZag() throws IOException {
        long z = readVarLong();
        return (z >>> 1) ^ -(z & 1);
    }

    /** Eight bytes, least significant first, as a double's raw bits. */
    double readDouble() throws IOException {
        if (limit - pos >= 8) {
            long bits = (long) LITTLE_ENDIAN_LONG.get(buf, pos);
            pos += 8;
            return Double.longBitsToDouble(bits);
        }
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits |= ((long) readByte()) << (8 * i);
        }
        return Double.longBitsToDouble(bits);
    }

    /** A varint byte length, then that many bytes of UTF-8. */
    String readString() throws IOException {
        int n = length();
        if (limit - pos >= n) {
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
        return new String(readBytes(n), StandardCharsets.UTF_8);
    }

    /** A varint byte length: one that no writer writes (negative, or beyond an array) is damage. */
    int length() throws IOException {
        long n = readVarLong();
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            throw new DamagedFileException("file " + path + " is corrupt: a length of " + n + " bytes");
        }
        return (int) n;
    }

    /**
     * {@code n} bytes, in chunks as they come: a damaged length larger than the file fails when the file
     * ends, not by taking the memory it names first.
     */
    byte[] readBytes(int n) throws IOException {
        if (n <= CHUNK) {
            byte[] b = new byte[n];
            readFully(b);
            return b;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(CHUNK);
        byte[] chunk = new byte[CHUNK];
        for (int left = n; left > 0; left -= CHUNK) {
            byte[] part = left >= CHUNK ? chunk : new byte[left];
            readFully(part);
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    private static final int CHUNK = 1 << 20;

    void readFully(byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            if (pos == limit && !fill()) {
                throw new DamagedFileException("file " + path + " is truncated");
            }
            int n = Math.min(limit - pos, b.length - off);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            off += n;
        }
    }

    /** An unsigned LEB128 varint: seven bits a byte, least significant group first. */
    long readVarLong() throws IOException {
        int p = pos;
        if (limit - p >= MAX_VARINT_BYTES) {
            // the whole varint is in the buffer: no bounds or end-of-file check per byte
            byte b = buf[p++];
            if (b >= 0) {
                pos = p;
                return b; // one byte: key ids, tags, lengths, small numbers
            }
            long v = b & 0x7F;
            for (int shift = 7; shift < 7 * MAX_VARINT_BYTES; shift += 7) {
                b = buf[p++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    pos = p;
                    return v;
                }
            }
            throw new DamagedFileException("file " + path + " is corrupt: a varint longer than " + MAX_VARINT_BYTES
                    + " bytes");
        }
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

    /** The next byte; the end of the file here means the file was cut in the middle of a value. */
    int readByte() throws IOException {
        if (pos < limit) {
            return buf[pos++] & 0xFF;
        }
        int b = read();
        if (b < 0) {
            throw new DamagedFileException("file " + path + " is truncated");
        }
        return b;
    }

    /** The next byte, or -1 at the end of the file (where a row may legitimately end). */
    int read() throws IOException {
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
