package dev.dlt4j.spi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of everything dlt4j prints, logs or stores: error messages, their cause
 * chains, traces. Two rules, both applied by every method here:
 * <ul>
 * <li>the user part of every URI is cut after the user name: in {@code scheme://user:pw@host} the
 * text between the first {@code :} and the <em>last</em> {@code @} of the URI becomes {@code ***},
 * so a password holding an unencoded {@code /}, {@code @} or {@code :} is masked whole; a URI with
 * two {@code @} and no {@code :} ({@code x@secret@host}) is masked after its first {@code @};</li>
 * <li>secrets known to the caller (a password given apart from any URI) are replaced wherever
 * they occur, also percent-encoded.</li>
 * </ul>
 * A URI is taken to end at the first white space: a password with white space in it is not a
 * valid URI and is masked by the second rule only. Stateless and thread-safe.
 */
public final class Secrets {
    /** What a secret is replaced with. */
    public static final String MASK = "***";
    private static final String PLACEHOLDER = "user:password";
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*://");

    private Secrets() {
    }

    /** The text with the password of every URI in it masked; {@code null} stays {@code null}. */
    public static String maskUris(String text) {
        if (text == null || !text.contains("://")) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        Matcher m = SCHEME.matcher(text);
        int done = 0;
        while (done < text.length() && m.find(done)) {
            int start = m.end();
            int end = start;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            int at = text.lastIndexOf('@', end - 1);
            int cut = at < start ? -1 : userEnd(text, start, at);
            if (cut >= 0) {
                sb.append(text, done, cut).append(':').append(MASK).append('@');
            } else {
                sb.append(text, done, at < start ? end : at + 1);
            }
            done = at < start ? end : at + 1;
        }
        return sb.append(text, done, text.length()).toString();
    }

    /**
     * Where the user name ends in {@code text[start, at)} (the first {@code :} or {@code @}), or -1: no
     * secret there. {@code user:password} is the placeholder of the URI forms our messages show, not a secret.
     */
    private static int userEnd(String text, int start, int at) {
        if (text.startsWith(PLACEHOLDER, start) && start + PLACEHOLDER.length() == at) {
            return -1;
        }
        for (int i = start; i < at; i++) {
            char c = text.charAt(i);
            if (c == ':' || c == '@') {
                return i;
            }
        }
        return -1;
    }

    /** {@link #maskUris} plus every known secret (and its percent-encoded form) replaced by {@code ***}. */
    public static String mask(String text, Collection<String> secrets) {
        String out = maskUris(text);
        if (out == null) {
            return null;
        }
        for (String s : forms(secrets)) {
            out = out.replace(s, MASK);
        }
        return out;
    }

    /** Each secret and its percent-encoded form, longest first so that a secret inside another is not half masked. */
    private static List<String> forms(Collection<String> secrets) {
        List<String> out = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && !s.isEmpty()) {
                out.add(s);
                String encoded = URLEncoder.encode(s, StandardCharsets.UTF_8);
                if (!encoded.equals(s)) {
                    out.add(encoded);
                    out.add(encoded.replace("+", "%20"));
                }
            }
        }
        out.sort((a, b) -> b.length() - a.length());
        return out;
    }

    /** {@link #scrub(Throwable, Collection)} with no known secrets: URIs only. */
    public static Throwable scrub(Throwable t) {
        return scrub(t, List.of());
    }

    /**
     * The throwable itself when no message in its cause chain (suppressed ones included) shows a
     * secret; else a copy of the chain whose messages are masked, each link keeping its stack trace
     * and naming the original class. Use it before a foreign exception (a driver's) becomes the cause
     * of one of ours, and before printing a chain.
     */
    public static Throwable scrub(Throwable t, Collection<String> secrets) {
        if (t == null || !showsSecret(t, secrets, 0)) {
            return t;
        }
        return copy(t, secrets, 0);
    }

    private static boolean showsSecret(Throwable t, Collection<String> secrets, int depth) {
        if (t == null || depth > 50) {
            return false;
        }
        String m = t.getMessage();
        if (m != null && !m.equals(mask(m, secrets))) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (showsSecret(s, secrets, depth + 1)) {
                return true;
            }
        }
        return t.getCause() != t && showsSecret(t.getCause(), secrets, depth + 1);
    }

    private static Throwable copy(Throwable t, Collection<String> secrets, int depth) {
        Throwable cause = t.getCause() == null || t.getCause() == t || depth > 50 ? null
                : copy(t.getCause(), secrets, depth + 1);
        Masked c = new Masked(t.getClass().getName(), mask(t.getMessage(), secrets), cause);
        c.setStackTrace(t.getStackTrace());
        for (Throwable s : t.getSuppressed()) {
            c.addSuppressed(copy(s, secrets, depth + 1));
        }
        return c;
    }

    /** A link of a masked chain: prints as the original class with the masked message. */
    private static final class Masked extends RuntimeException {
        private final String originalClass;

        Masked(String originalClass, String message, Throwable cause) {
            super(message, cause);
            this.originalClass = originalClass;
        }

        @Override
        public String toString() {
            String m = getLocalizedMessage();
            return m == null ? originalClass : originalClass + ": " + m;
        }
    }
}
