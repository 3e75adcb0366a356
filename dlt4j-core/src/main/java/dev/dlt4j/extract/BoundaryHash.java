package dev.dlt4j.extract;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The 128-bit hash that identifies a row at the cursor's boundary value (dlt's {@code digest128} of
 * {@code json.dumps(key or row, sort_keys=True)}): MD5 of a canonical text of the primary key's
 * values, or of the whole row (keys sorted), as 22 characters of unpadded base64. MD5 is used as a
 * fast, well-spread 128-bit fingerprint, not for security: a row that collides with a boundary row
 * of the previous run would be dropped, with a chance of about 2^-128 per pair. Not thread-safe (one
 * digest per instance); one instance per cursor, used on the extracting thread.
 */
final class BoundaryHash {
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private final MessageDigest md5;
    private final StringBuilder text = new StringBuilder(128);

    BoundaryHash() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5 digest", e);
        }
    }

    /**
     * The hash of one row: of its primary key's values when {@code key} is not empty, else of the row.
     *
     * @throws IllegalArgumentException when a key column is missing from the row, naming it
     */
    String of(Object row, List<String> key) {
        text.setLength(0);
        if (key.isEmpty()) {
            write(row, 0);
        } else {
            text.append('[');
            for (int i = 0; i < key.size(); i++) {
                Object v = ValueEncoder.property(row, key.get(i));
                if (v == ValueEncoder.MISSING) {
                    throw new IllegalArgumentException("the row has no primary key column '" + key.get(i)
                            + "', which boundary deduplication hashes");
                }
                if (i > 0) {
                    text.append(',');
                }
                write(v, 0);
            }
            text.append(']');
        }
        byte[] digest = md5.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return BASE64.encodeToString(digest);
    }

    private void write(Object v, int depth) {
        if (depth > ValueEncoder.MAX_DEPTH) {
            throw new IllegalArgumentException("the row nests deeper than " + ValueEncoder.MAX_DEPTH + " levels");
        }
        if (v == null) {
            text.append("null");
        } else if (v instanceof String || v instanceof Character) {
            quote(v.toString());
        } else if (v instanceof BigDecimal d) {
            text.append(d.stripTrailingZeros().toPlainString());
        } else if (v instanceof Number || v instanceof Boolean) {
            text.append(v);
        } else if (v instanceof byte[] b) {
            quote(Base64.getEncoder().encodeToString(b));
        } else if (v instanceof JsonNode n && !n.isObject()) {
            if (n.isArray()) {
                list(n.iterator(), depth);
            } else {
                text.append(n);
            }
        } else if (v instanceof Iterable<?> it && !(v instanceof JsonNode)) {
            list(it.iterator(), depth);
        } else if (v instanceof Object[] arr) {
            list(java.util.Arrays.asList(arr).iterator(), depth);
        } else {
            Map<String, Object> fields = ValueEncoder.fields(v);
            if (fields == null) {
                quote(v.toString()); // timestamps, UUIDs, enums: their text
                return;
            }
            text.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                if (!first) {
                    text.append(',');
                }
                first = false;
                quote(e.getKey());
                text.append(':');
                write(e.getValue(), depth + 1);
            }
            text.append('}');
        }
    }

    private void list(Iterator<?> it, int depth) {
        text.append('[');
        boolean first = true;
        while (it.hasNext()) {
            if (!first) {
                text.append(',');
            }
            first = false;
            write(it.next(), depth + 1);
        }
        text.append(']');
    }

    private void quote(String s) {
        text.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                text.append('\\');
            }
            text.append(c);
        }
        text.append('"');
    }
}
