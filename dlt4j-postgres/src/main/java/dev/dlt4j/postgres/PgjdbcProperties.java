package dev.dlt4j.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.postgresql.PGProperty;

/**
 * The connection properties the PostgreSQL JDBC driver knows ({@link PGProperty}: {@code sslmode},
 * {@code ApplicationName}, {@code socketTimeout}, {@code options}, ...), which a URI's query string
 * passes through to every connection: {@code postgresql://loader@db/shop?sslmode=require}. A name the
 * driver does not know is refused when the URI is parsed, naming it (the driver itself would
 * ignore it silently, so a typo would do nothing).
 */
final class PgjdbcProperties {
    /** Set from the URI's user part, never its query: a password there would be shown in the URI. */
    private static final Set<String> FROM_USER_PART = Set.of("user", "password");
    /** Values masked in messages like the password. */
    static final Set<String> SECRET = Set.of("sslpassword");

    private PgjdbcProperties() {
    }

    /** Checks one query key; {@code where} names the URI (password masked). */
    static void check(String key, String where) {
        if (FROM_USER_PART.contains(key)) {
            throw new IllegalArgumentException(where + ": '" + key + "' belongs in the user part"
                    + " (postgresql://user:password@host/db), not in the query string");
        }
        if (PGProperty.forName(key) == null) {
            String close = closest(key);
            throw new IllegalArgumentException(where + " has unknown parameter '" + key + "'"
                    + (close == null ? "" : " (did you mean '" + close + "'?)")
                    + "; allowed: connect_timeout, lock_timeout and the PostgreSQL JDBC driver's connection"
                    + " properties, such as sslmode, sslrootcert, ApplicationName, socketTimeout, options"
                    + " (https://jdbc.postgresql.org/documentation/use/#connection-parameters)");
        }
    }

    /** The driver's property names. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (PGProperty p : PGProperty.values()) {
            names.add(p.getName());
        }
        return names;
    }

    /** The known name nearest to {@code key}: the same but for case, else within two edits. */
    private static String closest(String key) {
        String best = null;
        int bestDistance = 3;
        for (String n : names()) {
            if (n.equalsIgnoreCase(key)) {
                return n;
            }
            int d = distance(key.toLowerCase(Locale.ROOT), n.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = n;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
