package dev.dlt4j.source.sql;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Where the source reads from and how to open a connection there: a JDBC URL with its properties
 * (from a {@code postgresql://}, {@code mysql://} / {@code mariadb://} or {@code jdbc:} URI), or a
 * user's {@link DataSource}. Knows the host, port, database and user for messages, never shows the
 * password, and turns a refused connection into a {@link SqlSourceException} that says why and
 * what to do. Immutable and shared by the readers of all tables.
 */
final class Connector {
    /**
     * MariaDB Connector/J's switch to server-side prepared statements, whose rows come in the binary
     * protocol (numbers and date-times as fixed-width values, not text to parse): a third less CPU
     * for reading a table. On unless the URI sets it.
     */
    static final String MARIADB_BINARY = "useServerPrepStmts";
    /**
     * pgjdbc's threshold of executions before a statement is prepared on the server and read in
     * binary; -1 is binary from the first execution (a table is read by one execution, which pgjdbc
     * would otherwise read as text to parse): a third less CPU. Unless the URI sets it. The drivers
     * are run-time dependencies, so this is a connection property, not a call on pgjdbc's classes.
     */
    static final String POSTGRES_BINARY = "prepareThreshold";

    private final String jdbcUrl; // null with a DataSource
    private final Properties properties;
    private final DataSource dataSource; // null with a URL
    private final Dialect dialect;
    private final String host;
    private final String port;
    private final String database;
    private final String user;
    private final String display;

    private Connector(String jdbcUrl, Properties properties, DataSource dataSource, Dialect dialect, String host,
            String port, String database, String user, String display) {
        this.jdbcUrl = jdbcUrl;
        this.properties = properties;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.display = display;
    }

    /** True for the URIs this source reads: {@code postgresql://}, {@code postgres://}, {@code mysql://}, {@code mariadb://} (each also with {@code +driver}) and {@code jdbc:}. */
    static boolean accepts(String uri) {
        if (uri == null) {
            return false;
        }
        String u = uri.trim().toLowerCase(Locale.ROOT);
        return u.startsWith("jdbc:") || scheme(u).map(s -> s.equals("postgresql") || s.equals("postgres")
                || s.equals("mysql") || s.equals("mariadb")).orElse(false);
    }

    /** {@code postgresql+psycopg2://} is dlt's (SQLAlchemy's) spelling: the driver part is dropped. */
    private static Optional<String> scheme(String lower) {
        int i = lower.indexOf("://");
        if (i <= 0) {
            return Optional.empty();
        }
        String s = lower.substring(0, i);
        int plus = s.indexOf('+');
        return Optional.of(plus > 0 ? s.substring(0, plus) : s);
    }

    static Connector ofUri(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("credentials: a database URI is needed, e.g."
                    + " postgresql://user:password@host:5432/db, mysql://user@host:3306/db or a jdbc: URL");
        }
        String trimmed = uri.trim();
        if (trimmed.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return ofJdbcUrl(trimmed);
        }
        String scheme = scheme(trimmed.toLowerCase(Locale.ROOT)).orElse("");
        boolean postgres = scheme.equals("postgresql") || scheme.equals("postgres");
        boolean maria = scheme.equals("mysql") || scheme.equals("mariadb");
        if (!postgres && !maria) {
            throw new IllegalArgumentException("credentials: unsupported database URI '" + masked(trimmed)
                    + "'; allowed: postgresql://, mysql://, mariadb:// or a jdbc: URL");
        }
        URI u;
        try {
            u = new URI(trimmed.substring(trimmed.indexOf("://")).replaceFirst("^://", "db://"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("credentials: cannot parse the database URI '" + masked(trimmed)
                    + "': " + e.getReason() + "; expected e.g. postgresql://user:password@host:5432/db");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("credentials: the database URI '" + masked(trimmed)
                    + "' names no host; expected e.g. postgresql://user:password@host:5432/db");
        }
        String host = u.getHost();
        String port = u.getPort() > 0 ? String.valueOf(u.getPort()) : postgres ? "5432" : "3306";
        String path = u.getRawPath() == null ? "" : u.getRawPath().replaceFirst("^/", "");
        String database = decode(path);
        Properties props = new Properties();
        String user = null;
        if (u.getRawUserInfo() != null) {
            String info = u.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            props.setProperty("user", user);
            if (colon >= 0) {
                props.setProperty("password", decode(info.substring(colon + 1)));
            }
        }
        if (u.getRawQuery() != null) {
            for (String kv : u.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    props.setProperty(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
                }
            }
        }
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        String jdbc = (postgres ? "jdbc:postgresql://" : "jdbc:mariadb://") + hostPart + ":" + port + "/" + path;
        Dialect dialect = postgres ? Dialect.POSTGRESQL : Dialect.MARIADB;
        if (postgres && user == null) {
            props.setProperty("user", "postgres"); // pgjdbc would take the OS user; dlt4j's PostgreSQL default is postgres
            user = "postgres";
        }
        if (!postgres && user == null) {
            props.setProperty("user", "root");
            user = "root";
        }
        if (postgres) {
            props.putIfAbsent(POSTGRES_BINARY, "-1");
        } else {
            props.putIfAbsent(MARIADB_BINARY, "true");
        }
        String shown = scheme + "://" + (user == null ? "" : user + (props.containsKey("password") ? ":***" : "") + "@")
                + hostPart + ":" + port + "/" + database;
        return new Connector(jdbc, props, null, dialect, host, port, database, user, shown);
    }

    private static Connector ofJdbcUrl(String url) {
        Dialect dialect = Dialect.ofJdbcUrl(url.toLowerCase(Locale.ROOT));
        String host = "?";
        String port = "?";
        String database = "?";
        try {
            // jdbc:postgresql://host:port/db?... and most others share this form
            URI u = new URI(url.substring(5));
            String inner = u.getSchemeSpecificPart();
            if (inner != null && inner.startsWith("//")) {
                URI hp = new URI("db:" + inner);
                if (hp.getHost() != null) {
                    host = hp.getHost();
                }
                if (hp.getPort() > 0) {
                    port = String.valueOf(hp.getPort());
                } else if (dialect == Dialect.POSTGRESQL) {
                    port = "5432";
                } else if (dialect == Dialect.MARIADB) {
                    port = "3306";
                }
                if (hp.getPath() != null && hp.getPath().length() > 1) {
                    database = hp.getPath().substring(1);
                }
            }
        } catch (URISyntaxException e) {
            // host and database stay unknown in messages; the driver parses the URL itself
        }
        String user = null;
        String q = url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
        for (String kv : q.split("[&;]")) {
            if (kv.toLowerCase(Locale.ROOT).startsWith("user=")) {
                user = decode(kv.substring(5));
            }
        }
        Properties props = new Properties();
        if (dialect == Dialect.MARIADB && url.startsWith("jdbc:mariadb:") && !url.contains(MARIADB_BINARY)) {
            props.setProperty(MARIADB_BINARY, "true");
        }
        if (dialect == Dialect.POSTGRESQL && !url.contains(POSTGRES_BINARY)) {
            props.setProperty(POSTGRES_BINARY, "-1");
        }
        return new Connector(url, props, null, dialect, host, port, database, user, masked(url));
    }

    /** Opens a connection to learn what a {@link DataSource} points at (product, URL, user). */
    static Connector ofDataSource(DataSource dataSource) {
        Connector probe = new Connector(null, null, dataSource, Dialect.OTHER, "?", "?", "?", null, "a DataSource");
        try (Connection c = probe.open("(connecting)")) {
            var md = c.getMetaData();
            Connector fromUrl = md.getURL() != null && md.getURL().startsWith("jdbc:") ? ofJdbcUrl(md.getURL()) : probe;
            return new Connector(null, null, dataSource, Dialect.ofProduct(md.getDatabaseProductName()), fromUrl.host,
                    fromUrl.port, fromUrl.database, md.getUserName(), "DataSource " + fromUrl.display);
        } catch (SQLException e) {
            throw probe.failure(e, "(connecting)");
        }
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * Whether MariaDB Connector/J gives a {@code TIMESTAMP} as its wall time in the JVM's default
     * zone, as it does unless {@code preserveInstants} is set: then {@link ColumnKind#INSTANT_JVM_ZONE}
     * computes the same instant without the driver's {@code Calendar} per value. False with a
     * {@link DataSource} (its settings are not known) or when the URL or its properties name the option.
     */
    boolean mariaDbTimestampsInJvmZone() {
        if (dialect != Dialect.MARIADB || jdbcUrl == null || !jdbcUrl.startsWith("jdbc:mariadb:")) {
            return false;
        }
        String option = "preserveinstants";
        if (jdbcUrl.toLowerCase(Locale.ROOT).contains(option)) {
            return false;
        }
        return properties == null || properties.stringPropertyNames().stream()
                .noneMatch(k -> k.toLowerCase(Locale.ROOT).contains(option));
    }

    /** The connection properties given to the driver with the URL (empty with a DataSource). */
    Properties properties() {
        Properties copy = new Properties();
        if (properties != null) {
            copy.putAll(properties);
        }
        return copy;
    }

    String database() {
        return database;
    }

    /** The source as shown in messages: {@code postgresql://user:***@host:5432/db}. */
    String display() {
        return display;
    }

    /** A new connection; {@code tables} is named in the error if the database refuses it. */
    Connection open(String tables) {
        try {
            if (dataSource != null) {
                return dataSource.getConnection();
            }
            return DriverManager.getConnection(jdbcUrl, properties);
        } catch (SQLException e) {
            throw failure(e, tables);
        }
    }

    /** Where a message says the failure happened: {@code host 127.0.0.1, port 5432, database test, user postgres}. */
    String where() {
        return dialect.product + " at host " + host + ", port " + port + ", database " + database
                + (user == null ? "" : ", user " + user);
    }

    /** A refused or failed connection as a message with the server, the tables and the fix. */
    SqlSourceException failure(SQLException e, String tables) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = String.valueOf(e.getMessage());
        String lower = msg.toLowerCase(Locale.ROOT);
        String what;
        String fix;
        if (e.getErrorCode() == 0 && msg.startsWith("No suitable driver")) {
            what = "no JDBC driver on the class path takes " + masked(String.valueOf(jdbcUrl));
            fix = "use a postgresql://, mysql:// or mariadb:// URI, or put the database's JDBC driver on the class path";
        } else if (state.equals("28P01") || state.equals("28000") || e.getErrorCode() == 1045
                || lower.contains("password authentication failed") || lower.contains("access denied for user")) {
            what = "the login was refused (wrong user or password)";
            fix = "check the user and password in the credentials (the password is not shown here)";
        } else if (state.equals("3D000") || e.getErrorCode() == 1049 || lower.contains("unknown database")
                || (lower.contains("database") && lower.contains("does not exist"))) {
            what = "the database does not exist";
            fix = "check the database name at the end of the URI";
        } else if (state.startsWith("08") || lower.contains("connection refused") || lower.contains("connect")) {
            what = "the server cannot be reached (" + firstLine(msg) + ")";
            fix = "check that the database server runs and that host and port are right";
        } else {
            what = firstLine(msg);
            fix = "check the credentials and that the user may connect";
        }
        return new SqlSourceException("cannot connect to " + where() + " to read " + tables + ": " + what
                + "; " + fix, null);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URI with any {@code user:password@} and {@code password=} masked. */
    static String masked(String uri) {
        return uri.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@")
                .replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
