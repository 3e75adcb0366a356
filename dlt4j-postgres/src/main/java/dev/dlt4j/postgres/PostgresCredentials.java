package dev.dlt4j.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import dev.dlt4j.spi.Secrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where and as whom to connect, as dlt's {@code ConnectionStringCredentials} for postgres:
 * {@code postgresql://user:password@host:port/database?connect_timeout=15&lock_timeout=10s}.
 * {@link #toString()} and {@link #display()} never show the password.
 */
record PostgresCredentials(String host, int port, String database, String username, Optional<String> password,
        int connectTimeoutSeconds, Optional<String> lockTimeout, Map<String, String> driverProperties) {

    PostgresCredentials {
        driverProperties = Map.copyOf(driverProperties);
    }

    /** Without driver properties of {@code [destination.postgres]}. */
    PostgresCredentials(String host, int port, String database, String username, Optional<String> password,
            int connectTimeoutSeconds, Optional<String> lockTimeout) {
        this(host, port, database, username, password, connectTimeoutSeconds, lockTimeout, Map.of());
    }

    /**
     * The same credentials with the JDBC driver properties of {@code [destination.postgres]} (sslmode, ...)
     * added; a property the URI sets wins over the config's.
     */
    PostgresCredentials withDriverProperties(Map<String, String> properties) {
        Map<String, String> merged = new LinkedHashMap<>(properties);
        merged.putAll(driverProperties);
        return new PostgresCredentials(host, port, database, username, password, connectTimeoutSeconds, lockTimeout,
                merged);
    }

    static final int DEFAULT_PORT = 5432;
    static final int DEFAULT_CONNECT_TIMEOUT = 15;
    private static final Set<String> QUERY_KEYS = Set.of("connect_timeout", "lock_timeout");

    /**
     * Parses a {@code postgresql://} or {@code postgres://} URI; a bad one fails naming what is wrong,
     * password masked. As in dlt (SQLAlchemy's URL), the password may hold an unencoded {@code /}:
     * the user part ends at the <em>last</em> {@code @}, the user name at its first {@code :}. A user
     * part with an {@code @} but no {@code :} is refused: {@code x@secret@host} is most likely a
     * password typed after the wrong separator, and the server would echo it as the user name.
     */
    static PostgresCredentials parse(String uri) {
        String text = uri.trim();
        int scheme = text.indexOf("://");
        int at = text.lastIndexOf('@');
        String userInfo = scheme >= 0 && at > scheme ? text.substring(scheme + 3, at) : null;
        // masked from the exact split, not by pattern: right also for a password with white space in it
        String shown = userInfo == null ? Secrets.maskUris(text)
                : text.substring(0, scheme + 3) + maskedUser(userInfo) + text.substring(at);
        URI u;
        try {
            // the user part is taken apart here, so that java.net.URI never sees (nor echoes) the password
            u = new URI(userInfo == null ? text : text.substring(0, scheme + 3) + text.substring(at + 1));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "' is not a valid URI: " + e.getReason()
                    + "; expected postgresql://user:password@host:5432/database");
        }
        String scheme0 = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme0.equals("postgresql") && !scheme0.equals("postgres")) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "' must start with postgresql://");
        }
        String host = u.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "' names no host; expected"
                    + " postgresql://user:password@host:5432/database");
        }
        int port = u.getPort() < 0 ? DEFAULT_PORT : u.getPort();
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path, shown, "database");
        if (database.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "' names no database; expected"
                    + " postgresql://user:password@host:5432/database");
        }
        if (userInfo == null || userInfo.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "' names no user; expected"
                    + " postgresql://user:password@host:5432/database");
        }
        int colon = userInfo.indexOf(':');
        if (colon < 0 && userInfo.indexOf('@') >= 0) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "' has more than one '@' and no ':' in"
                    + " its user part; write postgresql://user:password@host/database, and percent-encode an '@'"
                    + " that belongs to the user name or password as %40");
        }
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), shown, "user name");
        Optional<String> password = colon < 0 ? Optional.empty()
                : Optional.of(decode(userInfo.substring(colon + 1), shown, "password"));
        Map<String, String> query = query(u.getRawQuery(), shown);
        int connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        if (query.containsKey("connect_timeout")) {
            try {
                connectTimeout = Integer.parseInt(query.get("connect_timeout"));
            } catch (NumberFormatException e) {
                connectTimeout = -1;
            }
            if (connectTimeout < 0) {
                throw new IllegalArgumentException("PostgreSQL URI '" + shown + "': connect_timeout='"
                        + query.get("connect_timeout") + "' is not a whole number of seconds (0 or more)");
            }
        }
        Optional<String> lockTimeout = Optional.ofNullable(query.get("lock_timeout"));
        if (lockTimeout.isPresent() && !lockTimeout.get().matches("\\d+\\s*(ms|s|min|h)?")) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "': lock_timeout='" + lockTimeout.get()
                    + "' is not a duration such as 500ms, 10s or 2min");
        }
        Map<String, String> driver = new LinkedHashMap<>(query);
        QUERY_KEYS.forEach(driver::remove);
        return new PostgresCredentials(host, port, database, user, password, connectTimeout, lockTimeout, driver);
    }

    private static Map<String, String> query(String raw, String shown) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), shown, "parameter");
            if (!QUERY_KEYS.contains(key)) {
                PgjdbcProperties.check(key, "PostgreSQL URI '" + shown + "'");
            }
            out.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1), shown, "parameter " + key));
        }
        return out;
    }

    /** {@code user:***} for a user part with a secret in it (after its first ':' or '@'), else the user part. */
    private static String maskedUser(String userInfo) {
        for (int i = 0; i < userInfo.length(); i++) {
            if (userInfo.charAt(i) == ':' || userInfo.charAt(i) == '@') {
                return userInfo.substring(0, i) + ":" + Secrets.MASK;
            }
        }
        return userInfo;
    }

    /** Percent-decodes a part; a bad escape fails naming the part, never its text (it may be the password). */
    private static String decode(String s, String shown, String part) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "': the " + part + " has a '%' that is"
                    + " not followed by two hex digits; write a literal '%' as %25");
        }
    }

    /** The password, for masking it in messages of the driver and the server. */
    List<String> secrets() {
        List<String> out = new java.util.ArrayList<>();
        password.filter(p -> !p.isEmpty()).ifPresent(out::add);
        driverProperties.forEach((k, v) -> {
            if (PgjdbcProperties.SECRET.contains(k) && !v.isEmpty()) {
                out.add(v);
            }
        });
        return List.copyOf(out);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    Duration connectTimeout() {
        return Duration.ofSeconds(connectTimeoutSeconds);
    }

    /** {@code postgresql://user:***@host:port/database}: safe to print. */
    String display() {
        return "postgresql://" + username + (password.isPresent() ? ":***" : "") + "@" + host + ":" + port + "/"
                + database;
    }

    /** Host, port, database and user, for error messages. */
    String where() {
        return "host " + host + ", port " + port + ", database " + database + ", user " + username;
    }

    @Override
    public String toString() {
        return display();
    }
}
