package dev.dlt4j.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL of this machine (127.0.0.1:5432, trust auth, database {@code test}, user
 * {@code postgres}; {@code DLT4J_TEST_POSTGRES_URI} overrides). Without a server the tests skip
 * with one line, unless {@code DLT4J_REQUIRE_POSTGRES=1} (CI), where they fail loudly.
 */
final class PostgresTesting {
    static final String URI = System.getenv().getOrDefault("DLT4J_TEST_POSTGRES_URI",
            "postgresql://postgres@127.0.0.1:5432/test");
    static final PostgresCredentials CREDENTIALS = PostgresCredentials.parse(URI);

    private PostgresTesting() {
    }

    /** Skips (locally) or fails (CI) the calling test when no server answers. */
    static void requireServer() {
        try (Connection c = connection()) {
            c.isValid(5);
        } catch (RuntimeException | SQLException e) {
            String reason = "PostgreSQL not reachable at " + CREDENTIALS.display() + ": " + e.getMessage();
            if ("1".equals(System.getenv("DLT4J_REQUIRE_POSTGRES"))) {
                fail("DLT4J_REQUIRE_POSTGRES=1 but " + reason);
            }
            Assumptions.abort(reason);
        }
    }

    static Connection connection() {
        return PostgresClient.connect(CREDENTIALS);
    }

    /** A dataset (schema) name no other test uses. */
    static String uniqueDataset(String prefix) {
        return (prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL))
                .toLowerCase(Locale.ROOT);
    }

    static void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }

    static void execute(String sql) {
        try (Connection c = connection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static List<Map<String, Object>> query(String sql) {
        try (Connection c = connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.put(md.getColumnLabel(i), v instanceof org.postgresql.util.PGobject o ? o.getValue() : v);
                }
                out.add(row);
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Column name to PostgreSQL type, in table order. */
    static Map<String, String> columnTypes(String schema, String table) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> r : query("SELECT column_name, data_type, numeric_precision, numeric_scale"
                + " FROM information_schema.columns WHERE table_schema = '" + schema + "' AND table_name = '" + table
                + "' ORDER BY ordinal_position")) {
            String type = (String) r.get("data_type");
            if (type.equals("numeric")) {
                type += "(" + r.get("numeric_precision") + "," + r.get("numeric_scale") + ")";
            }
            out.put((String) r.get("column_name"), type);
        }
        return out;
    }
}
