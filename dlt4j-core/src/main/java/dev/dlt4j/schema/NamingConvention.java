package dev.dlt4j.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * dlt's {@code snake_case} naming convention: turns any key or resource name into a lower-case
 * SQL identifier, joins nested paths with {@code __}, and shortens names longer than the
 * destination allows with a hash tag. Results are cached, since the same keys recur on every row.
 */
public final class NamingConvention {
    public static final String PATH_SEPARATOR = "__";
    private static final Pattern NON_WORD = Pattern.compile("[^a-zA-Z0-9_]+");
    private static final Pattern CAMEL_1 = Pattern.compile("([^_])([A-Z][a-z]+)");
    private static final Pattern CAMEL_2 = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern MULTI_UNDERSCORE = Pattern.compile("__+");

    private final int maxLength;
    private final ConcurrentHashMap<String, String> identifiers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> paths = new ConcurrentHashMap<>();

    public NamingConvention(int maxLength) {
        this.maxLength = maxLength;
    }

    /** The convention with no destination length limit. */
    public static NamingConvention snakeCase() {
        return new NamingConvention(Integer.MAX_VALUE);
    }

    public int maxLength() {
        return maxLength;
    }

    /** Normalizes one identifier (no path splitting); blank input is an error. */
    public String normalizeIdentifier(String identifier) {
        String cached = identifiers.get(identifier);
        if (cached != null) {
            return cached;
        }
        String result = shorten(identifier, snake(identifier));
        identifiers.put(identifier, result);
        return result;
    }

    /** Normalizes a data key, which may be a path: each {@code __}-separated part separately. */
    public String normalizePath(String path) {
        String cached = paths.get(path);
        if (cached != null) {
            return cached;
        }
        String result;
        if (path.trim().isEmpty()) {
            result = "_empty";
        } else if (!path.contains(PATH_SEPARATOR)) {
            result = shorten(path, snake(path));
        } else {
            StringBuilder sb = new StringBuilder();
            for (String part : path.split(PATH_SEPARATOR, -1)) {
                if (part.trim().isEmpty()) {
                    continue;
                }
                if (sb.length() > 0) {
                    sb.append(PATH_SEPARATOR);
                }
                sb.append(snake(part));
            }
            result = shorten(path, sb.length() == 0 ? "_empty" : sb.toString());
        }
        paths.put(path, result);
        return result;
    }

    /** Joins an already normalized parent path and child name, shortening the result if needed. */
    public String makePath(String parent, String child) {
        String joined = parent + PATH_SEPARATOR + child;
        return joined.length() > maxLength ? shorten(joined, joined) : joined;
    }

    static String snake(String identifier) {
        String s = identifier.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("an identifier cannot be empty or blank");
        }
        if (isPlainSnake(s)) {
            return s;
        }
        StringBuilder t = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '+', '*' -> t.append('x');
                case '-' -> t.append('_');
                case '@' -> t.append('a');
                case '|' -> t.append('l');
                default -> t.append(c);
            }
        }
        s = NON_WORD.matcher(t).replaceAll("_");
        s = CAMEL_1.matcher(s).replaceAll("$1_$2");
        s = CAMEL_2.matcher(s).replaceAll("$1_$2");
        s = s.toLowerCase(Locale.ROOT);
        if (!s.isEmpty() && Character.isDigit(s.charAt(0))) {
            s = "_" + s;
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '_') {
            end--;
        }
        if (end < s.length()) {
            s = s.substring(0, end) + "x".repeat(s.length() - end);
        }
        return MULTI_UNDERSCORE.matcher(s).replaceAll("_");
    }

    /** Fast path: already lower snake case, so every step above is the identity. */
    private static boolean isPlainSnake(String s) {
        char first = s.charAt(0);
        if (first >= '0' && first <= '9') {
            return false;
        }
        char prev = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok || (c == '_' && prev == '_')) {
                return false;
            }
            prev = c;
        }
        return prev != '_';
    }

    private String shorten(String original, String name) {
        if (name.length() <= maxLength) {
            return name;
        }
        String tag = tag(original);
        int keep = maxLength - tag.length();
        int head = (keep + 1) / 2;
        int tail = keep / 2;
        return name.substring(0, head) + tag + name.substring(name.length() - tail);
    }

    static String tag(String original) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA3-256").digest(original.getBytes(StandardCharsets.UTF_8));
            byte[] four = new byte[] {digest[0], digest[1], digest[2], digest[3]};
            return Base64.getEncoder().withoutPadding().encodeToString(four).toLowerCase(Locale.ROOT)
                    .replace('/', 'a').replace('+', 'b');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
