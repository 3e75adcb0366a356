package dev.dlt4j.postgres;

import dev.dlt4j.config.ClosestName;
import java.util.ArrayList;
import java.util.List;
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
        return ClosestName.rule().atMost(2).closest(key, names()).orElse(null);
    }
}
