package dev.dlt4j.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
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
        int connectTimeoutSeconds, Optional<String> lockTimeout) {

    static final int DEFAULT_PORT = 5432;
    static final int DEFAULT_CONNECT_TIMEOUT = 15;
    private static final Set<String> QUERY_KEYS = Set.of("connect_timeout", "lock_timeout");

    /** Parses a {@code postgresql://} or {@code postgres://} URI; a bad one fails naming what is wrong, password masked. */
    static PostgresCredentials parse(String uri) {
        String shown = dev.dlt4j.destination.Destination.mask(uri);
        URI u;
        try {
            u = new URI(uri.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "' is not a valid URI: " + e.getReason()
                    + "; expected postgresql://user:password@host:5432/database", e);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "' must start with postgresql://");
        }
        String host = u.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "' names no host; expected"
                    + " postgresql://user:password@host:5432/database");
        }
        int port = u.getPort() < 0 ? DEFAULT_PORT : u.getPort();
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "' names no database; expected"
                    + " postgresql://user:password@host:5432/database");
        }
        String userInfo = u.getRawUserInfo();
        if (userInfo == null || userInfo.isBlank()) {
            throw new IllegalArgumentException("PostgreSQL URI '" + shown + "' names no user; expected"
                    + " postgresql://user:password@host:5432/database");
        }
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        Optional<String> password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
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
        return new PostgresCredentials(host, port, database, user, password, connectTimeout, lockTimeout);
    }

    private static Map<String, String> query(String raw, String shown) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!QUERY_KEYS.contains(key)) {
                throw new IllegalArgumentException("PostgreSQL URI '" + shown + "' has unknown parameter '" + key
                        + "'; allowed: connect_timeout, lock_timeout");
            }
            out.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
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
