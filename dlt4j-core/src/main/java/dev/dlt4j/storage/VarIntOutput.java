package dev.dlt4j.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The growable byte buffer and primitive encoding shared by the encoders of dlt4j's two
 * extracted-file formats, {@link RowFileWriter} ({@code typed-rows}) and {@link ColumnFileWriter}
 * ({@code typed-columns}): unsigned LEB128 varints, zig-zag longs, little-endian doubles and
 * length-prefixed UTF-8 strings (a lone UTF-16 surrogate refused with an
 * {@link InvalidTextException}), the mirror of {@link VarIntInput}. It exists so both formats
 * write their primitives with one piece of code, byte for byte as before (the files are in users'
 * load packages). Rows are held here, encoded, until the encoder appends them to its file with
 * {@link #writeTo}; the buffer grows rather than writes. The methods are small and final on purpose:
 * this is the inner loop of extract, and the JIT inlines them into the encoders.
 *
 * <p>Not thread-safe: one instance per encoder, used by the encoder's one thread.
 */
final class VarIntOutput {
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private byte[] buf;
    private int pos;

    VarIntOutput(int initialCapacity) {
        this.buf = new byte[initialCapacity];
    }

    /** Bytes encoded and not yet appended. */
    int size() {
        return pos;
    }

    /** Forgets the bytes encoded since the last append. */
    void reset() {
        pos = 0;
    }

    /** Appends the encoded bytes to {@code out} and empties the buffer. */
    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    /** Writes {@code n} zero bytes and returns the position of the first, for {@link #setBit}. */
    int zeros(int n) {
        ensure(n);
        int at = pos;
        for (int i = 0; i < n; i++) {
            buf[pos++] = 0;
        }
        return at;
    }

    /** Sets bit {@code bit} (least significant first) of the bitmap written by {@link #zeros} at {@code at}. */
    void setBit(int at, int bit) {
        buf[at + (bit >>> 3)] |= (byte) (1 << (bit & 7));
    }

    /** A signed long, zig-zag encoded so small negative numbers stay short. */
    void writeZigZag(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    /** A double's raw bits, least significant byte first. */
    void writeDouble(double v) {
        ensure(8);
        LITTLE_ENDIAN_LONG.set(buf, pos, Double.doubleToRawLongBits(v));
        pos += 8;
    }

    /** A varint byte length, then the string's UTF-8 bytes. */
    void writeString(String s) {
        // ASCII fast path: one pass, no intermediate byte[]
        int n = s.length();
        if (n < 128) {
            ensure(1 + n);
            int lenPos = pos++;
            boolean ascii = true;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    ascii = false;
                    break;
                }
                buf[pos + i] = (byte) c;
            }
            if (ascii) {
                buf[lenPos] = (byte) n;
                pos += n;
                return;
            }
            pos = lenPos;
        }
        // only here, past the ASCII fast path: getBytes would turn a lone surrogate into '?' silently
        int bad = InvalidTextException.loneSurrogate(s);
        if (bad >= 0) {
            throw new InvalidTextException(s.charAt(bad), bad);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(b.length);
        writeBytes(b, 0, b.length);
    }

    /** An unsigned LEB128 varint: seven bits a byte, least significant group first. */
    void writeVarLong(long v) {
        if ((v & ~0x7FL) == 0) {
            // one byte, the common case (key ids, tags, lengths, small numbers): one bounds check
            ensure(1);
            buf[pos++] = (byte) v;
            return;
        }
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    void writeBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            // grow rather than write: the file is appended only on flush, once per buffer of items
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
